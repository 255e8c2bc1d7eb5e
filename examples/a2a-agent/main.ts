// The example agent's Worker entry (examples/a2a-agent/wrangler.toml `main`): the app and the
// Durable Object class that keeps each tenant's and user's tasks.
import { createAgentApp } from "./agent-app.js";

export { TaskStoreObject } from "../../worker/index.js";
export default createAgentApp();
