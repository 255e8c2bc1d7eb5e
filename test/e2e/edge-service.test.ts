import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HttpTaskStore, type Task } from "../../src/index.js";
import { at, makeTask } from "../conformance/fixtures.js";

// `npm start` for real (wrangler dev → workerd, SQLite on disk): the README's curl examples work
// as written, and after a restart every task written before it is still there.

const token = `e2e-${Math.random().toString(36).slice(2)}`;
const stateDir = mkdtempSync(join(tmpdir(), "a2a-task-store-e2e-"));
let port = 0;
let server: ChildProcess | undefined;
let log = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function start(): Promise<void> {
  // Its own process group (setsid), so stopping it takes wrangler and workerd down together.
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), PERSIST_TO: stateDir, AUTH_TOKEN: token, NO_COLOR: "1" },
  });
  server.stdout!.on("data", (chunk) => (log += chunk));
  server.stderr!.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`npm start exited early:\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not answer /health within 90 s:\n${log}`);
}

async function stop(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid!, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  // The port must be free again before the next start.
  for (let i = 0; i < 40; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/health`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    } catch {
      return;
    }
  }
}

beforeAll(async () => {
  port = await freePort();
  await start();
}, 120_000);

afterAll(async () => {
  await stop();
  rmSync(stateDir, { recursive: true, force: true });
}, 30_000);

it("runs the README's curl examples as written (only port and token differ)", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("### Try it locally"), readme.indexOf("From code, `HttpTaskStore`"));
  const script = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  expect(script).toContain("curl");
  // The README's token is the npm start default; this server runs with its own.
  const run = spawnSync("bash", ["-e", "-c", script.replaceAll(":8787", `:${port}`).replaceAll("curl ", "curl -sS --fail-with-body ").replaceAll("dev-token", token)], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('"result":{"id":"task-1"');
});

it("keeps every task across a restart of `npm start`", async () => {
  const stores = ["north", "south"].map((name) => `${name}-${Date.now()}`).map((tenant) => new HttpTaskStore({ baseUrl: `http://127.0.0.1:${port}`, token, tenant }));
  const written = new Map<string, Task[]>();
  for (const [n, store] of stores.entries()) {
    const tasks = Array.from({ length: 60 }, (_, i) =>
      makeTask(`task-${n}-${i}`, { timestamp: at(i), state: i % 5 ? "TASK_STATE_WORKING" : "TASK_STATE_COMPLETED", contextId: `ctx-${i % 4}` }),
    );
    await Promise.all(tasks.map((task) => store.save(task)));
    expect(await store.delete(`task-${n}-7`)).toBe(true);
    written.set(String(n), tasks.filter((t) => t.id !== `task-${n}-7`));
  }

  await stop();
  await start();

  for (const [n, store] of stores.entries()) {
    const expected = written.get(String(n))!;
    expect(await store.count()).toBe(expected.length);
    const page = await store.list({ pageSize: 100, includeArtifacts: true });
    expect(page.nextPageToken).toBe("");
    expect(page.tasks).toEqual([...expected].reverse());
    expect(await store.get(`task-${n}-7`)).toBeUndefined();
  }
}, 180_000);
