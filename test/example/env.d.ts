import type { AgentEnv } from "../../examples/a2a-agent/agent-app.js";

declare global {
  namespace Cloudflare {
    interface Env extends AgentEnv {}
  }
}
