import { A2AError } from "./errors.js";
import { decodePageToken, encodePageToken, fingerprint } from "./page-token.js";
import { RwLock } from "./rw-lock.js";
import { compareListKeys, createSortedIndex, type ListKey, type SortedIndex } from "./sorted-index.js";
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

/** Evicted entries whose index removal waits for later writes, and how many each write removes. */
const MAX_UNINDEXED = 64;
const UNINDEX_PER_WRITE = 2;

interface Entry {
  task: Task;
  /** The task without artifacts, as ListTasks returns it by default; built on first listing. */
  listView: Task | undefined;
  updatedAt: number;
  key: ListKey;
  state: TaskState;
  terminal: boolean;
  /** Neighbours in its write-order queue. */
  prev: Entry | undefined;
  next: Entry | undefined;
}

/**
 * Entries in last-write order, oldest first, linked through the entries: moving one to the back
 * is O(1) and touches only it and its neighbours, and the front is always the oldest entry.
 */
class WriteQueue {
  head: Entry | undefined;
  tail: Entry | undefined;

  push(entry: Entry): void {
    entry.prev = this.tail;
    entry.next = undefined;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
  }

  unlink(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
  }

  firstExcept(keep: string | undefined): Entry | undefined {
    const head = this.head;
    return head !== undefined && head.task.id === keep ? head.next : head;
  }
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
  readonly #terminalByWrite = new WriteQueue();
  readonly #activeByWrite = new WriteQueue();
  readonly #listeners = new Set<TaskChangeListener>();
  // Evicted entries still in the indexes, oldest first: see #evict.
  readonly #unindexed = new Map<string, Entry>();
  #writes = 0;
  #lastFingerprint: { contextId?: string; state?: TaskState; ms?: number; ns?: number; value: string } | undefined;

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
    const cursor = p.pageToken === undefined ? undefined : decodePageToken(p.pageToken, this.#fingerprint(p));
    return this.lock.read(() => this.#list(p, cursor));
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
    return this.lock.write(() => this.#sweepNow());
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
      return { restored: valid.length, rejected, ...this.#sweepNow() };
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
    const oldest = this.#terminalByWrite.head;
    return oldest && oldest.updatedAt + this.taskTtlMs;
  }

  #write(prepared: PreparedTask): void {
    const updatedAt = this.#now();
    const entry = this.#apply(prepared, updatedAt);
    if (this.#listeners.size > 0) this.#emit({ type: "saved", task: entry.task, updatedAt });
    const periodic = this.evictionInterval > 0 && this.#writes++ % this.evictionInterval === 0;
    if (periodic || (this.maxCapacity !== null && this.#tasks.size > this.maxCapacity)) {
      this.#sweep(entry.task.id, periodic);
    }
    if (this.#unindexed.size > 0) this.#purgePending(UNINDEX_PER_WRITE);
  }

  #apply({ task, state, statusTime }: PreparedTask, updatedAt: number): Entry {
    const id = task.id;
    const ms = statusTime ? statusTime.ms : updatedAt;
    const ns = statusTime ? statusTime.ns : 0;
    const terminal = isTerminalState(state);
    let entry = this.#tasks.get(id);
    if (entry === undefined) {
      // An evicted version still indexed could hold the same key.
      const evicted = this.#unindexed.get(id);
      if (evicted) this.#purge(evicted);
      entry = { task, listView: undefined, updatedAt, key: { ms, ns, id }, state, terminal, prev: undefined, next: undefined };
      this.#tasks.set(id, entry);
      this.#index(entry);
    } else if (entry.state === state && entry.task.contextId === task.contextId && entry.key.ms === ms && entry.key.ns === ns) {
      // Same place in every index: update in place instead of re-indexing.
      entry.task = task;
      entry.listView = undefined;
      entry.updatedAt = updatedAt;
      this.#queueOf(terminal).unlink(entry);
    } else {
      // Reusing the entry (by now in the old generation) spares the GC a young object referenced from old arrays.
      this.#unindex(entry);
      this.#queueOf(entry.terminal).unlink(entry);
      entry.task = task;
      entry.listView = undefined;
      entry.updatedAt = updatedAt;
      entry.key = { ms, ns, id };
      entry.state = state;
      entry.terminal = terminal;
      this.#index(entry);
    }
    this.#queueOf(terminal).push(entry);
    return entry;
  }

  #index(entry: Entry): void {
    const state = entry.state;
    this.#all.set(entry);
    getOrCreate(this.#byState, state, createSortedIndex).set(entry);
    const context = getOrCreate(this.#byContext, entry.task.contextId, createContextIndex);
    context.all.set(entry);
    getOrCreate(context.byState, state, createSortedIndex).set(entry);
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
  }

  #queueOf(terminal: boolean): WriteQueue {
    return terminal ? this.#terminalByWrite : this.#activeByWrite;
  }

  #remove(entry: Entry, reason: DeleteReason): void {
    this.#unindex(entry);
    this.#forget(entry, reason);
  }

  /** Out of the lookup map and its queue, and announced: what get, count and a sweep see. */
  #forget(entry: Entry, reason: DeleteReason): void {
    this.#queueOf(entry.terminal).unlink(entry);
    this.#tasks.delete(entry.task.id);
    this.#emit({ type: "deleted", id: entry.task.id, reason });
  }

  /**
   * Evicts at once from the lookup map and the queues, so get, count and the sweep see the task
   * gone, but leaves its index removal, most of the cost, to the next writes, UNINDEX_PER_WRITE
   * each: a sweep that evicts a batch then does not stall the write that runs it. Lists skip
   * these entries and subtract them from totalSize; at most MAX_UNINDEXED wait, so that stays cheap.
   */
  #evict(entry: Entry, reason: DeleteReason): void {
    if (this.#unindexed.size >= MAX_UNINDEXED) return this.#remove(entry, reason);
    this.#unindexed.set(entry.task.id, entry);
    this.#forget(entry, reason);
  }

  #purge(entry: Entry): void {
    this.#unindexed.delete(entry.task.id);
    this.#unindex(entry);
  }

  /** Finishes the index removal of up to `limit` evicted entries, oldest first. */
  #purgePending(limit: number): void {
    for (const evicted of this.#unindexed.values()) {
      if (limit-- === 0) return;
      this.#purge(evicted);
    }
  }

