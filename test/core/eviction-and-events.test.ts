import { describe, expect, it } from "vitest";
import { InMemoryTaskStore, type ListTasksParams, type TaskChangeEvent, type TaskStoreConfig } from "../../src/index.js";
import { at, makeTask } from "../conformance/fixtures.js";

function clockedStore(config: TaskStoreConfig = {}) {
  const clock = { now: 1_000_000 };
  const store = new InMemoryTaskStore({ now: () => clock.now, ...config });
  const events: TaskChangeEvent[] = [];
  store.subscribe((e) => events.push(e));
  const summary = () => events.map((e) => (e.type === "saved" ? `saved:${e.task.id}` : `deleted:${e.id}:${e.reason}`));
  return { store, clock, events, summary };
}

const done = (id: string, extra = {}) => makeTask(id, { state: "TASK_STATE_COMPLETED", ...extra });
const working = (id: string, extra = {}) => makeTask(id, { state: "TASK_STATE_WORKING", ...extra });

describe("TTL eviction", () => {
  it("expires terminal tasks whose age since last write is at least the TTL, and only them", async () => {
    const { store, clock } = clockedStore({ taskTtlMs: 1000, evictionInterval: 0 });
    await store.save(done("old"));
    await store.save(working("active"));
    clock.now += 999;
    await store.save(done("young"));
    expect(await store.runEviction()).toEqual({ expired: 0, overCapacity: 0 });
    clock.now += 1; // "old" is now exactly 1000 ms old
    expect(await store.runEviction()).toEqual({ expired: 1, overCapacity: 0 });
    expect(await store.get("old")).toBeUndefined();
    clock.now += 10_000_000;
    expect(await store.runEviction()).toEqual({ expired: 1, overCapacity: 0 });
    expect(await store.get("active")).toBeDefined();
    expect(await store.count()).toBe(1);
  });

  it("measures the TTL from the last write, not the first", async () => {
    const { store, clock } = clockedStore({ taskTtlMs: 1000, evictionInterval: 0 });
    await store.save(done("t"));
    clock.now += 900;
    await store.save(done("t", { extra: { touched: true } }));
    clock.now += 900;
    expect((await store.runEviction()).expired).toBe(0);
    clock.now += 100;
    expect((await store.runEviction()).expired).toBe(1);
  });

  it("sweeps on the first write, then every evictionInterval writes", async () => {
    const { store, clock, summary } = clockedStore({ taskTtlMs: 10, evictionInterval: 3, maxCapacity: null });
    await store.restore([{ task: done("expired-before-start"), updatedAt: clock.now }]);
    clock.now += 10;
    await store.save(working("w1")); // write 1: sweeps
    expect(summary()).toEqual(["saved:w1", "deleted:expired-before-start:ttl"]);
    await store.save(done("d1"));
    clock.now += 10;
    await store.save(working("w2")); // write 3: no sweep
    expect(await store.get("d1")).toBeDefined();
    await store.save(working("w3")); // write 4 = 1 + 3: sweeps
    expect(await store.get("d1")).toBeUndefined();
    expect(summary().slice(-2)).toEqual(["saved:w3", "deleted:d1:ttl"]);
  });

  it("with evictionInterval 0 never sweeps on its own, not even on the first write", async () => {
    const { store, clock } = clockedStore({ taskTtlMs: 1, evictionInterval: 0 });
    await store.save(done("d"));
    clock.now += 100;
    for (let i = 0; i < 200; i++) await store.save(working(`w${i}`));
    expect(await store.get("d")).toBeDefined();
    expect((await store.runEviction()).expired).toBe(1);
  });

  it("does not expire anything when taskTtlMs is null", async () => {
    const { store, clock } = clockedStore({ taskTtlMs: null });
    await store.save(done("d"));
    clock.now += 1e12;
    expect(await store.runEviction()).toEqual({ expired: 0, overCapacity: 0 });
    expect(store.nextExpiryAt()).toBeUndefined();
  });

  it("never makes the task being saved its own victim, even with a zero TTL", async () => {
    const { store } = clockedStore({ taskTtlMs: 0, evictionInterval: 1 });
    await store.save(done("a"));
    expect(await store.get("a")).toBeDefined();
    await store.save(done("b"));
    expect(await store.get("b")).toBeDefined();
    expect(await store.get("a")).toBeUndefined();
  });

  it("reports the next expiry for adapters that schedule sweeps", async () => {
    const { store, clock } = clockedStore({ taskTtlMs: 500 });
    expect(store.nextExpiryAt()).toBeUndefined();
    await store.save(working("w"));
    expect(store.nextExpiryAt()).toBeUndefined();
    const first = clock.now;
    await store.save(done("d1"));
    clock.now += 100;
    await store.save(done("d2"));
    expect(store.nextExpiryAt()).toBe(first + 500);
    await store.delete("d1");
    expect(store.nextExpiryAt()).toBe(first + 600);
  });
});

