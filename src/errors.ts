/** JSON-RPC / A2A error codes (A2A v1.0.1 §5.4, §9.5). */
export const A2AErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  TaskNotFound: -32001,
} as const;
export type A2AErrorCode = (typeof A2AErrorCode)[keyof typeof A2AErrorCode];

export class A2AError extends Error {
  override readonly name = "A2AError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  static invalidParams(message: string, data?: unknown): A2AError {
    return new A2AError(A2AErrorCode.InvalidParams, message, data);
  }

  static taskNotFound(id: string): A2AError {
    return new A2AError(A2AErrorCode.TaskNotFound, `Task not found: ${id}`, { taskId: id });
  }
}
