import { afterEach } from "vitest";
import { openBrowserTaskStore, type BrowserTaskStore } from "../../web/index.js";
import { describeTaskStoreConformance } from "../conformance/task-store.conformance.js";
import { describeBrowserStoreBehaviour, freshDbName } from "./browser-store.behaviour.js";

// fake-indexeddb is installed as the global indexedDB by vitest.web.config.ts.
const stores: BrowserTaskStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describeTaskStoreConformance("BrowserTaskStore (Node, fake-indexeddb)", async () => {
  const store = await openBrowserTaskStore({ persist: { dbName: freshDbName("conformance") }, evictEveryMs: 0 });
  stores.push(store);
  return store;
});

describeBrowserStoreBehaviour("Node, fake-indexeddb");
