import { AgentCard, TaskState } from "@a2a-js/sdk";
import { describe, expect, it } from "vitest";
import { toStoreTask } from "../../a2a-js/index.js";
import { at, makeTask } from "../conformance/fixtures.js";
import { listRequest as list } from "../a2a-js/sdk-requests.js";
import { sdkClient, type Binding } from "../example/sdk-client.js";
import { ADMIN_TOKEN, BASE_URL, freshTenant, httpStore, workerFetch } from "./helpers.js";

/** A card for one tenant of this service, as an agent in front of it would publish. */
function cardFor(tenant: string): AgentCard {
  return AgentCard.fromJSON({
    name: "a2a-task-store",
    supportedInterfaces: [
      { url: `${BASE_URL}/${tenant}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${BASE_URL}/${tenant}`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
  });
}

describe.each<Binding>(["JSONRPC", "HTTP+JSON"])("@a2a-js/sdk's client over %s reads what HttpTaskStore wrote", (binding) => {
  async function setup() {
    const tenant = freshTenant("sdk");
    const store = httpStore({ tenant });
    for (let i = 0; i < 5; i++) {
      await store.save(makeTask(`t${i}`, { contextId: i % 2 ? "odd" : "even", state: i < 3 ? "TASK_STATE_COMPLETED" : "TASK_STATE_WORKING", timestamp: at(i), history: 3 }));
    }
    return { store, client: await sdkClient(cardFor(tenant), binding, ADMIN_TOKEN, workerFetch) };
  }

  it("gets a task in the SDK's shape, equal to what was stored", async () => {
    const { store, client } = await setup();
    const got = await client.getTask({ tenant: "", id: "t1" });
    expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(toStoreTask(got)).toEqual(await store.get("t1"));
    expect((await client.getTask({ tenant: "", id: "t1", historyLength: 1 })).history.map((m) => m.messageId)).toEqual(["t1-m2"]);
    await expect(client.getTask({ tenant: "", id: "missing" })).rejects.toThrow(/not found/i);
  });

  it("lists with filters, paging, historyLength and includeArtifacts", async () => {
    const { client } = await setup();
    const all = await client.listTasks(list({ pageSize: 2 }));
    expect(all.totalSize).toBe(5);
    expect(all.tasks.map((t) => t.id)).toEqual(["t4", "t3"]);
    const next = await client.listTasks(list({ pageSize: 2, pageToken: all.nextPageToken }));
    expect(next.tasks.map((t) => t.id)).toEqual(["t2", "t1"]);

    const even = await client.listTasks(list({ contextId: "even", status: TaskState.TASK_STATE_COMPLETED }));
    expect(even.tasks.map((t) => t.id)).toEqual(["t2", "t0"]);
    expect(even.tasks.every((t) => t.artifacts.length === 0)).toBe(true);

    const rich = await client.listTasks(list({ contextId: "odd", includeArtifacts: true, historyLength: 0 }));
    expect(rich.tasks.map((t) => [t.id, t.artifacts.length, t.history.length])).toEqual([["t3", 1, 0], ["t1", 1, 0]]);

    const since = await client.listTasks(list({ statusTimestampAfter: at(3) }));
    expect(since.tasks.map((t) => t.id)).toEqual(["t4", "t3"]);
  });
});
