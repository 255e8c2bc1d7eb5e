import {
  A2AError,
  type GetTaskOptions,
  type ListTasksParams,
  type ListTasksResponse,
  type Task,
  type TaskInput,
  type TaskStore,
} from "../src/index.js";
import type { Outcome, TaskStoreObject } from "./task-store-object.js";

/** `TaskStore` over RPC to one tenant's `TaskStoreObject`, for Workers that bind the namespace. */
export class DurableObjectTaskStore implements TaskStore {
  readonly #id: DurableObjectId;

  constructor(
    readonly namespace: DurableObjectNamespace<TaskStoreObject>,
    readonly tenant: string,
  ) {
    this.#id = namespace.idFromName(tenant);
  }

  /** The store of `tenant`: one object per tenant name. */
  static forTenant(namespace: DurableObjectNamespace<TaskStoreObject>, tenant: string): DurableObjectTaskStore {
    return new DurableObjectTaskStore(namespace, tenant);
  }

  /** A stub per call: a stub that saw its object reset stays broken, a new one reaches the reloaded object. */
  get stub(): DurableObjectStub<TaskStoreObject> {
    return this.namespace.get(this.#id);
  }

  async save(task: TaskInput): Promise<void> {
    unwrap(await this.stub.save(toJson(task)));
  }

  async insertIfAbsent(task: TaskInput): Promise<boolean> {
    return unwrap(await this.stub.insertIfAbsent(toJson(task)));
  }

  async get(id: string, options?: GetTaskOptions): Promise<Task | undefined> {
    return unwrap((await this.stub.get(id, options)) as Outcome<Task | undefined>);
  }

  async list(params?: ListTasksParams): Promise<ListTasksResponse> {
    return unwrap((await this.stub.list(params)) as Outcome<ListTasksResponse>);
  }

  async delete(id: string): Promise<boolean> {
    return unwrap(await this.stub.delete(id));
  }

  async count(): Promise<number> {
    return unwrap(await this.stub.count());
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new A2AError(outcome.error.code, outcome.error.message, outcome.error.data);
}

/** JSON text crosses the RPC boundary as one string, however deep or odd the input. */
function toJson(task: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(task);
  } catch (error) {
    throw A2AError.invalidParams(`task must be a JSON value: ${(error as Error).message}`, { field: "task" });
  }
  // JSON.stringify(undefined) is undefined; "null" is rejected by the store with the usual message.
  return json ?? "null";
}
