import type { TaskState } from "./types.js";

const V1_STATES: readonly TaskState[] = [
  "TASK_STATE_UNSPECIFIED",
  "TASK_STATE_SUBMITTED",
  "TASK_STATE_WORKING",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_INPUT_REQUIRED",
  "TASK_STATE_REJECTED",
  "TASK_STATE_AUTH_REQUIRED",
];

const STATE_BY_NAME = new Map<string, TaskState>(V1_STATES.map((s) => [s, s]));
for (const [legacy, v1] of [
  ["unknown", "TASK_STATE_UNSPECIFIED"],
  ["submitted", "TASK_STATE_SUBMITTED"],
  ["working", "TASK_STATE_WORKING"],
  ["completed", "TASK_STATE_COMPLETED"],
  ["failed", "TASK_STATE_FAILED"],
  ["canceled", "TASK_STATE_CANCELED"],
  ["input-required", "TASK_STATE_INPUT_REQUIRED"],
  ["rejected", "TASK_STATE_REJECTED"],
  ["auth-required", "TASK_STATE_AUTH_REQUIRED"],
] as const) {
  STATE_BY_NAME.set(legacy, v1);
}

const TERMINAL = new Set<TaskState>([
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_REJECTED",
]);

export const TASK_STATES = V1_STATES;

/** The v1 name for a v1 or v0.3 state name; undefined when unknown. */
export function normalizeTaskState(value: unknown): TaskState | undefined {
  return typeof value === "string" ? STATE_BY_NAME.get(value) : undefined;
}

/** COMPLETED, FAILED, CANCELED and REJECTED (v0.3 aliases accepted). */
export function isTerminalState(state: string): boolean {
  const v1 = normalizeTaskState(state);
  return v1 !== undefined && TERMINAL.has(v1);
}
