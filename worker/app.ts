import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { A2AError, A2AErrorCode, normalizeTaskState, type Task, type TaskStore } from "../src/index.js";
import { authorize } from "./auth.js";
import { DurableObjectTaskStore } from "./durable-object-store.js";
import { a2aErrorStatus, rpcErrorBody, statusBody } from "./error-bodies.js";
import type { TaskStoreEnv } from "./task-store-object.js";

export const DEFAULT_TENANT = "default";
export const MAX_BODY_BYTES = 1024 * 1024;
const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const REST_JSON = { "content-type": "application/a2a+json" };

/** The bindings the app reads; a Worker may have more. */
export type TaskStoreBindings = Partial<TaskStoreEnv>;

export interface TaskStoreAppOptions {
  /** The store for a tenant. Default: the tenant's `TaskStoreObject` in `env.TASK_STORE`. */
  storeFor?: (env: TaskStoreBindings, tenant: string) => TaskStore;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

type AppEnv = { Bindings: TaskStoreBindings; Variables: { tenant: string; store: TaskStore } };
type QueryType = "string" | "integer" | "boolean";

const LIST_QUERY: Record<string, QueryType> = {
  contextId: "string",
  status: "string",
  pageSize: "integer",
  pageToken: "string",
  historyLength: "integer",
  statusTimestampAfter: "string",
  includeArtifacts: "boolean",
};

/**
 * The edge service's routes as a Hono app: A2A REST (§11) task routes, JSON-RPC `GetTask` and
 * `ListTasks` (§9), each with an optional `/{tenant}` prefix, and `GET /health`.
 * Mount it in your own Worker, or pass `storeFor` to serve any `TaskStore`.
 */
export function createTaskStoreApp(options: TaskStoreAppOptions = {}) {
  const storeFor = options.storeFor ?? defaultStoreFor;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const app = new Hono<AppEnv>();

  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const tenant = c.req.param("tenant") ?? DEFAULT_TENANT;
    if (!TENANT_PATTERN.test(tenant)) {
      return rest(c, statusBody(400, "INVALID_TENANT", "A tenant is 1-128 letters, digits, '.', '_', '~' or '-', starting with a letter or digit"), 400);
    }
    const decision = await authorize(c.req.header("authorization"), tenant, c.env ?? {});
    if (!decision.allowed) {
      const headers: Record<string, string> = decision.status === 401 ? { "www-authenticate": 'Bearer realm="a2a-task-store"' } : {};
      return rest(c, statusBody(decision.status, decision.reason, decision.message), decision.status, headers);
    }
    c.set("tenant", tenant);
    c.set("store", storeFor(c.env, tenant));
    await next();
  };
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => rest(c, statusBody(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBodyBytes} bytes`), 413),
  });

  app.get("/health", (c) => c.json({ status: "ok" }));

  // Unprefixed routes first: `/tasks/tasks` is task "tasks" of the default tenant.
  for (const prefix of ["", "/:tenant"]) {
    app.get(`${prefix}/tasks`, guard, async (c) => {
      const params = dropEmptyStrings(parseQuery(c.req.url, LIST_QUERY));
      return rest(c, await c.var.store.list(params), 200);
    });

    app.get(`${prefix}/tasks/:id`, guard, async (c) => {
      const id = c.req.param("id");
      const task = await c.var.store.get(id, parseQuery(c.req.url, { historyLength: "integer" }));
      if (!task) throw A2AError.taskNotFound(id);
      return rest(c, task, 200);
    });

    app.put(`${prefix}/tasks/:id`, guard, limit, async (c) => {
      parseQuery(c.req.url, {});
      const id = c.req.param("id");
      const task = await readTask(c);
      if (task.id !== id) {
        throw A2AError.invalidParams(`Body id ${JSON.stringify(task.id)} does not match the path id ${JSON.stringify(id)}`, { field: "id" });
      }
      await c.var.store.save(task);
      return rest(c, asStored(task), 200);
    });

    app.post(`${prefix}/tasks`, guard, limit, async (c) => {
      parseQuery(c.req.url, {});
      const task = await readTask(c);
      if (!(await c.var.store.insertIfAbsent(task))) {
        return rest(c, statusBody(409, "TASK_ALREADY_EXISTS", `Task ${task.id} already exists`, { taskId: task.id }), 409);
      }
      const location = `${prefix ? `/${c.var.tenant}` : ""}/tasks/${encodeURIComponent(task.id)}`;
      return rest(c, asStored(task), 201, { location });
    });

    app.delete(`${prefix}/tasks/:id`, guard, async (c) => {
      parseQuery(c.req.url, {});
      const id = c.req.param("id");
      if (!(await c.var.store.delete(id))) throw A2AError.taskNotFound(id);
      return c.body(null, 204);
    });

    app.post(`${prefix}/rpc`, guard, limit, (c) => handleRpc(c));
  }

  app.notFound((c) => rest(c, statusBody(404, "ROUTE_NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));

  app.onError((error, c) => {
    if (error instanceof A2AError) {
      const { httpStatus, reason } = a2aErrorStatus(error);
      return rest(c, statusBody(httpStatus, reason, error.message, error.data), httpStatus);
    }
    console.error("a2a-task-store: unexpected error", error);
    return rest(c, statusBody(500, "INTERNAL", "Internal error"), 500);
  });

  return app;
}

function defaultStoreFor(env: TaskStoreBindings, tenant: string): TaskStore {
  const namespace = env?.TASK_STORE;
  if (!namespace) throw new Error("Bind TaskStoreObject as TASK_STORE, or pass storeFor to createTaskStoreApp");
  return DurableObjectTaskStore.forTenant(namespace, tenant);
}

function rest(c: Context, body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return c.json(body, status as 200, { ...REST_JSON, ...headers });
}

/** Strictly typed query parameters: unknown, repeated or malformed ones are -32602, never guessed at. */
function parseQuery(url: string, spec: Record<string, QueryType>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, raw] of new URL(url).searchParams) {
    const type = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (type === undefined) {
      const accepted = Object.keys(spec);
      throw invalid(`Unknown query parameter "${key}"; ${accepted.length ? `accepted: ${accepted.join(", ")}` : "this route takes none"}`, key);
    }
    if (Object.hasOwn(params, key)) throw invalid(`Query parameter "${key}" is given more than once`, key);
    if (type === "integer") {
      if (!/^[+-]?\d{1,15}$/.test(raw)) throw invalid(`${key} must be an integer, got ${JSON.stringify(raw)}`, key);
      params[key] = Number(raw);
    } else if (type === "boolean") {
      if (raw !== "true" && raw !== "false") throw invalid(`${key} must be true or false, got ${JSON.stringify(raw)}`, key);
      params[key] = raw === "true";
    } else {
      params[key] = raw;
    }
  }
  return params;
}

/** An empty string is an unset field in proto3 JSON. */
function dropEmptyStrings(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
}

function invalid(message: string, field: string): A2AError {
  return A2AError.invalidParams(message, { field });
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new A2AError(A2AErrorCode.ParseError, "Request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new A2AError(A2AErrorCode.ParseError, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The body as a task-shaped object; the store validates the rest. */
async function readTask(c: Context): Promise<Task> {
  const body = await readJson(c);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("Request body must be a JSON object: an A2A Task", "task");
  }
  const task = body as Task;
  if (typeof task.id !== "string" || task.id === "") throw invalid("task.id must be a non-empty string", "id");
  return task;
}

/** The task as the store keeps it: v0.3 state names become v1 names. */
function asStored(task: Task): Task {
  const state = normalizeTaskState(task.status?.state);
  return state === undefined || state === task.status.state ? task : { ...task, status: { ...task.status, state } };
}

type RpcId = string | number | null;
type RpcMethod = (store: TaskStore, params: Record<string, unknown>) => Promise<unknown>;

const RPC_METHODS: Record<string, { keys: readonly string[]; run: RpcMethod }> = {
  GetTask: {
    keys: ["id", "historyLength"],
    async run(store, { id, historyLength }) {
      const task = await store.get(id as string, historyLength === undefined ? undefined : { historyLength: historyLength as number });
      if (!task) throw A2AError.taskNotFound(String(id));
      return task;
    },
  },
  ListTasks: {
    keys: Object.keys(LIST_QUERY),
    run: (store, params) => store.list(dropEmptyStrings(params)),
  },
};

/** JSON-RPC 2.0, one request per call. Errors are JSON-RPC error objects with HTTP 200, as A2A clients expect. */
async function handleRpc(c: Context<AppEnv>): Promise<Response> {
  const reply = (body: unknown, status = 200) => c.json(body, status as 200);
  const fail = (id: RpcId, code: number, message: string, data?: unknown) => reply(rpcErrorBody(id, new A2AError(code, message, data)));
  let request: unknown;
  try {
    request = JSON.parse(await c.req.text());
  } catch (error) {
    return fail(null, A2AErrorCode.ParseError, `Invalid JSON payload: ${(error as Error).message}`);
  }
  if (Array.isArray(request)) return fail(null, A2AErrorCode.InvalidRequest, "Batch requests are not supported");
  if (typeof request !== "object" || request === null) {
    return fail(null, A2AErrorCode.InvalidRequest, "The body must be a JSON-RPC 2.0 request object");
  }
  const { jsonrpc, id, method, params } = request as Record<string, unknown>;
  const validId = typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) || id === null;
  if (!validId) {
    return fail(null, A2AErrorCode.InvalidRequest, id === undefined ? "id is required: notifications are not supported" : "id must be a string, a number or null");
  }
  if (jsonrpc !== "2.0") return fail(id, A2AErrorCode.InvalidRequest, 'jsonrpc must be "2.0"');
  if (typeof method !== "string") return fail(id, A2AErrorCode.InvalidRequest, "method must be a string");
  const handler = Object.hasOwn(RPC_METHODS, method) ? RPC_METHODS[method] : undefined;
  if (!handler) return fail(id, A2AErrorCode.MethodNotFound, `Method not found: ${method}; this service offers GetTask and ListTasks`);
  try {
    if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params))) {
      throw invalid("params must be an object", "params");
    }
    const { tenant, ...methodParams } = (params ?? {}) as Record<string, unknown>;
    if (tenant !== undefined && tenant !== "" && tenant !== c.var.tenant) {
      throw invalid(`params.tenant ${JSON.stringify(tenant)} does not match the tenant of the URL, ${JSON.stringify(c.var.tenant)}`, "tenant");
    }
    const unknown = Object.keys(methodParams).filter((key) => !handler.keys.includes(key));
    if (unknown.length) throw invalid(`Unknown parameter(s) for ${method}: ${unknown.join(", ")}; accepted: ${handler.keys.join(", ")}`, unknown[0]!);
    return reply({ jsonrpc: "2.0", id, result: await handler.run(c.var.store, methodParams) });
  } catch (error) {
    if (error instanceof A2AError) return reply(rpcErrorBody(id, error));
    console.error("a2a-task-store: unexpected error in JSON-RPC call", error);
    return reply(rpcErrorBody(id, new A2AError(A2AErrorCode.Internal, "Internal error")), 500);
  }
}
