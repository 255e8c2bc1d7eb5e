// Runs inside Chromium for `npm run bench:browser` (bundled by bench/browser.ts). Every timing is
// taken here with performance.now, around the one call it names.
import type { Task } from "../src/index.js";
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
  async close(): Promise<void> {
    await open?.close();
    open = undefined;
  },
};

(globalThis as unknown as { bench: typeof bench }).bench = bench;
