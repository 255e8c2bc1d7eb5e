import { AgentCard, TaskState, type Task } from "@a2a-js/sdk";
import type { Client } from "@a2a-js/sdk/client";
import { abortAllDurableObjects, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listRequest as list, userMessage } from "../a2a-js/sdk-requests.js";
import { sdkClient, type Binding } from "./sdk-client.js";

const ORIGIN = "https://agent.test";
const fetcher = (url: string, init?: RequestInit) => SELF.fetch(url, init);

async function card(): Promise<AgentCard> {
  const response = await SELF.fetch(`${ORIGIN}/.well-known/agent-card.json`);
  expect(response.status).toBe(200);
  return AgentCard.fromJSON(await response.json());
}

function text(task: Task | undefined): string | undefined {
  const content = task?.artifacts[0]?.parts[0]?.content;
  return content?.$case === "text" ? content.value : undefined;
}

describe.each<Binding>(["JSONRPC", "HTTP+JSON"])("the echo agent through @a2a-js/sdk's client over %s", (binding) => {
  const alice = async () => sdkClient(await card(), binding, "alice-token", fetcher);

  async function sendAll(client: Client, contextId: string, texts: string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    for (const t of texts) tasks.push((await client.sendMessage(userMessage(t, contextId))) as Task);
    return tasks;
  }

  it("runs a task to completion, with status updates and an artifact, and GetTask reads it back", async () => {
    const client = await alice();
    const [sent] = await sendAll(client, crypto.randomUUID(), ["hello there"]);
    expect(client.transport.protocolName).toBe(binding);
    expect(sent!.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const got = await client.getTask({ tenant: "", id: sent!.id });
    expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(text(got)).toBe("hello there");
    expect(got.metadata).toEqual({ agent: "echo" });
    expect(got.history.length).toBeGreaterThanOrEqual(2);
    const trimmed = await client.getTask({ tenant: "", id: sent!.id, historyLength: 1 });
    expect(trimmed.history).toEqual(got.history.slice(-1));
  });

  it("streams each step as it happens, and the stored task ends where the stream did", async () => {
    const client = await alice();
    const kinds: string[] = [];
    let taskId = "";
    for await (const event of client.sendMessageStream(userMessage("step by step", crypto.randomUUID()))) {
      const payload = event.payload!;
      kinds.push(payload.$case === "statusUpdate" ? `status:${TaskState[payload.value.status!.state]}` : payload.$case);
      if (payload.$case === "task") taskId = payload.value.id;
    }
    expect(kinds).toEqual(["task", "status:TASK_STATE_WORKING", "status:TASK_STATE_WORKING", "artifactUpdate", "status:TASK_STATE_COMPLETED"]);
    const stored = await client.getTask({ tenant: "", id: taskId });
    expect(stored.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(text(stored)).toBe("step by step");
  });

  it("lists with filters, paging, historyLength and includeArtifacts as the spec says", async () => {
    const client = await alice();
    const contextA = crypto.randomUUID();
    const contextB = crypto.randomUUID();
    const a = await sendAll(client, contextA, ["a1", "a2", "a3"]);
    await sendAll(client, contextB, ["b1"]);

    const all = await client.listTasks(list({ contextId: contextA, pageSize: 10 }));
    expect(all.totalSize).toBe(3);
    // Newest first: the last task sent comes first.
    expect(all.tasks.map((t) => t.id)).toEqual(a.map((t) => t.id).reverse());
    expect(all.tasks.every((t) => t.artifacts.length === 0)).toBe(true);

    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await client.listTasks(list({ contextId: contextA, pageSize: 2, pageToken }));
      expect(page.pageSize).toBe(2);
      seen.push(...page.tasks.map((t) => t.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(all.tasks.map((t) => t.id));

    const completed = await client.listTasks(list({ contextId: contextA, status: TaskState.TASK_STATE_COMPLETED }));
    expect(completed.totalSize).toBe(3);
    const working = await client.listTasks(list({ contextId: contextA, status: TaskState.TASK_STATE_WORKING }));
    expect(working.totalSize).toBe(0);

    const rich = await client.listTasks(list({ contextId: contextA, includeArtifacts: true, historyLength: 0 }));
    expect(rich.tasks.map(text)).toEqual(["a3", "a2", "a1"]);
    expect(rich.tasks.every((t) => t.history.length === 0)).toBe(true);

    const since = a[1]!.status!.timestamp!;
    const recent = await client.listTasks(list({ contextId: contextA, statusTimestampAfter: since }));
    expect(recent.tasks.map((t) => t.id)).toEqual([a[2]!.id, a[1]!.id]);
  });

  it("never shows one user's tasks to another", async () => {
    const client = await alice();
    const contextId = crypto.randomUUID();
    const [sent] = await sendAll(client, contextId, ["private"]);
    const bob = await sdkClient(await card(), binding, "bob-token", fetcher);
    await expect(bob.getTask({ tenant: "", id: sent!.id })).rejects.toThrow(/not found/i);
    expect((await bob.listTasks(list({ contextId }))).totalSize).toBe(0);
  });

  it("keeps each tenant's tasks apart", async () => {
    const client = await alice();
    const contextId = crypto.randomUUID();
    const sent = (await client.sendMessage({ ...userMessage("acme only", contextId), tenant: "acme" })) as Task;
    expect((await client.getTask({ tenant: "acme", id: sent.id })).id).toBe(sent.id);
    await expect(client.getTask({ tenant: "", id: sent.id })).rejects.toThrow(/not found/i);
    expect((await client.listTasks(list({ tenant: "acme", contextId }))).totalSize).toBe(1);
  });

  it("finds every task again after its Durable Object is evicted", async () => {
    const client = await alice();
    const contextId = crypto.randomUUID();
    const sent = await sendAll(client, contextId, ["one", "two"]);
    const before = await client.listTasks(list({ contextId, includeArtifacts: true }));
    await abortAllDurableObjects();
    const after = await client.listTasks(list({ contextId, includeArtifacts: true }));
    expect(after).toEqual(before);
    expect((await client.getTask({ tenant: "", id: sent[0]!.id })).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });
});

describe("the echo agent's front door", () => {
  it("serves its card without a token, naming both bindings", async () => {
    const { supportedInterfaces } = await card();
    expect(supportedInterfaces.map((i) => i.protocolBinding)).toEqual(["JSONRPC", "HTTP+JSON"]);
  });

  it.each([
    ["no token", undefined],
    ["an unknown token", "Bearer nobody"],
    ["a malformed header", "Basic YWxpY2U6"],
  ])("answers %s with 401 and touches no task", async (_name, authorization) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (authorization) headers.authorization = authorization;
    const rpc = await SELF.fetch(`${ORIGIN}/a2a/jsonrpc`, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: {} }) });
    expect(rpc.status).toBe(401);
    const rest = await SELF.fetch(`${ORIGIN}/a2a/rest/tasks`, { headers });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });

  it("answers bad REST input with 400 and the SDK's error body, never 500", async () => {
    const auth = { authorization: "Bearer alice-token", "a2a-version": "1.0" };
    for (const path of ["/tasks?pageSize=abc", "/tasks?pageSize=0", "/tasks?pageToken=garbage!", "/tasks?status=BOGUS", "/tasks?historyLength=-1", "/tasks?statusTimestampAfter=yesterday"]) {
      const response = await SELF.fetch(`${ORIGIN}/a2a/rest${path}`, { headers: auth });
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT", details: [{ reason: "INVALID_PARAMS" }] } });
    }
    const missing = await SELF.fetch(`${ORIGIN}/a2a/rest/tasks/no-such-task`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { status: "NOT_FOUND", details: [{ reason: "TASK_NOT_FOUND" }] } });
    const badJson = await SELF.fetch(`${ORIGIN}/a2a/rest/message:send`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{" });
    expect(badJson.status).toBe(400);
  });

  it("answers a JSON-RPC body that is not JSON as the SDK's transport does: -32602, not §9's -32700", async () => {
    const headers = { authorization: "Bearer alice-token", "a2a-version": "1.0", "content-type": "application/json" };
    const response = await SELF.fetch(`${ORIGIN}/a2a/jsonrpc`, { method: "POST", headers, body: "{" });
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32602 } });
  });

  it("takes a request without A2A-Version as v0.3, which it does not speak (A2A §3.6)", async () => {
    const response = await SELF.fetch(`${ORIGIN}/a2a/rest/tasks`, { headers: { authorization: "Bearer alice-token" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { details: [{ reason: "VERSION_NOT_SUPPORTED" }] } });
  });
});
