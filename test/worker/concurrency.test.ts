import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { HttpTaskStore, type Task } from "../../src/index.js";
import { at, makeTask } from "../conformance/fixtures.js";
import { ADMIN_TOKEN, BASE_URL, freshTenant, selfFetch } from "./helpers.js";

// Its own file: SELF.fetch slows down with every request a file makes (workers-sdk#15446).
it("loses no update among 200 concurrent writers through HTTP (SELF.fetch)", async () => {
  const tenant = freshTenant("writers");
  const store = new HttpTaskStore({ baseUrl: BASE_URL, token: ADMIN_TOKEN, tenant, fetch: selfFetch });
  const writers = 200;
  // Half save (PUT), half create (POST); every fourth writer also updates a task another writer created.
  await Promise.all(
    Array.from({ length: writers }, async (_, i) => {
      const task = makeTask(`w${i}`, { timestamp: at(i), extra: { writer: i } });
      if (i % 2) await store.save(task);
      else expect(await store.insertIfAbsent(task)).toBe(true);
    }),
  );
  const updates = Array.from({ length: writers / 4 }, (_, k) => makeTask(`w${k * 4}`, { timestamp: at(k * 4), state: "TASK_STATE_COMPLETED", extra: { writer: k * 4, updated: true } }));
  await Promise.all(updates.map((task) => store.save(task)));

  const expected = new Map<string, Task>();
  for (let i = 0; i < writers; i++) expected.set(`w${i}`, makeTask(`w${i}`, { timestamp: at(i), extra: { writer: i } }));
  for (const task of updates) expected.set(task.id, task);

  const check = async () => {
    const first = await store.list({ pageSize: 100, includeArtifacts: true });
    const second = await store.list({ pageSize: 100, includeArtifacts: true, pageToken: first.nextPageToken });
    expect(second.nextPageToken).toBe("");
    const listed = [...first.tasks, ...second.tasks];
    expect(listed).toHaveLength(writers);
    for (const task of listed) expect(task).toEqual(expected.get(task.id));
  };
  await check();

  // And every one of them is in SQLite: a fresh instance has them all.
  await abortAllDurableObjects();
  await check();
  const stub = env.TASK_STORE.get(env.TASK_STORE.idFromName(tenant));
  const rows = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM tasks").one().n);
  expect(rows).toBe(writers);
});
