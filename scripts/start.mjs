#!/usr/bin/env node
// `npm start`: the edge service on http://127.0.0.1:8787 with `wrangler dev`: local only, no login,
// no telemetry, tasks kept under .wrangler/state. PORT, PERSIST_TO and AUTH_TOKEN override the defaults.
import { existsSync } from "node:fs";
import { runWranglerDev } from "./wrangler-dev.mjs";

const DEV_TOKEN = "dev-token";
const port = process.env.PORT ?? "8787";
const persistTo = process.env.PERSIST_TO ?? ".wrangler/state";

const args = ["--port", port, "--persist-to", persistTo];

// Tokens are secrets: a real deployment sets AUTH_TOKEN / TENANT_TOKENS with `wrangler secret put`,
// local development may keep them in the git-ignored .dev.vars. Without one, this local setup
// (and only it) opens every tenant to a well-known development token, and says so.
if (process.env.AUTH_TOKEN) {
  args.push("--var", `AUTH_TOKEN:${process.env.AUTH_TOKEN}`);
  console.log("npm start: using AUTH_TOKEN from the environment");
} else if (existsSync(".dev.vars")) {
  console.log("npm start: using AUTH_TOKEN / TENANT_TOKENS from .dev.vars");
} else {
  args.push("--var", `AUTH_TOKEN:${DEV_TOKEN}`);
  console.log(
    `npm start: LOCAL DEVELOPMENT MODE: no .dev.vars, so every tenant accepts the token "${DEV_TOKEN}".\n` +
      "           Never deploy like this: set the AUTH_TOKEN secret (wrangler secret put AUTH_TOKEN).",
  );
}
console.log(`npm start: http://127.0.0.1:${port} (tasks persist under ${persistTo})`);

runWranglerDev(args);
