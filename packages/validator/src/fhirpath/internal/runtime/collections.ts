import { isTemporalType } from './datetime';
import type { IsType } from './values';
import { FpNode, deepEqual, fail, hashItem, isPrimitiveItem } from './values';

/** Above this many items (none primitive), the package compares items by their JSON hash. */
const MAX_DEEP_EQUAL = 6;

function isPlainStringNode(item: unknown): boolean {
  return (
    item instanceof FpNode &&
    typeof item.data === 'string' &&
    item.ext === null &&
    !isTemporalType(item.path)
  );
}

/** `distinct()`, keeping the first of equal items, as the package decides equality. */
export function distinct(
  items: readonly unknown[],
  isType: IsType,
  hasPrimitive?: boolean,
): unknown[] {
  const unique: unknown[] = [];
  if (items.length === 0) return unique;
  if (items.every((item) => typeof item === 'string')) {
    // Plain strings (not nodes) are equal exactly when identical: the package agrees.
    return [...new Set(items)];
  }
  if (items.every(isPlainStringNode)) {
    // Nodes holding strings, without `_name` siblings or date/time types: equal exactly when
    // their strings are identical (the package compares them pairwise, to the same effect).
    const seen = new Set<unknown>();
    return items.filter((item) => {
      const data = (item as FpNode).data;
      if (seen.has(data)) return false;
      seen.add(data);
      return true;
    });
  }
  const primitive = hasPrimitive ?? items.some(isPrimitiveItem);
  if (!primitive && items.length > MAX_DEEP_EQUAL) {
    const seen = new Set<string>();
    for (const item of items) {
      const key = hashItem(item, isType);
      if (!seen.has(key)) {
        unique.push(item);
        seen.add(key);
      }
    }
    return unique;
  }
  let rest = items.slice().reverse();
  do {
    const item = rest.pop();
    unique.push(item);
    rest = rest.filter((other) => deepEqual(item, other, isType) !== true);
  } while (rest.length > 0);
  return unique;
}

/** `isDistinct()`. */
export function isDistinct(items: readonly unknown[], isType: IsType): boolean {
  return items.length === distinct(items, isType).length;
}

/** `|` and `union()`. */
export function union(
  left: readonly unknown[],
  right: readonly unknown[],
  isType: IsType,
): unknown[] {
  return distinct(left.concat(right), isType);
}

/** `intersect()`. */
export function intersect(
  left: readonly unknown[],
  right: readonly unknown[],
  isType: IsType,
): unknown[] {
  let result: unknown[] = [];
  if (left.length === 0 || right.length === 0) return result;
  const primitive = left.some(isPrimitiveItem) || right.some(isPrimitiveItem);
  if (!primitive && left.length + right.length > MAX_DEEP_EQUAL) {
    const remaining = new Map<string, boolean>();
    let unchecked = right.length;
    for (const item of right) {
      const key = hashItem(item, isType);
      if (remaining.get(key) === true) unchecked -= 1;
      else remaining.set(key, true);
    }
    for (let i = 0; i < left.length && unchecked > 0; i += 1) {
      const item = left[i];
      const key = hashItem(item, isType);
      if (remaining.get(key) === true) {
        result.push(item);
        remaining.set(key, false);
        unchecked -= 1;
      }
    }
    return result;
  }
  result = distinct(left, isType, primitive).filter((item) =>
    right.some((other) => deepEqual(item, other, isType) === true),
  );
  return result;
}

/** Whether `collection` holds an item equal to `item`. */
function containsItem(collection: readonly unknown[], item: unknown, isType: IsType): boolean {
  for (const other of collection) {
    if (deepEqual(other, item, isType) === true) return true;
  }
  return false;
}

/** `left in right`: empty when `left` is empty, false when `right` is. */
export function membership(
  left: readonly unknown[],
  right: readonly unknown[],
  isType: IsType,
): boolean | undefined {
  if (left.length === 0) return undefined;
  if (right.length === 0) return false;
  if (left.length > 1) fail("'in' needs one item on its left");
  return containsItem(right, left[0], isType);
}

/** `left contains right`. */
export function containership(
  left: readonly unknown[],
  right: readonly unknown[],
  isType: IsType,
): boolean | undefined {
  if (right.length === 0) return undefined;
  if (left.length === 0) return false;
  if (right.length > 1) fail("'contains' needs one item on its right");
  return containsItem(left, right[0], isType);
}
