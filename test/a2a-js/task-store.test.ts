import { Role, TaskState, type Task as SdkTask } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import {
  DefaultRequestHandler,
  InMemoryTaskStore as SdkInMemoryTaskStore,
  JsonRpcTransportHandler,
  ServerCallContext,
  type TaskStore as SdkTaskStore,
  type User,
} from "@a2a-js/sdk/server";
import { describe, expect, it } from "vitest";
import { A2AJsTaskStore, scopeName, type TaskScope } from "../../a2a-js/index.js";
import { EchoAgentExecutor, echoAgentCard } from "../../examples/a2a-agent/echo-agent.js";
import { InMemoryTaskStore } from "../../src/index.js";
import { listRequest, userMessage } from "./sdk-requests.js";

const user = (userName: string): User => ({ isAuthenticated: true, userName });
const as = (userName?: string, tenant?: string) => new ServerCallContext({ user: userName ? user(userName) : undefined, tenant });

function sdkTask(id: string, timestamp: string | undefined, over: Partial<SdkTask> = {}): SdkTask {
  return {
    id,
    contextId: "ctx",
    status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp },
    artifacts: [{ artifactId: `${id}-a`, name: "out", description: "", parts: [], metadata: undefined, extensions: [] }],
    history: [1, 2, 3].map((n) => ({
      messageId: `${id}-m${n}`,
      contextId: "ctx",
      taskId: id,
      role: Role.ROLE_USER,
      parts: [{ content: { $case: "text", value: `m${n}` }, metadata: undefined, filename: "", mediaType: "" }],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    })),
    metadata: undefined,
    ...over,
  };
}

const ids = (page: { tasks: SdkTask[] }) => page.tasks.map((t) => t.id);

describe("A2AJsTaskStore: scoping", () => {
  it("keeps each owner's tasks apart within a tenant", async () => {
    const store = new A2AJsTaskStore();
    await store.save(sdkTask("a1", "2026-01-01T00:00:00Z"), as("alice"));
    await store.save(sdkTask("b1", "2026-01-01T00:00:00Z"), as("bob"));
    expect(await store.load("a1", as("bob"))).toBeUndefined();
    expect(await store.load("a1", as("alice"))).toMatchObject({ id: "a1" });
    expect(ids(await store.list(listRequest(), as("alice")))).toEqual(["a1"]);
    expect(ids(await store.list(listRequest(), as("bob")))).toEqual(["b1"]);
    // Callers without a user share the SDK's "unknown" owner, as in the SDK's own store.
    expect(ids(await store.list(listRequest(), as()))).toEqual([]);
  });

  it("keeps each tenant's tasks apart for the same user", async () => {
    const store = new A2AJsTaskStore();
    await store.save(sdkTask("t1", "2026-01-01T00:00:00Z"), as("alice", "acme"));
    expect(await store.load("t1", as("alice", "globex"))).toBeUndefined();
    expect(await store.load("t1", as("alice"))).toBeUndefined();
    expect(await store.load("t1", as("alice", "acme"))).toMatchObject({ id: "t1" });
  });

  it("asks storeFor once per scope and honours a custom OwnerResolver", async () => {
    const scopes: TaskScope[] = [];
    const store = new A2AJsTaskStore({
      storeFor: (scope) => (scopes.push(scope), new InMemoryTaskStore()),
      ownerResolver: (context) => String(context.state.get("team") ?? "none"),
    });
    const team = (name: string) => new ServerCallContext({ tenant: "acme", state: new Map([["team", name]]) });
    await store.save(sdkTask("x", undefined), team("red"));
    await store.save(sdkTask("y", undefined), team("red"));
    await store.load("x", team("blue"));
    expect(scopes).toEqual([{ tenant: "acme", owner: "red" }, { tenant: "acme", owner: "blue" }]);
    expect(await store.load("x", team("blue"))).toBeUndefined();
  });

  it("names scopes uniquely, whatever characters tenant and owner hold", () => {
    expect(scopeName({ tenant: "a/b", owner: "c" })).not.toBe(scopeName({ tenant: "a", owner: "b/c" }));
    expect(scopeName({ tenant: "", owner: "unknown" })).toBe("/unknown");
  });
});

