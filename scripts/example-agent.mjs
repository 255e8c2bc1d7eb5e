#!/usr/bin/env node
// `npm run example:agent`: the echo agent (examples/a2a-agent) on http://127.0.0.1:8788 with
// `wrangler dev`: local only, no login, no telemetry, tasks kept under .wrangler/state.
// PORT, PERSIST_TO and AGENT_USERS override the defaults.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const DEV_USERS = { alice: "alice-dev-token", bob: "bob-dev-token" };
const port = process.env.PORT ?? "8788";
const persistTo = process.env.PERSIST_TO ?? ".wrangler/state";
const config = "examples/a2a-agent/wrangler.toml";

const args = ["dev", "--config", config, "--local", "--ip", "127.0.0.1", "--port", port, "--persist-to", persistTo, "--show-interactive-dev-session=false"];

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

const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const child = spawn(process.execPath, [wrangler, ...args], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
