import { describe, expect, it } from "vitest";
import { A2AError, HttpTaskStore } from "../../src/index.js";
import { storeConfigFromEnv } from "../../worker/index.js";
import { makeTask } from "../conformance/fixtures.js";
import { ADMIN_TOKEN, BASE_URL, freshTenant, httpStore, workerFetch } from "./helpers.js";

describe("HttpTaskStore errors", () => {
  it("maps service errors back to A2AError codes, with the HTTP status and reason in data", async () => {
    const store = httpStore();
    const invalid = await store.list({ pageSize: 0 }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(A2AError);
    expect(invalid).toMatchObject({ code: -32602, data: { httpStatus: 400, reason: "INVALID_PARAMS", field: "pageSize" } });

    const unauthenticated = httpStore({ token: "wrong" });
    await expect(unauthenticated.get("t1")).rejects.toMatchObject({ code: -32603, data: { httpStatus: 401, reason: "UNAUTHENTICATED" } });
    await expect(httpStore({ token: "acme-token", tenant: "globex" }).count()).rejects.toMatchObject({ data: { httpStatus: 403 } });
  });

  it("treats a 404 that is not TASK_NOT_FOUND as an error, not as a missing task", async () => {
    // A wrong base path: every route is unknown, which must not read as "no such task".
    const misrouted = new HttpTaskStore({ baseUrl: `${BASE_URL}/a/b`, token: ADMIN_TOKEN, fetch: workerFetch });
    await expect(misrouted.get("t1")).rejects.toMatchObject({ code: -32603, data: { httpStatus: 404, reason: "ROUTE_NOT_FOUND" } });
    await expect(misrouted.delete("t1")).rejects.toBeInstanceOf(A2AError);
  });

  it('refuses the ids "." and "..", which a URL path cannot carry, before any request', async () => {
    let requests = 0;
    const store = httpStore({ fetch: (url, init) => (requests++, workerFetch(url, init)) });
    for (const id of [".", ".."]) {
      await expect(store.save(makeTask(id))).rejects.toMatchObject({ code: -32602, data: { field: "task.id" } });
      await expect(store.insertIfAbsent(makeTask(id))).rejects.toMatchObject({ code: -32602 });
      await expect(store.get(id)).rejects.toMatchObject({ code: -32602, data: { field: "id" } });
      await expect(store.delete(id)).rejects.toMatchObject({ code: -32602 });
    }
    expect(requests).toBe(0);
    await store.save(makeTask("..."));
    expect(await store.get("...")).toMatchObject({ id: "..." });
  });

  it("reports a response that is not JSON (a proxy's error page) as an A2AError", async () => {
    const store = new HttpTaskStore({ baseUrl: BASE_URL, fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }) });
    await expect(store.get("t1")).rejects.toMatchObject({ code: -32603, data: { httpStatus: 502 } });
  });

  it("rejects a task without a usable id before sending anything", async () => {
    let requests = 0;
    const store = new HttpTaskStore({ baseUrl: BASE_URL, fetch: async () => (requests++, new Response("{}")) });
    for (const task of [null, "task", { ...makeTask("x"), id: 7 }, { ...makeTask("x"), id: "" }]) {
      await expect(store.save(task as never)).rejects.toMatchObject({ code: -32602 });
      await expect(store.insertIfAbsent(task as never)).rejects.toMatchObject({ code: -32602 });
    }
    await expect(store.get("")).rejects.toMatchObject({ code: -32602 });
    expect(requests).toBe(0);
  });

  it("talks to the default tenant when no tenant is given", async () => {
    const id = `default-${freshTenant()}`;
    const anonymousTenant = new HttpTaskStore({ baseUrl: BASE_URL, token: ADMIN_TOKEN, fetch: workerFetch });
    await anonymousTenant.save(makeTask(id));
    expect(await httpStore({ tenant: "default" }).get(id)).toEqual(makeTask(id));
  });
});

describe("store settings from [vars]", () => {
  it("reads numbers and \"none\", and keeps the core defaults for what is unset", () => {
    expect(storeConfigFromEnv({})).toEqual({});
    expect(storeConfigFromEnv({ MAX_CAPACITY: "500", TASK_TTL_SECONDS: "60", EVICTION_INTERVAL: "8" })).toEqual({
      maxCapacity: 500,
      taskTtlMs: 60_000,
      evictionInterval: 8,
    });
    expect(storeConfigFromEnv({ MAX_CAPACITY: "none", TASK_TTL_SECONDS: "none" })).toEqual({ maxCapacity: null, taskTtlMs: null });
    expect(storeConfigFromEnv({ MAX_CAPACITY: 20 })).toEqual({ maxCapacity: 20 });
  });

  it("refuses a malformed setting, naming it", () => {
    for (const [name, value] of [["MAX_CAPACITY", "ten"], ["TASK_TTL_SECONDS", "-5"], ["EVICTION_INTERVAL", "none"], ["MAX_CAPACITY", "1.5"]]) {
      expect(() => storeConfigFromEnv({ [name!]: value })).toThrow(name);
    }
  });
});
