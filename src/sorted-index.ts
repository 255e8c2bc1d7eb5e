import * as btreeModule from "sorted-btree";
import type BTreeType from "sorted-btree";
import { compareInstantsDesc, type Instant } from "./timestamp.js";

// sorted-btree is CommonJS: bundlers expose the class as `default`, Node's ESM loader as `default.default`.
const moduleDefault = (btreeModule as unknown as { default: unknown }).default;
const BTree = (typeof moduleDefault === "function"
  ? moduleDefault
  : (moduleDefault as { default: unknown }).default) as typeof BTreeType;

/** Position of a task in list order: status time, then id. */
export interface ListKey extends Instant {
  readonly id: string;
}

/** List order (A2A §3.1.4): newest status time first, ties broken by id descending. */
export function compareListKeys(a: ListKey, b: ListKey): number {
  return compareInstantsDesc(a, b) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export type SortedIndex<V> = BTreeType<ListKey, V>;

export function createSortedIndex<V>(): SortedIndex<V> {
  return new BTree<ListKey, V>(undefined, compareListKeys);
}

interface TreeNode {
  keys: ListKey[];
  children?: TreeNode[];
  size(): number;
}

/**
 * How many keys sort strictly before `key`, in O(log n). sorted-btree keeps subtree sizes in its
 * internal nodes, which is what makes this rank query possible; the version is pinned for it and
 * test/core/sorted-index.test.ts checks it against a scan.
 */
export function countBefore<V>(tree: SortedIndex<V>, key: ListKey): number {
  let node = (tree as unknown as { _root: TreeNode })._root;
  let count = 0;
  for (;;) {
    const keys = node.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareListKeys(keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    const children = node.children;
    if (!children) return count + lo;
    if (lo === children.length) return count + node.size();
    for (let i = 0; i < lo; i++) count += children[i]!.size();
    node = children[lo]!;
  }
}
