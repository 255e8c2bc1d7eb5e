import { measure } from "mitata";

/** One measured operation: per-call nanoseconds. */
export interface Timing {
  readonly medianNs: number;
  readonly samples: number;
  /** How the figure was taken. */
  readonly method: "mitata" | "manual" | "rounds";
}

export const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    throw new Error("run with node --expose-gc");
  });

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value at quantile q (0..1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * A read-only operation. Fast ones go through mitata (batched, warmed up, GC before sampling);
 * one that takes over 50 ms per call (the peers' full sorts at large sizes) is timed call by call
 * with performance.now: the first call counts, then more until `budgetMs` is spent (2 to 10
 * calls), so a 1M-task sort does not take minutes.
 */
export async function measureRead(fn: () => Promise<unknown>, budgetMs: number): Promise<Timing> {
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  if (first > 50) {
    const samples: number[] = [first * 1e6];
    const deadline = t0 + budgetMs;
    do {
      const s = performance.now();
      await fn();
      samples.push((performance.now() - s) * 1e6);
    } while (performance.now() < deadline && samples.length < 10);
    return { medianNs: median(samples), samples: samples.length, method: "manual" };
  }
  const stats = await measure(fn, { min_cpu_time: budgetMs * 1e6, min_samples: 12, batch_samples: 512, gc });
  return { medianNs: stats.p50, samples: stats.samples.length, method: "mitata" };
}

/**
 * Writes that change the store. Each round prepares `count` inputs untimed, times the calls that
 * use them, then undoes what it must (untimed) so the store keeps its size. Per-call time is the
 * round's time over `count`; the figure is the median over rounds.
 */
export interface RoundOptions<T> {
  count: number;
  budgetMs: number;
  minRounds?: number;
  prepare: () => T[];
  run: (input: T) => Promise<unknown>;
  undo?: (inputs: T[]) => Promise<void>;
}

export async function measureRounds<T>(options: RoundOptions<T>): Promise<Timing> {
  const { count, budgetMs, prepare, run, undo } = options;
  const minRounds = options.minRounds ?? 7;
  const perCall: number[] = [];
  const deadline = performance.now() + budgetMs;
  // One warm-up round, not recorded.
  for (let round = -1; round < minRounds || (performance.now() < deadline && round < 200); round++) {
    const inputs = prepare();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await run(inputs[i]!);
    const elapsed = performance.now() - t0;
    if (round >= 0) perCall.push((elapsed * 1e6) / count);
    if (undo) await undo(inputs);
  }
  return { medianNs: median(perCall), samples: perCall.length, method: "rounds" };
}

export function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "—";
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString("en-US")}×`;
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}
