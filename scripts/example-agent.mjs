#!/usr/bin/env node
// `npm run example:agent`: the echo agent (examples/a2a-agent) on http://127.0.0.1:8788 with
// `wrangler dev`: local only, no login, no telemetry, tasks kept under .wrangler/state.
// PORT, PERSIST_TO and AGENT_USERS override the defaults.
import { existsSync } from "node:fs";
import { runWranglerDev } from "./wrangler-dev.mjs";

const DEV_USERS = { alice: "alice-dev-token", bob: "bob-dev-token" };
const port = process.env.PORT ?? "8788";
const persistTo = process.env.PERSIST_TO ?? ".wrangler/state";
const config = "examples/a2a-agent/wrangler.toml";

const args = ["--config", config, "--port", port, "--persist-to", persistTo];

// Users are a secret: a deployment sets AGENT_USERS with `wrangler secret put`, local development
// may keep it in examples/a2a-agent/.dev.vars. Without either, this local setup alone uses two
// well-known development users, and says so.
if (process.env.AGENT_USERS) {
  args.push("--var", `AGENT_USERS:${process.env.AGENT_USERS}`);
  console.log("example:agent: using AGENT_USERS from the environment");
} else if (existsSync("examples/a2a-agent/.dev.vars")) {
  console.log("example:agent: using AGENT_USERS from examples/a2a-agent/.dev.vars");
} else {
  args.push("--var", `AGENT_USERS:${JSON.stringify(DEV_USERS)}`);
  console.log(
    `example:agent: LOCAL DEVELOPMENT MODE: users ${Object.entries(DEV_USERS).map(([user, token]) => `${user} (token "${token}")`).join(", ")}.\n` +
      "               Never deploy like this: set the AGENT_USERS secret (wrangler secret put AGENT_USERS).",
  );
}
console.log(`example:agent: agent card at http://127.0.0.1:${port}/.well-known/agent-card.json (tasks persist under ${persistTo})`);

runWranglerDev(args);
