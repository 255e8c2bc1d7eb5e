// The Worker entry point (wrangler.toml `main`) and the `a2a-task-store/worker` package export.
import { createTaskStoreApp } from "./app.js";

export { createTaskStoreApp, DEFAULT_TENANT, MAX_BODY_BYTES, type TaskStoreAppOptions, type TaskStoreBindings } from "./app.js";
export { authorize, type AccessDecision, type AuthEnv } from "./auth.js";
export { DurableObjectTaskStore } from "./durable-object-store.js";
export { storeConfigFromEnv, TaskStoreObject, type Outcome, type TaskStoreEnv } from "./task-store-object.js";

export default createTaskStoreApp();
