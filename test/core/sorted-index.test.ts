import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareListKeys, countBefore, createSortedIndex, type ListKey } from "../../src/sorted-index.js";

describe("countBefore", () => {
  it("matches a linear scan over random trees, through inserts and deletes", () => {
    const key = fc.record({ ms: fc.integer({ min: 0, max: 40 }), ns: fc.integer({ min: 0, max: 2 }), id: fc.string({ maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 200 }), fc.array(key, { minLength: 1, maxLength: 20 }), (inserts, deletions, probes) => {
        const tree = createSortedIndex<number>();
        for (const k of inserts) tree.set(k, 0);
        const keys = [...tree.keys()];
        for (const d of deletions) if (keys.length) tree.delete(keys.splice(d % keys.length, 1)[0]!);
        const all = [...tree.keys()];
        for (const probe of probes) {
          expect(countBefore(tree, probe)).toBe(all.filter((k) => compareListKeys(k, probe) < 0).length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("works on a large multi-level tree", () => {
    const tree = createSortedIndex<null>();
    const keys: ListKey[] = Array.from({ length: 20_000 }, (_, i) => ({ ms: (i * 7919) % 5000, ns: 0, id: `t${i}` }));
    for (const k of keys) tree.set(k, null);
    keys.sort(compareListKeys);
    for (const i of [0, 1, 63, 64, 4097, 12_345, 19_999]) expect(countBefore(tree, keys[i]!)).toBe(i);
    expect(countBefore(tree, { ms: -1, ns: 0, id: "" })).toBe(20_000);
  });
});
