import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { HttpTaskStore, type Task } from "../../src/index.js";
import { at, makeTask } from "../conformance/fixtures.js";
import { useDevServer } from "./dev-server.js";

// `npm start` for real (wrangler dev → workerd, SQLite on disk): the README's curl examples work
// as written, and after a restart every task written before it is still there.

const token = `e2e-${Math.random().toString(36).slice(2)}`;
const server = useDevServer("scripts/start.mjs", "/health", { AUTH_TOKEN: token });

it("runs the README's curl examples as written (only port and token differ)", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("### Try it locally"), readme.indexOf("From code, `HttpTaskStore`"));
  const script = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  expect(script).toContain("curl");
  // The README's token is the npm start default; this server runs with its own.
  const run = spawnSync("bash", ["-e", "-c", script.replaceAll(":8787", `:${server.port}`).replaceAll("curl ", "curl -sS --fail-with-body ").replaceAll("dev-token", token)], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('"result":{"id":"task-1"');
});

it("keeps every task across a restart of `npm start`", async () => {
  const stores = ["north", "south"].map((name) => `${name}-${Date.now()}`).map((tenant) => new HttpTaskStore({ baseUrl: server.origin, token, tenant }));
  const written = new Map<string, Task[]>();
  for (const [n, store] of stores.entries()) {
    const tasks = Array.from({ length: 60 }, (_, i) =>
      makeTask(`task-${n}-${i}`, { timestamp: at(i), state: i % 5 ? "TASK_STATE_WORKING" : "TASK_STATE_COMPLETED", contextId: `ctx-${i % 4}` }),
    );
    await Promise.all(tasks.map((task) => store.save(task)));
    expect(await store.delete(`task-${n}-7`)).toBe(true);
    written.set(String(n), tasks.filter((t) => t.id !== `task-${n}-7`));
  }

  await server.stop();
  await server.start();

  for (const [n, store] of stores.entries()) {
    const expected = written.get(String(n))!;
    expect(await store.count()).toBe(expected.length);
    const page = await store.list({ pageSize: 100, includeArtifacts: true });
    expect(page.nextPageToken).toBe("");
    expect(page.tasks).toEqual([...expected].reverse());
    expect(await store.get(`task-${n}-7`)).toBeUndefined();
  }
}, 180_000);
