import { AgentCard, TaskState, type Task } from "@a2a-js/sdk";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { userMessage } from "../a2a-js/sdk-requests.js";
import { sdkClient, type Binding } from "../example/sdk-client.js";
import { useDevServer } from "./dev-server.js";

// `npm run example:agent` for real (wrangler dev → workerd, SQLite on disk), driven by
// @a2a-js/sdk's client from Node over real HTTP, across a restart.

const secret = () => Math.random().toString(36).slice(2);
const users = { alice: `alice-${secret()}`, bob: `bob-${secret()}`, carol: `carol-${secret()}` };
const server = useDevServer("scripts/example-agent.mjs", "/.well-known/agent-card.json", { AGENT_USERS: JSON.stringify(users) });

it("runs the README's curl examples as written (only port and tokens differ)", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("### The example agent on Workers"), readme.indexOf("- **What the SDK needs on Workers"));
  const script = [...section.matchAll(/```sh\n([\s\S]*?)```/g)][1]![1]!;
  const run = spawnSync(
    "bash",
    ["-e", "-c", script.replaceAll(":8788", `:${server.port}`).replaceAll("curl -s ", "curl -sS --fail-with-body -w '\\n' ").replaceAll("alice-dev-token", users.alice).replaceAll("bob-dev-token", users.bob)],
    { encoding: "utf8" },
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const lines = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  expect(lines[0]).toMatchObject({ name: "Echo agent" });
  expect(lines[1]).toMatchObject({ result: { task: { contextId: "demo", status: { state: "TASK_STATE_COMPLETED" } } } });
  expect(lines[2]).toMatchObject({ totalSize: 1, tasks: [{ artifacts: [{ parts: [{ text: "hello" }] }] }] });
  expect(lines[3]).toEqual({ tasks: [], nextPageToken: "", pageSize: 50, totalSize: 0 });
});

async function client(binding: Binding) {
  const card = AgentCard.fromJSON(await (await fetch(`${server.origin}/.well-known/agent-card.json`)).json());
  return sdkClient(card, binding, users.carol, (url, init) => fetch(url, init));
}

it("echoes over JSON-RPC and HTTP+JSON, and every task is still there after a restart", async () => {
  const contextId = crypto.randomUUID();
  const sent: Task[] = [];
  for (const binding of ["JSONRPC", "HTTP+JSON"] as const) {
    const task = (await (await client(binding)).sendMessage(userMessage(`via ${binding}`, contextId))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    sent.push(task);
  }
  const request = { tenant: "", contextId, status: 0, pageToken: "", statusTimestampAfter: undefined, includeArtifacts: true };
  const before = await (await client("JSONRPC")).listTasks(request);
  expect(before.tasks.map((t) => t.id)).toEqual(sent.map((t) => t.id).reverse());

  await server.stop();
  await server.start();

  for (const binding of ["JSONRPC", "HTTP+JSON"] as const) {
    expect(await (await client(binding)).listTasks(request)).toEqual(before);
  }
}, 180_000);
