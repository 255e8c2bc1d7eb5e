/** A2A v1.0.1 data model in its ProtoJSON form (§4.1, §5.5): camelCase fields, enum names as strings. */

export type TaskState =
  | "TASK_STATE_UNSPECIFIED"
  | "TASK_STATE_SUBMITTED"
  | "TASK_STATE_WORKING"
  | "TASK_STATE_COMPLETED"
  | "TASK_STATE_FAILED"
  | "TASK_STATE_CANCELED"
  | "TASK_STATE_INPUT_REQUIRED"
  | "TASK_STATE_REJECTED"
  | "TASK_STATE_AUTH_REQUIRED";

/** v0.3 state names, accepted as aliases on save and in filters. */
export type LegacyTaskState =
  | "unknown"
  | "submitted"
  | "working"
  | "completed"
  | "failed"
  | "canceled"
  | "input-required"
  | "rejected"
  | "auth-required";

export type Role = "ROLE_UNSPECIFIED" | "ROLE_USER" | "ROLE_AGENT";

export interface Part {
  text?: string;
  /** Base64 in JSON. */
  raw?: string;
  url?: string;
  data?: unknown;
  metadata?: Record<string, unknown>;
  filename?: string;
  mediaType?: string;
  [extra: string]: unknown;
}

export interface Message {
  messageId: string;
  contextId?: string;
  taskId?: string;
  role: Role | string;
  parts: Part[];
  metadata?: Record<string, unknown>;
  extensions?: string[];
  referenceTaskIds?: string[];
  [extra: string]: unknown;
}

export interface Artifact {
  artifactId: string;
  name?: string;
  description?: string;
  parts: Part[];
  metadata?: Record<string, unknown>;
  extensions?: string[];
  [extra: string]: unknown;
}

export interface TaskStatus {
  state: TaskState;
  message?: Message;
  /** RFC 3339 / ISO 8601 time. */
  timestamp?: string;
  [extra: string]: unknown;
}

export interface Task {
  id: string;
  contextId: string;
  status: TaskStatus;
  artifacts?: Artifact[];
  history?: Message[];
  metadata?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Input accepted by `save`/`insertIfAbsent`: v0.3 state names are normalised on the way in. */
export type TaskInput = Omit<Task, "status"> & {
  status: Omit<TaskStatus, "state"> & { state: TaskState | LegacyTaskState };
};

export interface ListTasksParams {
  contextId?: string;
  status?: TaskState | LegacyTaskState;
  pageSize?: number;
  pageToken?: string;
  historyLength?: number;
  statusTimestampAfter?: string;
  includeArtifacts?: boolean;
}

export interface ListTasksResponse {
  tasks: Task[];
  /** "" on the last page. */
  nextPageToken: string;
  /** The effective page size. */
  pageSize: number;
  /** Tasks matching the filters, across all pages. */
  totalSize: number;
}

export interface GetTaskOptions {
  historyLength?: number;
}
