import type { GetTaskOptions, ListTasksParams, ListTasksResponse, Task, TaskInput } from "./types.js";

/** The storage contract every backend implements: memory, HTTP, Durable Object and browser. */
export interface TaskStore {
  /** Insert or replace. */
  save(task: TaskInput): Promise<void>;
  get(id: string, options?: GetTaskOptions): Promise<Task | undefined>;
  list(params?: ListTasksParams): Promise<ListTasksResponse>;
  /** Atomic create-only: true when stored, false when the id already exists. */
  insertIfAbsent(task: TaskInput): Promise<boolean>;
  /** Whether the task existed. */
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export type DeleteReason = "delete" | "ttl" | "capacity";

/** What persistence adapters replay: every change, in the order it was applied. */
export type TaskChangeEvent =
  | { readonly type: "saved"; readonly task: Task; readonly updatedAt: number }
  | { readonly type: "deleted"; readonly id: string; readonly reason: DeleteReason };

export type TaskChangeListener = (event: TaskChangeEvent) => void;

/** A task as a persister stores it: the task and the time of its last write, which TTL runs from. */
export interface StoredTaskRecord {
  readonly task: Task;
  readonly updatedAt: number;
}

export interface EvictionResult {
  readonly expired: number;
  readonly overCapacity: number;
}
