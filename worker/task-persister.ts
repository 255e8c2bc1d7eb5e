import type { InMemoryTaskStore, RestoreResult, StoredTaskRecord } from "../src/index.js";

/**
 * What a backend supplies to persist a store: four plain synchronous functions, so a change and
 * its write can happen in the same turn.
 */
export interface TaskRecordStorage {
  /** Every stored record, in any order. */
  loadAll(): Iterable<StoredTaskRecord>;
  put(record: StoredTaskRecord): void;
  remove(id: string): void;
  /** Runs `writes` atomically: when it throws, none of them is kept. */
  transaction(writes: () => void): void;
}

export interface TaskPersister {
  /** Loads every stored record into the store (keeping `updatedAt`), then writes away what expired meanwhile. */
  load(): Promise<RestoreResult>;
  /**
   * Writes every change since the last flush in one transaction. When storage throws, memory is
   * ahead of storage: the persister refuses every later flush, and the owner must drop the store
   * and load it again.
   */
  flush(): void;
  stop(): void;
}

/**
 * Write-through persistence built on the store's change events. Events are collected as they
 * happen and written by `flush()`, which the owner calls after each operation and before it
 * answers; several changes to one task in one flush are written once.
 */
export function createTaskPersister(store: InMemoryTaskStore, storage: TaskRecordStorage): TaskPersister {
  // id -> the record to write, or null to remove it; Map order is change order.
  let pending = new Map<string, StoredTaskRecord | null>();
  let failure: unknown;
  const unsubscribe = store.subscribe((event) => {
    const id = event.type === "saved" ? event.task.id : event.id;
    pending.delete(id); // re-inserting moves it to the end: the last change decides
    pending.set(id, event.type === "saved" ? event : null);
  });

  function flush(): void {
    if (failure !== undefined) throw new Error("an earlier storage write failed; reload the store", { cause: failure });
    if (pending.size === 0) return;
    const changes = pending;
    pending = new Map();
    try {
      storage.transaction(() => {
        for (const [id, record] of changes) {
          if (record) storage.put({ task: record.task, updatedAt: record.updatedAt });
          else storage.remove(id);
        }
      });
    } catch (error) {
      failure = error;
      throw error;
    }
  }

  return {
    async load() {
      const result = await store.restore(storage.loadAll());
      flush();
      return result;
    },
    flush,
    stop: unsubscribe,
  };
}
