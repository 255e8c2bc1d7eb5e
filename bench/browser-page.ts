// Runs inside Chromium for `npm run bench:browser` (bundled by bench/browser.ts). Every timing is
// taken here with performance.now, around the one call it names.
import { createStore, entries, setMany } from "idb-keyval";
import { InMemoryTaskStore, type StoredTaskRecord, type Task } from "../src/index.js";
import { openBrowserTaskStore, type BrowserTaskStore } from "../web/index.js";
import { createTaskFactory } from "./fixtures.js";

// A long flush delay: only the explicit flush() calls write, so each one is measured alone.
const options = (dbName: string) => ({ persist: { dbName, flushDelayMs: 600_000 }, maxCapacity: null, evictEveryMs: null });
const factory = createTaskFactory(20260503);
let tasks: Task[] = [];
let open: BrowserTaskStore | undefined;

/** Saves a new version of `count` distinct tasks (a partial Fisher-Yates shuffle picks them). */
async function changeSome(store: BrowserTaskStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const j = i + ((Math.random() * (tasks.length - i)) | 0);
    [tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!];
    await store.save(factory.update(tasks[i]!.id, tasks[i]!.contextId));
  }
}

const bench = {
  /** Writes `count` tasks to a fresh database and closes it. */
  async seed(dbName: string, count: number): Promise<number> {
    tasks = Array.from({ length: count }, () => factory.next());
    const store = await openBrowserTaskStore(options(dbName));
    for (const task of tasks) await store.save(task);
    await store.flush();
    const stored = await store.count();
    await store.close();
    return stored;
  },
  /** Open-and-restore: from the call to a store that answers, every task loaded and indexed. */
  async restore(dbName: string): Promise<{ ms: number; count: number }> {
    const t0 = performance.now();
    const store = await openBrowserTaskStore(options(dbName));
    const ms = performance.now() - t0;
    const count = await store.count();
    // The tasks the later rounds change (untimed).
    tasks = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list({ pageSize: 100, pageToken });
      tasks.push(...page.tasks);
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    if (!store.persistent) throw new Error("the store fell back to memory only");
    open = store;
    return { ms, count };
  },
  /** Changes `changes` tasks (untimed), then times the flush() that writes them. */
  async flushChanged(changes: number): Promise<number> {
    const store = open!;
    await changeSome(store, changes);
    if (store.pendingWrites !== changes) throw new Error(`${store.pendingWrites} writes pending, expected ${changes}`);
    const t0 = performance.now();
    await store.flush();
    return performance.now() - t0;
  },
  /** Restore split in two: reading every record from IndexedDB, then the core's restore() of them. */
  async restoreParts(dbName: string): Promise<{ readMs: number; indexMs: number }> {
    const t0 = performance.now();
    const rows = await entries(createStore(dbName, "tasks"));
    const t1 = performance.now();
    const { restored } = await new InMemoryTaskStore({ maxCapacity: null }).restore(rows.map(([, value]) => value as StoredTaskRecord));
    const t2 = performance.now();
    if (restored !== rows.length) throw new Error(`restored ${restored} of ${rows.length} records`);
    return { readMs: t1 - t0, indexMs: t2 - t1 };
  },
  /** The same tasks kept as JSON text instead of objects: how long reading them back and parsing takes. */
  async readAsJson(): Promise<number> {
    const store = createStore("bench-json", "tasks");
    await setMany(tasks.map((task) => [task.id, JSON.stringify({ task, updatedAt: 0 })] as [string, unknown]), store);
    const t0 = performance.now();
    const rows = await entries(store);
    const parsed = rows.map(([, text]) => JSON.parse(text as string) as StoredTaskRecord);
    const ms = performance.now() - t0;
    if (parsed.length !== tasks.length) throw new Error(`read ${parsed.length} of ${tasks.length}`);
    return ms;
  },
  /** The floor under flush(): idb-keyval setMany of as many plain records, in another database. */
  async rawSetMany(count: number): Promise<number> {
    const store = createStore("bench-raw", "tasks");
    const entries = tasks.slice(0, count).map((task) => [task.id, { task: factory.update(task.id, task.contextId), updatedAt: Date.now() }] as [string, unknown]);
    const t0 = performance.now();
    await setMany(entries, store);
    return performance.now() - t0;
  },
  async close(): Promise<void> {
    await open?.close();
    open = undefined;
  },
};

(globalThis as unknown as { bench: typeof bench }).bench = bench;
