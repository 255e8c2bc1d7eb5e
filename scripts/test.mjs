#!/usr/bin/env node
// `npm test`: typechecks, then every suite where its layer runs (Node, workerd, Chromium).
// Ends with one plain line, "N passed, N failed", summed over every suite.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const ARTIFACTS = "test/artifacts";
mkdirSync(ARTIFACTS, { recursive: true });
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const steps = [
  { name: "typecheck: core (ES2022 only, no runtime APIs)", command: ["npx", "tsc", "-p", "tsconfig.core.json", "--noEmit"] },
  { name: "typecheck: everything", command: ["npx", "tsc", "-p", "tsconfig.json"] },
  { name: "typecheck: browser adapter and demo (DOM only, no Node types)", command: ["npx", "tsc", "-p", "tsconfig.web.json"] },
  { name: "typecheck: worker and its tests (workers-types)", command: ["npx", "tsc", "-p", "worker/tsconfig.json"] },
  { name: "core and @a2a-js/sdk adapter (Node)", vitest: "vitest.config.ts" },
];
const optional = [
  { name: "worker (workerd)", vitest: "vitest.workers.config.ts" },
  { name: "example A2A agent with @a2a-js/sdk (workerd)", vitest: "vitest.example.config.ts" },
  { name: "browser adapter (Node, fake-indexeddb)", vitest: "vitest.web.config.ts" },
  { name: "browser (Chromium)", vitest: "vitest.browser.config.ts", browser: true },
  { name: "end-to-end (real servers, real browser)", vitest: "vitest.e2e.config.ts", browser: true },
];
for (const step of optional) if (existsSync(step.vitest)) steps.push(step);

const browser = findBrowser();
let passed = 0;
let failed = 0;
const lines = [];

for (const step of steps) {
  if (step.browser && !browser) {
    const hint = "no Chromium found: set CHROMIUM_PATH, or `sudo apt-get install -y chromium` (Debian/Ubuntu)";
    if (process.env.REQUIRE_BROWSER === "1") {
      failed++;
      lines.push(`FAIL  ${step.name}: ${hint} (REQUIRE_BROWSER=1)`);
    } else {
      lines.push(`SKIP  ${step.name}: ${hint}`);
    }
    continue;
  }
  console.log(`\n▶ ${step.name}`);
  if (step.command) {
    const ok = spawnSync(step.command[0], step.command.slice(1), { stdio: "inherit" }).status === 0;
    ok ? passed++ : failed++;
    lines.push(`${ok ? "PASS" : "FAIL"}  ${step.name}`);
    continue;
  }
  const report = join(ARTIFACTS, `${step.vitest.replace(/\W+/g, "-")}.json`);
  rmSync(report, { force: true });
  const env = { ...process.env, ...(browser ? { CHROMIUM_PATH: browser } : {}) };
  const run = spawnSync(
    "npx",
    ["vitest", "run", "--config", step.vitest, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { stdio: "inherit", env },
  );
  let p = 0;
  let f = 0;
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    p = json.numPassedTests;
    f = json.numFailedTests;
    // A suite that fails to load has no failed tests but is a failure all the same.
    if (run.status !== 0 && f === 0) f = 1;
  } catch {
    f = 1;
  }
  passed += p;
  failed += f;
  lines.push(`${f ? "FAIL" : "PASS"}  ${step.name}: ${p} passed, ${f} failed`);
}

console.log(`\n${lines.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function findBrowser() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"];
  try {
    const { chromium } = createRequire(import.meta.url)("playwright");
    candidates.push(chromium.executablePath());
  } catch {
    // playwright without its own browser: fine, the Debian one is preferred anyway.
  }
  return candidates.find((path) => path && existsSync(path));
}