describe("capacity eviction", () => {
  it("is a hard cap: count never exceeds maxCapacity once a save resolves", async () => {
    const { store } = clockedStore({ maxCapacity: 5, taskTtlMs: null, evictionInterval: 0 });
    for (let i = 0; i < 50; i++) {
      await store.save(i % 3 ? working(`t${i}`) : done(`t${i}`));
      expect(await store.count()).toBeLessThanOrEqual(5);
      expect(await store.get(`t${i}`)).toBeDefined();
    }
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.save(working(`c${i}`))));
    expect(await store.count()).toBe(5);
  });

  it("evicts the oldest terminal tasks first, then the oldest non-terminal ones", async () => {
    const { store, clock, summary } = clockedStore({ maxCapacity: 4, taskTtlMs: null, evictionInterval: 0 });
    await store.save(working("w-old"));
    clock.now++;
    await store.save(done("d-old"));
    clock.now++;
    await store.save(working("w-new"));
    clock.now++;
    await store.save(done("d-new"));
    clock.now++;
    await store.save(working("w-newest"));
    expect(summary().slice(-2)).toEqual(["saved:w-newest", "deleted:d-old:capacity"]);
    await store.save(working("x1"));
    expect(summary().slice(-1)).toEqual(["deleted:d-new:capacity"]);
    await store.save(working("x2"));
    expect(summary().slice(-1)).toEqual(["deleted:w-old:capacity"]);
    // Rewriting a task moves it to the back of the queue.
    await store.save(working("w-new", { extra: { v: 2 } }));
    await store.save(working("x3"));
    expect(summary().slice(-1)).toEqual(["deleted:w-newest:capacity"]);
  });

  it("orders by last write: a completed task rewritten recently outlives an older completed one", async () => {
    const { store, summary } = clockedStore({ maxCapacity: 2, taskTtlMs: null, evictionInterval: 0 });
    await store.save(done("a"));
    await store.save(done("b"));
    await store.save(done("a", { extra: { v: 2 } }));
    await store.save(working("c"));
    expect(summary().at(-1)).toBe("deleted:b:capacity");
  });

  it("keeps the saved task when capacity is 1", async () => {
    const { store } = clockedStore({ maxCapacity: 1 });
    await store.save(working("a"));
    await store.save(working("b"));
    expect(await store.get("b")).toBeDefined();
    expect(await store.count()).toBe(1);
  });

  it("keeps a page token valid when the cursor's task is evicted", async () => {
    const { store } = clockedStore({ maxCapacity: 5, taskTtlMs: null, evictionInterval: 0 });
    for (let i = 0; i < 5; i++) await store.save(working(`t${i}`, { timestamp: at(i) }));
    const first = await store.list({ pageSize: 2 });
    expect(first.tasks.map((t) => t.id)).toEqual(["t4", "t3"]);
    await store.delete("t2");
    await store.save(working("t-new", { timestamp: at(-10) }));
    await store.save(working("t-newer", { timestamp: at(-20) })); // evicts t0, the oldest write
    const next = await store.list({ pageSize: 5, pageToken: first.nextPageToken });
    expect(next.tasks.map((t) => t.id)).toEqual(["t1", "t-new", "t-newer"]);
  });
});

describe("change events", () => {
  it("reports saves, deletes and evictions in order, saved before the evictions it causes", async () => {
    const { store, summary, events } = clockedStore({ maxCapacity: 2, taskTtlMs: null });
    await store.save(working("a"));
    await store.insertIfAbsent(working("b"));
    await store.insertIfAbsent(working("b")); // no change, no event
    await store.delete("missing"); // no change, no event
    await store.save(working("c"));
    await store.delete("b");
    expect(summary()).toEqual(["saved:a", "saved:b", "saved:c", "deleted:a:capacity", "deleted:b:delete"]);
    const saved = events[0]!;
    expect(saved.type === "saved" && saved.updatedAt).toBe(1_000_000);
    expect(saved.type === "saved" && Object.isFrozen(saved.task)).toBe(true);
  });

  it("delivers events synchronously, before the call resolves, and stops after unsubscribe", async () => {
    const store = new InMemoryTaskStore();
    const seen: string[] = [];
    const unsubscribe = store.subscribe((e) => seen.push(e.type));
    const pending = store.save(working("a"));
    await pending;
    expect(seen).toEqual(["saved"]);
    unsubscribe();
    await store.save(working("b"));
    expect(seen).toEqual(["saved"]);
  });

  it("emits nothing for rejected input", async () => {
    const { store, events } = clockedStore();
    await expect(store.save({ id: "" } as never)).rejects.toMatchObject({ code: -32602 });
    expect(events).toEqual([]);
  });
});

