import type { Artifact, Message, Task, TaskState } from "../../src/index.js";
import type { BrowserTaskStore } from "../index.js";

/** The demo's conversations: each agent run starts one task in each, round-robin. */
export const CONTEXTS = ["trip-planner", "code-review", "support-inbox"] as const;

const PROMPTS: Record<(typeof CONTEXTS)[number], string[]> = {
  "trip-planner": ["Find a weekend in Lisbon under €600", "Plan a rail trip from Zurich to Rome", "Book a quiet hotel near Kyoto station"],
  "code-review": ["Review the pagination change in list()", "Check the eviction sweep for off-by-one errors", "Summarise the risks of the IndexedDB migration"],
  "support-inbox": ["Customer cannot reset their password", "Refund request for order #4821", "Export of March invoices fails"],
};

/** How tasks end, in turn: most complete, some wait for input, a few fail, are canceled or rejected. */
const OUTCOMES: TaskState[] = [
  "TASK_STATE_COMPLETED",
  "TASK_STATE_INPUT_REQUIRED",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_REJECTED",
];

const AGENT_REPLIES: Partial<Record<TaskState, string>> = {
  TASK_STATE_COMPLETED: "Done: the result is attached.",
  TASK_STATE_INPUT_REQUIRED: "I need one more detail from you before I continue.",
  TASK_STATE_FAILED: "An upstream tool timed out; giving up.",
  TASK_STATE_CANCELED: "Canceled at the user's request.",
  TASK_STATE_REJECTED: "This request is outside what I am allowed to do.",
};

let started = 0;

/**
 * A small in-browser agent: starts `count` tasks and moves each through submitted → working →
 * an outcome, with user and agent messages in the history and an artifact when it completes.
 */
export async function runAgent(store: BrowserTaskStore, count: number, stepMs = 60): Promise<void> {
  const runId = Date.now().toString(36);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const n = started++;
      const contextId = CONTEXTS[n % CONTEXTS.length]!;
      const prompts = PROMPTS[contextId];
      const id = `${contextId.split("-")[0]}-${runId}-${i + 1}`;
      const ask = message(id, contextId, "ROLE_USER", prompts[n % prompts.length]!);
      await sleep(i * stepMs);

      let task: Task = { id, contextId, status: status("TASK_STATE_SUBMITTED"), history: [ask], metadata: { agent: "demo-agent" } };
      await store.save(task);
      await sleep(stepMs);

      const working = message(id, contextId, "ROLE_AGENT", "Working on it…");
      task = { ...task, status: status("TASK_STATE_WORKING", working), history: [...task.history!, working] };
      await store.save(task);
      await sleep(stepMs * 2);

      const outcome = OUTCOMES[n % OUTCOMES.length]!;
      const reply = message(id, contextId, "ROLE_AGENT", AGENT_REPLIES[outcome]!);
      const artifacts: Artifact[] =
        outcome === "TASK_STATE_COMPLETED"
          ? [{ artifactId: `${id}-result`, name: "result.md", parts: [{ text: `# Result\n\n${ask.parts[0]!.text}: done.`, mediaType: "text/markdown" }] }]
          : [];
      await store.save({ ...task, status: status(outcome, reply), history: [...task.history!, reply], artifacts });
    }),
  );
}

function status(state: TaskState, update?: Message) {
  return { state, timestamp: new Date().toISOString(), ...(update ? { message: update } : {}) };
}

function message(taskId: string, contextId: string, role: "ROLE_USER" | "ROLE_AGENT", text: string): Message {
  return { messageId: crypto.randomUUID(), taskId, contextId, role, parts: [{ text }] };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
