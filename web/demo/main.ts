import { TASK_STATES, type ListTasksParams, type Task, type TaskState } from "../../src/index.js";
import { openBrowserTaskStore, type PersistenceError } from "../index.js";
import { CONTEXTS, runAgent } from "./agent.js";

const PAGE_SIZE = 8;
const TTL_MINUTES = 10;
const STATES = TASK_STATES.filter((s) => s !== "TASK_STATE_UNSPECIFIED");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  notice: $("notice"),
  activity: $("activity"),
  runAgent: $<HTMLButtonElement>("run-agent"),
  runEviction: $<HTMLButtonElement>("run-eviction"),
  total: $("count-total"),
  stateCounts: $("state-counts"),
  context: $<HTMLSelectElement>("filter-context"),
  state: $<HTMLSelectElement>("filter-state"),
  after: $<HTMLInputElement>("filter-after"),
  clear: $<HTMLButtonElement>("clear-filters"),
  rows: $("rows"),
  prev: $<HTMLButtonElement>("prev-page"),
  next: $<HTMLButtonElement>("next-page"),
  pageInfo: $("page-info"),
};

const store = await openBrowserTaskStore({
  persist: { dbName: "a2a-task-store-demo" },
  taskTtlMs: TTL_MINUTES * 60_000,
  maxCapacity: 500,
  onError: showProblem,
});

/** Page tokens of the pages before the current one, so Previous can go back: tokens[0] is "" (page 1). */
let tokens: string[] = [""];
let nextToken = "";

for (const contextId of CONTEXTS) ui.context.append(new Option(contextId, contextId));
for (const state of STATES) ui.state.append(new Option(label(state), state));
for (const select of [ui.context, ui.state, ui.after]) select.addEventListener("change", () => resetPaging());
ui.clear.addEventListener("click", () => {
  ui.context.value = ui.state.value = ui.after.value = "";
  resetPaging();
});
ui.next.addEventListener("click", () => {
  tokens.push(nextToken);
  void render();
});
ui.prev.addEventListener("click", () => {
  if (tokens.length > 1) tokens.pop();
  void render();
});
ui.runAgent.addEventListener("click", async () => {
  ui.runAgent.disabled = true;
  ui.activity.textContent = "The agent is working…";
  await runAgent(store, 6);
  await store.flush();
  ui.runAgent.disabled = false;
  ui.activity.textContent = "Agent idle · every task saved to IndexedDB";
});
ui.runEviction.addEventListener("click", async () => {
  const { expired, overCapacity } = await store.runEviction();
  ui.activity.textContent = `Eviction: ${expired} expired, ${overCapacity} over capacity`;
});

// Changes from the agent or another tab re-render, at most once per 50 ms.
let scheduled = false;
store.subscribe(() => {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    void render();
  }, 50);
});

const loaded = await store.count();
ui.activity.textContent = store.persistent
  ? `Restored ${loaded} task${loaded === 1 ? "" : "s"} from IndexedDB · terminal tasks expire ${TTL_MINUTES} min after their last update`
  : "Running in memory only";
await render();
document.body.dataset.ready = "true";

function resetPaging(): void {
  tokens = [""];
  void render();
}

function filters(): ListTasksParams {
  return {
    ...(ui.context.value ? { contextId: ui.context.value } : {}),
    ...(ui.state.value ? { status: ui.state.value as TaskState } : {}),
    ...(ui.after.value ? { statusTimestampAfter: new Date(ui.after.value).toISOString() } : {}),
  };
}

async function render(): Promise<void> {
  const params = filters();
  const pageToken = tokens[tokens.length - 1]!;
  const page = await store.list({ ...params, pageSize: PAGE_SIZE, includeArtifacts: true, ...(pageToken ? { pageToken } : {}) });
  nextToken = page.nextPageToken;
  ui.rows.replaceChildren(...(page.tasks.length ? page.tasks.map(row) : [emptyRow()]));
  const first = (tokens.length - 1) * PAGE_SIZE;
  ui.pageInfo.textContent = page.totalSize
    ? `Page ${tokens.length} · ${first + 1}–${first + page.tasks.length} of ${page.totalSize}`
    : "No tasks";
  ui.prev.disabled = tokens.length === 1;
  ui.next.disabled = nextToken === "";
  await renderCounts();
}

async function renderCounts(): Promise<void> {
  ui.total.textContent = String(await store.count());
  const chips = await Promise.all(
    STATES.map(async (state) => {
      const { totalSize } = await store.list({ status: state, pageSize: 1 });
      const chip = element("span", `chip ${badgeClass(state)}`, `${label(state)} ${totalSize}`);
      chip.dataset.state = state;
      return totalSize ? chip : undefined;
    }),
  );
  ui.stateCounts.replaceChildren(...chips.filter((c) => c !== undefined));
}

function row(task: Task): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.taskId = task.id;
  const last = task.status.message ?? task.history?.at(-1);
  const cells = [
    element("td", "mono", task.id),
    element("td", "", task.contextId),
    element("td", "", ""),
    element("td", "subtle", task.status.timestamp ? new Date(task.status.timestamp).toLocaleTimeString() : "—"),
    element("td", "num", String(task.history?.length ?? 0)),
    element("td", "num", String(task.artifacts?.length ?? 0)),
    element("td", "message", last?.parts.map((p) => p.text ?? "").join(" ") ?? ""),
  ];
  cells[1]!.dataset.col = "context";
  cells[2]!.dataset.col = "state";
  cells[2]!.append(element("span", `badge ${badgeClass(task.status.state)}`, label(task.status.state)));
  tr.append(...cells);
  return tr;
}

function emptyRow(): HTMLTableRowElement {
  const tr = document.createElement("tr");
  const td = element("td", "empty", "No tasks match. Run the agent to create some.");
  td.colSpan = 7;
  tr.append(td);
  return tr;
}

function showProblem(error: PersistenceError): void {
  ui.notice.hidden = false;
  ui.notice.textContent = error.kind === "corrupt-record" ? `Skipped a damaged stored task: ${error.message}` : error.message;
}

function label(state: TaskState): string {
  return state.replace("TASK_STATE_", "").replace("_", " ").toLowerCase();
}

function badgeClass(state: TaskState): string {
  return `state-${state.replace("TASK_STATE_", "").toLowerCase()}`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}
