// `npm run bench`: the core store against @a2a-js/sdk and a naive Map, same process, same tasks.
// Run through bench/run.mjs, which compiles this file and starts Node with --expose-gc.
import { loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createNaive, createOurs, createSdk, NAIVE, OURS, SDK, type Contender, type ListShape, type Page } from "./contenders.js";
import { logLogChart } from "./chart.js";
import { createRandom, createTaskFactory, FILTER_STATE, MIDPOINT } from "./fixtures.js";
import { fillSection, machine, machineLine } from "./report.js";
import { formatNs, formatRatio, gc, heapUsed, measureRead, measureRounds, quantile, type Timing } from "./measure.js";

const ROOT = process.env.BENCH_ROOT ?? process.cwd();
const SEED = 20260503;
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000,1000000").split(",").map(Number);
const READ_BUDGET_MS = Number(process.env.BENCH_READ_MS ?? 300);
const WRITE_BUDGET_MS = Number(process.env.BENCH_WRITE_MS ?? 400);
/** Peers page through every task only up to this size: each of their pages re-sorts the whole store. */
const PEER_PAGE_ALL_MAX = 10_000;
const TAIL_SIZE = 100_000;
const IMPLEMENTATIONS = [OURS, SDK, NAIVE] as const;
const PEERS = [SDK, NAIVE] as const;

interface Row {
  readonly size: number;
  readonly op: string;
  readonly unit: "ns" | "bytes";
  readonly results: Partial<Record<string, Timing | { median: number }>>;
  note?: string;
  /** Tasks on the page, for list rows: a small store's context does not fill a page of 50. */
  pageCount?: number;
}

