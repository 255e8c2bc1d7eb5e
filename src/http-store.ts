import { A2AError, A2AErrorCode } from "./errors.js";
import type { TaskStore } from "./task-store.js";
import type { GetTaskOptions, ListTasksParams, ListTasksResponse, Task, TaskInput } from "./types.js";

/** The part of `fetch` this client uses, so `SELF.fetch`, a service binding or a mock fits too. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface HttpTaskStoreOptions {
  /** Where the service is, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Routes to `/{tenant}/tasks…`; unset uses the service's `default` tenant. */
  tenant?: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
}

/**
 * The `reason` of the google.rpc.ErrorInfo detail for each A2A / JSON-RPC code (A2A §11.6: the
 * error type in UPPER_SNAKE_CASE without "Error"). Server and client share this table.
 */
export const A2A_ERROR_REASONS: Readonly<Record<number, string>> = {
  [A2AErrorCode.TaskNotFound]: "TASK_NOT_FOUND",
  [A2AErrorCode.InvalidParams]: "INVALID_PARAMS",
  [A2AErrorCode.InvalidRequest]: "INVALID_REQUEST",
  [A2AErrorCode.MethodNotFound]: "METHOD_NOT_FOUND",
  [A2AErrorCode.ParseError]: "JSON_PARSE",
  [A2AErrorCode.Internal]: "INTERNAL",
};
const CODE_BY_REASON = new Map(Object.entries(A2A_ERROR_REASONS).map(([code, reason]) => [reason, Number(code)]));

/**
 * `TaskStore` over the edge service's REST routes. Runs wherever `fetch` does (Node, browsers,
 * Workers). Service errors come back as `A2AError` with the A2A code the service reported.
 */
export class HttpTaskStore implements TaskStore {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: FetchLike;

  constructor(options: HttpTaskStoreOptions) {
    const root = options.baseUrl.replace(/\/+$/, "");
    this.#base = options.tenant === undefined ? root : `${root}/${encodeURIComponent(options.tenant)}`;
    this.#headers = { accept: "application/json" };
    if (options.token !== undefined) this.#headers.authorization = `Bearer ${options.token}`;
    // A detached global fetch throws "Illegal invocation" in browsers and Workers.
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  async save(task: TaskInput): Promise<void> {
    await this.#request("PUT", `/tasks/${encodeURIComponent(taskId(task))}`, [200], task);
  }

  async insertIfAbsent(task: TaskInput): Promise<boolean> {
    taskId(task);
    const { status } = await this.#request("POST", "/tasks", [201, 409], task);
    return status === 201;
  }

  async get(id: string, options?: GetTaskOptions): Promise<Task | undefined> {
    const query = options?.historyLength === undefined ? "" : `?historyLength=${encodeURIComponent(String(options.historyLength))}`;
    const { status, body } = await this.#request("GET", `/tasks/${encodeURIComponent(requireId(id))}${query}`, [200, 404]);
    return status === 200 ? (body as Task) : undefined;
  }

  async list(params: ListTasksParams = {}): Promise<ListTasksResponse> {
    const query = Object.entries(params)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join("&");
    const { body } = await this.#request("GET", query ? `/tasks?${query}` : "/tasks", [200]);
    return body as ListTasksResponse;
  }

  async delete(id: string): Promise<boolean> {
    const { status } = await this.#request("DELETE", `/tasks/${encodeURIComponent(requireId(id))}`, [204, 404]);
    return status === 204;
  }

  /** `totalSize` of an unfiltered list is the number of stored tasks. */
  async count(): Promise<number> {
    return (await this.list({ pageSize: 1 })).totalSize;
  }

  async #request(method: string, path: string, expected: number[], payload?: unknown): Promise<{ status: number; body: unknown }> {
    const headers = { ...this.#headers };
    let body: string | undefined;
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(payload);
    }
    const response = await this.#fetch(`${this.#base}${path}`, body === undefined ? { method, headers } : { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new A2AError(A2AErrorCode.Internal, `${method} ${path}: HTTP ${response.status} with a body that is not JSON`, {
        httpStatus: response.status,
      });
    }
    // A 404 is "not found" only when the service says the task is missing, not for an unknown route.
    const reason = errorReason(parsed);
    if (expected.includes(response.status) && (response.status !== 404 || reason === "TASK_NOT_FOUND")) {
      return { status: response.status, body: parsed };
    }
    throw toA2AError(response.status, parsed, `${method} ${path}`);
  }
}

function taskId(task: unknown): string {
  const id = (task as { id?: unknown } | null)?.id;
  if (typeof task !== "object" || task === null || Array.isArray(task)) {
    throw A2AError.invalidParams("task must be an object", { field: "task" });
  }
  return requireId(id, "task.id");
}

function requireId(id: unknown, field = "id"): string {
  if (typeof id !== "string" || id === "") throw A2AError.invalidParams(`${field} must be a non-empty string`, { field });
  // URLs resolve these as path steps (even percent-encoded), so no REST route can name such a task.
  if (id === "." || id === "..") throw A2AError.invalidParams(`${field} "${id}" cannot be sent in a URL path; choose another id`, { field });
  return id;
}

interface StatusBody {
  error?: { message?: unknown; details?: Array<{ "@type"?: unknown; reason?: unknown; metadata?: unknown }> };
}

function errorInfo(body: unknown) {
  const details = (body as StatusBody | undefined)?.error?.details;
  return Array.isArray(details) ? details.find((d) => d?.["@type"] === "type.googleapis.com/google.rpc.ErrorInfo") : undefined;
}

function errorReason(body: unknown): string | undefined {
  const reason = errorInfo(body)?.reason;
  return typeof reason === "string" ? reason : undefined;
}

/** Maps a google.rpc.Status body (A2A §11.6) back to the A2A error it stands for. */
function toA2AError(httpStatus: number, body: unknown, what: string): A2AError {
  const reason = errorReason(body);
  const message = (body as StatusBody | undefined)?.error?.message;
  const metadata = errorInfo(body)?.metadata;
  return new A2AError(
    (reason === undefined ? undefined : CODE_BY_REASON.get(reason)) ?? A2AErrorCode.Internal,
    typeof message === "string" ? message : `${what}: HTTP ${httpStatus}`,
    { httpStatus, reason, ...(typeof metadata === "object" && metadata !== null ? metadata : {}) },
  );
}
