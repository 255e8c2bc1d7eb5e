import { describe, expect, it } from "vitest";
import type { ListTasksParams, Task, TaskStore } from "../../src/index.js";
import { at, makeTask } from "./fixtures.js";

export interface ConformanceOptions {
  /** Concurrent writers in the concurrency tests. Default 1000. */
  concurrency?: number;
  /** The backend's maxPageSize. Default 100. */
  maxPageSize?: number;
}

const INVALID_PARAMS = -32602;

/**
 * The TaskStore contract, written once. Every backend's test file calls this with a factory that
 * returns a fresh, empty store with default settings (unbounded enough for these tests).
 */
export function describeTaskStoreConformance(
  name: string,
  createStore: () => Promise<TaskStore> | TaskStore,
  options: ConformanceOptions = {},
): void {
  const concurrency = options.concurrency ?? 1000;
  const maxPageSize = options.maxPageSize ?? 100;

  async function listAll(store: TaskStore, params: ListTasksParams = {}): Promise<Task[]> {
    const out: Task[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list({ ...params, pageToken });
      out.push(...page.tasks);
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return out;
  }

  const ids = (tasks: Task[]) => tasks.map((t) => t.id);

  describe(`TaskStore conformance: ${name}`, () => {
    describe("save, get, insertIfAbsent, delete, count", () => {
      it("returns what was saved, unknown fields included", async () => {
        const store = await createStore();
        const task = makeTask("t1", { extra: { kind: "task", custom: { nested: [1, 2] } } });
        await store.save(task);
        expect(await store.get("t1")).toEqual(task);
        expect(await store.count()).toBe(1);
      });

      it('keeps a "__proto__" key in metadata as data', async () => {
        const store = await createStore();
        const task = { ...makeTask("t1"), metadata: JSON.parse('{"__proto__": {"polluted": true}, "plain": 1}') };
        await store.save(task);
        const stored = (await store.get("t1"))!;
        expect(Object.keys(stored.metadata!)).toEqual(["__proto__", "plain"]);
        expect(JSON.stringify(stored.metadata)).toBe('{"__proto__":{"polluted":true},"plain":1}');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      it("returns undefined for an unknown id", async () => {
        const store = await createStore();
        expect(await store.get("missing")).toBeUndefined();
      });

      it("save replaces an existing task", async () => {
        const store = await createStore();
        await store.save(makeTask("t1"));
        const updated = makeTask("t1", { state: "TASK_STATE_COMPLETED", timestamp: at(5) });
        await store.save(updated);
        expect(await store.get("t1")).toEqual(updated);
        expect(await store.count()).toBe(1);
        const page = await store.list({ status: "TASK_STATE_WORKING" });
        expect(page.totalSize).toBe(0);
      });

      it("insertIfAbsent creates once and never overwrites", async () => {
        const store = await createStore();
        const first = makeTask("t1");
        expect(await store.insertIfAbsent(first)).toBe(true);
        expect(await store.insertIfAbsent(makeTask("t1", { state: "TASK_STATE_FAILED" }))).toBe(false);
        expect(await store.get("t1")).toEqual(first);
      });

      it("delete reports whether the task existed", async () => {
        const store = await createStore();
        await store.save(makeTask("t1"));
        expect(await store.delete("t1")).toBe(true);
        expect(await store.delete("t1")).toBe(false);
        expect(await store.get("t1")).toBeUndefined();
        expect(await store.count()).toBe(0);
        expect((await store.list()).tasks).toEqual([]);
      });

      it("normalises v0.3 state names to v1 on save", async () => {
        const store = await createStore();
        await store.save(makeTask("a", { state: "input-required" }));
        await store.save(makeTask("b", { state: "completed" }));
        expect((await store.get("a"))!.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
        expect((await store.get("b"))!.status.state).toBe("TASK_STATE_COMPLETED");
        expect((await store.list({ status: "completed" })).tasks.map((t) => t.id)).toEqual(["b"]);
      });
    });

    describe("list order", () => {
      it("is newest status time first, ties broken by id descending", async () => {
        const store = await createStore();
        await store.save(makeTask("b", { timestamp: at(10) }));
        await store.save(makeTask("a", { timestamp: at(10) }));
        await store.save(makeTask("c", { timestamp: at(5) }));
        await store.save(makeTask("d", { timestamp: at(20) }));
        expect(ids((await store.list()).tasks)).toEqual(["d", "b", "a", "c"]);
      });

      it("orders offsets and fractional seconds down to nanoseconds", async () => {
        const store = await createStore();
        // 10:00+02:00 is 08:00Z: the earliest, although its text sorts last.
        await store.save(makeTask("offset", { timestamp: "2026-03-01T10:00:00+02:00" }));
        await store.save(makeTask("z", { timestamp: "2026-03-01T09:00:00Z" }));
        await store.save(makeTask("ns2", { timestamp: "2026-03-01T09:00:00.000000002Z" }));
        await store.save(makeTask("ns1", { timestamp: "2026-03-01T09:00:00.000000001Z" }));
        await store.save(makeTask("ms", { timestamp: "2026-03-01T09:00:00.001Z" }));
        await store.save(makeTask("neg", { timestamp: "2026-03-01T06:30:00-03:00" }));
        expect(ids((await store.list()).tasks)).toEqual(["neg", "ms", "ns2", "ns1", "z", "offset"]);
      });

      it("orders a task without status.timestamp by when it was saved", async () => {
        const store = await createStore();
        await store.save(makeTask("old", { timestamp: "2001-01-01T00:00:00Z" }));
        await store.save(makeTask("untimed", { timestamp: null }));
        await store.save(makeTask("future", { timestamp: "2999-01-01T00:00:00Z" }));
        expect(ids((await store.list()).tasks)).toEqual(["future", "untimed", "old"]);
        expect((await store.get("untimed"))!.status.timestamp).toBeUndefined();
      });
    });

    describe("paging", () => {
      it("walks every task exactly once with page tokens", async () => {
        const store = await createStore();
        for (let i = 0; i < 7; i++) await store.save(makeTask(`t${i}`, { timestamp: at(i) }));
        const first = await store.list({ pageSize: 3 });
        expect(first.pageSize).toBe(3);
        expect(first.totalSize).toBe(7);
        expect(ids(first.tasks)).toEqual(["t6", "t5", "t4"]);
        expect(first.nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/);
        const second = await store.list({ pageSize: 3, pageToken: first.nextPageToken });
        expect(ids(second.tasks)).toEqual(["t3", "t2", "t1"]);
        expect(second.totalSize).toBe(7);
        const last = await store.list({ pageSize: 3, pageToken: second.nextPageToken });
        expect(ids(last.tasks)).toEqual(["t0"]);
        expect(last.nextPageToken).toBe("");
      });

      it("has an empty nextPageToken when the last page is exactly full", async () => {
        const store = await createStore();
        for (let i = 0; i < 4; i++) await store.save(makeTask(`t${i}`, { timestamp: at(i) }));
        const page = await store.list({ pageSize: 4 });
        expect(page.tasks).toHaveLength(4);
        expect(page.nextPageToken).toBe("");
      });

      it("defaults pageSize to 50 and accepts maxPageSize", async () => {
        const store = await createStore();
        await Promise.all(Array.from({ length: 60 }, (_, i) => store.save(makeTask(`t${i}`, { timestamp: at(i) }))));
        const page = await store.list();
        expect(page.pageSize).toBe(50);
        expect(page.tasks).toHaveLength(50);
        expect(page.totalSize).toBe(60);
        const big = await store.list({ pageSize: maxPageSize });
        expect(big.tasks).toHaveLength(60);
        expect(big.pageSize).toBe(maxPageSize);
      });

      it("continues after the cursor when the cursor's task was deleted", async () => {
        const store = await createStore();
        for (let i = 0; i < 6; i++) await store.save(makeTask(`t${i}`, { timestamp: at(i) }));
        const first = await store.list({ pageSize: 2 });
        expect(ids(first.tasks)).toEqual(["t5", "t4"]);
        await store.delete("t4");
        const next = await store.list({ pageSize: 2, pageToken: first.nextPageToken });
        expect(ids(next.tasks)).toEqual(["t3", "t2"]);
      });

      it("rejects a garbage page token with -32602", async () => {
        const store = await createStore();
        await store.save(makeTask("t1"));
        for (const pageToken of ["garbage!", "bm90IGEgdG9rZW4", "%%%", "x".repeat(5000)]) {
          await expect(store.list({ pageToken })).rejects.toMatchObject({ code: INVALID_PARAMS });
        }
      });

      it("rejects a page token reused with different filters", async () => {
        const store = await createStore();
        for (let i = 0; i < 4; i++) await store.save(makeTask(`t${i}`, { timestamp: at(i) }));
        const { nextPageToken } = await store.list({ pageSize: 1, contextId: "ctx-1" });
        expect(nextPageToken).not.toBe("");
        await expect(store.list({ pageSize: 1, pageToken: nextPageToken })).rejects.toMatchObject({ code: INVALID_PARAMS });
        await expect(
          store.list({ pageSize: 1, contextId: "ctx-1", status: "TASK_STATE_WORKING", pageToken: nextPageToken }),
        ).rejects.toMatchObject({ code: INVALID_PARAMS });
        // The same filters with another page size are fine.
        expect((await store.list({ pageSize: 2, contextId: "ctx-1", pageToken: nextPageToken })).tasks).toHaveLength(2);
      });

      it("rejects a pageSize that is not an integer from 1 to maxPageSize", async () => {
        const store = await createStore();
        for (const pageSize of [0, -1, 1.5, maxPageSize + 1, Number.NaN]) {
          await expect(store.list({ pageSize })).rejects.toMatchObject({ code: INVALID_PARAMS });
        }
      });
    });

    describe("filters", () => {
      async function seeded(): Promise<TaskStore> {
        const store = await createStore();
        const states = ["TASK_STATE_WORKING", "TASK_STATE_COMPLETED", "TASK_STATE_FAILED"];
        for (let i = 0; i < 12; i++) {
          await store.save(makeTask(`t${String(i).padStart(2, "0")}`, {
            contextId: `ctx-${i % 3}`,
            state: states[i % 4 === 3 ? 2 : i % 2],
            timestamp: at(i * 10),
          }));
        }
        return store;
      }
      const expectMatching = async (store: TaskStore, params: ListTasksParams, predicate: (t: Task) => boolean) => {
        const all = await listAll(store, { pageSize: 100 });
        const expected = ids(all.filter(predicate));
        const paged = await listAll(store, { ...params, pageSize: 2 });
        expect(ids(paged)).toEqual(expected);
        expect((await store.list(params)).totalSize).toBe(expected.length);
        return expected;
      };

      it("filters by contextId, status, statusTimestampAfter and every combination", async () => {
        const store = await seeded();
        const after = at(40);
        expect(await expectMatching(store, { contextId: "ctx-1" }, (t) => t.contextId === "ctx-1")).toHaveLength(4);
        await expectMatching(store, { status: "TASK_STATE_COMPLETED" }, (t) => t.status.state === "TASK_STATE_COMPLETED");
        await expectMatching(store, { statusTimestampAfter: after }, (t) => t.status.timestamp! >= after);
        await expectMatching(
          store,
          { contextId: "ctx-0", status: "TASK_STATE_WORKING" },
          (t) => t.contextId === "ctx-0" && t.status.state === "TASK_STATE_WORKING",
        );
        await expectMatching(
          store,
          { contextId: "ctx-2", statusTimestampAfter: after },
          (t) => t.contextId === "ctx-2" && t.status.timestamp! >= after,
        );
        await expectMatching(
          store,
          { status: "TASK_STATE_FAILED", statusTimestampAfter: after },
          (t) => t.status.state === "TASK_STATE_FAILED" && t.status.timestamp! >= after,
        );
        await expectMatching(
          store,
          { contextId: "ctx-1", status: "TASK_STATE_COMPLETED", statusTimestampAfter: at(30) },
          (t) => t.contextId === "ctx-1" && t.status.state === "TASK_STATE_COMPLETED" && t.status.timestamp! >= at(30),
        );
      });

      it("treats statusTimestampAfter as inclusive and compares instants, not text", async () => {
        const store = await seeded();
        const exact = await store.list({ statusTimestampAfter: at(110) });
        expect(ids(exact.tasks)).toEqual(["t11"]);
        const viaOffset = await store.list({ statusTimestampAfter: "2026-01-01T01:01:50+01:00" });
        expect(ids(viaOffset.tasks)).toEqual(["t11"]);
        expect((await store.list({ statusTimestampAfter: "2999-01-01T00:00:00Z" })).totalSize).toBe(0);
      });

      it("treats TASK_STATE_UNSPECIFIED as no status filter", async () => {
        const store = await seeded();
        const page = await store.list({ status: "TASK_STATE_UNSPECIFIED" });
        expect(page.totalSize).toBe(12);
      });

      it("returns an empty page for filters nothing matches", async () => {
        const store = await seeded();
        const page = await store.list({ contextId: "nope" });
        expect(page).toEqual({ tasks: [], nextPageToken: "", pageSize: 50, totalSize: 0 });
        expect((await store.list({ status: "TASK_STATE_REJECTED" })).totalSize).toBe(0);
      });

      it("rejects an unknown status filter or a bad statusTimestampAfter with -32602", async () => {
        const store = await seeded();
        await expect(store.list({ status: "TASK_STATE_DONE" as never })).rejects.toMatchObject({ code: INVALID_PARAMS });
        for (const statusTimestampAfter of ["yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01"]) {
          await expect(store.list({ statusTimestampAfter })).rejects.toMatchObject({ code: INVALID_PARAMS });
        }
      });
    });

    describe("history and artifacts", () => {
      it("omits artifacts in lists unless includeArtifacts is true", async () => {
        const store = await createStore();
        await store.save(makeTask("t1", { artifacts: 2 }));
        await store.save(makeTask("t2", { artifacts: 0, timestamp: at(1) }));
        const plain = await store.list();
        for (const task of plain.tasks) expect(Object.keys(task)).not.toContain("artifacts");
        const full = await store.list({ includeArtifacts: true });
        expect(full.tasks.find((t) => t.id === "t1")!.artifacts).toHaveLength(2);
        expect(full.tasks.find((t) => t.id === "t2")!.artifacts).toEqual([]);
        expect((await store.get("t1"))!.artifacts).toHaveLength(2);
      });

      it("applies historyLength in get and list", async () => {
        const store = await createStore();
        const task = makeTask("t1", { history: 5 });
        await store.save(task);
        expect((await store.get("t1"))!.history).toEqual(task.history);
        expect(Object.keys((await store.get("t1", { historyLength: 0 }))!)).not.toContain("history");
        expect((await store.get("t1", { historyLength: 2 }))!.history).toEqual(task.history!.slice(-2));
        expect((await store.get("t1", { historyLength: 50 }))!.history).toEqual(task.history);
        const listed = await store.list({ historyLength: 3 });
        expect(listed.tasks[0]!.history).toEqual(task.history!.slice(-3));
        expect(Object.keys((await store.list({ historyLength: 0 })).tasks[0]!)).not.toContain("history");
        expect((await store.list()).tasks[0]!.history).toEqual(task.history);
      });

      it("rejects a negative or fractional historyLength with -32602", async () => {
        const store = await createStore();
        await store.save(makeTask("t1"));
        for (const historyLength of [-1, 1.5]) {
          await expect(store.get("t1", { historyLength })).rejects.toMatchObject({ code: INVALID_PARAMS });
          await expect(store.list({ historyLength })).rejects.toMatchObject({ code: INVALID_PARAMS });
        }
      });
    });

    describe("invalid input", () => {
      const base = makeTask("valid");
      const cases: Array<[string, unknown]> = [
        ["not an object", "task"],
        ["null", null],
        ["an array", [base]],
        ["missing id", { ...base, id: undefined }],
        ["empty id", { ...base, id: "" }],
        ["numeric id", { ...base, id: 42 }],
        ["missing contextId", { ...base, contextId: undefined }],
        ["empty contextId", { ...base, contextId: "" }],
        ["missing status", { ...base, status: undefined }],
        ["status not an object", { ...base, status: "working" }],
        ["unknown state", { ...base, status: { state: "TASK_STATE_DONE" } }],
        ["unspecified state", { ...base, status: { state: "TASK_STATE_UNSPECIFIED" } }],
        ["invalid timestamp", { ...base, status: { state: "TASK_STATE_WORKING", timestamp: "not a time" } }],
        ["timestamp without zone", { ...base, status: { state: "TASK_STATE_WORKING", timestamp: "2026-01-01T00:00:00" } }],
        ["numeric timestamp", { ...base, status: { state: "TASK_STATE_WORKING", timestamp: 1700000000 } }],
        ["artifacts not an array", { ...base, artifacts: {} }],
        ["history not an array", { ...base, history: "none" }],
        ["metadata not an object", { ...base, metadata: [1] }],
      ];
      for (const [label, input] of cases) {
        it(`rejects a task with ${label} (-32602) and stores nothing`, async () => {
          const store = await createStore();
          await expect(store.save(input as Task)).rejects.toMatchObject({ code: INVALID_PARAMS });
          await expect(store.insertIfAbsent(input as Task)).rejects.toMatchObject({ code: INVALID_PARAMS });
          expect(await store.count()).toBe(0);
          expect((await store.list()).totalSize).toBe(0);
        });
      }

      it("keeps the previous version when an update is rejected", async () => {
        const store = await createStore();
        await store.save(base);
        await expect(store.save({ ...base, status: { state: "bogus" } } as never)).rejects.toMatchObject({ code: INVALID_PARAMS });
        expect(await store.get("valid")).toEqual(base);
      });
    });

    describe("isolation", () => {
      it("is not changed through the object passed to save", async () => {
        const store = await createStore();
        const task = makeTask("t1");
        const snapshot = structuredClone(task);
        await store.save(task);
        task.status.state = "TASK_STATE_FAILED";
        task.history!.push({ messageId: "sneaky", role: "ROLE_USER", parts: [] });
        (task.metadata as Record<string, unknown>).owner = "mallory";
        expect(await store.get("t1")).toEqual(snapshot);
      });

      it("is not changed through an object it returned", async () => {
        const store = await createStore();
        const original = makeTask("t1");
        await store.save(original);
        const got = (await store.get("t1"))!;
        const listed = (await store.list({ includeArtifacts: true })).tasks[0]!;
        for (const returned of [got, listed]) {
          try {
            (returned.status as { state: string }).state = "TASK_STATE_FAILED";
            returned.history!.push({ messageId: "sneaky", role: "ROLE_USER", parts: [] });
            returned.artifacts![0]!.name = "changed";
          } catch {
            // Frozen snapshots throw in strict mode: just as good.
          }
        }
        expect(await store.get("t1")).toEqual(original);
        expect((await store.list({ status: "TASK_STATE_FAILED" })).totalSize).toBe(0);
      });
    });

    describe("concurrency", () => {
      it(`loses no update among ${concurrency} concurrent writers`, async () => {
        const store = await createStore();
        await Promise.all(
          Array.from({ length: concurrency }, (_, i) =>
            i % 2 ? store.save(makeTask(`w${i}`, { timestamp: at(i) })) : store.insertIfAbsent(makeTask(`w${i}`, { timestamp: at(i) })),
          ),
        );
        expect(await store.count()).toBe(concurrency);
        const all = await listAll(store, { pageSize: maxPageSize });
        expect(new Set(ids(all)).size).toBe(concurrency);
      });

      it("lets exactly one of many concurrent insertIfAbsent calls win", async () => {
        const store = await createStore();
        const n = Math.min(concurrency, 100);
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => store.insertIfAbsent(makeTask("same", { extra: { writer: i } }))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await store.get("same"))!.writer).toBe(winner);
      });

      it("serialises concurrent saves of one task into some order of complete versions", async () => {
        const store = await createStore();
        const versions = Array.from({ length: 50 }, (_, i) => makeTask("t", { history: i % 5, extra: { version: i } }));
        await Promise.all(versions.map((v) => store.save(v)));
        const stored = (await store.get("t"))!;
        expect(versions.find((v) => v.version === stored.version)).toEqual(stored);
      });
    });
  });
}
