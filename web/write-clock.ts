/**
 * The store's clock for `updatedAt`: strictly increasing, and never behind a version seen from
 * another tab (a Lamport clock on top of wall time). Two saves of a task in the same millisecond
 * then still get distinct, ordered versions, and a save made after adopting another tab's version
 * is newer than it. Under bursts of more than one write per millisecond it runs ahead of wall
 * time by at most the burst size in milliseconds, and catches up once the burst ends.
 */
export class WriteClock {
  #last = Number.NEGATIVE_INFINITY;

  constructor(readonly wallClock: () => number = Date.now) {}

  readonly now = (): number => (this.#last = Math.max(this.wallClock(), this.#last + 1));

  /** Records a version written elsewhere, so the next write is newer. */
  witness(updatedAt: number): void {
    if (updatedAt > this.#last) this.#last = updatedAt;
  }
}
