import { A2AError } from "./errors.js";
import { decodePageToken, encodePageToken, fingerprint } from "./page-token.js";
import { RwLock } from "./rw-lock.js";
import { compareListKeys, countBefore, createSortedIndex, type ListKey, type SortedIndex } from "./sorted-index.js";
import type {
  DeleteReason,
  EvictionResult,
  StoredTaskRecord,
  TaskChangeEvent,
  TaskChangeListener,
  TaskStore,
} from "./task-store.js";
import { isTerminalState } from "./task-state.js";
import type { GetTaskOptions, ListTasksParams, ListTasksResponse, Task, TaskInput, TaskState } from "./types.js";
import { prepareTask, validateHistoryLength, validateListParams, type PreparedTask, type ValidListParams } from "./validate.js";

export interface TaskStoreConfig {
  /** Hard cap on stored tasks; `null` means unbounded. Default 10 000. */
  maxCapacity?: number | null;
  /** How long a terminal task lives after its last write; `null` turns TTL off. Default 1 hour. */
  taskTtlMs?: number | null;
  /** Writes between eviction sweeps; 0 turns periodic sweeps off (capacity is still enforced). Default 64. */
  evictionInterval?: number;
  /** Largest accepted `pageSize`. Default 100. */
  maxPageSize?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export interface RestoreResult extends EvictionResult {
  readonly restored: number;
  /** Records that failed validation; nothing of them was stored. */
  readonly rejected: ReadonlyArray<{ readonly record: unknown; readonly error: A2AError }>;
}

interface Entry {
  task: Task;
  updatedAt: number;
  readonly key: ListKey;
  readonly state: TaskState;
  readonly terminal: boolean;
}

/** One context's tasks, whole and split by state. */
interface ContextIndex {
  readonly all: SortedIndex<Entry>;
  readonly byState: Map<TaskState, SortedIndex<Entry>>;
}

/**
 * The reference TaskStore: a Map for lookups plus B+tree indexes in list order (all tasks, per
 * state, per context, per context and state), so every list shape costs O(log n + page).
 * Stored tasks are deep-frozen copies and are handed out without copying.
 */
export class InMemoryTaskStore implements TaskStore {
  readonly lock = new RwLock();
  readonly maxCapacity: number | null;
  readonly taskTtlMs: number | null;
  readonly evictionInterval: number;
  readonly maxPageSize: number;
  readonly #now: () => number;

  readonly #tasks = new Map<string, Entry>();
  readonly #all = createSortedIndex<Entry>();
  readonly #byState = new Map<TaskState, SortedIndex<Entry>>();
  readonly #byContext = new Map<string, ContextIndex>();
  // Eviction queues in last-write order: a re-write moves a task to the back.
  readonly #terminalByWrite = new Map<string, Entry>();
  readonly #activeByWrite = new Map<string, Entry>();
  readonly #listeners = new Set<TaskChangeListener>();
  #writes = 0;

  constructor(config: TaskStoreConfig = {}) {
    this.maxCapacity = config.maxCapacity === undefined ? 10_000 : config.maxCapacity;
    this.taskTtlMs = config.taskTtlMs === undefined ? 3_600_000 : config.taskTtlMs;
    this.evictionInterval = config.evictionInterval ?? 64;
    this.maxPageSize = config.maxPageSize ?? 100;
    this.#now = config.now ?? Date.now;
    if (this.maxCapacity !== null && !(Number.isInteger(this.maxCapacity) && this.maxCapacity >= 1)) {
      throw new RangeError(`maxCapacity must be a positive integer or null, got ${this.maxCapacity}`);
    }
    if (this.taskTtlMs !== null && !(Number.isFinite(this.taskTtlMs) && this.taskTtlMs >= 0)) {
      throw new RangeError(`taskTtlMs must be a non-negative number or null, got ${this.taskTtlMs}`);
    }
    if (!(Number.isInteger(this.evictionInterval) && this.evictionInterval >= 0)) {
      throw new RangeError(`evictionInterval must be a non-negative integer, got ${this.evictionInterval}`);
    }
    if (!(Number.isInteger(this.maxPageSize) && this.maxPageSize >= 1)) {
      throw new RangeError(`maxPageSize must be a positive integer, got ${this.maxPageSize}`);
    }
  }

