import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { HttpTaskStore, InMemoryTaskStore, type ListTasksResponse, type Task } from "../../src/index.js";
import { createTaskStoreApp } from "../../worker/index.js";
import { at, makeTask } from "../conformance/fixtures.js";
import { ADMIN_TOKEN, BASE_URL, call, freshTenant, selfFetch } from "./helpers.js";

const ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

async function json(response: Response): Promise<any> {
  expect(response.headers.get("content-type")).toMatch(/^application\/(a2a\+)?json/);
  return response.json();
}

function put(path: string, task: unknown) {
  return call(path, { method: "PUT", body: JSON.stringify(task), headers: { "content-type": "application/json" } });
}

function rpc(body: unknown, path = "/rpc") {
  return call(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
}

describe("REST routes (A2A §11)", () => {
  it("GET /health answers without credentials", async () => {
    const response = await call("/health", { headers: { authorization: "" } });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: "ok" });
  });

  it("PUT /tasks/{id} saves and answers 200 with the task as stored", async () => {
    const tenant = freshTenant();
    const task = makeTask("t1", { state: "input-required" });
    const response = await put(`/${tenant}/tasks/t1`, task);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/a2a\+json/);
    const stored = { ...task, status: { ...task.status, state: "TASK_STATE_INPUT_REQUIRED" } };
    expect(await json(response)).toEqual(stored);
    expect(await json(await call(`/${tenant}/tasks/t1`))).toEqual(stored);
    const replaced = makeTask("t1", { state: "TASK_STATE_COMPLETED" });
    expect((await put(`/${tenant}/tasks/t1`, replaced)).status).toBe(200);
    expect(await json(await call(`/${tenant}/tasks/t1`))).toEqual(replaced);
  });

  it("GET /tasks/{id} applies historyLength and answers 404 TASK_NOT_FOUND in google.rpc.Status form", async () => {
    const tenant = freshTenant();
    const task = makeTask("t1", { history: 4 });
    await put(`/${tenant}/tasks/t1`, task);
    const trimmed = await json(await call(`/${tenant}/tasks/t1?historyLength=1`));
    expect(trimmed.history).toEqual(task.history!.slice(-1));
    expect(await json(await call(`/${tenant}/tasks/t1?historyLength=0`))).not.toHaveProperty("history");

    const missing = await call(`/${tenant}/tasks/nope`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({
      error: {
        code: 404,
        status: "NOT_FOUND",
        message: "Task not found: nope",
        details: [{ "@type": ERROR_INFO, reason: "TASK_NOT_FOUND", domain: "a2a-protocol.org", metadata: { taskId: "nope" } }],
      },
    });
  });

  it("POST /tasks creates once (201 with Location), then answers 409 and changes nothing", async () => {
    const tenant = freshTenant();
    const first = makeTask("t1");
    const created = await call(`/${tenant}/tasks`, { method: "POST", body: JSON.stringify(first) });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/${tenant}/tasks/t1`);
    expect(await json(created)).toEqual(first);
    const again = await call(`/${tenant}/tasks`, { method: "POST", body: JSON.stringify(makeTask("t1", { state: "failed" })) });
    expect(again.status).toBe(409);
    const body = await json(again);
    expect(body.error).toMatchObject({ code: 409, status: "ALREADY_EXISTS" });
    expect(body.error.details[0]).toMatchObject({ "@type": ERROR_INFO, reason: "TASK_ALREADY_EXISTS", metadata: { taskId: "t1" } });
    expect(await json(await call(`/${tenant}/tasks/t1`))).toEqual(first);
  });

  it("DELETE /tasks/{id} answers 204 with no body, then 404", async () => {
    const tenant = freshTenant();
    await put(`/${tenant}/tasks/t1`, makeTask("t1"));
    const deleted = await call(`/${tenant}/tasks/t1`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    const again = await call(`/${tenant}/tasks/t1`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect((await json(again)).error.details[0].reason).toBe("TASK_NOT_FOUND");
    expect((await call(`/${tenant}/tasks/t1`)).status).toBe(404);
  });

  it("GET /tasks lists with every camelCase query parameter", async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 6; i++) {
      await put(`/${tenant}/tasks/t${i}`, makeTask(`t${i}`, {
        contextId: i % 2 ? "odd" : "even",
        state: i < 3 ? "TASK_STATE_WORKING" : "TASK_STATE_COMPLETED",
        timestamp: at(i),
        history: 3,
      }));
    }
    const all: ListTasksResponse = await json(await call(`/${tenant}/tasks`));
    expect(all.tasks.map((t) => t.id)).toEqual(["t5", "t4", "t3", "t2", "t1", "t0"]);
    expect(all).toMatchObject({ nextPageToken: "", pageSize: 50, totalSize: 6 });
    expect(all.tasks[0]).not.toHaveProperty("artifacts");

    const query = `contextId=odd&status=TASK_STATE_COMPLETED&pageSize=1&historyLength=1&includeArtifacts=true&statusTimestampAfter=${encodeURIComponent(at(3))}`;
    const first: ListTasksResponse = await json(await call(`/${tenant}/tasks?${query}`));
    expect(first.tasks.map((t) => t.id)).toEqual(["t5"]);
    expect(first.totalSize).toBe(2);
    expect(first.tasks[0]!.history).toHaveLength(1);
    expect(first.tasks[0]!.artifacts).toHaveLength(1);
    const second: ListTasksResponse = await json(await call(`/${tenant}/tasks?${query}&pageToken=${first.nextPageToken}`));
    expect(second.tasks.map((t) => t.id)).toEqual(["t3"]);
    expect(second.nextPageToken).toBe("");
    // An empty value is an unset field (proto3), not a filter for "".
    expect((await json(await call(`/${tenant}/tasks?contextId=&status=`))).totalSize).toBe(6);
  });

  it("keeps tenants apart; no prefix is the tenant `default`", async () => {
    const a = freshTenant("a");
    const b = freshTenant("b");
    await put(`/${a}/tasks/same`, makeTask("same", { extra: { owner: "a" } }));
    await put(`/${b}/tasks/same`, makeTask("same", { extra: { owner: "b" } }));
    expect((await json(await call(`/${a}/tasks/same`))).owner).toBe("a");
    expect((await json(await call(`/${b}/tasks/same`))).owner).toBe("b");
    expect((await json(await call(`/${a}/tasks`))).totalSize).toBe(1);

    const id = `default-${crypto.randomUUID()}`;
    await put(`/tasks/${id}`, makeTask(id));
    expect((await call(`/default/tasks/${id}`)).status).toBe(200);
    expect((await call(`/${a}/tasks/${id}`)).status).toBe(404);
    // `/tasks/tasks` is the task "tasks" of the default tenant, not the list of a tenant "tasks".
    await put("/tasks/tasks", makeTask("tasks"));
    expect((await json(await call("/tasks/tasks"))).id).toBe("tasks");
  });

  it("round-trips ids with slashes, spaces, query characters and non-ASCII through HttpTaskStore", async () => {
    const store = new HttpTaskStore({ baseUrl: BASE_URL, token: ADMIN_TOKEN, tenant: freshTenant(), fetch: (url, init) => call(url.slice(BASE_URL.length), init) });
    const ids = ["a/b", "with space", "q?x=1&y#z", "ünï-cødé-✓", "50%", "tasks", ":cancel"];
    for (const id of ids) await store.save(makeTask(id));
    for (const id of ids) expect((await store.get(id))?.id).toBe(id);
    expect(await store.count()).toBe(ids.length);
    for (const id of ids) expect(await store.delete(id)).toBe(true);
    expect(await store.count()).toBe(0);
  });

  it("answers unknown routes and methods with a JSON 404", async () => {
    for (const [method, path] of [["GET", "/nope"], ["PATCH", "/tasks/t1"], ["GET", "/a/b/c/d"], ["POST", "/tasks/t1:cancel"]] as const) {
      const response = await call(path, { method });
      expect(response.status).toBe(404);
      expect((await json(response)).error.details[0].reason).toBe("ROUTE_NOT_FOUND");
    }
  });

  it("serves the same routes through SELF.fetch, the Worker's real entry point", async () => {
    const tenant = freshTenant("self");
    const store = new HttpTaskStore({ baseUrl: BASE_URL, token: ADMIN_TOKEN, tenant, fetch: selfFetch });
    await store.save(makeTask("s1", { timestamp: at(1) }));
    expect(await store.insertIfAbsent(makeTask("s2", { timestamp: at(2) }))).toBe(true);
    expect(await store.insertIfAbsent(makeTask("s2"))).toBe(false);
    expect((await store.list()).tasks.map((t: Task) => t.id)).toEqual(["s2", "s1"]);
    expect(await store.delete("s1")).toBe(true);
    expect(await store.get("s1")).toBeUndefined();
    const health = await selfFetch(`${BASE_URL}/health`);
    expect(await health.json()).toEqual({ status: "ok" });
  });
});

describe("JSON-RPC 2.0 (A2A §9)", () => {
  it("GetTask returns the task, with historyLength", async () => {
    const tenant = freshTenant();
    const task = makeTask("t1", { history: 3 });
    await put(`/${tenant}/tasks/t1`, task);
    const response = await rpc({ jsonrpc: "2.0", id: 7, method: "GetTask", params: { id: "t1", historyLength: 2 } }, `/${tenant}/rpc`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ jsonrpc: "2.0", id: 7, result: { ...task, history: task.history!.slice(-2) } });
  });

  it("GetTask for a missing task is -32001 with an ErrorInfo detail", async () => {
    const response = await rpc({ jsonrpc: "2.0", id: "req-1", method: "GetTask", params: { id: "missing" } }, `/${freshTenant()}/rpc`);
    expect(await json(response)).toEqual({
      jsonrpc: "2.0",
      id: "req-1",
      error: {
        code: -32001,
        message: "Task not found: missing",
        data: [{ "@type": ERROR_INFO, reason: "TASK_NOT_FOUND", domain: "a2a-protocol.org", metadata: { taskId: "missing" } }],
      },
    });
  });

  it("ListTasks filters and pages like GET /tasks, and accepts the matching params.tenant", async () => {
    const tenant = freshTenant();
    for (let i = 0; i < 5; i++) await put(`/${tenant}/tasks/t${i}`, makeTask(`t${i}`, { timestamp: at(i), contextId: i < 3 ? "a" : "b" }));
    const first = await json(await rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { tenant, contextId: "a", pageSize: 2 } }, `/${tenant}/rpc`));
    expect(first.result.tasks.map((t: Task) => t.id)).toEqual(["t2", "t1"]);
    expect(first.result).toMatchObject({ pageSize: 2, totalSize: 3 });
    const second = await json(await rpc({ jsonrpc: "2.0", id: 2, method: "ListTasks", params: { contextId: "a", pageSize: 2, pageToken: first.result.nextPageToken } }, `/${tenant}/rpc`));
    expect(second.result.tasks.map((t: Task) => t.id)).toEqual(["t0"]);
    expect(second.result.nextPageToken).toBe("");
  });

  it("answers JSON-RPC errors with HTTP 200 and the request id", async () => {
    const cases: Array<[unknown, number, unknown]> = [
      [{ jsonrpc: "2.0", id: 1, method: "SendMessage", params: {} }, -32601, 1],
      [{ jsonrpc: "2.0", id: 2, method: "GetTask", params: { id: "x", historyLength: -1 } }, -32602, 2],
      [{ jsonrpc: "2.0", id: 3, method: 42 }, -32600, 3],
      [{ id: 4, method: "GetTask" }, -32600, 4],
    ];
    for (const [body, code, id] of cases) {
      const response = await rpc(body);
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
    }
    const parse = await call("/rpc", { method: "POST", body: "{oops" });
    expect(await json(parse)).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
  });
});

describe("mounted in another Hono app", () => {
  it("serves its routes, tenants and error bodies under a base path", async () => {
    const stores = new Map<string, InMemoryTaskStore>();
    const outer = new Hono();
    outer.route("/store", createTaskStoreApp({ storeFor: (_env, tenant) => stores.get(tenant) ?? stores.set(tenant, new InMemoryTaskStore()).get(tenant)! }));
    const env = { AUTH_TOKEN: "k" };
    const headers = { authorization: "Bearer k" };
    const saved = await outer.request("/store/acme/tasks/t1", { method: "PUT", body: JSON.stringify(makeTask("t1")), headers }, env);
    expect(saved.status).toBe(200);
    expect(await stores.get("acme")!.get("t1")).toEqual(makeTask("t1"));
    const missing = await outer.request("/store/tasks/t1", { headers }, env);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.details[0].reason).toBe("TASK_NOT_FOUND");
    expect((await outer.request("/store/acme/tasks/t1", {}, env)).status).toBe(401);
  });
});
