import { createStore, entries, getMany, promisifyRequest, type UseStore } from "idb-keyval";
import type { PersistenceBackend, StoredRows } from "./persister.js";
import { storedVersion, type ChangeNotice, type DeletedVersion, type TaskRecord } from "./record.js";
import { openTabChannel, withTabLock } from "./tab-sync.js";

/**
 * IndexedDB through idb-keyval: one value per task, keyed by its id, in a custom store. The
 * database opens lazily on first use, and a failed connection is reopened by the next call.
 * Tabs on the same database hear about each other's writes over a BroadcastChannel.
 */
export function createIdbBackend(dbName: string, storeName: string): PersistenceBackend {
  const name = `a2a-task-store:${dbName}/${storeName}`;
  const channel = openTabChannel<ChangeNotice>(name);
  let opened: UseStore | undefined;
  const store: UseStore = (mode, callback) => {
    const current = (opened ??= createStore(dbName, storeName));
    return current(mode, callback).catch((error: unknown) => {
      if (opened === current) opened = undefined;
      // An aborted transaction rejects with its error, which is null when the abort was explicit.
      throw error ?? new Error(`IndexedDB transaction on ${dbName}/${storeName} was aborted`);
    });
  };

  return {
    async read(ids) {
      if (ids === undefined) return entries(store);
      const values = await getMany([...ids], store);
      return ids.map((id, i) => [id, values[i]] as const);
    },
    write(changes) {
      return withTabLock(name, async () => {
        const { notice, winners } = await store("readwrite", (objects) => writeIfNewer(objects, changes));
        if (notice.saved.length > 0 || notice.deleted.length > 0) channel.post(notice);
        return winners;
      });
    },
    listen: (listener) => channel.listen(listener),
    async close() {
      channel.close();
      const current = opened;
      opened = undefined;
      if (current) await current("readonly", (objects) => objects.transaction.db.close());
    },
  };
}

/** One transaction: each change reads the stored version first, so last writer wins across tabs. */
function writeIfNewer(
  objects: IDBObjectStore,
  changes: { saved: TaskRecord[]; deleted: DeletedVersion[] },
): Promise<{ notice: ChangeNotice; winners: StoredRows }> {
  const saved: string[] = [];
  const deleted: DeletedVersion[] = [];
  const winners: Array<readonly [string, unknown]> = [];
  // Requests are chained in callbacks, not awaited, so the transaction cannot auto-commit midway.
  for (const record of changes.saved) {
    const id = record.task.id;
    const request = objects.get(id);
    request.onsuccess = () => {
      const stored = storedVersion(request.result);
      if (stored !== undefined && stored >= record.updatedAt) {
        winners.push([id, request.result]);
      } else {
        objects.put(record, id);
        saved.push(id);
      }
    };
  }
  for (const change of changes.deleted) {
    const request = objects.get(change.id);
    request.onsuccess = () => {
      const stored = storedVersion(request.result);
      if (stored !== undefined && stored > change.updatedAt) {
        winners.push([change.id, request.result]);
        return;
      }
      if (request.result !== undefined) objects.delete(change.id);
      // Announced even when nothing was stored: another tab may hold an older, unwritten save of it.
      deleted.push(change);
    };
  }
  return promisifyRequest(objects.transaction).then(() => ({ notice: { saved, deleted }, winners }));
}
