import { AgentCard, SendMessageRequest, SendMessageResponse, StreamResponse, Task, taskStateFromJSON } from "@a2a-js/sdk";
import { A2AError as SdkA2AError, RequestMalformedError } from "@a2a-js/sdk/errors";
import {
  DefaultRequestHandler,
  JsonRpcTransportHandler,
  ServerCallContext,
  validateVersion,
  type A2ARequestHandler,
  type User,
} from "@a2a-js/sdk/server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { A2AJsTaskStore, scopeName } from "../../a2a-js/index.js";
import { statusBody } from "../../worker/error-bodies.js";
import { bearerToken, DurableObjectTaskStore, holdersOf, MAX_BODY_BYTES, type TaskStoreEnv } from "../../worker/index.js";
import { EchoAgentExecutor, echoAgentCard, JSONRPC_PATH, REST_PATH } from "./echo-agent.js";

export interface AgentEnv extends TaskStoreEnv {
  /** JSON object `{ "<user>": "<token>" }` (a secret): who may call the agent, and as whom. */
  AGENT_USERS?: string;
}

const MAX_ORIGINS = 8;

type AppEnv = { Bindings: AgentEnv; Variables: { context: ServerCallContext; handler: A2ARequestHandler; rpc: JsonRpcTransportHandler } };

class BearerUser implements User {
  constructor(readonly userName: string) {}
  get isAuthenticated(): boolean {
    return true;
  }
}

/**
 * The echo agent on Workers: @a2a-js/sdk's `DefaultRequestHandler` behind JSON-RPC and HTTP+JSON
 * routes, its tasks in a2a-task-store, one `TaskStoreObject` per tenant and user.
 */
