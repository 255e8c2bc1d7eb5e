import type { Task, TaskInput, TaskState } from "../../src/index.js";

export interface TaskSpec {
  contextId?: string;
  state?: TaskState | string;
  timestamp?: string | null;
  history?: number;
  artifacts?: number;
  extra?: Record<string, unknown>;
}

/** A realistic A2A v1 task: status message, history, artifacts, metadata. */
export function makeTask(id: string, spec: TaskSpec = {}): Task {
  const contextId = spec.contextId ?? "ctx-1";
  const task: TaskInput = {
    id,
    contextId,
    status: {
      state: (spec.state ?? "TASK_STATE_WORKING") as TaskState,
      message: message(`${id}-status`, contextId, id, "ROLE_AGENT", "working on it"),
      ...(spec.timestamp === null ? {} : { timestamp: spec.timestamp ?? "2026-01-01T00:00:00.000Z" }),
    },
    history: Array.from({ length: spec.history ?? 2 }, (_, i) =>
      message(`${id}-m${i}`, contextId, id, i % 2 ? "ROLE_AGENT" : "ROLE_USER", `message ${i}`),
    ),
    artifacts: Array.from({ length: spec.artifacts ?? 1 }, (_, i) => ({
      artifactId: `${id}-a${i}`,
      name: `result-${i}.txt`,
      parts: [{ text: `artifact ${i} of ${id}`, mediaType: "text/plain" }],
    })),
    metadata: { owner: "tests", attempt: 1 },
    ...spec.extra,
  };
  return task as Task;
}

function message(messageId: string, contextId: string, taskId: string, role: string, text: string) {
  return { messageId, contextId, taskId, role, parts: [{ text }] };
}

/** `2026-01-01T00:00:<n>Z`-style times, n seconds after a fixed origin. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
}