const rows: Row[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

function value(row: Row, impl: string): number {
  const r = row.results[impl];
  if (!r) return Number.NaN;
  return "medianNs" in r ? r.medianNs : r.median;
}

/** Peer ÷ ours: above 1 means a2a-task-store is faster (or smaller). */
function ratio(row: Row, peer: string): number {
  return value(row, peer) / value(row, OURS);
}

function record(size: number, op: string, unit: Row["unit"], results: Row["results"], note?: string): Row {
  const row: Row = { size, op, unit, results, ...(note ? { note } : {}) };
  rows.push(row);
  const cells = IMPLEMENTATIONS.map((impl) => `${impl}=${unit === "ns" ? formatNs(value(row, impl)) : `${Math.round(value(row, impl))} B`}`);
  log(`  ${op.padEnd(34)} ${cells.join("  ")}`);
  return row;
}

async function benchSize(size: number): Promise<void> {
  log(`\n== ${size.toLocaleString("en-US")} tasks`);
  // Ids and contexts of the stored tasks, made before any store so no store's heap counts them.
  const ids: string[] = new Array(size);
  const contextOf: string[] = new Array(size);
  const idFactory = createTaskFactory(SEED);
  for (let i = 0; i < size; i++) {
    const t = idFactory.next();
    ids[i] = t.id;
    contextOf[i] = t.contextId;
  }
  const contexts = idFactory.contexts;
  const shapes: Array<[string, ListShape]> = [
    ["list first page: no filter", {}],
    ["list first page: contextId", { contextId: contexts[0]! }],
    ["list first page: status", { state: FILTER_STATE }],
    ["list first page: contextId + status", { contextId: contexts[0]!, state: FILTER_STATE }],
    ["list first page: statusTimestampAfter", { after: MIDPOINT }],
  ];
  const pageAll = "page through all tasks (pageSize 100)";
  const results = new Map<string, Row["results"]>();
  const put = (op: string, impl: string, result: Timing | { median: number }) => {
    if (!results.has(op)) results.set(op, {});
    results.get(op)![impl] = result;
  };
  const pages = new Map<string, Array<[string, Page]>>();

  // One implementation in the heap at a time, as in a real process: each is built, measured and
  // dropped before the next, on the same tasks, ids and random picks.
  for (const create of [createOurs, createSdk, createNaive]) {
    const before = heapUsed();
    const c = create();
    const factory = createTaskFactory(SEED);
    let elapsed = 0;
    for (let done = 0; done < size; ) {
      const chunk = Math.min(1000, size - done);
      const inputs = Array.from({ length: chunk }, () => c.input(factory.next()));
      const t0 = performance.now();
      for (const input of inputs) await c.save(input);
      elapsed += performance.now() - t0;
      done += chunk;
    }
    await expectSize(c, size);
    put("heap per stored task", c.name, { median: (heapUsed() - before) / size });
    put("save: bulk load 0→N (mean)", c.name, { medianNs: (elapsed * 1e6) / size, samples: 1, method: "rounds" });
    log(`  ${c.name}: built in ${(elapsed / 1000).toFixed(1)} s`);

    const random = createRandom(SEED ^ size);
    const pick = () => (random() * size) | 0;
    // Reads first, on the store exactly as loaded.
    const someIds = Array.from({ length: 4096 }, () => ids[pick()]!);
    let k = 0;
    put("get", c.name, await measureRead(() => c.get(someIds[k++ & 4095]!), READ_BUDGET_MS));
    for (const [op, shape] of shapes) {
      put(op, c.name, await measureRead(() => c.list(shape, 50), READ_BUDGET_MS));
      pages.set(op, [...(pages.get(op) ?? []), [c.name, await c.list(shape, 50)]]);
    }
    if (c.name === OURS || size <= PEER_PAGE_ALL_MAX) {
      const all = async () => {
        let token: string | undefined;
        let seen = 0;
        do {
          const page = await c.list({}, 100, token);
          seen += page.count;
          token = page.nextPageToken || undefined;
        } while (token);
        if (seen !== size) throw new Error(`${c.name} paged through ${seen} of ${size} tasks`);
      };
      put(pageAll, c.name, await measureRead(all, READ_BUDGET_MS));
    }

    // Writes: each round prepares its inputs untimed; inserts are removed again so the size holds.
    const count = Math.min(1000, size / 10);
    const updates = createTaskFactory(SEED + 1);
    put("save: update (state and time change)", c.name, await measureRounds({
      count,
      budgetMs: WRITE_BUDGET_MS,
      prepare: () => Array.from({ length: count }, () => {
        const i = pick();
        return c.input(updates.update(ids[i]!, contextOf[i]!));
      }),
      run: (input) => c.save(input),
    }));
    const fresh = createTaskFactory(SEED + 2);
    type Fresh = { id: string; input: unknown };
    const freshInputs = (): Fresh[] => Array.from({ length: count }, () => {
      const task = fresh.next();
      return { id: task.id, input: c.input(task) };
    });
    const undo = async (inputs: Fresh[]) => {
      for (const { id } of inputs) await c.remove(id);
    };
    put("save: insert", c.name, await measureRounds<Fresh>({ count, budgetMs: WRITE_BUDGET_MS, prepare: freshInputs, run: ({ input }) => c.save(input), undo }));
    put("insertIfAbsent: new task", c.name, await measureRounds<Fresh>({
      count,
      budgetMs: WRITE_BUDGET_MS,
      prepare: freshInputs,
      run: async ({ input }) => {
        if (!(await c.insertIfAbsent(input))) throw new Error(`${c.name}: insertIfAbsent refused a new task`);
      },
      undo,
    }));
    await expectSize(c, size);
  }

  for (const [op, byImpl] of results) {
    // Below 10K tasks the heap delta is lost in the noise of compiled code and allocator slack.
    if (op === "heap per stored task" && size < 10_000) continue;
    const unit = op === "heap per stored task" ? "bytes" : "ns";
    const note = op === pageAll && size > PEER_PAGE_ALL_MAX ? `peers not run above ${PEER_PAGE_ALL_MAX.toLocaleString("en-US")} tasks: each page re-sorts the store` : undefined;
    const row = record(size, op, unit, byImpl, note);
    const shape = shapes.find(([name]) => name === op);
    if (shape) checkSameTotals(row, pages.get(op)!, shape[1]);
  }
}

async function expectSize(c: Contender, size: number): Promise<void> {
  const held = await c.size();
  if (held !== size) throw new Error(`${c.name} holds ${held} tasks, expected ${size}`);
}

/** The peers must answer the same question: same totalSize, or the comparison is void. */
function checkSameTotals(row: Row, pages: ReadonlyArray<[string, Page]>, shape: ListShape): void {
  const totals = pages.map(([name, page]) => [name, page.totalSize] as const);
  row.pageCount = pages.find(([name]) => name === OURS)![1].count;
  const ours = totals.find(([name]) => name === OURS)![1];
  const differing = totals.filter(([, total]) => total !== ours);
  // The SDK's statusTimestampAfter is exclusive and the spec's (and ours) inclusive: allow that.
  const tolerated = shape.after !== undefined && differing.every(([name, total]) => name === SDK && Math.abs(total - ours) <= 2);
  if (differing.length && !tolerated) throw new Error(`${row.op}: totalSize differs: ${JSON.stringify(totals)}`);
}

interface Tail {
  readonly name: string;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
  readonly saves: number;
  readonly evicted: { ttl: number; capacity: number };
}

/**
 * Save latency call by call at 100K tasks: half new tasks, half new versions of recent ones.
 * With eviction, the store is full (maxCapacity 100K) and its fake clock, one tick per save,
 * makes terminal tasks older than 100K ticks expire in the periodic sweeps while new tasks push
 * out the oldest ones by capacity.
 */
async function saveTails(): Promise<Tail[]> {
  log(`\n== save latency tails at ${TAIL_SIZE.toLocaleString("en-US")} tasks`);
  let clock = 0;
  const variants: Array<{ name: string; make: () => Contender }> = [
    { name: `${OURS}, eviction active`, make: () => createOurs({ maxCapacity: TAIL_SIZE, taskTtlMs: TAIL_SIZE, now: () => clock }) },
    {
      name: `${OURS}, eviction active, evictionInterval 1`,
      make: () => createOurs({ maxCapacity: TAIL_SIZE, taskTtlMs: TAIL_SIZE, evictionInterval: 1, now: () => clock }),
    },
    { name: `${OURS}, no eviction`, make: () => createOurs({ maxCapacity: null, taskTtlMs: null }) },
    { name: `${SDK} (has no eviction)`, make: createSdk },
    { name: `${NAIVE} (no eviction)`, make: createNaive },
  ];
  const tails: Tail[] = [];
  for (const variant of variants) {
    clock = 0;
    const c = variant.make();
    const evicted = { ttl: 0, capacity: 0 };
    if ("store" in c) {
      (c as ReturnType<typeof createOurs>).store.subscribe((e) => {
        if (e.type === "deleted" && e.reason !== "delete") evicted[e.reason]++;
      });
    }
    const factory = createTaskFactory(SEED);
    const written: Array<[string, string]> = [];
    for (let i = 0; i < TAIL_SIZE; i++) {
      const t = factory.next();
      written.push([t.id, t.contextId]);
      clock++;
      await c.save(c.input(t));
    }
    evicted.ttl = evicted.capacity = 0;
    const random = createRandom(SEED);
    const latencies: number[] = [];
    gc();
    for (let chunk = 0; chunk < TAIL_SIZE / 1000; chunk++) {
      const inputs = Array.from({ length: 1000 }, (_, i) => {
        if (i % 2) {
          const [id, contextId] = written[written.length - 1 - ((random() * 50_000) | 0)]!;
          return c.input(factory.update(id, contextId));
        }
        const t = factory.next();
        written.push([t.id, t.contextId]);
        return c.input(t);
      });
      for (const input of inputs) {
        clock++;
        const t0 = performance.now();
        await c.save(input);
        latencies.push((performance.now() - t0) * 1e6);
      }
    }
    latencies.sort((a, b) => a - b);
    const tail: Tail = {
      name: variant.name,
      p50Ns: quantile(latencies, 0.5),
      p99Ns: quantile(latencies, 0.99),
      p999Ns: quantile(latencies, 0.999),
      maxNs: latencies[latencies.length - 1]!,
      saves: latencies.length,
      evicted,
    };
    tails.push(tail);
    log(`  ${tail.name.padEnd(36)} p50 ${formatNs(tail.p50Ns)}  p99 ${formatNs(tail.p99Ns)}  p99.9 ${formatNs(tail.p999Ns)}  max ${formatNs(tail.maxNs)}  evicted ${JSON.stringify(evicted)}`);
  }
  return tails;
}

function fmt(row: Row, impl: string): string {
  const v = value(row, impl);
  if (!Number.isFinite(v)) return "—";
  return row.unit === "ns" ? formatNs(v) : `${Math.round(v).toLocaleString("en-US")} B`;
}

function coreTable(): string {
  const lines = [
    `| tasks | operation | ${OURS} | ${SDK} | ${NAIVE} | × vs ${SDK} | × vs ${NAIVE} |`,
    "|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.size.toLocaleString("en-US")} | ${row.op} | ${fmt(row, OURS)} | ${fmt(row, SDK)} | ${fmt(row, NAIVE)} | ${formatRatio(ratio(row, SDK))} | ${formatRatio(ratio(row, NAIVE))} |`,
    );
  }
  return lines.join("\n");
}

