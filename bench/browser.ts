// `npm run bench:browser`: openBrowserTaskStore in real Chromium (Debian's, through Playwright):
// open-and-restore of 10K tasks from IndexedDB, flush() of 1,000 changed tasks, flush() of 1.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { build } from "esbuild";
import { chromium, type Page } from "playwright";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../test/browser/chromium.js";
import { median, quantile } from "./measure.js";
import { fillSection, machine, machineLine } from "./report.js";

const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const TASKS = Number(process.env.BENCH_BROWSER_TASKS ?? 10_000);
const RESTORES = 7;
const FLUSH_1000_ROUNDS = 7;
const FLUSH_1_ROUNDS = 50;
const DB = "bench-10k";
const log = (line: string) => process.stderr.write(`${line}\n`);

type PageBench = {
  seed(dbName: string, count: number): Promise<number>;
  restore(dbName: string): Promise<{ ms: number; count: number }>;
  flushChanged(changes: number): Promise<number>;
  rawSetMany(count: number): Promise<number>;
  restoreParts(dbName: string): Promise<{ readMs: number; indexMs: number }>;
  readAsJson(): Promise<number>;
  close(): Promise<void>;
};
type Call = <K extends keyof PageBench>(page: Page, name: K, ...args: Parameters<PageBench[K]>) => Promise<Awaited<ReturnType<PageBench[K]>>>;
const call: Call = (page, name, ...args) =>
  page.evaluate(([n, a]) => (globalThis as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench[n as string]!(...(a as unknown[])), [name, args] as const) as never;

async function main(): Promise<void> {
  const startedAt = new Date();
  const bundle = await build({
    entryPoints: [join(ROOT, "bench/browser-page.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  // IndexedDB needs a real origin: a one-page server on loopback.
  const server = createServer((request, response) => {
    if (request.url === "/bench.js") {
      response.writeHead(200, { "content-type": "text/javascript" });
      response.end(script);
    } else {
      response.writeHead(200, { "content-type": "text/html" });
      response.end('<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Playwright adds --headless and a fresh temporary --user-data-dir.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  // One context for every page: pages share its IndexedDB, as tabs and reloads do.
  const context = await browser.newContext();
  const openPage = async () => {
    const page = await context.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => "bench" in globalThis);
    return page;
  };
  try {
    let page = await openPage();
    log(`seeding ${TASKS.toLocaleString("en-US")} tasks into IndexedDB`);
    const seeded = await call(page, "seed", DB, TASKS);
    if (seeded !== TASKS) throw new Error(`seeded ${seeded} tasks, expected ${TASKS}`);
    await page.close();

    // Each restore in a fresh page: cold JavaScript, as after a reload.
    const restores: number[] = [];
    for (let i = 0; i < RESTORES; i++) {
      page = await openPage();
      const { ms, count } = await call(page, "restore", DB);
      if (count !== TASKS) throw new Error(`restored ${count} tasks, expected ${TASKS}`);
      restores.push(ms);
      log(`  restore ${i + 1}: ${ms.toFixed(1)} ms`);
      if (i < RESTORES - 1) {
        await call(page, "close");
        await page.close();
      }
    }
    const reads: number[] = [];
    const indexes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const parts = await call(page, "restoreParts", DB);
      reads.push(parts.readMs);
      indexes.push(parts.indexMs);
    }
    const jsonReads: number[] = [];
    for (let i = 0; i < 3; i++) jsonReads.push(await call(page, "readAsJson"));
    log(`  restore parts: read ${reads.map((m) => m.toFixed(0)).join(", ")} ms; core restore() ${indexes.map((m) => m.toFixed(0)).join(", ")} ms`);
    const flush1000: number[] = [];
    for (let i = 0; i < FLUSH_1000_ROUNDS; i++) flush1000.push(await call(page, "flushChanged", 1000));
    log(`  flush of 1,000: ${flush1000.map((m) => m.toFixed(1)).join(", ")} ms`);
    const raw1000: number[] = [];
    for (let i = 0; i < FLUSH_1000_ROUNDS; i++) raw1000.push(await call(page, "rawSetMany", 1000));
    log(`  idb-keyval setMany of 1,000: ${raw1000.map((m) => m.toFixed(1)).join(", ")} ms`);
    const flush1: number[] = [];
    for (let i = 0; i < FLUSH_1_ROUNDS; i++) flush1.push(await call(page, "flushChanged", 1));
    log(`  flush of 1: median ${median(flush1).toFixed(2)} ms`);
    await call(page, "close");

    const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
    const rows = [
      { name: `open-and-restore of ${TASKS.toLocaleString("en-US")} tasks (a fresh page each time)`, samples: restores, targetMs: 500 },
      { name: "… of which: reading the 10,000 records (idb-keyval entries())", samples: reads, targetMs: undefined },
      { name: "… of which: validating and indexing them (core restore())", samples: indexes, targetMs: undefined },
      { name: "for reference: reading the same tasks stored as JSON text, and JSON.parse", samples: jsonReads, targetMs: undefined },
      { name: `flush() of 1,000 changed tasks (store of ${TASKS.toLocaleString("en-US")})`, samples: flush1000, targetMs: undefined },
      { name: "for reference: idb-keyval setMany of 1,000 task records (one transaction, no version check)", samples: raw1000, targetMs: undefined },
      { name: `flush() of 1 changed task (store of ${TASKS.toLocaleString("en-US")})`, samples: flush1, targetMs: 5 },
    ].map((r) => ({ ...r, medianMs: median(r.samples), p90Ms: quantile(sorted(r.samples), 0.9), minMs: sorted(r.samples)[0]! }));
    const version = browser.version();
    const env = machine();
    const markdown = [
      `Machine: ${machineLine(env, startedAt)}. Chromium ${version} (headless, ${CHROMIUM_PATH}), IndexedDB through idb-keyval.`,
      "",
      "| operation | median | p90 | min | runs | target | met |",
      "|---|---:|---:|---:|---:|---:|---|",
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.medianMs.toFixed(2)} ms | ${r.p90Ms.toFixed(2)} ms | ${r.minMs.toFixed(2)} ms | ${r.samples.length} | ${r.targetMs === undefined ? "—" : `< ${r.targetMs} ms`} | ${r.targetMs === undefined ? "—" : r.medianMs < r.targetMs ? "yes" : "**no**"} |`,
      ),
    ].join("\n");
    writeFileSync(join(ROOT, "bench/results-browser.json"), `${JSON.stringify({ machine: env, chromium: version, startedAt, tasks: TASKS, rows }, null, 2)}\n`);
    fillSection(join(ROOT, "BENCHMARKS.md"), "bench:browser", markdown);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