export function createAgentApp() {
  const handlers = new Map<string, { handler: DefaultRequestHandler; rpc: JsonRpcTransportHandler; card: AgentCard }>();
  // One handler per origin (the card names absolute URLs) and isolate, so its event buses are
  // shared. Origins come from the Host header, so only a few are kept.
  const handlerFor = (origin: string, env: AgentEnv) => {
    let entry = handlers.get(origin);
    if (!entry) {
      if (handlers.size >= MAX_ORIGINS) handlers.delete(handlers.keys().next().value!);
      const card = echoAgentCard(origin);
      const store = new A2AJsTaskStore({ storeFor: (scope) => DurableObjectTaskStore.forTenant(env.TASK_STORE, scopeName(scope)) });
      const handler = new DefaultRequestHandler(card, store, new EchoAgentExecutor());
      handlers.set(origin, (entry = { card, handler, rpc: new JsonRpcTransportHandler(handler) }));
    }
    return entry;
  };

  const app = new Hono<AppEnv>();
  app.get("/.well-known/agent-card.json", (c) => c.json(AgentCard.toJSON(handlerFor(new URL(c.req.url).origin, c.env).card)));

  // Every A2A call needs a user's token; the user owns the tasks it creates.
  const tooLarge = (c: Context) => c.json(statusBody(413, "PAYLOAD_TOO_LARGE", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`), 413);
  app.use("/a2a/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }), async (c, next) => {
    const users = parseUsers(c.env.AGENT_USERS);
    if (!users) return c.json(statusBody(503, "UNAVAILABLE", "AGENT_USERS must be a JSON object of user to token"), 503);
    const token = bearerToken(c.req.header("authorization"));
    const [user] = token === undefined ? [] : await holdersOf(token, users);
    if (user === undefined) return c.json(statusBody(401, "UNAUTHENTICATED", "Send Authorization: Bearer <token> of a user in AGENT_USERS"), 401);
    const { handler, rpc } = handlerFor(new URL(c.req.url).origin, c.env);
    c.set("handler", handler);
    c.set("rpc", rpc);
    c.set("context", new ServerCallContext({ user: new BearerUser(user), requestedVersion: c.req.header("a2a-version") || undefined }));
    await next();
  });

  app.post(JSONRPC_PATH, async (c) => {
    const reply = await c.get("rpc").handle(await c.req.text(), c.get("context"));
    if (!(Symbol.asyncIterator in reply)) return c.json(reply);
    // SendStreamingMessage: the request's id is in every event the transport yields.
    return eventStream(reply, (error) => ({ jsonrpc: "2.0", id: null, error: JsonRpcTransportHandler.mapToJSONRPCError(error) }));
  });

  app.all(`${REST_PATH}/*`, async (c) => {
    const path = c.req.path.slice(REST_PATH.length);
    const route = matchRest(c.req.method, path);
    if (!route) return c.json(statusBody(404, "NOT_FOUND", `No route for ${c.req.method} ${path}`), 404);
    const handler = c.get("handler");
    const context = c.get("context");
    if (route.tenant) context.setTenant(route.tenant);
    try {
      validateVersion(context.requestedVersion, await handler.getAgentCard(), "HTTP+JSON");
      return await route.run(c, handler, context);
    } catch (error) {
      if (error instanceof SdkA2AError) return restError(c, error);
      throw error;
    }
  });
  return app;
}

interface RestRoute {
  tenant: string | undefined;
  run(c: Context<AppEnv>, handler: A2ARequestHandler, context: ServerCallContext): Promise<Response>;
}

// Each with an optional /{tenant} prefix, as the SDK's REST client builds its paths.
const TENANT = "(?:/([^/]+))?";
const SEND = new RegExp(`^${TENANT}/message:send$`);
const STREAM = new RegExp(`^${TENANT}/message:stream$`);
const CANCEL = new RegExp(`^${TENANT}/tasks/([^/:]+):cancel$`);
const GET_TASK = new RegExp(`^${TENANT}/tasks/([^/:]+)$`);
const LIST_TASKS = new RegExp(`^${TENANT}/tasks$`);

/** The HTTP+JSON binding's routes (A2A §11), as @a2a-js/sdk's Express `restHandler` has them. */
function matchRest(method: string, path: string): RestRoute | undefined {
  let m: RegExpExecArray | null;
  if (method === "POST" && (m = SEND.exec(path))) {
    return {
      tenant: m[1],
      async run(c, handler, context) {
        const request = SendMessageRequest.fromJSON(await jsonBody(c));
        const result = await handler.sendMessage(request, context);
        const payload = "messageId" in result ? { $case: "message" as const, value: result } : { $case: "task" as const, value: result };
        return c.json(SendMessageResponse.toJSON({ payload }));
      },
    };
  }
  if (method === "POST" && (m = STREAM.exec(path))) {
    return {
      tenant: m[1],
      async run(c, handler, context) {
        const events = handler.sendMessageStream(SendMessageRequest.fromJSON(await jsonBody(c)), context);
        // An error before the first event is the request's: answer it as one.
        const first = await events.next();
        const all = (async function* () {
          if (!first.done) yield StreamResponse.toJSON(first.value);
          for await (const event of events) yield StreamResponse.toJSON(event);
        })();
        return eventStream(all, (error) => restErrorBody(error));
      },
    };
  }
  if (method === "POST" && (m = CANCEL.exec(path))) {
    const id = decodeURIComponent(m[2]!);
    return { tenant: m[1], run: async (c, handler, context) => c.json(Task.toJSON(await handler.cancelTask({ id, tenant: m![1] ?? "", metadata: {} }, context))) };
  }
  if (method === "GET" && (m = GET_TASK.exec(path))) {
    const id = decodeURIComponent(m[2]!);
    return {
      tenant: m[1],
      async run(c, handler, context) {
        const historyLength = integerQuery(c.req.query("historyLength"), "historyLength");
        return c.json(Task.toJSON(await handler.getTask({ id, tenant: m![1] ?? "", historyLength }, context)));
      },
    };
  }
  if (method === "GET" && (m = LIST_TASKS.exec(path))) {
    return {
      tenant: m[1],
      async run(c, handler, context) {
        const q = (name: string) => c.req.query(name) || undefined;
        const includeArtifacts = q("includeArtifacts") === "true";
        const response = await handler.listTasks(
          {
            tenant: m![1] ?? "",
            contextId: q("contextId") ?? "",
            status: q("status") === undefined ? 0 : taskStateFromJSON(q("status")),
            pageSize: integerQuery(q("pageSize"), "pageSize"),
            pageToken: q("pageToken") ?? "",
            historyLength: integerQuery(q("historyLength"), "historyLength"),
            statusTimestampAfter: q("statusTimestampAfter"),
            includeArtifacts,
          },
          context,
        );
        // Every field, even at its default: A2A §3.1.4 makes them all required.
        const json = {
          // ProtoJSON drops empty lists; a caller who asked for artifacts gets the key.
          tasks: response.tasks.map((t) => ({ ...(Task.toJSON(t) as object), ...(includeArtifacts && !t.artifacts.length ? { artifacts: [] } : {}) })),
          nextPageToken: response.nextPageToken,
          pageSize: response.pageSize,
          totalSize: response.totalSize,
        };
        return c.json(json);
      },
    };
  }
  return undefined;
}

/** HTTP status of each SDK error, as the SDK's own REST transport answers. */
const REST_STATUS: Record<string, number> = {
  TaskNotFoundError: 404,
  TaskNotCancelableError: 400,
  PushNotificationNotSupportedError: 400,
  UnsupportedOperationError: 400,
  ContentTypeNotSupportedError: 400,
  ExtendedAgentCardNotConfiguredError: 400,
  ExtensionSupportRequiredError: 400,
  VersionNotSupportedError: 400,
  RequestMalformedError: 400,
};

/** An SDK error as a google.rpc.Status body (A2A §11.6) with the SDK's own ErrorInfo. */
function restErrorBody(error: unknown) {
  if (!(error instanceof SdkA2AError)) return statusBody(500, "INTERNAL", "Internal error");
  const body = statusBody(REST_STATUS[error.name] ?? 500, error.reason, error.message);
  body.error.details = [error.toErrorInfo() as unknown as (typeof body.error.details)[number]];
  return body;
}

function restError(c: Context, error: SdkA2AError): Response {
  const body = restErrorBody(error);
  return c.json(body, body.error.code as 400);
}

/** Server-sent events, one per item, as the SDK's Express transports write them; a failure ends the stream with an `error` event. */
function eventStream(items: AsyncIterator<unknown>, errorBody: (error: unknown) => unknown): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await items.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`data: ${JSON.stringify(next.value)}\n\n`));
      } catch (error) {
        controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify(errorBody(error))}\n\n`));
        controller.close();
      }
    },
    async cancel() {
      await items.return?.();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return (await c.req.json()) ?? {};
  } catch {
    throw new RequestMalformedError("The request body must be JSON");
  }
}

function integerQuery(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^-?\d+$/.test(value)) throw new RequestMalformedError(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `{ "<user>": "<token>" }`; undefined when malformed, so the agent refuses rather than guesses. */
function parseUsers(json: string | undefined): Map<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(json ?? "");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed);
    if (entries.length === 0 || entries.some(([, token]) => typeof token !== "string" || token === "")) return undefined;
    return new Map(entries as Array<[string, string]>);
  } catch {
    return undefined;
  }
}
