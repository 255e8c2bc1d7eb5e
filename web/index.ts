export {
  BrowserTaskStore,
  openBrowserTaskStore,
  type BrowserPersistOptions,
  type BrowserTaskChangeEvent,
  type BrowserTaskStoreOptions,
} from "./browser-store.js";
export { PersistenceError, type PersistenceErrorKind } from "./persistence-error.js";
export { TaskPersister, type PersistenceBackend, type PersisterOptions, type StoredRows } from "./persister.js";
export { createIdbBackend } from "./idb-backend.js";
export { RECORD_FORMAT, type ChangeNotice, type DeletedVersion, type TaskRecord } from "./record.js";
