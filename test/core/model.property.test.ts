import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemoryTaskStore, isTerminalState, normalizeTaskState, type ListTasksParams, type Task, type TaskState } from "../../src/index.js";
import { makeTask } from "../conformance/fixtures.js";

// A reference model written the obvious way: a Map, then filter, sort and slice.
interface ModelEntry {
  task: Task;
  updatedAt: number;
  seq: number;
}

class ReferenceModel {
  readonly tasks = new Map<string, ModelEntry>();
  #seq = 0;
  #writes = 0;
  constructor(readonly cap: number | null, readonly ttl: number | null, readonly interval: number) {}

  save(task: Task, now: number): void {
    const state = normalizeTaskState(task.status.state)!;
    const stored = { ...task, status: { ...task.status, state } };
    this.tasks.set(task.id, { task: stored, updatedAt: now, seq: ++this.#seq });
    const periodic = this.interval > 0 && this.#writes++ % this.interval === 0;
    if (periodic) this.expire(now, task.id);
    this.enforceCapacity(task.id);
  }

  expire(now: number, keep?: string): void {
    if (this.ttl === null) return;
    for (const [id, e] of this.tasks) {
      if (id !== keep && isTerminalState(e.task.status.state) && now - e.updatedAt >= this.ttl) this.tasks.delete(id);
    }
  }

  enforceCapacity(keep?: string): void {
    while (this.cap !== null && this.tasks.size > this.cap) {
      const candidates = [...this.tasks.values()].filter((e) => e.task.id !== keep).sort((a, b) => a.seq - b.seq);
      const victim = candidates.find((e) => isTerminalState(e.task.status.state)) ?? candidates[0]!;
      this.tasks.delete(victim.task.id);
    }
  }

  query(params: ListTasksParams): Task[] {
    const state = params.status && normalizeTaskState(params.status);
    const after = params.statusTimestampAfter ? Date.parse(params.statusTimestampAfter) : undefined;
    const time = (e: ModelEntry) => (e.task.status.timestamp ? Date.parse(e.task.status.timestamp) : e.updatedAt);
    return [...this.tasks.values()]
      .filter((e) => params.contextId === undefined || e.task.contextId === params.contextId)
      .filter((e) => !state || state === "TASK_STATE_UNSPECIFIED" || e.task.status.state === state)
      .filter((e) => after === undefined || time(e) >= after)
      .sort((a, b) => time(b) - time(a) || (a.task.id < b.task.id ? 1 : a.task.id > b.task.id ? -1 : 0))
      .map((e) => e.task);
  }
}

const STATES: string[] = [
  "TASK_STATE_SUBMITTED", "TASK_STATE_WORKING", "TASK_STATE_INPUT_REQUIRED", "TASK_STATE_AUTH_REQUIRED",
  "TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED", "TASK_STATE_REJECTED", "completed", "working",
];
const TIMES = [0, 1000, 1000, 2000, 5000, 9000].map((ms) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString());

const taskArb = fc.record({
  id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `t${i}`)),
  contextId: fc.constantFrom("a", "b", "c"),
  state: fc.constantFrom(...STATES),
  timestamp: fc.option(fc.constantFrom(...TIMES), { nil: null }),
});

const opArb = fc.oneof(
  { weight: 5, arbitrary: taskArb.map((t) => ({ op: "save" as const, t })) },
  { weight: 2, arbitrary: taskArb.map((t) => ({ op: "insertIfAbsent" as const, t })) },
  { weight: 1, arbitrary: taskArb.map((t) => ({ op: "delete" as const, id: t.id })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3000 }).map((ms) => ({ op: "tick" as const, ms })) },
  { weight: 1, arbitrary: fc.constant({ op: "evict" as const }) },
);

const queryArb = fc.record({
  contextId: fc.option(fc.constantFrom("a", "b", "c", "zzz"), { nil: undefined }),
  status: fc.option(fc.constantFrom<TaskState | "completed">("TASK_STATE_WORKING", "TASK_STATE_COMPLETED", "TASK_STATE_UNSPECIFIED", "completed"), { nil: undefined }),
  statusTimestampAfter: fc.option(fc.constantFrom(...TIMES), { nil: undefined }),
  pageSize: fc.integer({ min: 1, max: 5 }),
});

async function pageThrough(store: InMemoryTaskStore, params: ListTasksParams): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.list({ ...params, pageToken, includeArtifacts: true });
    expect(page.tasks.length).toBeLessThanOrEqual(params.pageSize!);
    ids.push(...page.tasks.map((t) => t.id));
    totals.push(page.totalSize);
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return { ids, totals };
}

describe("InMemoryTaskStore against a reference model", () => {
  const configs = [
    { cap: null, ttl: null, interval: 64 },
    { cap: 6, ttl: 2500, interval: 3 },
    { cap: 4, ttl: 1000, interval: 0 },
    { cap: 8, ttl: 0, interval: 1 },
  ];
  for (const { cap, ttl, interval } of configs) {
    it(`lists every page exactly as the model (maxCapacity ${cap}, taskTtlMs ${ttl}, evictionInterval ${interval})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }), async (ops, queries) => {
          let now = 1_000_000;
          const store = new InMemoryTaskStore({ maxCapacity: cap, taskTtlMs: ttl, evictionInterval: interval, now: () => now });
          const model = new ReferenceModel(cap, ttl, interval);
          for (const step of ops) {
            switch (step.op) {
              case "save":
              case "insertIfAbsent": {
                const task = makeTask(step.t.id, { contextId: step.t.contextId, state: step.t.state, timestamp: step.t.timestamp });
                if (step.op === "save") {
                  await store.save(task);
                  model.save(task, now);
                } else {
                  const absent = !model.tasks.has(task.id);
                  expect(await store.insertIfAbsent(task)).toBe(absent);
                  if (absent) model.save(task, now);
                }
                break;
              }
              case "delete":
                expect(await store.delete(step.id)).toBe(model.tasks.delete(step.id));
                break;
              case "tick":
                now += step.ms;
                break;
              case "evict":
                await store.runEviction();
                model.expire(now);
                model.enforceCapacity();
                break;
            }
            expect(await store.count()).toBe(model.tasks.size);
          }
          for (const q of queries) {
            const expected = model.query(q).map((t) => t.id);
            const { ids, totals } = await pageThrough(store, q);
            expect(ids).toEqual(expected);
            for (const total of totals) expect(total).toBe(expected.length);
          }
          for (const [id, entry] of model.tasks) expect(await store.get(id)).toEqual(entry.task);
        }),
        { numRuns: 150 },
      );
    });
  }
});
