import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DurableObjectTaskStore, type TaskStoreObject } from "../../worker/index.js";
import { RECORD_FORMAT, SCHEMA_VERSION } from "../../worker/sqlite-storage.js";
import { at, makeTask } from "../conformance/fixtures.js";
import { freshTenant, httpStore } from "./helpers.js";

const TTL_MS = Number(env.TASK_TTL_SECONDS) * 1000;

function stubFor(tenant: string) {
  return env.TASK_STORE.get(env.TASK_STORE.idFromName(tenant));
}

interface Row {
  id: string;
  task: string;
  updated_at: number;
  format: number;
  [column: string]: string | number;
}

function rows(tenant: string): Promise<Row[]> {
  return runInDurableObject(stubFor(tenant), (_instance, state) =>
    state.storage.sql.exec<Row>("SELECT id, task, updated_at, format FROM tasks ORDER BY id").toArray(),
  );
}

/** Moves the object's store clock forward: the only way to let a TTL pass without waiting. */
function advanceClock(tenant: string, ms: number): Promise<void> {
  return runInDurableObject(stubFor(tenant), (instance: TaskStoreObject) => {
    (instance as unknown as { now: () => number }).now = () => Date.now() + ms;
  });
}

describe("write-through to SQLite", () => {
  it("has every task in SQLite, with schema and record versions, when the write returns", async () => {
    const tenant = freshTenant("sql");
    const store = httpStore({ tenant });
    await store.save(makeTask("a", { timestamp: at(1) }));
    await store.insertIfAbsent(makeTask("b", { timestamp: at(2), state: "completed" }));
    await store.save(makeTask("c", { timestamp: at(3) }));
    await store.delete("c");
    const stored = await rows(tenant);
    expect(stored.map((r) => r.id)).toEqual(["a", "b"]);
    expect(JSON.parse(stored[1]!.task)).toEqual({ ...makeTask("b", { timestamp: at(2) }), status: { ...makeTask("b").status, timestamp: at(2), state: "TASK_STATE_COMPLETED" } });
    expect(stored.every((r) => r.format === RECORD_FORMAT && r.updated_at > 0)).toBe(true);
    const meta = await runInDurableObject(stubFor(tenant), (_i, state) =>
      state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").one(),
    );
    expect(meta.value).toBe(String(SCHEMA_VERSION));
  });

  it("refuses to open a database written by a newer schema rather than guess at it", async () => {
    const tenant = freshTenant("newer");
    const store = DurableObjectTaskStore.forTenant(env.TASK_STORE, tenant);
    await store.save(makeTask("kept"));
    await runInDurableObject(stubFor(tenant), (_i, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'schema_version'", String(SCHEMA_VERSION + 1));
    });
    await abortAllDurableObjects();
    await expect(store.get("kept")).rejects.toThrow(/schema version 2/);
    await expect(store.save(makeTask("new"))).rejects.toThrow(/schema version 2/);
  });
});

