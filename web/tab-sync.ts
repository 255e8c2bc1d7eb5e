/** Messages between tabs (and between stores in one tab) on the same database. */
export interface TabChannel<T> {
  post(message: T): void;
  /** Returns the unsubscriber. */
  listen(listener: (message: T) => void): () => void;
  close(): void;
}

/** A BroadcastChannel; where there is none (old runtimes), a channel that reaches nobody. */
export function openTabChannel<T>(name: string): TabChannel<T> {
  if (typeof BroadcastChannel === "undefined") return { post() {}, listen: () => () => {}, close() {} };
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data as T);
      channel.addEventListener("message", onMessage);
      return () => channel.removeEventListener("message", onMessage);
    },
    close: () => channel.close(),
  };
}

/**
 * Runs `fn` holding the named Web Lock, so only one tab writes a database at a time and each
 * tab's commit and its notice to the others are never interleaved with another tab's.
 * Without Web Locks it runs `fn` directly: IndexedDB still serialises the transactions.
 */
export function withTabLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks ? (locks.request(name, fn) as Promise<T>) : fn();
}
