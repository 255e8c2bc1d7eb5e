import type { Task, TaskState } from "../src/index.js";

/** Deterministic PRNG (mulberry32), so every run and every implementation sees the same tasks. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = "0123456789abcdef";
export function uuid(random: () => number): string {
  let s = "";
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) s += "-";
    s += HEX[(random() * 16) | 0];
  }
  return s;
}

export const CONTEXT_COUNT = 200;
/** Status times are spread uniformly over this window. */
export const WINDOW_START = Date.UTC(2026, 0, 1);
export const WINDOW_MS = 30 * 24 * 3_600_000;
/** Half the tasks have a status time at or after this instant: the `statusTimestampAfter` shape. */
export const MIDPOINT = new Date(WINDOW_START + WINDOW_MS / 2).toISOString();

// Mix of states: most tasks are done or in flight; a few wait for input or failed.
const STATES: ReadonlyArray<readonly [TaskState, number]> = [
  ["TASK_STATE_COMPLETED", 0.4],
  ["TASK_STATE_WORKING", 0.3],
  ["TASK_STATE_INPUT_REQUIRED", 0.1],
  ["TASK_STATE_FAILED", 0.08],
  ["TASK_STATE_SUBMITTED", 0.07],
  ["TASK_STATE_CANCELED", 0.05],
];
export const FILTER_STATE: TaskState = "TASK_STATE_WORKING";

export function pickState(random: () => number): TaskState {
  let r = random();
  for (const [state, weight] of STATES) {
    if ((r -= weight) < 0) return state;
  }
  return STATES[0]![0];
}

function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export interface TaskFactory {
  readonly contexts: readonly string[];
  /** A new task with a fresh id in a random context. */
  next(): Task;
  /** A new version of a stored task: new state, status time, messages and artifact. */
  update(id: string, contextId: string): Task;
}

/**
 * Realistic A2A v1 tasks: a status message, 2 history messages, 1 small artifact, metadata,
 * one of 200 contexts and a random status time. Each task goes through JSON, as one arriving over
 * HTTP would: its strings are flat and its own, so no implementation gains from shared constants
 * or pays for V8's concatenated (cons) strings.
 */
export function createTaskFactory(seed: number): TaskFactory {
  const random = createRandom(seed);
  const contexts = Array.from({ length: CONTEXT_COUNT }, () => uuid(random));
  const message = (taskId: string, contextId: string, role: string, text: string) => ({
    messageId: uuid(random),
    contextId,
    taskId,
    role,
    parts: [{ text }],
  });
  const make = (id: string, contextId: string): Task => {
    const n = (random() * 1e6) | 0;
    return json({
      id,
      contextId,
      status: {
        state: pickState(random),
        message: message(id, contextId, "ROLE_AGENT", `Working on request ${n}: step ${n % 5} of 5`),
        timestamp: new Date(WINDOW_START + Math.floor(random() * WINDOW_MS)).toISOString(),
      },
      history: [
        message(id, contextId, "ROLE_USER", `Summarise report #${n} for the quarterly review`),
        message(id, contextId, "ROLE_AGENT", `Report #${n} covers ${n % 97} items; drafting the summary now.`),
      ],
      artifacts: [
        {
          artifactId: uuid(random),
          name: `summary-${n}.md`,
          parts: [{ text: `# Summary of report ${n}\n\nRevenue grew ${n % 13}% quarter on quarter.`, mediaType: "text/markdown" }],
        },
      ],
      metadata: { tenant: `tenant-${n % 7}`, priority: n % 5, source: "api" },
    });
  };
  return {
    contexts,
    next: () => make(uuid(random), contexts[(random() * CONTEXT_COUNT) | 0]!),
    update: make,
  };
}
