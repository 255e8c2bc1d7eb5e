// Runs `wrangler dev` with these arguments, with no telemetry, until it exits; passes signals on.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

export function runWranglerDev(args) {
  const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
  const child = spawn(process.execPath, [wrangler, "dev", "--local", "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...args], {
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
