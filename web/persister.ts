import type { InMemoryTaskStore, TaskChangeEvent } from "../src/index.js";
import { PersistenceError, type PersistenceErrorKind } from "./persistence-error.js";
import { readRecord, toRecord, type ChangeNotice, type DeletedVersion, type TaskRecord } from "./record.js";

/** Stored values by key, as a backend returns them; the persister validates them. */
export type StoredRows = ReadonlyArray<readonly [key: unknown, value: unknown]>;

/** What a storage backend supplies (TinyBase-style): four functions and no knowledge of the store. */
export interface PersistenceBackend {
  /** Every stored value, or only those of `ids` (a missing one comes back as undefined). */
  read(ids?: readonly string[]): Promise<StoredRows>;
  /**
   * Writes the changes atomically, last writer wins per task: a save lands only over an older
   * version, a delete only removes its version or an older one. Returns the stored values that won.
   */
  write(changes: { saved: TaskRecord[]; deleted: DeletedVersion[] }): Promise<StoredRows>;
  /** Calls `listener` after another tab (or store) wrote the same database; returns the unsubscriber. */
  listen(listener: (notice: ChangeNotice) => void): () => void;
  close(): Promise<void>;
}

export interface PersisterOptions {
  flushDelayMs: number;
  onError(error: PersistenceError): void;
  /** Runs `fn` while no local write is in progress, so a version check and its apply are one step. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Told about tasks taken from another tab: `restore()` emits no events for them. */
  onAdopted(records: readonly TaskRecord[]): void;
  /** Told every stored version loaded, so the store's next write is newer (see WriteClock). */
  witness(updatedAt: number): void;
}

type Change = TaskRecord | DeletedVersion;

/**
 * Keeps a backend in step with an InMemoryTaskStore through its change events: every change is
 * queued per task and written in coalesced batches, so a flush writes only what changed.
 */
export class TaskPersister {
  #pending = new Map<string, Change>();
  /** The batch being written: settled by that write, not by another tab's notice. */
  #inflight = new Map<string, Change>();
  /** The version (`updatedAt`) of every task in the store. */
  readonly #known = new Map<string, number>();
  readonly #stops: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly store: InMemoryTaskStore,
    readonly backend: PersistenceBackend,
    readonly options: PersisterOptions,
  ) {}

  /** Loads every stored task, then follows local changes and other tabs' notices. */
  async open(): Promise<void> {
    this.#stops.push(this.store.subscribe((event) => this.#record(event)));
    // Notices that arrive while loading are replayed after it, so no other tab's write is missed.
    let early: ChangeNotice[] | undefined = [];
    this.#stops.push(this.backend.listen((notice) => (early ? early.push(notice) : void this.#follow(notice))));
    await this.#adopt(await this.backend.read(), "open");
    const replay = early;
    early = undefined;
    for (const notice of replay) await this.#follow(notice);
  }

  /** Resolves once every change recorded before the call is durable; on failure reports, requeues and rejects. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const run = this.#flushing.then(() => this.#writePending());
    this.#flushing = run.catch(() => {});
    return run;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      for (const stop of this.#stops.splice(0)) stop();
      await this.backend.close();
    }
  }

  #record(event: TaskChangeEvent): void {
    if (event.type === "saved") {
      this.#known.set(event.task.id, event.updatedAt);
      this.#pending.set(event.task.id, toRecord(event.task, event.updatedAt));
    } else {
      this.#pending.set(event.id, { id: event.id, updatedAt: this.#known.get(event.id) ?? Number.MAX_VALUE });
      this.#known.delete(event.id);
    }
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), this.options.flushDelayMs);
  }

  async #writePending(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = (this.#inflight = this.#pending);
    this.#pending = new Map();
    const saved: TaskRecord[] = [];
    const deleted: DeletedVersion[] = [];
    for (const change of batch.values()) {
      if ("task" in change) saved.push(change);
      else deleted.push(change);
    }
    let winners: StoredRows;
    try {
      winners = await this.backend.write({ saved, deleted });
    } catch (error) {
      // Nothing is dropped: a change made since stays newer than the failed one.
      for (const [id, change] of batch) if (!this.#pending.has(id)) this.#pending.set(id, change);
      this.#report("write-failed", `could not write ${batch.size} change(s) to IndexedDB; retrying at the next flush`, error);
      throw error;
    } finally {
      this.#inflight = new Map();
    }
    // Another tab wrote a newer version than ours (or kept one we tried to delete): take it.
    if (winners.length > 0) await this.options.exclusive(() => this.#adopt(winners, "lost-write"));
  }

  /** Another tab wrote: apply its deletes (never removing a newer local save), then read its saves back. */
  #follow(notice: ChangeNotice): Promise<void> {
    return this.options
      .exclusive(async () => {
        for (const { id, updatedAt } of notice.deleted) {
          const ours = this.#known.get(id);
          if (ours !== undefined && ours <= updatedAt) await this.store.delete(id);
        }
        if (notice.saved.length > 0) await this.#adopt(await this.backend.read(notice.saved), "notice");
      })
      .catch((error) => this.#report("sync-failed", "could not apply another tab's changes", error));
  }

  /**
   * Loads stored values into the store without re-persisting them. Ids with an unwritten local
   * change are skipped: that change's own flush decides against what is stored. After a lost
   * write the stored value replaces ours even with the same version (two tabs, one millisecond).
   */
  async #adopt(rows: StoredRows, reason: "open" | "notice" | "lost-write"): Promise<void> {
    const records: TaskRecord[] = [];
    const previous = new Map<string, number | undefined>();
    for (const [key, value] of rows) {
      if (value === undefined) continue;
      let record: TaskRecord;
      try {
        record = readRecord(key, value);
      } catch (error) {
        this.#report("corrupt-record", `skipped stored task ${String(key)}: ${(error as Error).message}`, error, String(key));
        continue;
      }
      const id = record.task.id;
      this.options.witness(record.updatedAt);
      if (this.#pending.has(id) || this.#inflight.has(id)) continue;
      if (reason === "notice" && this.#known.get(id) === record.updatedAt) continue;
      previous.set(id, this.#known.get(id));
      this.#known.set(id, record.updatedAt);
      records.push(record);
    }
    if (records.length === 0) return;
    const { rejected } = await this.store.restore(records);
    for (const { record, error } of rejected) {
      const id = (record as TaskRecord).task.id;
      const before = previous.get(id);
      if (before === undefined) this.#known.delete(id);
      else this.#known.set(id, before);
      this.#report("corrupt-record", `skipped stored task ${id}: ${error.message}`, error, id);
    }
    if (reason !== "open") this.options.onAdopted(records.filter((r) => this.#known.get(r.task.id) === r.updatedAt));
  }

  #report(kind: PersistenceErrorKind, message: string, cause: unknown, taskId?: string): void {
    this.options.onError(new PersistenceError(kind, message, { cause, taskId }));
  }
}
