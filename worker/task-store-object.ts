import { DurableObject } from "cloudflare:workers";
import {
  A2AError,
  InMemoryTaskStore,
  type GetTaskOptions,
  type ListTasksParams,
  type ListTasksResponse,
  type Task,
  type TaskStoreConfig,
} from "../src/index.js";
import { openSqliteTaskStorage } from "./sqlite-storage.js";
import { createTaskPersister, type TaskPersister } from "./task-persister.js";

export interface TaskStoreEnv {
  /** One `TaskStoreObject` per tenant. */
  TASK_STORE: DurableObjectNamespace<TaskStoreObject>;
  /** Store settings from `[vars]`: a number, or "none" for unbounded / no TTL. */
  MAX_CAPACITY?: string | number;
  TASK_TTL_SECONDS?: string | number;
  EVICTION_INTERVAL?: string | number;
  /** Bearer token for every tenant (a secret). */
  AUTH_TOKEN?: string;
  /** JSON object mapping tenant to its own bearer token (a secret). */
  TENANT_TOKENS?: string;
}

/**
 * What a call returns across the RPC boundary. Workers RPC keeps an error's message but not its
 * `code`, so A2A errors travel as data and `DurableObjectTaskStore` rethrows them.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: number; message: string; data?: unknown } };

/**
 * One tenant's tasks: an `InMemoryTaskStore` as the hot index, written through to this object's
 * SQLite storage before any call returns, and TTL eviction on a Durable Object alarm.
 * Writes take the task as JSON text so nothing has to be structured-cloned before it is validated.
 */
export class TaskStoreObject extends DurableObject<TaskStoreEnv> {
  readonly #store: InMemoryTaskStore;
  #persister: TaskPersister | undefined;
  /** The alarm time last set, so an unchanged expiry costs no storage call. */
  #alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: TaskStoreEnv) {
    super(ctx, env);
    this.#store = new InMemoryTaskStore({ ...storeConfigFromEnv(env), now: () => this.now() });
    void ctx.blockConcurrencyWhile(async () => {
      this.#persister = createTaskPersister(this.#store, openSqliteTaskStorage(ctx.storage));
      const { rejected } = await this.#persister.load();
      // Kept in SQLite, never deleted: a later version may know how to read them.
      if (rejected.length) console.warn(`TaskStoreObject: ${rejected.length} stored task(s) failed validation and were not loaded`);
      this.#alarmAt = await ctx.storage.getAlarm();
      await this.#scheduleAlarm();
    });
  }

  /** The store's clock in epoch ms. A seam for tests that need time to pass. */
  protected now(): number {
    return Date.now();
  }

  save(taskJson: string): Promise<Outcome<void>> {
    return this.#change(() => this.#store.save(parseTask(taskJson)));
  }

  insertIfAbsent(taskJson: string): Promise<Outcome<boolean>> {
    return this.#change(() => this.#store.insertIfAbsent(parseTask(taskJson)));
  }

  delete(id: string): Promise<Outcome<boolean>> {
    return this.#change(() => this.#store.delete(id));
  }

  get(id: string, options?: GetTaskOptions): Promise<Outcome<Task | undefined>> {
    return settle(() => this.#store.get(id, options));
  }

  list(params?: ListTasksParams): Promise<Outcome<ListTasksResponse>> {
    return settle(() => this.#store.list(params));
  }

  count(): Promise<Outcome<number>> {
    return settle(() => this.#store.count());
  }

  override async alarm(): Promise<void> {
    this.#alarmAt = null; // a fired alarm is gone
    await this.#store.runEviction();
    this.#persist();
    await this.#scheduleAlarm();
  }

  async #change<T>(operation: () => Promise<T>): Promise<Outcome<T>> {
    const outcome = await settle(operation);
    this.#persist();
    await this.#scheduleAlarm();
    return outcome;
  }

  /**
   * Writes the changes in one SQLite transaction. If that fails, memory is ahead of storage, so
   * the object resets itself: the next call gets a fresh instance that loads from SQLite.
   */
  #persist(): void {
    try {
      this.#persister!.flush();
    } catch (error) {
      console.error("TaskStoreObject: storage write failed; resetting the object", error);
      this.ctx.abort("storage write failed");
      throw error;
    }
  }

  async #scheduleAlarm(): Promise<void> {
    const next = this.#store.nextExpiryAt() ?? null;
    if (next === this.#alarmAt) return;
    this.#alarmAt = next;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}

async function settle<T>(operation: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await operation() };
  } catch (error) {
    if (!(error instanceof A2AError)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, data: error.data } };
  }
}

function parseTask(json: string): Task {
  if (typeof json !== "string") throw A2AError.invalidParams("task must be sent as JSON text", { field: "task" });
  try {
    return JSON.parse(json) as Task;
  } catch {
    throw A2AError.invalidParams("task is not valid JSON", { field: "task" });
  }
}

/** Reads MAX_CAPACITY, TASK_TTL_SECONDS and EVICTION_INTERVAL; unset keeps the core's default. */
export function storeConfigFromEnv(env: Partial<TaskStoreEnv>): TaskStoreConfig {
  const config: TaskStoreConfig = {};
  const capacity = setting(env.MAX_CAPACITY, "MAX_CAPACITY", true);
  if (capacity !== undefined) config.maxCapacity = capacity;
  const ttlSeconds = setting(env.TASK_TTL_SECONDS, "TASK_TTL_SECONDS", true);
  if (ttlSeconds !== undefined) config.taskTtlMs = ttlSeconds === null ? null : ttlSeconds * 1000;
  const interval = setting(env.EVICTION_INTERVAL, "EVICTION_INTERVAL", false);
  if (interval !== undefined && interval !== null) config.evictionInterval = interval;
  return config;
}

function setting(value: string | number | undefined, name: string, noneAllowed: boolean): number | null | undefined {
  if (value === undefined || value === "") return undefined;
  if (noneAllowed && value === "none") return null;
  const number = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new Error(`${name} must be a non-negative integer${noneAllowed ? ' or "none"' : ""}, got ${JSON.stringify(value)}`);
  }
  return number;
}
