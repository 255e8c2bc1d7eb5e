import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareListKeys, createSortedIndex, type ListKey, type SortedIndex } from "../../src/sorted-index.js";

interface Item {
  readonly key: ListKey;
  readonly value: number;
}

function keysOf(tree: SortedIndex<Item>, from?: ListKey): ListKey[] {
  return tree.slice(from, Infinity).map((item) => item.key);
}

const keyArb = (maxMs: number) => fc.record({ ms: fc.integer({ min: -3, max: maxMs }), ns: fc.integer({ min: 0, max: 2 }), id: fc.string({ maxLength: 2 }) });

describe("SortedIndex", () => {
  it("matches a sorted array through thousands of inserts and deletes (splits, merges, rebalancing)", () => {
    const op = fc.oneof(
      fc.record({ set: keyArb(300), value: fc.nat() }),
      fc.record({ del: fc.nat() }),
      fc.record({ delKey: keyArb(300) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 3000 }), fc.array(keyArb(300), { minLength: 1, maxLength: 10 }), (ops, probes) => {
        const tree = createSortedIndex<Item>();
        const model: Item[] = [];
        const find = (key: ListKey) => model.findIndex((e) => compareListKeys(e.key, key) === 0);
        for (const o of ops) {
          if ("set" in o) {
            const i = find(o.set);
            if (i >= 0) model[i] = { key: o.set, value: o.value };
            else model.push({ key: o.set, value: o.value });
            tree.set({ key: o.set, value: o.value });
          } else if ("del" in o) {
            if (!model.length) continue;
            const [removed] = model.splice(o.del % model.length, 1);
            expect(tree.delete(removed!.key)).toBe(true);
          } else {
            const i = find(o.delKey);
            if (i >= 0) model.splice(i, 1);
            expect(tree.delete(o.delKey)).toBe(i >= 0);
          }
        }
        model.sort((a, b) => compareListKeys(a.key, b.key));
        expect(tree.size).toBe(model.length);
        expect(tree.slice(undefined, Infinity)).toEqual(model);
        for (const probe of probes) {
          const before = model.filter((e) => compareListKeys(e.key, probe) < 0).length;
          expect(tree.countBefore(probe)).toBe(before);
          expect(keysOf(tree, probe)).toEqual(model.slice(before).map((e) => e.key));
          expect(tree.slice(probe, 7)).toEqual(model.slice(before, before + 7));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("slices across leaves, from any position", () => {
    const tree = createSortedIndex<Item>();
    for (let i = 0; i < 1000; i++) tree.set({ key: { ms: i, ns: 0, id: "" }, value: i });
    for (const [from, limit] of [[500, 3], [999, 200], [3, 10], [0, 5], [-1, 5]] as const) {
      const expected = Array.from({ length: Math.min(limit, Math.max(0, Math.min(from, 999) + 1)) }, (_, k) => Math.min(from, 999) - k);
      expect(tree.slice({ ms: from, ns: 0, id: "" }, limit).map((item) => item.value)).toEqual(expected);
    }
    expect(tree.slice(undefined, 3).map((item) => item.value)).toEqual([999, 998, 997]);
  });

  it("counts ranks on a large multi-level tree", () => {
    const tree = createSortedIndex<Item>();
    const keys: ListKey[] = Array.from({ length: 20_000 }, (_, i) => ({ ms: (i * 7919) % 5000, ns: 0, id: `t${i}` }));
    for (const k of keys) tree.set({ key: k, value: 0 });
    keys.sort(compareListKeys);
    expect(keysOf(tree)).toEqual(keys);
    for (const i of [0, 1, 63, 64, 4097, 12_345, 19_999]) expect(tree.countBefore(keys[i]!)).toBe(i);
    expect(tree.countBefore({ ms: -1, ns: 0, id: "" })).toBe(20_000);
    // Every third key out: many leaves shrink, merge and share across a three-level tree.
    const kept = keys.filter((_, i) => i % 3 !== 0);
    for (let i = 0; i < keys.length; i += 3) expect(tree.delete(keys[i]!)).toBe(true);
    for (const r of [0, 1, 500, 4097, 9_000, 13_332]) expect(tree.countBefore(kept[r]!)).toBe(r);
    for (const k of keys) tree.set({ key: k, value: 0 });
    expect(tree.size).toBe(20_000);
    for (const k of keys.slice(0, 19_990)) expect(tree.delete(k)).toBe(true);
    expect(keysOf(tree)).toEqual(keys.slice(19_990));
    expect(tree.countBefore(keys[19_995]!)).toBe(5);
  });
});