  /** A sweep outside any write (timers, alarms, restore): nothing is left for later writes to clean up, as an idle store may see none. */
  #sweepNow(): EvictionResult {
    const result = this.#sweep(undefined, true);
    this.#purgePending(Infinity);
    return result;
  }

  /** Both passes walk the write-order queues from the front, so a sweep costs what it evicts. */
  #sweep(keep: string | undefined, expire: boolean): EvictionResult {
    let expired = 0;
    if (expire && this.taskTtlMs !== null) {
      const cutoff = this.#now() - this.taskTtlMs;
      for (let entry = this.#terminalByWrite.head; entry !== undefined && entry.updatedAt <= cutoff; ) {
        const next = entry.next;
        if (entry.task.id !== keep) {
          this.#evict(entry, "ttl");
          expired++;
        }
        entry = next;
      }
    }
    let overCapacity = 0;
    if (this.maxCapacity !== null) {
      while (this.#tasks.size > this.maxCapacity) {
        const victim = this.#terminalByWrite.firstExcept(keep) ?? this.#activeByWrite.firstExcept(keep);
        if (!victim) break;
        this.#evict(victim, "capacity");
        overCapacity++;
      }
    }
    return { expired, overCapacity };
  }

  #list(p: ValidListParams, cursor: ListKey | undefined): ListTasksResponse {
    const index = this.#indexFor(p.contextId, p.state);
    if (!index) return { tasks: [], nextPageToken: "", pageSize: p.pageSize, totalSize: 0 };
    // With ties broken by id descending, id "" sorts after every real task at the same instant.
    const end: ListKey | undefined = p.after && { ms: p.after.ms, ns: p.after.ns, id: "" };
    // A page and one more, one for the cursor's own position when its task still exists, and room for evicted entries to skip.
    const unindexed = this.#unindexed.size;
    const found = index.slice(cursor, p.pageSize + 2 + unindexed);
    let i = cursor && found.length > 0 && compareListKeys(found[0]!.key, cursor) === 0 ? 1 : 0;
    const plain = p.historyLength === undefined && !p.includeArtifacts;
    const tasks: Task[] = [];
    let last: Entry | undefined;
    let more = false;
    // Found is in list order: when its last entry is before the end, none needs checking.
    const pastEnd = end !== undefined && found.length > 0 && compareListKeys(found[found.length - 1]!.key, end) >= 0;
    for (; i < found.length; i++) {
      const entry = found[i]!;
      if (pastEnd && compareListKeys(entry.key, end) >= 0) break;
      if (unindexed > 0 && this.#tasks.get(entry.key.id) !== entry) continue;
      if (tasks.length === p.pageSize) {
        more = true;
        break;
      }
      tasks.push(plain ? (entry.listView ??= project(entry.task, undefined, false)) : project(entry.task, p.historyLength, p.includeArtifacts));
      last = entry;
    }
    let totalSize = end ? index.countBefore(end) : index.size;
    if (unindexed > 0) {
      for (const e of this.#unindexed.values()) {
        const listed = (p.contextId === undefined || e.task.contextId === p.contextId) && (p.state === undefined || e.state === p.state);
        if (listed && !(end && compareListKeys(e.key, end) >= 0)) totalSize--;
      }
    }
    return {
      tasks,
      nextPageToken: more ? encodePageToken(last!.key, this.#fingerprint(p)) : "",
      pageSize: p.pageSize,
      totalSize,
    };
  }

  /** Ties a page token to the filters it was issued for; the last one is kept, as clients page or poll with the same filters. */
  #fingerprint({ contextId, state, after }: ValidListParams): string {
    const last = this.#lastFingerprint;
    if (last && last.contextId === contextId && last.state === state && last.ms === after?.ms && last.ns === after?.ns) return last.value;
    const value = fingerprint(`${contextId ?? ""}\u0000${state ?? ""}\u0000${after ? `${after.ms}.${after.ns}` : ""}`);
    this.#lastFingerprint = { contextId, state, ms: after?.ms, ns: after?.ns, value };
    return value;
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
