// `npm run bench:http`: the edge service under `wrangler dev` against a bare Hono worker in the
// same runtime, same run. autocannon drives both; 10K tasks are loaded first.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon, { type Request, type Result } from "autocannon";
import { createRandom, createTaskFactory } from "./fixtures.js";
import { fillSection, machine, machineLine } from "./report.js";
import { startWrangler } from "./servers.js";

const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const TASKS = Number(process.env.BENCH_HTTP_TASKS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 10;
const STORE_PORT = 8797;
const BARE_PORT = 8798;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Scenario {
  readonly name: string;
  readonly req_s: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function drive(name: string, url: string, headers: Record<string, string>, request: Request, seconds = DURATION_S): Promise<Scenario> {
  const result: Result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, requests: [request] });
  const scenario = {
    name,
    req_s: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  log(`  ${name.padEnd(34)} ${scenario.req_s.toFixed(0).padStart(6)} req/s  p50 ${scenario.p50Ms} ms  p99 ${scenario.p99Ms} ms  non-2xx ${scenario.non2xx}  errors ${scenario.errors}`);
  return scenario;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const token = randomBytes(24).toString("hex"); // per run, never written anywhere
  const persistTo = mkdtempSync(join(tmpdir(), "a2a-bench-http-"));
  const auth = { authorization: `Bearer ${token}` };
  log("starting wrangler dev: the task store and the bare Hono worker");
  const [store, bare] = await Promise.all([
    startWrangler({ cwd: ROOT, config: "wrangler.toml", port: STORE_PORT, readyPath: "/health", vars: { AUTH_TOKEN: token }, persistTo }),
    startWrangler({ cwd: join(ROOT, "bench/bare-worker"), config: "wrangler.toml", port: BARE_PORT, readyPath: "/" }),
  ]);
  try {
    log(`loading ${TASKS.toLocaleString("en-US")} tasks`);
    const factory = createTaskFactory(20260503);
    const tasks = Array.from({ length: TASKS }, () => factory.next());
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < tasks.length) {
          const task = tasks[next++]!;
          const response = await fetch(`${store.url}/tasks/${task.id}`, {
            method: "PUT",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify(task),
          });
          if (!response.ok) throw new Error(`loading ${task.id}: HTTP ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        }
      }),
    );
    const first = await fetch(`${store.url}/tasks?pageSize=1`, { headers: auth }).then((r) => r.json() as Promise<{ totalSize: number }>);
    if (first.totalSize !== TASKS) throw new Error(`the store holds ${first.totalSize} tasks, expected ${TASKS}`);

    const random = createRandom(7);
    const ids = tasks.map((t) => t.id);
    const randomId = () => ids[(random() * ids.length) | 0]!;
    const updates = Array.from({ length: 4096 }, () => {
      const i = (random() * tasks.length) | 0;
      const task = factory.update(tasks[i]!.id, tasks[i]!.contextId);
      return { path: `/tasks/${task.id}`, body: JSON.stringify(task) };
    });
    let u = 0;
    const scenarios: Record<string, Request> = {
      "GET /tasks/{id}": { method: "GET", setupRequest: (r) => ({ ...r, path: `/tasks/${randomId()}` }) },
      "GET /tasks?pageSize=50": { method: "GET", path: "/tasks?pageSize=50" },
      "PUT /tasks/{id}": {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        setupRequest: (r) => ({ ...r, ...updates[u++ & 4095]! }),
      },
    };
    const bareRequest: Request = { method: "GET", path: "/tasks/fixed" };

    log("warming up");
    await drive("warm-up bare", bare.url, {}, bareRequest, 2);
    for (const [name, request] of Object.entries(scenarios)) await drive(`warm-up ${name}`, store.url, auth, request, 2);

    log("measuring");
    // The bare worker runs first and last; its mean is the reference, so drift shows as a gap.
    const results: Scenario[] = [await drive("bare Hono worker (fixed JSON), before", bare.url, {}, bareRequest)];
    for (const [name, request] of Object.entries(scenarios)) results.push(await drive(name, store.url, auth, request));
    results.push(await drive("bare Hono worker (fixed JSON), after", bare.url, {}, bareRequest));
    const bareReqS = (results[0]!.req_s + results[results.length - 1]!.req_s) / 2;
    const bareP99 = (results[0]!.p99Ms + results[results.length - 1]!.p99Ms) / 2;

    const env = machine();
    const lines = [
      `Machine: ${machineLine(env, startedAt)}. wrangler dev (workerd), ${CONNECTIONS} connections, ${DURATION_S} s per row, ${TASKS.toLocaleString("en-US")} tasks loaded, bearer auth on every store request.`,
      "",
      "| request | req/s | p50 | p99 | ÷ bare req/s | non-2xx |",
      "|---|---:|---:|---:|---:|---:|",
      ...results.map(
        (r) => `| ${r.name} | ${r.req_s.toFixed(0)} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${(r.req_s / bareReqS).toFixed(2)} | ${r.non2xx + r.errors} |`,
      ),
    ];
    const get = results.find((r) => r.name === "GET /tasks/{id}")!;
    const met = get.req_s >= 0.5 * bareReqS && get.non2xx === 0;
    lines.push(
      "",
      `Target: GET /tasks/{id} ≥ 50% of the bare worker's req/s: ${(100 * get.req_s / bareReqS).toFixed(0)}% (${met ? "met" : "**not met**"}).`,
    );
    const markdown = lines.join("\n");
    writeFileSync(
      join(ROOT, "bench/results-http.json"),
      `${JSON.stringify({ machine: env, startedAt, tasks: TASKS, connections: CONNECTIONS, durationS: DURATION_S, bare: { req_s: bareReqS, p99Ms: bareP99 }, results, target: { getVsBare: get.req_s / bareReqS, met } }, null, 2)}\n`,
    );
    fillSection(join(ROOT, "BENCHMARKS.md"), "bench:http", markdown);
    process.stdout.write(`${markdown}\n`);
    if (results.some((r) => r.non2xx || r.errors)) process.exitCode = 1;
  } finally {
    await Promise.all([store.stop(), bare.stop()]);
    rmSync(persistTo, { recursive: true, force: true });
  }
}

await main();