/**
 * How list latency grows with the store. A small store's context holds fewer than 50 tasks, so
 * its page is shorter and cheaper; the second ratio starts from the first size with a full page.
 */
function flatnessTable(): { table: string; worst: number; perShape: Record<string, { all: number; fullPages: number }> } {
  const listOps = [...new Set(rows.filter((r) => r.op.startsWith("list first page")).map((r) => r.op))];
  const sizes = [...new Set(rows.map((r) => r.size))];
  const lines = [
    `| ${OURS}: list first page | ${sizes.map((s) => s.toLocaleString("en-US")).join(" | ")} | largest ÷ smallest | largest ÷ smallest with a full page |`,
    `|---|${sizes.map(() => "---:").join("|")}|---:|---:|`,
  ];
  const perShape: Record<string, { all: number; fullPages: number }> = {};
  for (const op of listOps) {
    const shapeRows = sizes.map((s) => rows.find((r) => r.op === op && r.size === s)!);
    const times = shapeRows.map((r) => value(r, OURS));
    const full = shapeRows.findIndex((r) => r.pageCount === 50);
    const growth = { all: times[times.length - 1]! / times[0]!, fullPages: full < 0 ? Number.NaN : times[times.length - 1]! / times[full]! };
    perShape[op] = growth;
    const cells = shapeRows.map((r, i) => (r.pageCount! < 50 ? `${formatNs(times[i]!)} (${r.pageCount} on page)` : formatNs(times[i]!)));
    lines.push(`| ${op.replace("list first page: ", "")} | ${cells.join(" | ")} | ${formatRatio(growth.all)} | ${formatRatio(growth.fullPages)} |`);
  }
  return { table: lines.join("\n"), worst: Math.max(...Object.values(perShape).map((g) => g.all)), perShape };
}

