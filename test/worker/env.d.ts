import type { TaskStoreEnv } from "../../worker/index.js";

declare global {
  namespace Cloudflare {
    interface Env extends TaskStoreEnv {}
  }
}
