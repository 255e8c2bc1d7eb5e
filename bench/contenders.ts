import { Task as SdkTask, TaskState as SdkTaskState, type ListTasksRequest } from "@a2a-js/sdk";
import { InMemoryTaskStore as SdkInMemoryTaskStore, ServerCallContext } from "@a2a-js/sdk/server";
import { InMemoryTaskStore, type Task, type TaskState, type TaskStoreConfig } from "../src/index.js";

export interface ListShape {
  readonly contextId?: string;
  readonly state?: TaskState;
  /** RFC 3339 instant. */
  readonly after?: string;
}

export interface Page {
  readonly count: number;
  readonly totalSize: number;
  readonly nextPageToken: string;
}

/** One implementation under test, behind the few calls the bench makes. */
export interface Contender {
  readonly name: string;
  /** Untimed: turns an A2A v1 task into what this implementation's `save` takes. */
  input(task: Task): unknown;
  save(input: unknown): Promise<void>;
  insertIfAbsent(input: unknown): Promise<boolean>;
  get(id: string): Promise<unknown>;
  list(shape: ListShape, pageSize: number, pageToken?: string): Promise<Page>;
  /** Untimed cleanup between measuring rounds. */
  remove(id: string): Promise<void>;
  size(): Promise<number>;
}

export const OURS = "a2a-task-store";
export const SDK = "@a2a-js/sdk";
export const NAIVE = "naive Map";

export function createOurs(config: TaskStoreConfig = { maxCapacity: null }): Contender & { store: InMemoryTaskStore } {
  const store = new InMemoryTaskStore(config);
  return {
    name: OURS,
    store,
    input: (task) => task,
    save: (input) => store.save(input as Task),
    insertIfAbsent: (input) => store.insertIfAbsent(input as Task),
    get: (id) => store.get(id),
    async list(shape, pageSize, pageToken) {
      const page = await store.list({
        contextId: shape.contextId,
        status: shape.state,
        statusTimestampAfter: shape.after,
        pageSize,
        pageToken,
      });
      return { count: page.tasks.length, totalSize: page.totalSize, nextPageToken: page.nextPageToken };
    },
    async remove(id) {
      await store.delete(id);
    },
    size: () => store.count(),
  };
}

/**
 * The official store, @a2a-js/sdk 1.3.0 `InMemoryTaskStore`: a Map per tenant and owner holding
 * `structuredClone`d tasks in the SDK's own shape (its generated protobuf types, made here with
 * the SDK's `Task.fromJSON`, as its REST transport does). It has save/load/list but no
 * create-only call: its users write load-then-save, which is what `insertIfAbsent` measures.
 */
export function createSdk(): Contender {
  const store = new SdkInMemoryTaskStore();
  const context = new ServerCallContext();
  // The bucket the SDK keeps for this caller (tenant "", owner "unknown"); touched only by untimed cleanup and size.
  const bucket = () =>
    (store as unknown as { _scopedStore: { getBucket(c: ServerCallContext): Map<string, unknown> | undefined } })._scopedStore.getBucket(context);
  return {
    name: SDK,
    input: (task) => SdkTask.fromJSON(task),
    save: (input) => store.save(input as SdkTask, context),
    async insertIfAbsent(input) {
      const task = input as SdkTask;
      if ((await store.load(task.id, context)) !== undefined) return false;
      await store.save(task, context);
      return true;
    },
    get: (id) => store.load(id, context),
    async list(shape, pageSize, pageToken) {
      const request: ListTasksRequest = {
        tenant: "",
        contextId: shape.contextId ?? "",
        status: shape.state ? (SdkTaskState[shape.state as keyof typeof SdkTaskState] as SdkTaskState) : SdkTaskState.TASK_STATE_UNSPECIFIED,
        pageSize,
        pageToken: pageToken ?? "",
        historyLength: undefined,
        statusTimestampAfter: shape.after,
        includeArtifacts: undefined,
      };
      const page = await store.list(request, context);
      return { count: page.tasks.length, totalSize: page.totalSize, nextPageToken: page.nextPageToken };
    },
    async remove(id) {
      bucket()?.delete(id);
    },
    size: async () => bucket()?.size ?? 0,
  };
}

/**
 * What most projects write: a Map of the caller's objects (no copy, no validation), and on every
 * list call filter, sort and slice, with the offset as the page token.
 */
export function createNaive(): Contender {
  const tasks = new Map<string, Task>();
  return {
    name: NAIVE,
    input: (task) => task,
    async save(input) {
      const task = input as Task;
      tasks.set(task.id, task);
    },
    async insertIfAbsent(input) {
      const task = input as Task;
      if (tasks.has(task.id)) return false;
      tasks.set(task.id, task);
      return true;
    },
    get: async (id) => tasks.get(id),
    async list(shape, pageSize, pageToken) {
      const { contextId, state, after } = shape;
      const matching = [...tasks.values()].filter(
        (t) =>
          (contextId === undefined || t.contextId === contextId) &&
          (state === undefined || t.status.state === state) &&
          (after === undefined || (t.status.timestamp ?? "") >= after),
      );
      // Every timestamp here has the same ISO format, so string order is time order.
      matching.sort((a, b) => {
        const ta = a.status.timestamp ?? "";
        const tb = b.status.timestamp ?? "";
        return ta < tb ? 1 : ta > tb ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
      });
      const offset = pageToken ? Number(pageToken) : 0;
      const page = matching.slice(offset, offset + pageSize);
      const end = offset + page.length;
      return { count: page.length, totalSize: matching.length, nextPageToken: end < matching.length ? String(end) : "" };
    },
    async remove(id) {
      tasks.delete(id);
    },
    size: async () => tasks.size,
  };
}
