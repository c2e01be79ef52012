/** A JSON object as parsed from a request or stored: resources are handled in this shape. */
export type JsonObject = Record<string, unknown>;

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests objects and arrays no deeper than `maxDepth`, checked iteratively so a
 * hostile body cannot exhaust the stack.
 */
export function withinDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) return false;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1 });
    }
  }
  return true;
}

/** A deep copy of a JSON value (resources are plain JSON, so structured cloning is exact). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** The string at `object[key]`, or `undefined`. */
export function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** The array at `object[key]` (an empty one when absent or not an array). */
export function arrayField(object: JsonObject, key: string): readonly unknown[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}
