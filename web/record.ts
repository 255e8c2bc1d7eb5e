import type { StoredTaskRecord, Task } from "../src/index.js";

/** Version of the stored shape. Bump it when TaskRecord changes and teach readRecord the old one. */
export const RECORD_FORMAT = 1;

/**
 * One IndexedDB value per task, keyed by task id. `updatedAt` is the task's last write: TTL runs
 * from it, and it decides which of two versions of a task is newer.
 */
export interface TaskRecord extends StoredTaskRecord {
  readonly format: typeof RECORD_FORMAT;
}

/** A delete carries the version it removed, so it never removes a newer save made elsewhere. */
export interface DeletedVersion {
  readonly id: string;
  readonly updatedAt: number;
}

/** What one flush writes. */
export interface TaskChanges {
  readonly saved: readonly TaskRecord[];
  readonly deleted: readonly DeletedVersion[];
}

/** What a tab tells the others after a flush: which ids it wrote (read them back) and what it deleted. */
export interface ChangeNotice {
  readonly saved: readonly string[];
  readonly deleted: readonly DeletedVersion[];
}

export function toRecord(task: Task, updatedAt: number): TaskRecord {
  return { format: RECORD_FORMAT, task, updatedAt };
}

/** Checks the envelope of a stored value and throws saying what is wrong; the core's restore() validates the task. */
export function readRecord(key: unknown, value: unknown): TaskRecord {
  const record = value as Partial<TaskRecord> | null;
  if (typeof record !== "object" || record === null) throw new TypeError(`record ${String(key)} is not an object`);
  if (record.format !== RECORD_FORMAT) {
    throw new TypeError(`record ${String(key)} has format ${String(record.format)}, expected ${RECORD_FORMAT}`);
  }
  if (typeof record.updatedAt !== "number" || !Number.isFinite(record.updatedAt)) {
    throw new TypeError(`record ${String(key)} has no finite updatedAt`);
  }
  if (typeof record.task !== "object" || record.task === null || record.task.id !== key) {
    throw new TypeError(`record ${String(key)} does not hold the task with that id`);
  }
  return record as TaskRecord;
}

/** The version of a stored value, or undefined when it has none (a corrupt value loses to any real save). */
export function storedVersion(value: unknown): number | undefined {
  const updatedAt = (value as { updatedAt?: unknown } | null | undefined)?.updatedAt;
  return typeof updatedAt === "number" && Number.isFinite(updatedAt) ? updatedAt : undefined;
}
