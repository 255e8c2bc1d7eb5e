import {
  InMemoryTaskStore,
  RwLock,
  type EvictionResult,
  type GetTaskOptions,
  type ListTasksParams,
  type ListTasksResponse,
  type Task,
  type TaskChangeEvent,
  type TaskInput,
  type TaskStore,
  type TaskStoreConfig,
} from "../src/index.js";
import { createIdbBackend } from "./idb-backend.js";
import { onPageHide } from "./page-lifecycle.js";
import { PersistenceError } from "./persistence-error.js";
import { TaskPersister } from "./persister.js";
import { WriteClock } from "./write-clock.js";

export interface BrowserPersistOptions {
  /** IndexedDB database name. Default "a2a-task-store". */
  dbName?: string;
  /** Object store inside it. Default "tasks". */
  storeName?: string;
  /** How long changes are coalesced before they are written. Default 50 ms. */
  flushDelayMs?: number;
}

export interface BrowserTaskStoreOptions extends TaskStoreConfig {
  /** `false` keeps tasks in memory only. Default: persist to IndexedDB with the defaults above. */
  persist?: false | BrowserPersistOptions;
  /** Period of the eviction sweep (TTL and capacity); 0 or null turns the timer off. Default 60 s. */
  evictEveryMs?: number | null;
  /** Persistence problems; the store keeps working. Default: `console.error`. */
  onError?: (error: PersistenceError) => void;
}

/** A core change event; `remote` marks a task taken from another tab on the same database. */
export type BrowserTaskChangeEvent = TaskChangeEvent & { readonly remote?: true };

/** Opens the store: loads every persisted task (rebuilding the indexes) before it resolves. */
export function openBrowserTaskStore(options: BrowserTaskStoreOptions = {}): Promise<BrowserTaskStore> {
  return BrowserTaskStore.open(options);
}

/**
 * A TaskStore for the browser: the core InMemoryTaskStore, persisted to IndexedDB one record per
 * task with coalesced incremental writes, and kept in step with other tabs on the same database.
 */
export class BrowserTaskStore implements TaskStore {
  readonly #memory: InMemoryTaskStore;
  // Local writes share the gate; applying another tab's changes takes it alone.
  readonly #gate = new RwLock();
  readonly #listeners = new Set<(event: BrowserTaskChangeEvent) => void>();
  readonly #onError: (error: PersistenceError) => void;
  #persister: TaskPersister | undefined;
  #stopTimers: () => void = () => {};
  #closed = false;

  /** Same as openBrowserTaskStore(). Never rejects for storage problems: they fall back to memory only. */
  static async open(options: BrowserTaskStoreOptions = {}): Promise<BrowserTaskStore> {
    const clock = new WriteClock(options.now);
    const store = new BrowserTaskStore(new InMemoryTaskStore({ ...options, now: clock.now }), options.onError);
    await store.#open(options, clock);
    return store;
  }

  private constructor(memory: InMemoryTaskStore, onError: ((error: PersistenceError) => void) | undefined) {
    this.#memory = memory;
    this.#memory.subscribe((event) => this.#emit(event));
    this.#onError = onError ?? ((error) => console.error(error));
  }

  /** Whether changes reach IndexedDB (false: memory only, reported once through onError). */
  get persistent(): boolean {
    return this.#persister !== undefined;
  }

  save(task: TaskInput): Promise<void> {
    return this.#write(() => this.#memory.save(task));
  }

  insertIfAbsent(task: TaskInput): Promise<boolean> {
    return this.#write(() => this.#memory.insertIfAbsent(task));
  }

  delete(id: string): Promise<boolean> {
    return this.#write(() => this.#memory.delete(id));
  }

  /** Expires terminal tasks past their TTL, then enforces capacity; the removals are persisted. */
  runEviction(): Promise<EvictionResult> {
    return this.#write(() => this.#memory.runEviction());
  }

  get(id: string, options?: GetTaskOptions): Promise<Task | undefined> {
    return this.#memory.get(id, options);
  }

  list(params?: ListTasksParams): Promise<ListTasksResponse> {
    return this.#memory.list(params);
  }

  count(): Promise<number> {
    return this.#memory.count();
  }

  /** Every change, local or from another tab, synchronously once applied. Returns the unsubscriber. */
  subscribe(listener: (event: BrowserTaskChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when every change made before the call is durable in IndexedDB; rejects if the write failed. */
  flush(): Promise<void> {
    return this.#persister?.flush() ?? Promise.resolve();
  }

  /** Changes recorded but not yet handed to IndexedDB. */
  get pendingWrites(): number {
    return this.#persister?.pendingCount ?? 0;
  }

  /** Stops the timers, flushes, and releases the database. Writes after close reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimers();
    await this.#gate.write(async () => {});
    await this.#persister?.close();
  }

  async #open(options: BrowserTaskStoreOptions, clock: WriteClock): Promise<void> {
    const evictEveryMs = options.evictEveryMs === undefined ? 60_000 : options.evictEveryMs;
    const timer = evictEveryMs ? setInterval(() => void this.#sweep(), evictEveryMs) : undefined;
    this.#stopTimers = () => clearInterval(timer);
    const persist = options.persist ?? {};
    if (persist === false || typeof indexedDB === "undefined") {
      const why = persist === false ? "persist is false" : "IndexedDB is not available";
      this.#onError(new PersistenceError("memory-only", `${why}: tasks are kept in memory only`));
      return;
    }
    const persister = new TaskPersister(
      this.#memory,
      createIdbBackend(persist.dbName ?? "a2a-task-store", persist.storeName ?? "tasks"),
      {
        flushDelayMs: persist.flushDelayMs ?? 50,
        onError: this.#onError,
        exclusive: (fn) => this.#gate.write(fn),
        onAdopted: (records) => {
          for (const { task, updatedAt } of records) this.#emit({ type: "saved", task, updatedAt, remote: true });
        },
        witness: (updatedAt) => clock.witness(updatedAt),
      },
    );
    try {
      await persister.open();
    } catch (error) {
      await persister.close().catch(() => {});
      this.#onError(new PersistenceError("load-failed", "could not read IndexedDB: tasks are kept in memory only", { cause: error }));
      return;
    }
    this.#persister = persister;
    const stopPageHide = onPageHide(() => void this.flush().catch(() => {}));
    this.#stopTimers = () => {
      clearInterval(timer);
      stopPageHide();
    };
  }

  #write<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("BrowserTaskStore is closed"));
    return this.#gate.read(fn);
  }

  async #sweep(): Promise<void> {
    try {
      await this.runEviction();
    } catch (error) {
      this.#onError(new PersistenceError("eviction-failed", "periodic eviction failed", { cause: error }));
    }
  }

  #emit(event: BrowserTaskChangeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