function tailTable(tails: readonly Tail[]): string {
  const lines = ["| save at 100,000 tasks | p50 | p99 | p99.9 | max | p99.9 ÷ p50 | evicted (ttl / capacity) |", "|---|---:|---:|---:|---:|---:|---|"];
  for (const t of tails) {
    lines.push(
      `| ${t.name} | ${formatNs(t.p50Ns)} | ${formatNs(t.p99Ns)} | ${formatNs(t.p999Ns)} | ${formatNs(t.maxNs)} | ${formatRatio(t.p999Ns / t.p50Ns)} | ${t.name.includes("eviction active") ? `${t.evicted.ttl.toLocaleString("en-US")} / ${t.evicted.capacity.toLocaleString("en-US")}` : "—"} |`,
    );
  }
  return lines.join("\n");
}

interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function targets(tails: readonly Tail[], flat: ReturnType<typeof flatnessTable>): Target[] {
  const at = (size: number, op: string) => rows.find((r) => r.size === size && r.op === op);
  const out: Target[] = [];
  const check = (target: string, measured: string, met: boolean) => out.push({ target, measured, met });
  const size = SIZES.includes(100_000) ? 100_000 : SIZES[SIZES.length - 1]!;
  const sizeLabel = size.toLocaleString("en-US");
  const listRows = rows.filter((r) => r.size === size && r.op.startsWith("list first page"));
  const minList = Math.min(...listRows.map((r) => ratio(r, SDK)));
  check(
    `list first page at ${sizeLabel}: ≥ 1000× faster than ${SDK} (every filter shape)`,
    listRows.map((r) => `${r.op.replace("list first page: ", "")} ${formatRatio(ratio(r, SDK))}`).join(", "),
    minList >= 1000,
  );
  check(
    `list first page flat from ${SIZES[0]!.toLocaleString("en-US")} to ${SIZES[SIZES.length - 1]!.toLocaleString("en-US")}: largest ÷ smallest ≤ 3 (every shape)`,
    Object.entries(flat.perShape).map(([op, g]) => `${op.replace("list first page: ", "")} ${formatRatio(g.all)}${g.all !== g.fullPages ? ` (${formatRatio(g.fullPages)} from a full page)` : ""}`).join(", "),
    flat.worst <= 3,
  );
  const get = at(size, "get")!;
  check(`get at ${sizeLabel}: ≥ 10× faster than ${SDK}`, formatRatio(ratio(get, SDK)), ratio(get, SDK) >= 10);
  const saveOps = ["save: insert", "save: update (state and time change)"];
  const saves = saveOps.map((op) => at(size, op)!);
  check(
    `save at ${sizeLabel}: ≥ 1.5× faster than ${SDK}, keeping every index`,
    saves.map((r) => `${r.op.replace("save: ", "")} ${formatRatio(ratio(r, SDK))}`).join(", "),
    saves.every((r) => ratio(r, SDK) >= 1.5),
  );
  const evicting = tails.filter((t) => t.name.startsWith(`${OURS}, eviction active`));
  if (evicting.length) {
    check(
      "save p99.9 at 100,000 with eviction active: ≤ 10× its p50 (default config)",
      evicting
        .map((t) => `${t.name.replace(`${OURS}, eviction active`, "default").replace("default, ", "")}: p50 ${formatNs(t.p50Ns)}, p99.9 ${formatNs(t.p999Ns)} (${formatRatio(t.p999Ns / t.p50Ns)})`)
        .join("; "),
      evicting[0]!.p999Ns <= 10 * evicting[0]!.p50Ns,
    );
  }
  const heapRows = rows.filter((r) => r.op === "heap per stored task" && r.size >= 100_000);
  check(
    `heap per task: ≤ 1.5× ${SDK}'s`,
    heapRows.map((r) => `${r.size.toLocaleString("en-US")}: ${fmt(r, OURS)} vs ${fmt(r, SDK)} (${(value(r, OURS) / value(r, SDK)).toFixed(2)}×)`).join("; "),
    heapRows.length > 0 && heapRows.every((r) => value(r, OURS) <= 1.5 * value(r, SDK)),
  );
  return out;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const t0 = performance.now();
  for (const size of SIZES) await benchSize(size);
  gc();
  const tails = SIZES.includes(TAIL_SIZE) || process.env.BENCH_TAILS === "1" ? await saveTails() : [];
  const minutes = (performance.now() - t0) / 60_000;

  const flat = flatnessTable();
  const goals = targets(tails, flat);
  const env = { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), startedAt: startedAt.toISOString(), minutes: +minutes.toFixed(1) };
  const machineNote = `${machineLine(env, startedAt)} (${loadBefore.map((l) => l.toFixed(2)).join(" ")} at the start); the run took ${env.minutes} min`;

  const listSeries = [
    { name: OURS, color: "#1f77b4" },
    { name: SDK, color: "#d62728" },
    { name: NAIVE, color: "#7f7f7f" },
  ].map((s) => ({
    ...s,
    points: rows
      .filter((r) => r.op === "list first page: no filter" && Number.isFinite(value(r, s.name)))
      .map((r) => [r.size, value(r, s.name)] as const),
  }));
  const svg = logLogChart({
    title: "ListTasks first page (pageSize 50, no filter)",
    xLabel: "tasks in the store",
    yLabel: "median latency per call",
    series: listSeries,
    formatX: (x) => (x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}K` : String(x)),
    formatY: formatNs,
    formatYTick: (ns) => (ns < 1e3 ? `${ns} ns` : ns < 1e6 ? `${ns / 1e3} µs` : ns < 1e9 ? `${ns / 1e6} ms` : `${ns / 1e9} s`),
  });
  writeFileSync(join(ROOT, "bench/list-first-page.svg"), svg);

  const results = {
    machine: env,
    config: { sizes: SIZES, seed: SEED, readBudgetMs: READ_BUDGET_MS, writeBudgetMs: WRITE_BUDGET_MS, peerPageAllMax: PEER_PAGE_ALL_MAX },
    rows: rows.map((r) => ({
      ...r,
      ratios: Object.fromEntries(PEERS.map((p) => [p, Number.isFinite(ratio(r, p)) ? +ratio(r, p).toFixed(3) : null])),
    })),
    flatness: flat.perShape,
    tails,
    targets: goals,
  };
  writeFileSync(join(ROOT, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);

  const markdown = [
    `Machine: ${machineNote}.`,
    "",
    `Medians; ratio = peer ÷ ${OURS} (above 1: ${OURS} is faster or smaller).`,
    "",
    coreTable(),
    "",
    flat.table,
    "",
    tails.length ? tailTable(tails) : "",
    "",
    "| target | measured | met |",
    "|---|---|---|",
    ...goals.map((g) => `| ${g.target} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`),
  ].join("\n");
  fillSection(join(ROOT, "BENCHMARKS.md"), "bench:core", markdown);
  process.stdout.write(`${markdown}\n`);
}

await main();
