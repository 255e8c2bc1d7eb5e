import { Role, type ListTasksRequest, type SendMessageRequest } from "@a2a-js/sdk";

/** Request objects in @a2a-js/sdk's shape, every field present as its types want. */

export function listRequest(over: Partial<ListTasksRequest> = {}): ListTasksRequest {
  return { tenant: "", contextId: "", status: 0, pageToken: "", statusTimestampAfter: undefined, ...over };
}

export function userMessage(text: string, contextId = ""): SendMessageRequest {
  return {
    tenant: "",
    message: {
      messageId: crypto.randomUUID(),
      contextId,
      taskId: "",
      role: Role.ROLE_USER,
      parts: [{ content: { $case: "text", value: text }, metadata: undefined, filename: "", mediaType: "text/plain" }],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata: undefined,
  };
}
