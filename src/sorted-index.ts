import { compareInstantsDesc, type Instant } from "./timestamp.js";

/** Position of a task in list order: status time, then id. */
export interface ListKey extends Instant {
  readonly id: string;
}

/** List order (A2A §3.1.4): newest status time first, ties broken by id descending. */
export function compareListKeys(a: ListKey, b: ListKey): number {
  return compareInstantsDesc(a, b) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

const MAX_NODE = 128;
const MIN_NODE = MAX_NODE >> 2;

/** What an index holds: anything that carries its own list position. */
export interface Keyed {
  readonly key: ListKey;
}

/**
 * A B+tree node. `ms` mirrors the keys' `ms` in a plain number array, so a binary search reads one
 * contiguous array and follows a key object only on a millisecond tie. A leaf holds items; an
 * internal node holds children, with keys[i] the last (greatest) key under children[i].
 */
class Node<V extends Keyed> {
  constructor(
    public ms: number[],
    public keys: ListKey[] | undefined,
    public items: V[] | undefined,
    public children: Node<V>[] | undefined,
    /** sizes[i] is children[i].size, in one array so a rank query reads no child node. */
    public sizes: number[] | undefined,
    /** Items in this subtree. */
    public size: number,
  ) {}
}

/** The key at position i of a node. */
function keyAt<V extends Keyed>(node: Node<V>, i: number): ListKey {
  return node.keys ? node.keys[i]! : node.items![i]!.key;
}

/** First index whose key sorts at or after `key`. */
function lowerBound<V extends Keyed>(node: Node<V>, key: ListKey): number {
  const ms = node.ms;
  const k = key.ms;
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = ms[mid]!;
    if (m > k || (m === k && compareListKeys(keyAt(node, mid), key) < 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Refreshes parent.keys[i] after the last key of children[i] changed. */
function updateLast<V extends Keyed>(parent: Node<V>, i: number, child: Node<V>): void {
  const n = child.ms.length - 1;
  parent.keys![i] = keyAt(child, n);
  parent.ms[i] = child.ms[n]!;
}

/**
 * An order-statistic B+tree in list order: insert, delete and rank in O(log n), and slices from
 * any position. Items are unique by key under compareListKeys. It replaces sorted-btree, whose
 * delete goes through a generic range edit and whose searches follow a key object per comparison:
 * at 100K tasks a save spent most of its time there.
 */
export class SortedIndex<V extends Keyed> {
  #root: Node<V> = new Node<V>([], undefined, [], undefined, undefined, 0);
  // Set by #insert: whether the item was new (rather than replacing one with an equal key).
  #added = false;

  get size(): number {
    return this.#root.size;
  }

  /** Inserts, or replaces the item with an equal key. */
  set(item: V): void {
    const right = this.#insert(this.#root, item);
    if (right) {
      const left = this.#root;
      const l = left.ms.length - 1;
      const r = right.ms.length - 1;
      this.#root = new Node<V>(
        [left.ms[l]!, right.ms[r]!],
        [keyAt(left, l), keyAt(right, r)],
        undefined,
        [left, right],
        [left.size, right.size],
        left.size + right.size,
      );
    }
  }

  delete(key: ListKey): boolean {
    if (remove(this.#root, key) === NOT_FOUND) return false;
    const root = this.#root;
    if (root.children && root.children.length === 1) this.#root = root.children[0]!;
    return true;
  }

  /** Up to `limit` items in list order, from the first key at or after `from`. */
  slice(from: ListKey | undefined, limit: number): V[] {
    let out: V[] = [];
    const path: Node<V>[] = [];
    const at: number[] = [];
    let node = this.#root;
    for (;;) {
      let i = from ? lowerBound(node, from) : 0;
      const children = node.children;
      if (children) {
        if (i === children.length) return out;
        path.push(node);
        at.push(i);
        node = children[i]!;
        continue;
      }
      const items = node.items!;
      // Usually one leaf holds the whole slice: Array slice copies it in one go.
      if (out.length === 0) out = items.slice(i, i + limit);
      else for (; i < items.length && out.length < limit; i++) out.push(items[i]!);
      if (out.length === limit) return out;
      // On to the next leaf: up to the nearest ancestor with a next child, then down its leftmost path.
      let depth = path.length - 1;
      while (depth >= 0 && at[depth]! + 1 === path[depth]!.children!.length) depth--;
      if (depth < 0) return out;
      path.length = at.length = depth + 1;
      node = path[depth]!.children![++at[depth]!]!;
      from = undefined;
    }
  }

  /** How many keys sort strictly before `key`, in O(log n). */
  countBefore(key: ListKey): number {
    let node = this.#root;
    let count = 0;
    for (;;) {
      const i = lowerBound(node, key);
      const children = node.children;
      if (!children) return count + i;
      if (i === children.length) return count + node.size;
      const sizes = node.sizes!;
      // Sums whichever side of child i is shorter.
      if (i <= children.length >> 1) for (let j = 0; j < i; j++) count += sizes[j]!;
      else {
        count += node.size;
        for (let j = i; j < children.length; j++) count -= sizes[j]!;
      }
      node = children[i]!;
    }
  }

  /** Returns the new right sibling when `node` splits. */
  #insert(node: Node<V>, item: V): Node<V> | undefined {
    const key = item.key;
    const children = node.children;
    if (!children) {
      const items = node.items!;
      const i = lowerBound(node, key);
      // Comparing ms first spares following a neighbour's pointer, a likely cache miss.
      if (i < items.length && node.ms[i] === key.ms && compareListKeys(items[i]!.key, key) === 0) {
        items[i] = item;
        this.#added = false;
        return undefined;
      }
      node.ms.splice(i, 0, key.ms);
      items.splice(i, 0, item);
      node.size++;
      this.#added = true;
      if (items.length <= MAX_NODE) return undefined;
      const half = items.length >> 1;
      const right = new Node<V>(node.ms.splice(half), undefined, items.splice(half), undefined, undefined, 0);
      right.size = right.ms.length;
      node.size = half;
      return right;
    }
    const keys = node.keys!;
    const sizes = node.sizes!;
    let i = lowerBound(node, key);
    // Past every child's last key: it goes last in the last child and becomes that child's last key.
    const beyond = i === children.length;
    if (beyond) i--;
    const child = children[i]!;
    const split = this.#insert(child, item);
    if (this.#added) {
      node.size++;
      sizes[i]!++;
    }
    if (split) updateLast(node, i, child);
    else if (beyond) {
      keys[i] = key;
      node.ms[i] = key.ms;
    }
    if (!split) return undefined;
    const n = split.ms.length - 1;
    node.ms.splice(i + 1, 0, split.ms[n]!);
    keys.splice(i + 1, 0, keyAt(split, n));
    children.splice(i + 1, 0, split);
    sizes[i] = child.size;
    sizes.splice(i + 1, 0, split.size);
    if (children.length <= MAX_NODE) return undefined;
    const half = children.length >> 1;
    const right = new Node<V>(node.ms.splice(half), keys.splice(half), undefined, children.splice(half), sizes.splice(half), 0);
    right.size = sum(right.sizes!);
    node.size -= right.size;
    return right;
  }
}

export function createSortedIndex<V extends Keyed>(): SortedIndex<V> {
  return new SortedIndex<V>();
}

const NOT_FOUND = 0;
const REMOVED = 1;
const REMOVED_LAST = 2;

/** NOT_FOUND, REMOVED, or REMOVED_LAST when the node's last key changed (its parent must update). */
function remove<V extends Keyed>(node: Node<V>, key: ListKey): number {
  const i = lowerBound(node, key);
  const children = node.children;
  if (!children) {
    const items = node.items!;
    if (i === items.length || (items[i]!.key !== key && compareListKeys(items[i]!.key, key) !== 0)) return NOT_FOUND;
    node.ms.splice(i, 1);
    items.splice(i, 1);
    node.size--;
    return i === items.length ? REMOVED_LAST : REMOVED;
  }
  if (i === children.length) return NOT_FOUND;
  const child = children[i]!;
  const removed = remove(child, key);
  if (removed === NOT_FOUND) return NOT_FOUND;
  node.size--;
  node.sizes![i]!--;
  const wasLast = i === children.length - 1;
  if (child.ms.length === 0) {
    node.ms.splice(i, 1);
    node.keys!.splice(i, 1);
    children.splice(i, 1);
    node.sizes!.splice(i, 1);
    return wasLast ? REMOVED_LAST : REMOVED;
  }
  if (removed === REMOVED_LAST) updateLast(node, i, child);
  // Rebalancing moves items between siblings but keeps the last key of the pair.
  if (child.ms.length < MIN_NODE && children.length > 1) rebalance(node, i > 0 ? i - 1 : i);
  return removed === REMOVED_LAST && wasLast ? REMOVED_LAST : REMOVED;
}

/** Merges children[i] and children[i + 1], or shares their contents evenly when they do not fit in one node. */
function rebalance<V extends Keyed>(parent: Node<V>, i: number): void {
  const siblings = parent.children!;
  const left = siblings[i]!;
  const right = siblings[i + 1]!;
  const ms = left.ms.concat(right.ms);
  const keys = left.keys && left.keys.concat(right.keys!);
  const items = left.items && left.items.concat(right.items!);
  const children = left.children && left.children.concat(right.children!);
  const sizes = left.sizes && left.sizes.concat(right.sizes!);
  const parentSizes = parent.sizes!;
  if (ms.length <= MAX_NODE) {
    left.ms = ms;
    left.keys = keys;
    left.items = items;
    left.children = children;
    left.sizes = sizes;
    left.size += right.size;
    parent.ms.splice(i, 1);
    parent.keys!.splice(i, 1);
    siblings.splice(i + 1, 1);
    parentSizes[i] = left.size;
    parentSizes.splice(i + 1, 1);
    return;
  }
  const half = ms.length >> 1;
  right.ms = ms.splice(half);
  right.keys = keys && keys.splice(half);
  right.items = items && items.splice(half);
  right.children = children && children.splice(half);
  right.sizes = sizes && sizes.splice(half);
  left.ms = ms;
  left.keys = keys;
  left.items = items;
  left.children = children;
  left.sizes = sizes;
  const total = left.size + right.size;
  left.size = sizes ? sum(sizes) : half;
  right.size = total - left.size;
  parentSizes[i] = left.size;
  parentSizes[i + 1] = right.size;
  updateLast(parent, i, left);
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
