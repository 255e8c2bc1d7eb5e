// `a2a-task-store/worker`: mount the service in your own Worker. Your entry module must export
// `TaskStoreObject` (bound as TASK_STORE) next to its default handler; see worker/main.ts.
export { createTaskStoreApp, DEFAULT_TENANT, MAX_BODY_BYTES, type TaskStoreAppOptions, type TaskStoreBindings } from "./app.js";
export { authorize, bearerToken, holdersOf, type AccessDecision, type AuthEnv } from "./auth.js";
export { DurableObjectTaskStore } from "./durable-object-store.js";
export { storeConfigFromEnv, TaskStoreObject, type Outcome, type TaskStoreEnv } from "./task-store-object.js";
