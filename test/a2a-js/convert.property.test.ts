import { Task as SdkTask } from "@a2a-js/sdk";
import { ServerCallContext } from "@a2a-js/sdk/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { A2AJsTaskStore, fromStoreTask, toStoreTask } from "../../a2a-js/index.js";
import { InMemoryTaskStore } from "../../src/index.js";
import { task } from "./arbitraries.js";

describe("shape conversion between @a2a-js/sdk and the store", () => {
  it("round-trips every SDK task losslessly through the A2A JSON form", () => {
    fc.assert(
      fc.property(task, (t) => {
        expect(fromStoreTask(toStoreTask(t) as never)).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the JSON form the SDK's own codec writes, so other clients read the same task", () => {
    fc.assert(
      fc.property(task, (t) => {
        const json = toStoreTask(t);
        expect(json).toEqual(SdkTask.toJSON(t));
        expect(toStoreTask(fromStoreTask(json as never))).toEqual(json);
      }),
      { numRuns: 200 },
    );
  });

  it("loads exactly what it saved, through the store's validation, freezing and indexes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(task, { selector: (t) => t.id, maxLength: 8 }), async (tasks) => {
        const store = new A2AJsTaskStore();
        const context = new ServerCallContext();
        for (const t of tasks) await store.save(t, context);
        for (const t of tasks) expect(await store.load(t.id, context)).toEqual(t);
        const page = await store.list({ tenant: "", contextId: "", status: 0, pageToken: "", statusTimestampAfter: undefined, includeArtifacts: true, pageSize: 100 }, context);
        expect(page.totalSize).toBe(tasks.length);
        const byId = new Map(tasks.map((t) => [t.id, t]));
        for (const listed of page.tasks) expect(listed).toEqual(byId.get(listed.id));
      }),
      { numRuns: 150 },
    );
  });

  it("hands the SDK objects it may change without touching the stored task", async () => {
    const store = new A2AJsTaskStore({ storeFor: () => memory });
    const memory = new InMemoryTaskStore();
    const context = new ServerCallContext();
    const [t] = fc.sample(task, { numRuns: 1, seed: 7 });
    await store.save({ ...t!, metadata: { nested: { n: 1 } } }, context);
    const loaded = (await store.load(t!.id, context))!;
    (loaded.metadata!.nested as { n: number }).n = 2;
    loaded.history.push(loaded.history[0]!);
    expect((await memory.get(t!.id))!.metadata).toEqual({ nested: { n: 1 } });
    expect((await store.load(t!.id, context))!.history).toHaveLength(t!.history.length);
  });
});
