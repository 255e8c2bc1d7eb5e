export type {
  Artifact,
  GetTaskOptions,
  LegacyTaskState,
  ListTasksParams,
  ListTasksResponse,
  Message,
  Part,
  Role,
  Task,
  TaskInput,
  TaskState,
  TaskStatus,
} from "./types.js";
export type {
  DeleteReason,
  EvictionResult,
  StoredTaskRecord,
  TaskChangeEvent,
  TaskChangeListener,
  TaskStore,
} from "./task-store.js";
export { A2AError, A2AErrorCode } from "./errors.js";
export { isTerminalState, normalizeTaskState, TASK_STATES } from "./task-state.js";
export { RwLock } from "./rw-lock.js";
export { InMemoryTaskStore, type RestoreResult, type TaskStoreConfig } from "./memory-store.js";
export { parseTimestamp, type Instant } from "./timestamp.js";
export { HttpTaskStore, type FetchLike, type HttpTaskStoreOptions } from "./http-store.js";
