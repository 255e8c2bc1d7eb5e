import type { StoredTaskRecord } from "../src/index.js";
import type { TaskRecordStorage } from "./task-persister.js";

/** Version of the tables; each step in MIGRATIONS moves the schema one version up. */
export const SCHEMA_VERSION = 1;
/** Version of the JSON in `tasks.task`, per row, so rows can be upgraded lazily on load. */
export const RECORD_FORMAT = 1;

const MIGRATIONS: Record<number, string> = {
  1: `CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        task TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        format INTEGER NOT NULL
      )`,
};

type TaskRow = { id: string; task: string; updated_at: number; format: number };

/**
 * `TaskRecordStorage` on a SQLite-backed Durable Object's storage. Creates or migrates the
 * tables on open; refuses a database written by a newer schema rather than guess at it.
 */
export function openSqliteTaskStorage(storage: DurableObjectStorage): TaskRecordStorage {
  const sql = storage.sql;
  storage.transactionSync(() => {
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
    const current = row ? Number(row.value) : 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`task storage has schema version ${current}; this code knows up to ${SCHEMA_VERSION}`);
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) sql.exec(MIGRATIONS[version]!);
    sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", String(SCHEMA_VERSION));
  });

  return {
    *loadAll() {
      for (const row of sql.exec<TaskRow>("SELECT id, task, updated_at, format FROM tasks")) {
        if (row.format !== RECORD_FORMAT) {
          throw new Error(`task ${row.id} has record format ${row.format}; this code knows ${RECORD_FORMAT}`);
        }
        yield { task: JSON.parse(row.task), updatedAt: row.updated_at };
      }
    },
    put(record: StoredTaskRecord) {
      sql.exec(
        "INSERT OR REPLACE INTO tasks (id, task, updated_at, format) VALUES (?, ?, ?, ?)",
        record.task.id,
        JSON.stringify(record.task),
        record.updatedAt,
        RECORD_FORMAT,
      );
    },
    remove(id: string) {
      sql.exec("DELETE FROM tasks WHERE id = ?", id);
    },
    transaction(writes: () => void) {
      storage.transactionSync(writes);
    },
  };
}
