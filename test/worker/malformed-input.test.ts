import { describe, expect, it } from "vitest";
import { makeTask } from "../conformance/fixtures.js";
import { call, freshTenant } from "./helpers.js";

// Every request a client can get wrong, with the status and A2A reason (REST) or JSON-RPC code it
// must get. None may be a 500, and none may change what is stored.

const tenant = freshTenant("malformed");
const baseline = makeTask("t");
const MiB = 1024 * 1024;

type Case = {
  name: string;
  method?: string;
  path: string;
  body?: string | (() => ReadableStream<Uint8Array>);
  status: number;
  /** ErrorInfo reason for REST answers. */
  reason?: string;
  /** JSON-RPC error code for /rpc answers (HTTP 200). */
  rpcCode?: number;
};

const json = (value: unknown) => JSON.stringify(value);
const task = (changes: Record<string, unknown>) => json({ ...makeTask("x"), ...changes });
const nested = (depth: number) => `{"id":"x","contextId":"c","status":{"state":"TASK_STATE_WORKING"},"metadata":{"a":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
const rpc = (body: unknown) => ({ method: "POST", path: `/${tenant}/rpc`, body: typeof body === "string" ? body : json(body), status: 200 });
const stream = (bytes: number) => () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let sent = 0; sent < bytes; sent += 64 * 1024) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      controller.close();
    },
  });

const cases: Case[] = [
  // ListTasks query parameters
  { name: "pageSize not a number", path: "/tasks?pageSize=abc", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize 0", path: "/tasks?pageSize=0", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize above the maximum", path: "/tasks?pageSize=101", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize fractional", path: "/tasks?pageSize=1.5", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize in exponent form", path: "/tasks?pageSize=1e1", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize empty", path: "/tasks?pageSize=", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize repeated", path: "/tasks?pageSize=1&pageSize=2", status: 400, reason: "INVALID_PARAMS" },
  { name: "pageSize too long to be a safe integer", path: `/tasks?pageSize=${"9".repeat(40)}`, status: 400, reason: "INVALID_PARAMS" },
  { name: "includeArtifacts=maybe", path: "/tasks?includeArtifacts=maybe", status: 400, reason: "INVALID_PARAMS" },
  { name: "includeArtifacts=1", path: "/tasks?includeArtifacts=1", status: 400, reason: "INVALID_PARAMS" },
  { name: "historyLength negative", path: "/tasks?historyLength=-1", status: 400, reason: "INVALID_PARAMS" },
  { name: "historyLength a word", path: "/tasks?historyLength=ten", status: 400, reason: "INVALID_PARAMS" },
  { name: "unknown status", path: "/tasks?status=TASK_STATE_DONE", status: 400, reason: "INVALID_PARAMS" },
  { name: "statusTimestampAfter not a time", path: "/tasks?statusTimestampAfter=yesterday", status: 400, reason: "INVALID_PARAMS" },
  { name: "garbage pageToken", path: "/tasks?pageToken=garbage!", status: 400, reason: "INVALID_PARAMS" },
  { name: "snake_case parameter", path: "/tasks?page_size=10", status: 400, reason: "INVALID_PARAMS" },
  { name: "bad percent-encoding in a value", path: "/tasks?contextId=%E0%A4%A", status: 200 },
  // GetTask / DeleteTask
  { name: "GetTask historyLength negative", path: "/tasks/t?historyLength=-2", status: 400, reason: "INVALID_PARAMS" },
  { name: "GetTask unknown parameter", path: "/tasks/t?foo=bar", status: 400, reason: "INVALID_PARAMS" },
  { name: "GetTask id with bad percent-encoding", path: "/tasks/%E0%A4%A", status: 404, reason: "TASK_NOT_FOUND" },
  { name: "DELETE with a query parameter", method: "DELETE", path: "/tasks/t?force=true", status: 400, reason: "INVALID_PARAMS" },
  { name: "tenant starting with a symbol", path: "/-x/tasks", status: 400, reason: "INVALID_TENANT" },
  { name: "tenant longer than 128 characters", path: `/${"a".repeat(129)}/tasks`, status: 400, reason: "INVALID_TENANT" },
  // PUT bodies
  { name: "PUT invalid JSON", method: "PUT", path: "/tasks/x", body: "not json", status: 400, reason: "JSON_PARSE" },
  { name: "PUT empty body", method: "PUT", path: "/tasks/x", body: "", status: 400, reason: "JSON_PARSE" },
  { name: "PUT truncated JSON", method: "PUT", path: "/tasks/x", body: '{"id": "x"', status: 400, reason: "JSON_PARSE" },
  { name: "PUT JSON with trailing garbage", method: "PUT", path: "/tasks/x", body: `${task({})} x`, status: 400, reason: "JSON_PARSE" },
  { name: "PUT NaN literal", method: "PUT", path: "/tasks/x", body: '{"id":"x","n":NaN}', status: 400, reason: "JSON_PARSE" },
  { name: "PUT an array", method: "PUT", path: "/tasks/x", body: json([makeTask("x")]), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT null", method: "PUT", path: "/tasks/x", body: "null", status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT a number", method: "PUT", path: "/tasks/x", body: "42", status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT id not matching the path", method: "PUT", path: "/tasks/x", body: task({ id: "y" }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT without id", method: "PUT", path: "/tasks/x", body: task({ id: undefined }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT numeric id", method: "PUT", path: "/tasks/42", body: task({ id: 42 }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT without contextId", method: "PUT", path: "/tasks/x", body: task({ contextId: undefined }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT without status", method: "PUT", path: "/tasks/x", body: task({ status: undefined }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT unknown state", method: "PUT", path: "/tasks/x", body: task({ status: { state: "TASK_STATE_DONE" } }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT timestamp not RFC 3339", method: "PUT", path: "/tasks/x", body: task({ status: { state: "TASK_STATE_WORKING", timestamp: "noon" } }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT history not an array", method: "PUT", path: "/tasks/x", body: task({ history: "none" }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT metadata an array", method: "PUT", path: "/tasks/x", body: task({ metadata: [1] }), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT nested 100 levels", method: "PUT", path: "/tasks/x", body: nested(100), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT nested 200 000 levels", method: "PUT", path: "/tasks/x", body: nested(200_000), status: 400, reason: "INVALID_PARAMS" },
  { name: "PUT body over 1 MiB", method: "PUT", path: "/tasks/x", body: task({ blob: "x".repeat(MiB) }), status: 413, reason: "PAYLOAD_TOO_LARGE" },
  { name: "PUT streamed body over 1 MiB, no Content-Length", method: "PUT", path: "/tasks/x", body: stream(MiB + 1), status: 413, reason: "PAYLOAD_TOO_LARGE" },
  // POST bodies
  { name: "POST invalid JSON", method: "POST", path: "/tasks", body: "{", status: 400, reason: "JSON_PARSE" },
  { name: "POST empty id", method: "POST", path: "/tasks", body: task({ id: "" }), status: 400, reason: "INVALID_PARAMS" },
  { name: "POST an existing id", method: "POST", path: "/tasks", body: json({ ...baseline, status: { state: "TASK_STATE_FAILED" } }), status: 409, reason: "TASK_ALREADY_EXISTS" },
  { name: "POST body over 1 MiB", method: "POST", path: "/tasks", body: task({ blob: "x".repeat(MiB) }), status: 413, reason: "PAYLOAD_TOO_LARGE" },
  // JSON-RPC
  { name: "RPC parse error", ...rpc("{"), rpcCode: -32700 },
  { name: "RPC empty body", ...rpc(""), rpcCode: -32700 },
  { name: "RPC batch", ...rpc([{ jsonrpc: "2.0", id: 1, method: "GetTask" }]), rpcCode: -32600 },
  { name: "RPC not an object", ...rpc("42"), rpcCode: -32600 },
  { name: "RPC wrong version", ...rpc({ jsonrpc: "1.0", id: 1, method: "GetTask" }), rpcCode: -32600 },
  { name: "RPC notification (no id)", ...rpc({ jsonrpc: "2.0", method: "GetTask", params: { id: "t" } }), rpcCode: -32600 },
  { name: "RPC id an object", ...rpc({ jsonrpc: "2.0", id: {}, method: "GetTask" }), rpcCode: -32600 },
  { name: "RPC method not a string", ...rpc({ jsonrpc: "2.0", id: 1, method: 5 }), rpcCode: -32600 },
  { name: "RPC unknown method", ...rpc({ jsonrpc: "2.0", id: 1, method: "CancelTask", params: { id: "t" } }), rpcCode: -32601 },
  { name: "RPC v0.3 method name", ...rpc({ jsonrpc: "2.0", id: 1, method: "tasks/get", params: { id: "t" } }), rpcCode: -32601 },
  { name: "RPC params an array", ...rpc({ jsonrpc: "2.0", id: 1, method: "GetTask", params: ["t"] }), rpcCode: -32602 },
  { name: "RPC GetTask without id", ...rpc({ jsonrpc: "2.0", id: 1, method: "GetTask", params: {} }), rpcCode: -32602 },
  { name: "RPC GetTask numeric id", ...rpc({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: 5 } }), rpcCode: -32602 },
  { name: "RPC GetTask historyLength a string", ...rpc({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "t", historyLength: "3" } }), rpcCode: -32602 },
  { name: "RPC GetTask missing task", ...rpc({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "nope" } }), rpcCode: -32001 },
  { name: "RPC ListTasks pageSize a string", ...rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { pageSize: "10" } }), rpcCode: -32602 },
  { name: "RPC ListTasks includeArtifacts a string", ...rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { includeArtifacts: "yes" } }), rpcCode: -32602 },
  { name: "RPC ListTasks unknown parameter", ...rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { page_size: 10 } }), rpcCode: -32602 },
  { name: "RPC ListTasks another tenant", ...rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: { tenant: "other" } }), rpcCode: -32602 },
  { name: "RPC body over 1 MiB", method: "POST", path: `/${tenant}/rpc`, body: json({ jsonrpc: "2.0", id: 1, method: "ListTasks", pad: "x".repeat(MiB) }), status: 413, reason: "PAYLOAD_TOO_LARGE" },
];

describe(`malformed input (${cases.length} cases)`, () => {
  it("has at least 30 cases", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  const labelled = cases.map((c) => ({ ...c, expected: c.rpcCode !== undefined ? `JSON-RPC ${c.rpcCode}` : `${c.status} ${c.reason ?? ""}`.trim() }));
  it.each(labelled)("$name → $expected", async ({ method = "GET", path, body, status, reason, rpcCode }) => {
    if ((await call(`/${tenant}/tasks/t`)).status === 404) await call(`/${tenant}/tasks/t`, { method: "PUT", body: json(baseline) });
    const fullPath = path.startsWith(`/${tenant}/`) || /^\/(-|a{129})/.test(path) ? path : `/${tenant}${path}`;
    const init: RequestInit & { headers?: Record<string, string> } = { method };
    if (typeof body === "function") Object.assign(init, { body: body(), duplex: "half" });
    else if (body !== undefined) init.body = body;
    const response = await call(fullPath, init);

    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/json/);
    const answer = await response.json<any>();
    if (rpcCode !== undefined) {
      expect(answer).toMatchObject({ jsonrpc: "2.0", error: { code: rpcCode } });
      expect(answer.error.message).toEqual(expect.any(String));
    } else if (reason !== undefined) {
      expect(answer.error).toMatchObject({ code: status, message: expect.any(String) });
      expect(answer.error.details[0]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason });
    }

    // Nothing stored from a rejected request; the task that was there is unchanged.
    const listed = await (await call(`/${tenant}/tasks?includeArtifacts=true`)).json<any>();
    expect(listed.tasks).toEqual([baseline]);
  });
});