describe("A2AJsTaskStore: listing follows the A2A spec where the SDK's own store does not", () => {
  const stores = (): Array<[string, SdkTaskStore]> => [
    ["ours", new A2AJsTaskStore()],
    ["sdk", new SdkInMemoryTaskStore()],
  ];

  it("orders by instant, so offsets and fraction lengths sort right (the SDK compares the text)", async () => {
    const results: Record<string, string[]> = {};
    for (const [name, store] of stores()) {
      const context = as("alice");
      await store.save(sdkTask("east", "2026-01-01T12:00:00+02:00"), context); // 10:00Z
      await store.save(sdkTask("utc", "2026-01-01T11:00:00Z"), context);
      await store.save(sdkTask("fine", "2026-01-01T11:00:00.5Z"), context);
      results[name] = ids(await store.list(listRequest({ pageSize: 10 }), context));
    }
    expect(results.ours).toEqual(["fine", "utc", "east"]);
    expect(results.sdk).toEqual(["east", "utc", "fine"]);
  });

  it("treats statusTimestampAfter as inclusive (the SDK excludes the boundary)", async () => {
    const results: Record<string, string[]> = {};
    for (const [name, store] of stores()) {
      const context = as("alice");
      await store.save(sdkTask("before", "2026-01-01T00:00:00Z"), context);
      await store.save(sdkTask("at", "2026-01-02T00:00:00Z"), context);
      await store.save(sdkTask("after", "2026-01-03T00:00:00Z"), context);
      results[name] = ids(await store.list(listRequest({ pageSize: 10, statusTimestampAfter: "2026-01-02T00:00:00Z" }), context));
    }
    expect(results.ours).toEqual(["after", "at"]);
    expect(results.sdk).toEqual(["after"]);
  });

  it("continues after the cursor when the cursor's task is gone (the SDK returns an empty page)", async () => {
    const context = as("alice");
    const results: Record<string, string[]> = {};
    for (const [name, store] of stores()) {
      for (let i = 0; i < 4; i++) await store.save(sdkTask(`t${i}`, `2026-01-0${i + 1}T00:00:00Z`), context);
      const first = await store.list(listRequest({ pageSize: 2 }), context);
      expect(ids(first)).toEqual(["t3", "t2"]);
      if (store instanceof A2AJsTaskStore) await store.storeOf(context).delete("t2");
      else (store as unknown as { _scopedStore: { getBucket(c: ServerCallContext): Map<string, unknown> } })._scopedStore.getBucket(context).delete("t2");
      results[name] = ids(await store.list(listRequest({ pageSize: 2, pageToken: first.nextPageToken }), context));
    }
    expect(results.ours).toEqual(["t1", "t0"]);
    expect(results.sdk).toEqual([]);
  });

  it("applies historyLength and includeArtifacts as the spec says", async () => {
    const store = new A2AJsTaskStore();
    const context = as("alice");
    await store.save(sdkTask("t", "2026-01-01T00:00:00Z"), context);
    const [plain] = (await store.list(listRequest(), context)).tasks;
    expect(plain!.artifacts).toEqual([]);
    expect(plain!.history).toHaveLength(3);
    const [trimmed] = (await store.list(listRequest({ historyLength: 1, includeArtifacts: true }), context)).tasks;
    expect(trimmed!.history.map((m) => m.messageId)).toEqual(["t-m3"]);
    expect(trimmed!.artifacts.map((a) => a.artifactId)).toEqual(["t-a"]);
    const [none] = (await store.list(listRequest({ historyLength: 0 }), context)).tasks;
    expect(none!.history).toEqual([]);
  });

  it("answers bad input with the SDK's RequestMalformedError, so transports send -32602", async () => {
    const store = new A2AJsTaskStore();
    const context = as("alice");
    await expect(store.list(listRequest({ pageToken: "garbage!" }), context)).rejects.toBeInstanceOf(RequestMalformedError);
    await expect(store.save(sdkTask("bad", "yesterday"), context)).rejects.toBeInstanceOf(RequestMalformedError);
    await expect(store.save({ ...sdkTask("nostatus", undefined), status: undefined }, context)).rejects.toBeInstanceOf(RequestMalformedError);
    expect(await store.list(listRequest(), context)).toMatchObject({ totalSize: 0 });
  });
});

describe("A2AJsTaskStore under the SDK's DefaultRequestHandler", () => {
  function agent() {
    const store = new A2AJsTaskStore();
    const handler = new DefaultRequestHandler(echoAgentCard("http://agent.test"), store, new EchoAgentExecutor());
    return { store, handler, rpc: new JsonRpcTransportHandler(handler) };
  }
  it("stores every step of a task the agent runs, and serves it back through GetTask and ListTasks", async () => {
    const { store, handler } = agent();
    const context = as("alice");
    const result = (await handler.sendMessage(userMessage("hello", "c1"), context)) as SdkTask;
    expect(result.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const stored = (await store.storeOf(context).get(result.id))!;
    expect(stored.status.state).toBe("TASK_STATE_COMPLETED");
    expect(stored.artifacts?.[0]?.parts[0]).toEqual({ text: "hello", mediaType: "text/plain" });
    const got = await handler.getTask({ tenant: "", id: result.id, historyLength: 1 }, context);
    expect(got.history).toHaveLength(1);
    const listed = await handler.listTasks(listRequest({ contextId: "c1", status: TaskState.TASK_STATE_COMPLETED }), context);
    expect(listed.tasks.map((t) => t.id)).toEqual([result.id]);
    expect(await handler.listTasks(listRequest(), as("bob"))).toMatchObject({ totalSize: 0 });
  });

  it("answers JSON-RPC with the A2A codes: -32001 for an unknown task, -32602 for a bad token", async () => {
    const { rpc } = agent();
    const get = await rpc.handle({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "nope" } }, as("alice"));
    expect(get).toMatchObject({ error: { code: -32001 } });
    const list = await rpc.handle({ jsonrpc: "2.0", id: 2, method: "ListTasks", params: { pageToken: "garbage!" } }, as("alice"));
    expect(list).toMatchObject({ error: { code: -32602 } });
  });
});
