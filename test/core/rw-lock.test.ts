import { describe, expect, it } from "vitest";
import { RwLock } from "../../src/index.js";

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("RwLock", () => {
  it("lets readers share the lock", async () => {
    const lock = new RwLock();
    const gate = deferred();
    let inside = 0;
    let maxInside = 0;
    const readers = Array.from({ length: 3 }, () =>
      lock.read(async () => {
        maxInside = Math.max(maxInside, ++inside);
        await gate.promise;
        inside--;
      }),
    );
    await tick();
    expect(lock.state).toEqual({ readers: 3, writing: false, waiting: 0 });
    gate.resolve();
    await Promise.all(readers);
    expect(maxInside).toBe(3);
  });

  it("makes writers exclusive", async () => {
    const lock = new RwLock();
    let inside = 0;
    let overlap = false;
    const work = async () => {
      if (++inside > 1) overlap = true;
      await tick();
      inside--;
    };
    await Promise.all([lock.write(work), lock.read(work), lock.write(work), lock.read(work), lock.write(work)]);
    expect(overlap).toBe(false);
  });

  it("serves waiters in arrival order so a writer is never starved by later readers", async () => {
    const lock = new RwLock();
    const order: string[] = [];
    const gate = deferred();
    const first = lock.read(async () => {
      order.push("r1");
      await gate.promise;
    });
    const writer = lock.write(() => void order.push("w"));
    // These arrive after the waiting writer: they must wait for it, even though a reader holds the lock.
    const late = [lock.read(() => void order.push("r2")), lock.read(() => void order.push("r3"))];
    await tick();
    expect(order).toEqual(["r1"]);
    expect(lock.state.waiting).toBe(3);
    gate.resolve();
    await Promise.all([first, writer, ...late]);
    expect(order).toEqual(["r1", "w", "r2", "r3"]);
  });

  it("admits consecutive waiting readers together after a writer", async () => {
    const lock = new RwLock();
    const gate = deferred();
    const writer = lock.write(() => gate.promise);
    let concurrent = 0;
    let peak = 0;
    const readers = Array.from({ length: 4 }, () =>
      lock.read(async () => {
        peak = Math.max(peak, ++concurrent);
        await tick();
        concurrent--;
      }),
    );
    const laterWriter = lock.write(() => expect(concurrent).toBe(0));
    gate.resolve();
    await Promise.all([writer, ...readers, laterWriter]);
    expect(peak).toBe(4);
  });

  it("releases the lock when the critical section throws", async () => {
    const lock = new RwLock();
    await expect(lock.write(() => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(lock.read(async () => { throw new Error("bang"); })).rejects.toThrow("bang");
    expect(lock.state).toEqual({ readers: 0, writing: false, waiting: 0 });
    expect(await lock.write(() => 42)).toBe(42);
  });

  it("keeps FIFO order across thousands of waiters", async () => {
    const lock = new RwLock();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 3000 }, (_, i) => (i % 3 ? lock.read(() => void order.push(i)) : lock.write(async () => { await null; order.push(i); }))),
    );
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