describe("eviction from memory and restarts", () => {
  it("finds every task, unchanged, in a fresh instance after the object is evicted", async () => {
    const tenant = freshTenant("evict");
    const store = httpStore({ tenant });
    const tasks = Array.from({ length: 120 }, (_, i) =>
      makeTask(`t${i}`, { timestamp: at(i), contextId: `ctx-${i % 3}`, state: i % 4 ? "TASK_STATE_WORKING" : "TASK_STATE_COMPLETED" }),
    );
    await Promise.all(tasks.map((t) => store.save(t)));
    await store.delete("t7");
    const before = await runInDurableObject(stubFor(tenant), (instance) => instance);
    const rowsBefore = await rows(tenant);

    await abortAllDurableObjects();

    const after = await runInDurableObject(stubFor(tenant), (instance) => instance);
    expect(after).not.toBe(before); // really a new instance, loaded from SQLite
    expect(await store.count()).toBe(119);
    for (const task of tasks) {
      expect(await store.get(task.id)).toEqual(task.id === "t7" ? undefined : task);
    }
    const page = await store.list({ contextId: "ctx-1", status: "TASK_STATE_COMPLETED", pageSize: 100 });
    expect(page.tasks.map((t) => t.id)).toEqual(
      tasks.filter((t, i) => i % 3 === 1 && i % 4 === 0).map((t) => t.id).reverse(),
    );
    // updatedAt survives, so TTLs run from the last write, not from the restart.
    expect(await rows(tenant)).toEqual(rowsBefore);
  });

  it("keeps the alarm at the first expiry across a restart", async () => {
    const tenant = freshTenant("alarm-restart");
    const store = httpStore({ tenant });
    await store.save(makeTask("done", { state: "TASK_STATE_COMPLETED" }));
    const [row] = await rows(tenant);
    const alarm = () => runInDurableObject(stubFor(tenant), (_i, state) => state.storage.getAlarm());
    expect(await alarm()).toBe(row!.updated_at + TTL_MS);
    await abortAllDurableObjects();
    await store.count();
    expect(await alarm()).toBe(row!.updated_at + TTL_MS);
  });

  it("drops terminal tasks whose TTL ran out while the object was down, on load", async () => {
    const tenant = freshTenant("expired-offline");
    const store = httpStore({ tenant });
    await store.save(makeTask("old", { state: "TASK_STATE_FAILED" }));
    await store.save(makeTask("active"));
    await runInDurableObject(stubFor(tenant), (_i, state) => {
      state.storage.sql.exec("UPDATE tasks SET updated_at = updated_at - ? WHERE id = 'old'", TTL_MS + 1000);
    });
    await abortAllDurableObjects();
    expect(await store.get("old")).toBeUndefined();
    expect((await rows(tenant)).map((r) => r.id)).toEqual(["active"]);
  });
});

describe("TTL eviction on the Durable Object alarm", () => {
  it("evicts expired terminal tasks from memory and SQLite with nobody writing", async () => {
    const tenant = freshTenant("alarm");
    const store = httpStore({ tenant });
    await store.save(makeTask("done-1", { state: "TASK_STATE_COMPLETED", timestamp: at(1) }));
    await store.save(makeTask("done-2", { state: "TASK_STATE_CANCELED", timestamp: at(2) }));
    await store.save(makeTask("working", { timestamp: at(3) }));
    await store.save(makeTask("waiting", { state: "TASK_STATE_INPUT_REQUIRED", timestamp: at(4) }));

    // Nothing is due yet: an alarm that fires early evicts nothing.
    expect(await runDurableObjectAlarm(stubFor(tenant))).toBe(true);
    expect(await store.count()).toBe(4);

    await advanceClock(tenant, TTL_MS + 1);
    expect(await runDurableObjectAlarm(stubFor(tenant))).toBe(true);

    expect(await store.get("done-1")).toBeUndefined();
    expect(await store.get("done-2")).toBeUndefined();
    expect((await store.list()).tasks.map((t) => t.id)).toEqual(["waiting", "working"]);
    expect((await rows(tenant)).map((r) => r.id)).toEqual(["waiting", "working"]);
    // No terminal task left: no alarm left.
    expect(await runInDurableObject(stubFor(tenant), (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await runDurableObjectAlarm(stubFor(tenant))).toBe(false);
  });
});

describe("a failing storage write", () => {
  it("resets the object so memory never runs ahead of SQLite", async () => {
    const tenant = freshTenant("fail");
    const store = DurableObjectTaskStore.forTenant(env.TASK_STORE, tenant);
    await store.save(makeTask("kept"));
    // Larger than a SQLite value may be in a Durable Object (2 MB): the write throws.
    const huge = makeTask("huge", { extra: { blob: "x".repeat(3 * 1024 * 1024) } });
    await expect(store.save(huge)).rejects.toThrow();
    expect(await store.get("huge")).toBeUndefined();
    expect(await store.get("kept")).toEqual(makeTask("kept"));
    expect(await store.count()).toBe(1);
    expect((await rows(tenant)).map((r) => r.id)).toEqual(["kept"]);
  });
});
