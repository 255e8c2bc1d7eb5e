import { createStore, entries, set } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import { at, makeTask } from "../conformance/fixtures.js";
import { describeTaskStoreConformance } from "../conformance/task-store.conformance.js";
import { openBrowserTaskStore, type BrowserTaskStore, type BrowserTaskStoreOptions, type PersistenceError } from "../../web/index.js";

let dbCounter = 0;
/** A database name no other test (or earlier run in the same profile) uses. */
export function freshDbName(prefix = "test"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${dbCounter++}`;
}

/** Every value in the database's task store, read through a connection of its own. */
export async function storedRecords(dbName: string): Promise<Map<string, any>> {
  return new Map(await entries(createStore(dbName, "tasks")));
}

/** Counts IDBObjectStore put/delete calls until `restore()`; counts every store in the page, so isolate the measured step. */
export function countWrites() {
  const proto = IDBObjectStore.prototype;
  const { put, delete: del } = proto;
  const counts = { puts: 0, deletes: 0 };
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
    counts.puts++;
    return put.apply(this, args);
  };
  proto.delete = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["delete"]>) {
    counts.deletes++;
    return del.apply(this, args);
  };
  return { counts, restore: () => Object.assign(proto, { put, delete: del }) };
}

/** The TaskStore contract and the behaviour below, for one environment (Node on fake-indexeddb, or Chromium). */
export function describeBrowserTaskStoreSuites(environment: string): void {
  const stores: BrowserTaskStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  describeTaskStoreConformance(`BrowserTaskStore (${environment})`, async () => {
    const store = await openBrowserTaskStore({ persist: { dbName: freshDbName("conformance") }, evictEveryMs: 0 });
    stores.push(store);
    return store;
  });
  describeBrowserStoreBehaviour(environment);
}

/**
 * What BrowserTaskStore promises beyond the TaskStore contract: persistence, incremental writes,
 * failure handling, and two stores (tabs) on one database. Runs in Node on fake-indexeddb and in
 * real Chromium.
 */
function describeBrowserStoreBehaviour(environment: string): void {
  const open: BrowserTaskStore[] = [];
  async function openStore(options: BrowserTaskStoreOptions & { errors?: PersistenceError[] } = {}) {
    const { errors, ...rest } = options;
    const store = await openBrowserTaskStore({ evictEveryMs: 0, onError: (e) => errors?.push(e), ...rest });
    open.push(store);
    return store;
  }
  afterEach(async () => {
    vi.unstubAllGlobals();
    await Promise.all(open.splice(0).map((s) => s.close().catch(() => {})));
  });

  describe(`BrowserTaskStore (${environment})`, () => {
    it("restores every task after a reopen, with list order, and keeps deletes deleted", async () => {
      const dbName = freshDbName("reopen");
      const first = await openStore({ persist: { dbName } });
      for (let i = 0; i < 5; i++) await first.save(makeTask(`t${i}`, { timestamp: at(i), contextId: `ctx-${i % 2}` }));
      await first.delete("t3");
      await first.close();

      const second = await openStore({ persist: { dbName } });
      expect(await second.count()).toBe(4);
      expect(await second.get("t4")).toEqual(makeTask("t4", { timestamp: at(4), contextId: "ctx-0" }));
      expect(await second.get("t3")).toBeUndefined();
      expect((await second.list({ contextId: "ctx-0" })).tasks.map((t) => t.id)).toEqual(["t4", "t2", "t0"]);
      expect([...(await storedRecords(dbName)).keys()].sort()).toEqual(["t0", "t1", "t2", "t4"]);
    });

    it("keeps the last-write time across a reopen, so a TTL that ran out meanwhile evicts on load", async () => {
      const dbName = freshDbName("ttl");
      let wall = 1_000_000;
      const options = { persist: { dbName }, taskTtlMs: 10_000, now: () => wall };
      const first = await openStore(options);
      await first.save(makeTask("done", { state: "TASK_STATE_COMPLETED" }));
      await first.save(makeTask("active"));
      await first.close();
      expect((await storedRecords(dbName)).get("done")).toMatchObject({ format: 1, updatedAt: expect.any(Number) });

      wall += 5_000; // still alive
      const second = await openStore(options);
      expect(await second.get("done")).toBeDefined();
      await second.close();

      wall += 6_000; // 11 s after the write: expired while nobody had the page open
      const third = await openStore(options);
      expect(await third.get("done")).toBeUndefined();
      expect(await third.get("active")).toBeDefined();
      await third.flush();
      expect((await storedRecords(dbName)).has("done")).toBe(false);
    });

    it("writes only what changed: one put for one change among many tasks", async () => {
      const dbName = freshDbName("incremental");
      const store = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
      for (let i = 0; i < 200; i++) await store.save(makeTask(`t${i}`, { timestamp: at(i) }));
      await store.flush();

      const writes = countWrites();
      try {
        await store.save(makeTask("t7", { state: "TASK_STATE_COMPLETED", timestamp: at(500) }));
        await store.flush();
        expect(writes.counts).toEqual({ puts: 1, deletes: 0 });
        await store.delete("t8");
        await store.flush();
        expect(writes.counts).toEqual({ puts: 1, deletes: 1 });
        // Ten saves of one task before a flush are one put.
        for (let v = 0; v < 10; v++) await store.save(makeTask("t9", { extra: { version: v } }));
        await store.flush();
        expect(writes.counts).toEqual({ puts: 2, deletes: 1 });
      } finally {
        writes.restore();
      }
      const stored = await storedRecords(dbName);
      expect(stored.size).toBe(199);
      expect(stored.get("t9").task.version).toBe(9);
      expect(stored.get("t7").task.status.state).toBe("TASK_STATE_COMPLETED");
    });

    it("writes on its own after flushDelayMs, and flush() resolves only once the change is stored", async () => {
      const dbName = freshDbName("debounce");
      const store = await openStore({ persist: { dbName, flushDelayMs: 10 } });
      await store.save(makeTask("auto"));
      expect(store.pendingWrites).toBe(1);
      await vi.waitFor(async () => expect((await storedRecords(dbName)).has("auto")).toBe(true));
      expect(store.pendingWrites).toBe(0);

      await store.save(makeTask("explicit"));
      await store.flush();
      expect((await storedRecords(dbName)).get("explicit").task).toEqual(makeTask("explicit"));
    });

    it("skips a corrupt record on load, reports it, and opens with the rest", async () => {
      const dbName = freshDbName("corrupt");
      const seed = await openStore({ persist: { dbName } });
      await seed.save(makeTask("good"));
      await seed.close();
      const raw = createStore(dbName, "tasks");
      await set("not-an-object", "garbage", raw);
      await set("future-format", { format: 99, task: makeTask("future-format"), updatedAt: 1 }, raw);
      await set("bad-task", { format: 1, task: { id: "bad-task", status: { state: "nope" } }, updatedAt: 1 }, raw);
      await set("wrong-key", { format: 1, task: makeTask("other-id"), updatedAt: 1 }, raw);

      const errors: PersistenceError[] = [];
      const store = await openStore({ persist: { dbName }, errors });
      expect(errors.map((e) => [e.kind, e.taskId]).sort()).toEqual([
        ["corrupt-record", "bad-task"],
        ["corrupt-record", "future-format"],
        ["corrupt-record", "not-an-object"],
        ["corrupt-record", "wrong-key"],
      ]);
      expect(await store.count()).toBe(1);
      expect(await store.get("good")).toEqual(makeTask("good"));
      // Left in place for whoever can repair them; a later save of that id replaces it.
      expect((await storedRecords(dbName)).get("not-an-object")).toBe("garbage");
      await store.save(makeTask("bad-task"));
      await store.flush();
      expect((await storedRecords(dbName)).get("bad-task").task).toEqual(makeTask("bad-task"));
    });

    it("reports a failed write, keeps the changes pending, and writes them at the next flush", async () => {
      const dbName = freshDbName("retry");
      const errors: PersistenceError[] = [];
      const store = await openStore({ persist: { dbName, flushDelayMs: 60_000 }, errors });
      await store.save(makeTask("kept"));
      await store.flush();

      // What a full disk looks like from here: the transaction aborts and nothing of it is written.
      const proto = IDBObjectStore.prototype;
      const put = proto.put;
      proto.put = function (this: IDBObjectStore) {
        this.transaction.abort();
        return undefined as unknown as IDBRequest<IDBValidKey>;
      };
      let failure: unknown;
      try {
        await store.save(makeTask("a", { extra: { version: 1 } }));
        await store.delete("kept");
        failure = await store.flush().then(() => undefined, (error: unknown) => error);
      } finally {
        proto.put = put;
      }
      expect(failure).toBeInstanceOf(Error);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ kind: "write-failed" });
      expect(errors[0]!.cause).toBe(failure);
      expect(store.pendingWrites).toBe(2);
      // The failed transaction wrote nothing, not even the delete.
      expect((await storedRecords(dbName)).has("kept")).toBe(true);

      // A change made after the failure is newer and is the one written.
      await store.save(makeTask("a", { extra: { version: 2 } }));
      await store.flush();
      expect(store.pendingWrites).toBe(0);
      const stored = await storedRecords(dbName);
      expect(stored.get("a").task.version).toBe(2);
      expect(stored.has("kept")).toBe(false);
      expect(errors).toHaveLength(1);
    });

    it("works in memory only without IndexedDB and says so once", async () => {
      vi.stubGlobal("indexedDB", undefined);
      const errors: PersistenceError[] = [];
      const store = await openStore({ errors });
      await store.save(makeTask("t1"));
      await store.flush();
      expect(await store.get("t1")).toEqual(makeTask("t1"));
      expect(store.persistent).toBe(false);
      expect(errors.map((e) => e.kind)).toEqual(["memory-only"]);

      const off: PersistenceError[] = [];
      const disabled = await openStore({ persist: false, errors: off });
      await disabled.save(makeTask("t2"));
      expect(off.map((e) => e.kind)).toEqual(["memory-only"]);
    });

    it("runs eviction on its timer and removes the evicted records", async () => {
      const dbName = freshDbName("timer");
      const store = await openStore({ persist: { dbName, flushDelayMs: 5 }, taskTtlMs: 0, evictionInterval: 0, evictEveryMs: 10 });
      await store.save(makeTask("done", { state: "TASK_STATE_COMPLETED" }));
      await store.save(makeTask("active"));
      await vi.waitFor(async () => expect(await store.get("done")).toBeUndefined());
      await store.flush();
      expect([...(await storedRecords(dbName)).keys()]).toEqual(["active"]);
    });

    it("rejects writes after close and leaves everything stored", async () => {
      const dbName = freshDbName("close");
      const store = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
      await store.save(makeTask("t1"));
      await store.close();
      expect((await storedRecords(dbName)).has("t1")).toBe(true);
      await expect(store.save(makeTask("t2"))).rejects.toThrow(/closed/);
    });

    describe("two stores on one database (two tabs)", () => {
      it("shows each tab's saves and deletes in the other, and neither loses the other's tasks", async () => {
        const dbName = freshDbName("tabs");
        const a = await openStore({ persist: { dbName, flushDelayMs: 5 } });
        const b = await openStore({ persist: { dbName, flushDelayMs: 5 } });
        const remote: string[] = [];
        b.subscribe((event) => {
          if (event.type === "saved" && event.remote) remote.push(event.task.id);
        });

        await Promise.all([a.save(makeTask("from-a", { contextId: "ctx-a" })), b.save(makeTask("from-b", { contextId: "ctx-b" }))]);
        await vi.waitFor(async () => {
          expect(await a.get("from-b")).toEqual(makeTask("from-b", { contextId: "ctx-b" }));
          expect(await b.get("from-a")).toEqual(makeTask("from-a", { contextId: "ctx-a" }));
        });
        expect(remote).toContain("from-a");

        await b.save(makeTask("from-a", { contextId: "ctx-a", state: "TASK_STATE_COMPLETED" }));
        await vi.waitFor(async () => expect((await a.get("from-a"))!.status.state).toBe("TASK_STATE_COMPLETED"));
        expect((await a.list({ status: "TASK_STATE_COMPLETED" })).tasks.map((t) => t.id)).toEqual(["from-a"]);

        await a.delete("from-b");
        await vi.waitFor(async () => expect(await b.get("from-b")).toBeUndefined());

        await Promise.all([a.flush(), b.flush()]);
        expect([...(await storedRecords(dbName)).keys()]).toEqual(["from-a"]);
        const third = await openStore({ persist: { dbName } });
        expect(await third.get("from-a")).toEqual(await a.get("from-a"));
        expect(await third.count()).toBe(1);
      });

      it("keeps the newer save whichever tab flushes last", async () => {
        const dbName = freshDbName("lww");
        const a = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        const b = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        await a.save(makeTask("t", { extra: { by: "a" } }));
        await new Promise((r) => setTimeout(r, 5));
        await b.save(makeTask("t", { extra: { by: "b" } })); // later, so newer
        await b.flush();
        await a.flush(); // the older version, flushed last, must not win
        expect((await storedRecords(dbName)).get("t").task.by).toBe("b");
        await vi.waitFor(async () => expect((await a.get("t"))!.by).toBe("b"));
        expect((await b.get("t"))!.by).toBe("b");
      });

      it("does not let a delete remove a newer save made in the other tab", async () => {
        const dbName = freshDbName("delete-race");
        const a = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        await a.save(makeTask("t", { extra: { by: "a" } }));
        await a.flush();
        const b = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        await new Promise((r) => setTimeout(r, 5));
        await b.save(makeTask("t", { extra: { by: "b" } }));
        await b.flush();
        await a.delete("t"); // a has not heard of b's save yet
        await a.flush();
        expect((await storedRecords(dbName)).get("t").task.by).toBe("b");
        await vi.waitFor(async () => expect((await a.get("t"))?.by).toBe("b"));
      });

      it("deletes again a task that an older save from the other tab brought back", async () => {
        const dbName = freshDbName("resurrect");
        const a = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        const b = await openStore({ persist: { dbName, flushDelayMs: 60_000 } });
        await b.save(makeTask("t", { extra: { by: "b" } })); // older, not yet flushed
        await new Promise((r) => setTimeout(r, 5));
        await a.save(makeTask("t", { extra: { by: "a" } }));
        await a.delete("t");
        await a.flush();
        await b.flush(); // before b has heard of the delete: the older save comes back
        await vi.waitFor(async () => expect(await b.get("t")).toBeUndefined());
        await b.flush();
        expect((await storedRecords(dbName)).has("t")).toBe(false);
        await vi.waitFor(async () => expect(await a.get("t")).toBeUndefined());
      });

      it("converges when both tabs save one task in the same millisecond", async () => {
        const dbName = freshDbName("tie");
        const now = () => 5_000_000;
        const a = await openStore({ persist: { dbName, flushDelayMs: 60_000 }, now });
        const b = await openStore({ persist: { dbName, flushDelayMs: 60_000 }, now });
        await a.save(makeTask("t", { extra: { by: "a" } }));
        await b.save(makeTask("t", { extra: { by: "b" } }));
        await a.flush();
        await b.flush();
        const stored = (await storedRecords(dbName)).get("t").task.by;
        await vi.waitFor(async () => {
          expect((await a.get("t"))!.by).toBe(stored);
          expect((await b.get("t"))!.by).toBe(stored);
        });
      });
    });
  });
}
