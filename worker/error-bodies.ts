import { A2AError, A2AErrorCode } from "../src/index.js";
import { A2A_ERROR_REASONS } from "../src/http-store.js";

const DOMAIN = "a2a-protocol.org";

/** google.rpc.Code names for the HTTP statuses this service answers with. */
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  413: "INVALID_ARGUMENT",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** HTTP status of each A2A code (A2A §5.4); anything else is the server's fault. */
const HTTP_STATUS: Record<number, number> = {
  [A2AErrorCode.TaskNotFound]: 404,
  [A2AErrorCode.InvalidParams]: 400,
  [A2AErrorCode.InvalidRequest]: 400,
  [A2AErrorCode.ParseError]: 400,
  [A2AErrorCode.MethodNotFound]: 404,
};

export type ErrorDetail = Record<string, unknown> & { "@type": string };

/** ErrorInfo (always) plus BadRequest when the error names a field. ErrorInfo metadata values are strings. */
export function errorDetails(reason: string, data?: unknown, message?: string): ErrorDetail[] {
  const metadata: Record<string, string> = {};
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    for (const [key, value] of Object.entries(data)) if (value !== undefined) metadata[key] = String(value);
  }
  const details: ErrorDetail[] = [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: DOMAIN, metadata }];
  if (metadata.field !== undefined && message !== undefined) {
    details.push({
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [{ field: metadata.field, description: message }],
    });
  }
  return details;
}

/** A REST error body in google.rpc.Status form (A2A §11.6). */
export function statusBody(httpStatus: number, reason: string, message: string, data?: unknown) {
  return {
    error: {
      code: httpStatus,
      status: STATUS_NAMES[httpStatus] ?? "UNKNOWN",
      message,
      details: errorDetails(reason, data, message),
    },
  };
}

export function a2aErrorStatus(error: A2AError): { httpStatus: number; reason: string } {
  return { httpStatus: HTTP_STATUS[error.code] ?? 500, reason: A2A_ERROR_REASONS[error.code] ?? "INTERNAL" };
}

/** A JSON-RPC 2.0 error response; `data` carries the same detail objects as REST (A2A §9.5). */
export function rpcErrorBody(id: string | number | null, error: A2AError) {
  const reason = A2A_ERROR_REASONS[error.code] ?? "INTERNAL";
  return { jsonrpc: "2.0" as const, id, error: { code: error.code, message: error.message, data: errorDetails(reason, error.data, error.message) } };
}
