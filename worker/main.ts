// The Worker entry point (wrangler.toml `main`). workerd treats every export of this module as an
// entry point, so it exports only the app and the Durable Object class; the library is worker/index.ts.
import { createTaskStoreApp } from "./app.js";

export { TaskStoreObject } from "./task-store-object.js";
export default createTaskStoreApp();