describe("restore", () => {
  it("rebuilds indexes and keeps updatedAt so TTLs survive restarts", async () => {
    const { store, clock, summary } = clockedStore({ taskTtlMs: 1000 });
    const result = await store.restore([
      { task: done("fresh", { timestamp: at(1) }), updatedAt: clock.now - 10 },
      { task: done("stale"), updatedAt: clock.now - 5000 },
      { task: working("active", { timestamp: at(2) }), updatedAt: clock.now - 5000 },
      { task: { id: "broken" }, updatedAt: clock.now } as never,
      { task: working("no-time"), updatedAt: "yesterday" } as never,
    ]);
    expect(result.restored).toBe(3);
    expect(result.expired).toBe(1);
    expect(result.rejected.map((r) => r.error.code)).toEqual([-32602, -32602]);
    expect(summary()).toEqual(["deleted:stale:ttl"]);
    expect((await store.list()).tasks.map((t) => t.id)).toEqual(["active", "fresh"]);
    expect(store.nextExpiryAt()).toBe(clock.now - 10 + 1000);
  });

  it("enforces capacity on what it loads, oldest writes first", async () => {
    const { store, summary } = clockedStore({ maxCapacity: 2, taskTtlMs: null });
    const result = await store.restore([
      { task: working("c"), updatedAt: 3 },
      { task: working("a"), updatedAt: 1 },
      { task: working("b"), updatedAt: 2 },
    ]);
    expect(result).toMatchObject({ restored: 3, overCapacity: 1 });
    expect(summary()).toEqual(["deleted:a:capacity"]);
  });
});

describe("deferred index removal", () => {
  // Evicted tasks leave the indexes over the next writes; until then lists must not show or count them.
  it("lists neither evicted tasks nor their count, in every shape, while their index removal is pending", async () => {
    // Writes 0 and 150 sweep: the second is the 151st save, after the clock has moved.
    const { store, clock } = clockedStore({ taskTtlMs: 1000, evictionInterval: 150, maxCapacity: null });
    for (let i = 0; i < 150; i++) {
      const ctx = { contextId: `ctx-${i % 3}`, timestamp: at(i) };
      await store.save(i % 2 ? working(`w${i}`, ctx) : done(`d${i}`, ctx));
    }
    clock.now += 1000;
    const events: TaskChangeEvent[] = [];
    store.subscribe((event) => events.push(event));
    await store.save(working("w-late", { contextId: "ctx-0", timestamp: at(500) }));
    // More than are kept pending: some are removed at once.
    expect(events.filter((e) => e.type === "deleted" && e.reason === "ttl")).toHaveLength(75);
    const shapes: ListTasksParams[] = [{}, { contextId: "ctx-1" }, { status: "TASK_STATE_COMPLETED" }, { contextId: "ctx-2", status: "TASK_STATE_WORKING" }, { statusTimestampAfter: at(40) }];
    for (let round = 0; round < 40; round++) {
      for (const shape of shapes) {
        const ids: string[] = [];
        let pageToken: string | undefined;
        let totalSize = -1;
        do {
          const page = await store.list({ ...shape, pageSize: 7, pageToken });
          ids.push(...page.tasks.map((t) => t.id));
          totalSize = page.totalSize;
          pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        expect(ids.every((id) => id.startsWith("w"))).toBe(true);
        expect(totalSize).toBe(ids.length);
      }
      // Each write removes a few pending entries; re-saving an evicted task with its old key lists it once.
      await store.save(done(`d${round * 2}`, { contextId: `ctx-${(round * 2) % 3}`, timestamp: at(round * 2) }));
      const page = await store.list({ contextId: `ctx-${(round * 2) % 3}`, status: "TASK_STATE_COMPLETED" });
      expect(page.tasks.map((t) => t.id)).toEqual([`d${round * 2}`]);
      expect(page.totalSize).toBe(1);
      await store.delete(`d${round * 2}`);
    }
    expect(await store.count()).toBe(76);
  });
});

describe("configuration", () => {
  it("rejects nonsensical settings with a clear message", () => {
    expect(() => new InMemoryTaskStore({ maxCapacity: 0 })).toThrow(/maxCapacity/);
    expect(() => new InMemoryTaskStore({ taskTtlMs: -1 })).toThrow(/taskTtlMs/);
    expect(() => new InMemoryTaskStore({ evictionInterval: 1.5 })).toThrow(/evictionInterval/);
    expect(() => new InMemoryTaskStore({ maxPageSize: 0 })).toThrow(/maxPageSize/);
  });

  it("honours a custom maxPageSize", async () => {
    const store = new InMemoryTaskStore({ maxPageSize: 10 });
    for (let i = 0; i < 12; i++) await store.save(working(`t${i}`, { timestamp: at(i) }));
    expect((await store.list({ pageSize: 10 })).tasks).toHaveLength(10);
    await expect(store.list({ pageSize: 11 })).rejects.toMatchObject({ code: -32602 });
    expect((await store.list()).pageSize).toBe(10);
  });
});
