import { A2AError } from "./errors.js";
import { normalizeTaskState } from "./task-state.js";
import { parseTimestamp, type Instant } from "./timestamp.js";
import type { ListTasksParams, Task, TaskState } from "./types.js";

const MAX_DEPTH = 64;

/** A validated, deep-frozen private copy of a task, with its parsed status time. */
export interface PreparedTask {
  readonly task: Task;
  readonly state: TaskState;
  /** Undefined when the task has no status.timestamp. */
  readonly statusTime: Instant | undefined;
}

/**
 * Copies and freezes the input in one pass, then validates the copy, so that neither the caller's
 * object nor a getter on it can change what is stored. Throws -32602 on anything invalid.
 */
export function prepareTask(input: unknown): PreparedTask {
  if (!isPlainObject(input)) throw invalid("task must be an object", "task");
  let task = frozenCopy(input, "task", 0) as Task;
  if (typeof task.id !== "string" || task.id === "") throw invalid("task.id must be a non-empty string", "id");
  if (typeof task.contextId !== "string" || task.contextId === "") {
    throw invalid("task.contextId must be a non-empty string", "contextId");
  }
  const status = task.status;
  if (!isPlainObject(status)) throw invalid("task.status must be an object", "status");
  const state = normalizeTaskState(status.state);
  if (state === undefined || state === "TASK_STATE_UNSPECIFIED") {
    throw invalid(`task.status.state must be a known task state, got ${describe(status.state)}`, "status.state");
  }
  let statusTime: Instant | undefined;
  if (status.timestamp !== undefined) {
    statusTime = parseTimestamp(status.timestamp);
    if (!statusTime) {
      throw invalid(`task.status.timestamp must be an RFC 3339 date-time, got ${describe(status.timestamp)}`, "status.timestamp");
    }
  }
  if (task.artifacts !== undefined && !Array.isArray(task.artifacts)) throw invalid("task.artifacts must be an array", "artifacts");
  if (task.history !== undefined && !Array.isArray(task.history)) throw invalid("task.history must be an array", "history");
  if (task.metadata !== undefined && !isPlainObject(task.metadata)) throw invalid("task.metadata must be an object", "metadata");
  if (state !== status.state) {
    task = Object.freeze({ ...task, status: Object.freeze({ ...status, state }) });
  }
  return { task, state, statusTime };
}

/** Copies a JSON value, freezing every object and array; rejects what JSON cannot carry. */
function frozenCopy(value: unknown, path: string, depth: number): unknown {
  return typeof value === "object" && value !== null ? frozenObject(value, path, depth) : jsonPrimitive(value, path);
}

function jsonPrimitive(value: unknown, path: string): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw invalid(`${path} must be a finite number`, path);
      return value;
    case "object":
      if (value === null) return null;
  }
  throw invalid(`${path} must contain only JSON values, found a ${typeof value}`, path);
}

// Primitives (mostly strings) are handled inline: a call per field was a good part of the copy's cost.
function frozenObject(value: object, path: string, depth: number): object {
  if (depth >= MAX_DEPTH) throw invalid(`${path} is nested more than ${MAX_DEPTH} levels deep`, path);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = typeof item === "object" && item !== null ? frozenObject(item, path, depth + 1) : typeof item === "string" ? item : jsonPrimitive(item, path);
    }
    return Object.freeze(out);
  }
  if (!isPlainObject(value)) throw invalid(`${path} must contain only JSON values`, path);
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const field = value[key];
    // Like JSON.stringify: an undefined field is absent.
    if (field === undefined) continue;
    const copy = typeof field === "object" && field !== null ? frozenObject(field, path, depth + 1) : typeof field === "string" ? field : jsonPrimitive(field, path);
    // A "__proto__" key is data in JSON; assigning it would set the prototype instead.
    if (key === "__proto__") Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return Object.freeze(out);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // Any realm's Object.prototype (iframes, vm contexts) has a null prototype itself.
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

export interface ListFilters {
  readonly contextId: string | undefined;
  readonly state: TaskState | undefined;
  readonly after: Instant | undefined;
}

export interface ValidListParams extends ListFilters {
  readonly pageSize: number;
  readonly pageToken: string | undefined;
  readonly historyLength: number | undefined;
  readonly includeArtifacts: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;

export function validateListParams(params: unknown, maxPageSize: number): ValidListParams {
  if (params === undefined || params === null) params = {};
  if (!isPlainObject(params)) throw invalid("list params must be an object", "params");
  const p = params as ListTasksParams;
  const contextId = optionalString(p.contextId, "contextId");
  let state: TaskState | undefined;
  if (p.status !== undefined) {
    state = normalizeTaskState(p.status);
    if (state === undefined) throw invalid(`status must be a known task state, got ${describe(p.status)}`, "status");
    if (state === "TASK_STATE_UNSPECIFIED") state = undefined;
  }
  let after: Instant | undefined;
  if (p.statusTimestampAfter !== undefined) {
    after = parseTimestamp(p.statusTimestampAfter);
    if (!after) {
      throw invalid(`statusTimestampAfter must be an RFC 3339 date-time, got ${describe(p.statusTimestampAfter)}`, "statusTimestampAfter");
    }
  }
  let pageSize = DEFAULT_PAGE_SIZE;
  if (p.pageSize !== undefined) {
    if (!Number.isInteger(p.pageSize) || p.pageSize < 1 || p.pageSize > maxPageSize) {
      throw invalid(`pageSize must be an integer from 1 to ${maxPageSize}, got ${describe(p.pageSize)}`, "pageSize");
    }
    pageSize = p.pageSize;
  }
  pageSize = Math.min(pageSize, maxPageSize);
  const pageToken = optionalString(p.pageToken, "pageToken") || undefined;
  const historyLength = validateHistoryLength(p.historyLength);
  if (p.includeArtifacts !== undefined && typeof p.includeArtifacts !== "boolean") {
    throw invalid(`includeArtifacts must be a boolean, got ${describe(p.includeArtifacts)}`, "includeArtifacts");
  }
  return { contextId, state, after, pageSize, pageToken, historyLength, includeArtifacts: p.includeArtifacts === true };
}

export function validateHistoryLength(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw invalid(`historyLength must be a non-negative integer, got ${describe(value)}`, "historyLength");
  }
  return value as number;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalid(`${field} must be a string, got ${describe(value)}`, field);
  return value;
}

function invalid(message: string, field: string): A2AError {
  return A2AError.invalidParams(message, { field });
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
