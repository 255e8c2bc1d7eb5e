import { Task as SdkTask, taskStateToJSON, type ListTasksRequest, type ListTasksResponse as SdkListTasksResponse } from "@a2a-js/sdk";
import type { ListTasksParams, ListTasksResponse, Task, TaskInput, TaskState } from "../src/index.js";

/**
 * Between @a2a-js/sdk's in-memory shapes (numeric enums, `$case` parts, `Buffer` bytes, "" for
 * unset strings) and the A2A JSON form the store keeps, through the SDK's own `Task` codec.
 */

/** The SDK task as A2A JSON: what the store keeps. */
export function toStoreTask(task: SdkTask): TaskInput {
  return SdkTask.toJSON(task) as TaskInput;
}

/** A stored task as a fresh SDK object: nothing in it is shared with the store. */
export function fromStoreTask(task: Task): SdkTask {
  // The codec keeps `metadata` and `data` values by reference; the store's are frozen.
  const json = structuredClone(task);
  const out = SdkTask.fromJSON(json);
  restoreNullData(json, out);
  return out;
}

export function toListParams(request: ListTasksRequest): ListTasksParams {
  return {
    contextId: request.contextId || undefined,
    // 0 is TASK_STATE_UNSPECIFIED, which means no filter.
    status: request.status ? (taskStateToJSON(request.status) as TaskState) : undefined,
    pageSize: request.pageSize,
    pageToken: request.pageToken || undefined,
    historyLength: request.historyLength,
    statusTimestampAfter: request.statusTimestampAfter || undefined,
    includeArtifacts: request.includeArtifacts,
  };
}

export function fromListResponse(response: ListTasksResponse): SdkListTasksResponse {
  return {
    tasks: response.tasks.map(fromStoreTask),
    nextPageToken: response.nextPageToken,
    pageSize: response.pageSize,
    totalSize: response.totalSize,
  };
}

type JsonPart = { data?: unknown; text?: unknown; raw?: unknown; url?: unknown };
type JsonParts = { parts?: JsonPart[] } | undefined;
type SdkParts = { parts: SdkTask["history"][number]["parts"] } | undefined;

/**
 * The codec reads `{"data": null}` as a part without content, though `null` is a JSON value a
 * data part may carry: put it back, so the SDK gets the part it saved.
 */
function restoreNullData(json: Task, task: SdkTask): void {
  const pairs: Array<[JsonParts, SdkParts]> = [[json.status?.message as JsonParts, task.status?.message]];
  json.history?.forEach((m, i) => pairs.push([m as JsonParts, task.history[i]]));
  json.artifacts?.forEach((a, i) => pairs.push([a as JsonParts, task.artifacts[i]]));
  for (const [from, to] of pairs) {
    from?.parts?.forEach((part, i) => {
      const target = to?.parts[i];
      if (target && target.content === undefined && part.data === null && "data" in part) {
        target.content = { $case: "data", value: null };
      }
    });
  }
}
