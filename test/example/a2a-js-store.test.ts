import { ServerCallContext } from "@a2a-js/sdk/server";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { A2AJsTaskStore, scopeName, type TaskScope } from "../../a2a-js/index.js";
import { HttpTaskStore, type TaskStore } from "../../src/index.js";
import { createTaskStoreApp, DurableObjectTaskStore } from "../../worker/index.js";
import { task } from "../a2a-js/arbitraries.js";

// A2AJsTaskStore over the remote backends: what the SDK saves comes back equal through JSON text
// over RPC to a Durable Object, and through the edge service's HTTP routes.

const TOKEN = "example-test-token";
const service = createTaskStoreApp();
const serviceFetch = (url: string, init?: RequestInit) => Promise.resolve(service.fetch(new Request(url, init), { ...env, AUTH_TOKEN: TOKEN }));

const backends: Array<[string, (scope: TaskScope) => TaskStore]> = [
  ["DurableObjectTaskStore", (scope) => DurableObjectTaskStore.forTenant(env.TASK_STORE, `rt-${scopeName(scope)}`)],
  ["HttpTaskStore", () => new HttpTaskStore({ baseUrl: "https://store.test", token: TOKEN, tenant: `rt-${crypto.randomUUID()}`, fetch: serviceFetch })],
];

describe.each(backends)("A2AJsTaskStore over %s", (_name, storeFor) => {
  it("loads exactly what the SDK saved, for every part kind, state and metadata shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(task, { selector: (t) => t.id, minLength: 1, maxLength: 4 }), async (tasks) => {
        const store = new A2AJsTaskStore({ storeFor });
        const context = new ServerCallContext({ tenant: crypto.randomUUID() });
        for (const t of tasks) await store.save(t, context);
        for (const t of tasks) expect(await store.load(t.id, context)).toEqual(t);
        const page = await store.list({ tenant: "", contextId: "", status: 0, pageToken: "", statusTimestampAfter: undefined, includeArtifacts: true }, context);
        expect(page.tasks.map((t) => t.id).sort()).toEqual(tasks.map((t) => t.id).sort());
      }),
      { numRuns: 25 },
    );
  });
});
