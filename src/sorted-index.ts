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

/** What an index holds: anything that carries its own list position. */
export interface Keyed {
  readonly key: ListKey;
}

interface TreeNode {
  keys: ListKey[];
  children?: TreeNode[];
  size(): number;
}

/** A sorted-btree in list order, behind the few calls the store makes. */
export class SortedIndex<V extends Keyed> {
  // Nodes of 128 (the default is 64): a shallower tree, fewer cache misses per save at 100K+ tasks.
  readonly #tree = new BTree<ListKey, V>(undefined, compareListKeys, 128);

  get size(): number {
    return this.#tree.size;
  }

  set(item: V): void {
    this.#tree.set(item.key, item);
  }

  delete(key: ListKey): boolean {
    return this.#tree.delete(key);
  }

  /** Up to `limit` items in list order, from the first key at or after `from`. */
  slice(from: ListKey | undefined, limit: number): V[] {
    const out: V[] = [];
    if (limit <= 0 || this.#tree.size === 0) return out;
    this.#tree.forRange(from ?? this.#tree.minKey()!, this.#tree.maxKey()!, true, (_key, value) => {
      out.push(value);
      return out.length === limit ? { break: true } : undefined;
    });
    return out;
  }

  /**
   * How many keys sort strictly before `key`, in O(log n). sorted-btree keeps subtree sizes in its
   * internal nodes, which is what makes this rank query possible; the version is pinned for it and
   * test/core/sorted-index.test.ts checks it against a scan.
   */
  countBefore(key: ListKey): number {
    let node = (this.#tree as unknown as { _root: TreeNode })._root;
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
}

export function createSortedIndex<V extends Keyed>(): SortedIndex<V> {
  return new SortedIndex<V>();
}
