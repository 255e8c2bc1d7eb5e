/** What went wrong, for `onError` listeners that react differently (a banner for memory-only, a retry for write-failed). */
export type PersistenceErrorKind =
  /** No IndexedDB (or `persist: false`): tasks live in memory only. Reported once, on open. */
  | "memory-only"
  /** IndexedDB could not be read on open; the store runs in memory only. */
  | "load-failed"
  /** A stored record failed validation and was skipped (it stays in IndexedDB untouched). */
  | "corrupt-record"
  /** A flush failed (quota, closing connection); its changes stay pending and are retried by the next flush. */
  | "write-failed"
  /** Changes announced by another tab could not be read back. */
  | "sync-failed"
  /** The periodic eviction timer's sweep failed. */
  | "eviction-failed";

export class PersistenceError extends Error {
  override readonly name = "PersistenceError";
  constructor(
    readonly kind: PersistenceErrorKind,
    message: string,
    options: { cause?: unknown; taskId?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.taskId = options.taskId;
  }

  /** The task a `corrupt-record` error is about. */
  readonly taskId: string | undefined;
}
