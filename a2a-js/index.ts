// `a2a-task-store/a2a-js`: this package's stores behind @a2a-js/sdk's server `TaskStore`.
// @a2a-js/sdk is an optional peer dependency: only this entry imports it.
export { A2AJsTaskStore, scopeName, type A2AJsTaskStoreOptions, type TaskScope } from "./task-store.js";
export { fromListResponse, fromStoreTask, toListParams, toStoreTask } from "./convert.js";
