import { afterEach, expect, it, vi } from "vitest";
import { openBrowserTaskStore, type BrowserTaskStore } from "../../web/index.js";
import { makeTask } from "../conformance/fixtures.js";
import { freshDbName, storedRecords } from "../web/browser-store.behaviour.js";

let store: BrowserTaskStore | undefined;
afterEach(() => store?.close());

it("flushes pending changes on pagehide, long before flushDelayMs", async () => {
  const dbName = freshDbName("pagehide");
  store = await openBrowserTaskStore({ persist: { dbName, flushDelayMs: 600_000 }, evictEveryMs: 0 });
  await store.save(makeTask("t1"));
  expect(store.pendingWrites).toBe(1);
  window.dispatchEvent(new PageTransitionEvent("pagehide"));
  await vi.waitFor(async () => expect((await storedRecords(dbName)).has("t1")).toBe(true));
  expect(store.pendingWrites).toBe(0);
});

it("holds a Web Lock named after the database while it writes", async () => {
  const dbName = freshDbName("locks");
  store = await openBrowserTaskStore({ persist: { dbName, flushDelayMs: 600_000 }, evictEveryMs: 0 });
  await store.save(makeTask("t1"));
  // Another holder of the lock delays the flush until it lets go.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((locked) => void navigator.locks.request(`a2a-task-store:${dbName}/tasks`, () => (locked(), held)));
  let flushed = false;
  const flushing = store.flush().then(() => (flushed = true));
  await new Promise((r) => setTimeout(r, 50));
  expect(flushed).toBe(false);
  expect((await storedRecords(dbName)).has("t1")).toBe(false);
  release();
  await flushing;
  expect((await storedRecords(dbName)).has("t1")).toBe(true);
});
