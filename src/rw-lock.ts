interface Waiter {
  readonly write: boolean;
  readonly resume: () => void;
}

/**
 * A Promise-based readers-writer lock. Readers share it, writers are exclusive, and waiters are
 * served strictly in arrival order: a reader that arrives after a waiting writer waits too, so
 * writers are never starved.
 */
export class RwLock {
  #readers = 0;
  #writing = false;
  #queue: Waiter[] = [];
  #head = 0;

  async read<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#writing || this.#pending() > 0) await this.#wait(false);
    else this.#readers++;
    try {
      const result = fn();
      // A synchronous critical section releases at once, without a microtask turn.
      return isPromiseLike(result) ? await result : result;
    } finally {
      this.#readers--;
      this.#drain();
    }
  }

  async write<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#writing || this.#readers > 0 || this.#pending() > 0) await this.#wait(true);
    else this.#writing = true;
    try {
      const result = fn();
      // A synchronous critical section releases at once, without a microtask turn.
      return isPromiseLike(result) ? await result : result;
    } finally {
      this.#writing = false;
      this.#drain();
    }
  }

  /** Readers holding the lock, whether a writer holds it, and how many wait (for tests and metrics). */
  get state(): { readers: number; writing: boolean; waiting: number } {
    return { readers: this.#readers, writing: this.#writing, waiting: this.#pending() };
  }

  #pending(): number {
    return this.#queue.length - this.#head;
  }

  #wait(write: boolean): Promise<void> {
    return new Promise<void>((resume) => this.#queue.push({ write, resume }));
  }

  // Hands the lock over before resuming, so nobody can slip in between release and wake-up.
  #drain(): void {
    while (!this.#writing && this.#pending() > 0) {
      const next = this.#queue[this.#head]!;
      if (next.write) {
        if (this.#readers > 0) break;
        this.#writing = true;
      } else {
        this.#readers++;
      }
      this.#queue[this.#head++] = undefined as never;
      next.resume();
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
