#!/usr/bin/env node
// Compiles the benches with tsc (typechecking them on the way) and runs one in a fresh Node:
//   node bench/run.mjs core|http|browser
// The core bench needs --expose-gc for heap figures and a large heap for 1M tasks per implementation.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, "node_modules/.cache/a2a-task-store-bench/bench");
const bench = process.argv[2] ?? "core";
const flags = {
  core: ["--expose-gc", "--max-old-space-size=12288"],
  http: [],
  browser: [],
}[bench];
if (!flags) {
  console.error(`unknown bench "${bench}": use core, http or browser`);
  process.exit(2);
}

const tsc = spawnSync("npx", ["tsc", "-p", join(ROOT, "bench/tsconfig.json")], { cwd: ROOT, stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const run = spawnSync(process.execPath, [...flags, join(OUT, `${bench}.js`), ...process.argv.slice(3)], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, BENCH_ROOT: ROOT, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
});
process.exit(run.status ?? 1);