  async save(task: TaskInput): Promise<void> {
    const prepared = prepareTask(task);
    await this.lock.write(() => this.#write(prepared));
  }

  async insertIfAbsent(task: TaskInput): Promise<boolean> {
    const prepared = prepareTask(task);
    return this.lock.write(() => {
      if (this.#tasks.has(prepared.task.id)) return false;
      this.#write(prepared);
      return true;
    });
  }

  async get(id: string, options?: GetTaskOptions): Promise<Task | undefined> {
    requireId(id);
    const historyLength = validateHistoryLength(options?.historyLength);
    return this.lock.read(() => {
      const entry = this.#tasks.get(id);
      return entry && project(entry.task, historyLength, undefined);
    });
  }

  async list(params?: ListTasksParams): Promise<ListTasksResponse> {
    const p = validateListParams(params, this.maxPageSize);
    const filters = fingerprint(`${p.contextId ?? ""}\u0000${p.state ?? ""}\u0000${p.after ? `${p.after.ms}.${p.after.ns}` : ""}`);
    const cursor = p.pageToken === undefined ? undefined : decodePageToken(p.pageToken, filters);
    return this.lock.read(() => this.#list(p, cursor, filters));
  }

  async delete(id: string): Promise<boolean> {
    requireId(id);
    return this.lock.write(() => {
      const entry = this.#tasks.get(id);
      if (!entry) return false;
      this.#remove(entry, "delete");
      return true;
    });
  }

  async count(): Promise<number> {
    return this.lock.read(() => this.#tasks.size);
  }

  /** Expires terminal tasks past their TTL, then enforces capacity. */
  async runEviction(): Promise<EvictionResult> {
    return this.lock.write(() => this.#sweep(undefined, true));
  }

  /**
   * Loads persisted records without emitting `saved` events or counting writes, keeping each
   * record's `updatedAt` so TTLs survive restarts; then sweeps, emitting `deleted` for what expired
   * or overflowed while the store was down.
   */
  async restore(records: Iterable<StoredTaskRecord>): Promise<RestoreResult> {
    return this.lock.write(() => {
      const rejected: { record: unknown; error: A2AError }[] = [];
      const valid: { prepared: PreparedTask; updatedAt: number }[] = [];
      for (const record of records) {
        try {
          const updatedAt = (record as Partial<StoredTaskRecord> | null)?.updatedAt;
          if (typeof updatedAt !== "number" || !Number.isFinite(updatedAt)) {
            throw A2AError.invalidParams("record.updatedAt must be a finite number", { field: "updatedAt" });
          }
          valid.push({ prepared: prepareTask(record.task), updatedAt });
        } catch (error) {
          if (!(error instanceof A2AError)) throw error;
          rejected.push({ record, error });
        }
      }
      // Replaying in write order rebuilds the eviction queues exactly.
      valid.sort((a, b) => a.updatedAt - b.updatedAt);
      for (const { prepared, updatedAt } of valid) this.#apply(prepared, updatedAt);
      return { restored: valid.length, rejected, ...this.#sweep(undefined, true) };
    });
  }

  /** Receives every change synchronously, in order, once it is applied. Returns the unsubscriber. */
  subscribe(listener: TaskChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** When the oldest terminal task expires (epoch ms), for adapters that schedule sweeps; undefined when none will. */
  nextExpiryAt(): number | undefined {
    if (this.taskTtlMs === null) return undefined;
    for (const entry of this.#terminalByWrite.values()) return entry.updatedAt + this.taskTtlMs;
    return undefined;
  }

  #write(prepared: PreparedTask): void {
    const updatedAt = this.#now();
    const entry = this.#apply(prepared, updatedAt);
    this.#emit({ type: "saved", task: entry.task, updatedAt });
    const periodic = this.evictionInterval > 0 && this.#writes++ % this.evictionInterval === 0;
    if (periodic || (this.maxCapacity !== null && this.#tasks.size > this.maxCapacity)) {
      this.#sweep(entry.task.id, periodic);
    }
  }

  #apply({ task, state, statusTime }: PreparedTask, updatedAt: number): Entry {
    const previous = this.#tasks.get(task.id);
    const key: ListKey = statusTime
      ? { ms: statusTime.ms, ns: statusTime.ns, id: task.id }
      : { ms: updatedAt, ns: 0, id: task.id };
    const terminal = isTerminalState(state);
    let entry: Entry;
    if (
      previous &&
      previous.state === state &&
      previous.task.contextId === task.contextId &&
      compareListKeys(previous.key, key) === 0
    ) {
      // Same place in every index: update in place instead of re-indexing.
      entry = previous;
      entry.task = task;
      entry.updatedAt = updatedAt;
    } else {
      if (previous) this.#unindex(previous);
      entry = { task, updatedAt, key, state, terminal };
      this.#tasks.set(task.id, entry);
      this.#index(entry);
    }
    const queue = terminal ? this.#terminalByWrite : this.#activeByWrite;
    queue.delete(task.id);
    queue.set(task.id, entry);
    return entry;
  }

  #index(entry: Entry): void {
    const { key, state } = entry;
    this.#all.set(key, entry);
    getOrCreate(this.#byState, state, createSortedIndex).set(key, entry);
    const context = getOrCreate(this.#byContext, entry.task.contextId, createContextIndex);
    context.all.set(key, entry);
    getOrCreate(context.byState, state, createSortedIndex).set(key, entry);
  }

  #unindex(entry: Entry): void {
    const { key, state } = entry;
    const contextId = entry.task.contextId;
    this.#all.delete(key);
    deleteFrom(this.#byState, state, key);
    const context = this.#byContext.get(contextId)!;
    context.all.delete(key);
    deleteFrom(context.byState, state, key);
    if (context.all.size === 0) this.#byContext.delete(contextId);
    (entry.terminal ? this.#terminalByWrite : this.#activeByWrite).delete(entry.task.id);
  }

  #remove(entry: Entry, reason: DeleteReason): void {
    this.#unindex(entry);
    this.#tasks.delete(entry.task.id);
    this.#emit({ type: "deleted", id: entry.task.id, reason });
  }

  /** Both passes walk the write-order queues from the front, so a sweep costs what it evicts. */
  #sweep(keep: string | undefined, expire: boolean): EvictionResult {
    let expired = 0;
    if (expire && this.taskTtlMs !== null) {
      const cutoff = this.#now() - this.taskTtlMs;
      for (const entry of this.#terminalByWrite.values()) {
        if (entry.updatedAt > cutoff) break;
        if (entry.task.id === keep) continue;
        this.#remove(entry, "ttl");
        expired++;
      }
    }
    let overCapacity = 0;
    if (this.maxCapacity !== null) {
      while (this.#tasks.size > this.maxCapacity) {
        const victim = firstExcept(this.#terminalByWrite, keep) ?? firstExcept(this.#activeByWrite, keep);
        if (!victim) break;
        this.#remove(victim, "capacity");
        overCapacity++;
      }
    }
    return { expired, overCapacity };
  }

  #list(p: ValidListParams, cursor: ListKey | undefined, filters: string): ListTasksResponse {
    const index = this.#indexFor(p.contextId, p.state);
    if (!index) return { tasks: [], nextPageToken: "", pageSize: p.pageSize, totalSize: 0 };
    // With ties broken by id descending, id "" sorts after every real task at the same instant.
    const end: ListKey | undefined = p.after && { ms: p.after.ms, ns: p.after.ns, id: "" };
    const page: Entry[] = [];
    let more = false;
    for (const [key, entry] of index.entries(cursor)) {
      if (cursor && compareListKeys(key, cursor) === 0) continue;
      if (end && compareListKeys(key, end) >= 0) break;
      if (page.length === p.pageSize) {
        more = true;
        break;
      }
      page.push(entry);
    }
    return {
      tasks: page.map((e) => project(e.task, p.historyLength, p.includeArtifacts)),
      nextPageToken: more ? encodePageToken(page[page.length - 1]!.key, filters) : "",
      pageSize: p.pageSize,
      totalSize: end ? countBefore(index, end) : index.size,
    };
  }

  #indexFor(contextId: string | undefined, state: TaskState | undefined): SortedIndex<Entry> | undefined {
    if (contextId === undefined) return state === undefined ? this.#all : this.#byState.get(state);
    const context = this.#byContext.get(contextId);
    return state === undefined ? context?.all : context?.byState.get(state);
  }

  #emit(event: TaskChangeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/**
 * Applies `historyLength` and `includeArtifacts` to a stored task, sharing everything it leaves alone.
 * `includeArtifacts` undefined keeps artifacts as stored (GetTask); false omits the key; true
 * always has it, empty when the task has none (ListTasks, A2A §3.1.4).
 */
function project(task: Task, historyLength: number | undefined, includeArtifacts: boolean | undefined): Task {
  const history = task.history;
  const trimHistory = historyLength !== undefined && history !== undefined && (historyLength === 0 || history.length > historyLength);
  const dropArtifacts = includeArtifacts === false && task.artifacts !== undefined;
  const addArtifacts = includeArtifacts === true && task.artifacts === undefined;
  if (!trimHistory && !dropArtifacts && !addArtifacts) return task;
  const { artifacts, history: _history, ...rest } = task;
  const out: Task = rest;
  if (includeArtifacts !== false) out.artifacts = artifacts ?? (Object.freeze([]) as unknown as Task["artifacts"]);
  if (history !== undefined && historyLength !== 0) {
    out.history = trimHistory ? (Object.freeze(history.slice(-historyLength!)) as unknown as Task["history"]) : history;
  }
  return Object.freeze(out);
}

function requireId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id === "") {
    throw A2AError.invalidParams("id must be a non-empty string", { field: "id" });
  }
}

function createContextIndex(): ContextIndex {
  return { all: createSortedIndex(), byState: new Map() };
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

function deleteFrom(map: Map<TaskState, SortedIndex<Entry>>, state: TaskState, key: ListKey): void {
  const index = map.get(state)!;
  index.delete(key);
  if (index.size === 0) map.delete(state);
}

function firstExcept(queue: Map<string, Entry>, keep: string | undefined): Entry | undefined {
  for (const entry of queue.values()) if (entry.task.id !== keep) return entry;
  return undefined;
}
