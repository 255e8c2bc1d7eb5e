import type { ListTasksRequest, ListTasksResponse, Task as SdkTask } from "@a2a-js/sdk";
import { RequestMalformedError, TaskNotFoundError } from "@a2a-js/sdk/errors";
import { resolveUserScope, type OwnerResolver, type ServerCallContext, type TaskStore as SdkTaskStore } from "@a2a-js/sdk/server";
import { A2AError, A2AErrorCode, InMemoryTaskStore, type TaskStore, type TaskStoreConfig } from "../src/index.js";
import { fromListResponse, fromStoreTask, toListParams, toStoreTask } from "./convert.js";

/** Whose tasks a call touches: the caller's tenant ("" when none) and owner. */
export interface TaskScope {
  readonly tenant: string;
  readonly owner: string;
}

export interface A2AJsTaskStoreOptions {
  /**
   * The store that holds one scope's tasks, asked once per scope. Default: an
   * `InMemoryTaskStore` per scope, with `config`. Each scope must get its own store.
   */
  storeFor?: (scope: TaskScope) => TaskStore;
  /** Settings of the default in-memory stores. */
  config?: TaskStoreConfig;
  /** Who owns a call's tasks. Default: the SDK's `resolveUserScope` (`user.userName`, else "unknown"). */
  ownerResolver?: OwnerResolver;
}

/**
 * @a2a-js/sdk's server `TaskStore` over any of this package's stores: pass it to
 * `DefaultRequestHandler` in place of the SDK's `InMemoryTaskStore`. Like the SDK's store, it
 * keeps every tenant's and every owner's tasks apart, here in a store of their own.
 */
export class A2AJsTaskStore implements SdkTaskStore {
  readonly #storeFor: (scope: TaskScope) => TaskStore;
  readonly #ownerResolver: OwnerResolver;
  readonly #stores = new Map<string, TaskStore>();

  constructor(options: A2AJsTaskStoreOptions = {}) {
    const config = options.config;
    this.#storeFor = options.storeFor ?? (() => new InMemoryTaskStore(config));
    this.#ownerResolver = options.ownerResolver ?? resolveUserScope;
  }

  async save(task: SdkTask, context: ServerCallContext): Promise<void> {
    await sdkErrors(() => this.storeOf(context).save(toStoreTask(task)));
  }

  async load(taskId: string, context: ServerCallContext): Promise<SdkTask | undefined> {
    const task = await sdkErrors(() => this.storeOf(context).get(taskId));
    return task && fromStoreTask(task);
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    return fromListResponse(await sdkErrors(() => this.storeOf(context).list(toListParams(params))));
  }

  /** The store holding the caller's tasks. */
  storeOf(context: ServerCallContext): TaskStore {
    const scope: TaskScope = { tenant: context.tenant ?? "", owner: this.#ownerResolver(context) };
    const key = scopeName(scope);
    let store = this.#stores.get(key);
    if (!store) this.#stores.set(key, (store = this.#storeFor(scope)));
    return store;
  }
}

/** A name for a scope, unique per (tenant, owner): e.g. the Durable Object name of its store. */
export function scopeName(scope: TaskScope): string {
  return `${encodeURIComponent(scope.tenant)}/${encodeURIComponent(scope.owner)}`;
}

/** The store's A2A errors as the SDK's own, so its transports answer with the right code. */
async function sdkErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof A2AError && error.code === A2AErrorCode.InvalidParams) throw new RequestMalformedError(error.message);
    if (error instanceof A2AError && error.code === A2AErrorCode.TaskNotFound) throw new TaskNotFoundError(error.message);
    throw error;
  }
}
