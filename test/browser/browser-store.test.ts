import { afterEach } from "vitest";
import { openBrowserTaskStore, type BrowserTaskStore } from "../../web/index.js";
import { describeTaskStoreConformance } from "../conformance/task-store.conformance.js";
import { describeBrowserStoreBehaviour, freshDbName } from "../web/browser-store.behaviour.js";

const stores: BrowserTaskStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describeTaskStoreConformance("BrowserTaskStore (Chromium, IndexedDB)", async () => {
  const store = await openBrowserTaskStore({ persist: { dbName: freshDbName("conformance") }, evictEveryMs: 0 });
  stores.push(store);
  return store;
});

describeBrowserStoreBehaviour("Chromium, IndexedDB");
