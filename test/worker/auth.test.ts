import { describe, expect, it } from "vitest";
import { InMemoryTaskStore } from "../../src/index.js";
import { createTaskStoreApp } from "../../worker/index.js";
import { makeTask } from "../conformance/fixtures.js";
import { ADMIN_TOKEN, call, freshTenant, selfFetch } from "./helpers.js";

// Tenant tokens configured in vitest.workers.config.ts: acme -> acme-token, globex -> globex-token.

function as(token: string | undefined, path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = token === undefined ? { authorization: "" } : { authorization: `Bearer ${token}` };
  return call(path, { ...init, headers }, selfFetch);
}

async function reason(response: Response): Promise<string> {
  return (await response.json<any>()).error.details[0].reason;
}

describe("bearer tokens", () => {
  it("answers 401 without a valid token and touches no data", async () => {
    const tenant = freshTenant();
    const attempts: Array<[string | undefined, string]> = [
      [undefined, "no header"],
      ["wrong-token", "wrong token"],
      [ADMIN_TOKEN.slice(0, -1), "a prefix of the real token"],
      [`${ADMIN_TOKEN}x`, "the real token plus a character"],
    ];
    for (const [token] of attempts) {
      for (const [method, path, body] of [
        ["PUT", `/${tenant}/tasks/t1`, JSON.stringify(makeTask("t1"))],
        ["POST", `/${tenant}/tasks`, JSON.stringify(makeTask("t2"))],
        ["GET", `/${tenant}/tasks`, undefined],
        ["DELETE", `/${tenant}/tasks/t1`, undefined],
        ["POST", `/${tenant}/rpc`, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks" })],
      ] as const) {
        const response = await as(token, path, { method, ...(body ? { body } : {}) });
        expect(response.status, `${method} ${path} with ${token}`).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(await reason(response)).toBe("UNAUTHENTICATED");
      }
    }
    const other = await call(`/${tenant}/tasks`, { headers: { authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}` } });
    expect(other.status).toBe(401);
    expect((await (await call(`/${tenant}/tasks`)).json<any>()).totalSize).toBe(0);
  });

  it("lets a tenant's token open its own tenant only: others get 403 and no data", async () => {
    await as(ADMIN_TOKEN, "/globex/tasks/secret", { method: "PUT", body: JSON.stringify(makeTask("secret", { extra: { payroll: 1 } })) });
    expect((await as("acme-token", "/acme/tasks/mine", { method: "PUT", body: JSON.stringify(makeTask("mine")) })).status).toBe(200);
    expect((await as("acme-token", "/acme/tasks/mine")).status).toBe(200);

    for (const [method, path, body] of [
      ["GET", "/globex/tasks/secret", undefined],
      ["GET", "/globex/tasks", undefined],
      ["DELETE", "/globex/tasks/secret", undefined],
      ["PUT", "/globex/tasks/secret", JSON.stringify(makeTask("secret", { extra: { payroll: 0 } }))],
      ["POST", "/globex/rpc", JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "secret" } })],
      ["GET", "/tasks", undefined],
      ["GET", `/${freshTenant()}/tasks`, undefined],
    ] as const) {
      const response = await as("acme-token", path, { method, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(403);
      const text = await response.text();
      expect(text).not.toContain("payroll");
      expect(JSON.parse(text).error.details[0].reason).toBe("PERMISSION_DENIED");
    }
    // Nothing the refused requests asked for happened.
    const secret = await (await as("globex-token", "/globex/tasks/secret")).json<any>();
    expect(secret.payroll).toBe(1);
  });

  it("does not let params.tenant reach another tenant through JSON-RPC", async () => {
    const response = await as("acme-token", "/acme/rpc", {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { tenant: "globex" } }),
    });
    expect(await response.json()).toMatchObject({ id: 1, error: { code: -32602 } });
  });

  it("lets the admin token open every tenant", async () => {
    for (const tenant of ["acme", "globex", freshTenant()]) {
      expect((await as(ADMIN_TOKEN, `/${tenant}/tasks`)).status).toBe(200);
    }
  });
});

describe("without a configured secret", () => {
  // Hono handler tests (app.request) with an in-memory store: the env has no tokens at all.
  const store = new InMemoryTaskStore();
  const app = createTaskStoreApp({ storeFor: () => store });

  it("refuses every task request with 503, and stores nothing", async () => {
    for (const env of [{}, { AUTH_TOKEN: "" }, { TENANT_TOKENS: "{}" }]) {
      const response = await app.request("/tasks/t1", { method: "PUT", body: JSON.stringify(makeTask("t1")), headers: { authorization: "Bearer anything" } }, env);
      expect(response.status).toBe(503);
      expect(await reason(response)).toBe("AUTH_NOT_CONFIGURED");
    }
    expect(await store.count()).toBe(0);
    expect((await app.request("/health", {}, {})).status).toBe(200);
  });

  it("refuses with 503 when TENANT_TOKENS is not a JSON object of tokens", async () => {
    for (const TENANT_TOKENS of ["not json", "[]", '{"acme": 5}', '{"acme": ""}']) {
      const response = await app.request("/acme/tasks", { headers: { authorization: "Bearer 5" } }, { TENANT_TOKENS, AUTH_TOKEN: "a" });
      expect(response.status).toBe(503);
      expect(await reason(response)).toBe("AUTH_MISCONFIGURED");
    }
  });

  it("works with tenant tokens alone", async () => {
    const env = { TENANT_TOKENS: JSON.stringify({ solo: "solo-token" }) };
    const ok = await app.request("/solo/tasks", { headers: { authorization: "Bearer solo-token" } }, env);
    expect(ok.status).toBe(200);
    expect((await app.request("/tasks", { headers: { authorization: "Bearer solo-token" } }, env)).status).toBe(403);
  });
});

