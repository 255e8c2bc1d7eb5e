import { AgentCard, Role, TaskState, type Message, type Part, type Task } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext } from "@a2a-js/sdk/server";

/** Where the agent is served, relative to its origin. */
export const JSONRPC_PATH = "/a2a/jsonrpc";
export const REST_PATH = "/a2a/rest";

export function echoAgentCard(origin: string): AgentCard {
  return AgentCard.fromJSON({
    name: "Echo agent",
    description: "Echoes your message back in steps, with status updates and an artifact. Its tasks live in a2a-task-store.",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${origin}${JSONRPC_PATH}`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${origin}${REST_PATH}`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: false },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Repeats the text it is sent", tags: ["echo"], examples: ["hello"] }],
  });
}

/**
 * Echoes the user's text: submitted, then one working status per step, then an artifact with the
 * echo, then completed. Every event reaches the task store through the SDK's ResultManager.
 */
export class EchoAgentExecutor implements AgentExecutor {
  constructor(readonly steps = 2) {}

  async execute(request: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = request;
    const text = request.userMessage.parts.map(textOf).join(" ");
    const status = (state: TaskState, message: string) => ({ state, message: agentMessage(taskId, contextId, message), timestamp: new Date().toISOString() });
    const task: Task = request.task ?? {
      id: taskId,
      contextId,
      status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
      artifacts: [],
      history: [request.userMessage],
      metadata: { agent: "echo" },
    };
    bus.publish(AgentEvent.task(task));
    for (let step = 1; step <= this.steps; step++) {
      bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_WORKING, `Echoing, step ${step} of ${this.steps}`), metadata: undefined }));
    }
    bus.publish(
      AgentEvent.artifactUpdate({
        taskId,
        contextId,
        artifact: { artifactId: `${taskId}-echo`, name: "echo", description: "What you said", parts: [textPart(text)], metadata: undefined, extensions: [] },
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
    bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_COMPLETED, `You said: ${text}`), metadata: undefined }));
    bus.finished();
  }

  // Every echo finishes inside `execute`, so there is never a running task to stop.
  async cancelTask(_taskId: string, bus: ExecutionEventBus): Promise<void> {
    bus.finished();
  }
}

function textOf(part: Part): string {
  return part.content?.$case === "text" ? part.content.value : "";
}

function textPart(text: string): Part {
  return { content: { $case: "text", value: text }, metadata: undefined, filename: "", mediaType: "text/plain" };
}

function agentMessage(taskId: string, contextId: string, text: string): Message {
  return {
    messageId: crypto.randomUUID(),
    contextId,
    taskId,
    role: Role.ROLE_AGENT,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}
