/**
 * Explicit limits on what one validation will take on, so hostile or broken input gives a clear
 * issue instead of exhausting memory or the stack.
 *
 * @example
 * const limits: ValidationLimits = { maxBytes: 8 * 1024 * 1024, maxDepth: 64 };
 */
export interface ValidationLimits {
  /** Largest JSON text (UTF-8 bytes) validated as one resource. */
  readonly maxBytes: number;
  /** Deepest nesting of JSON objects and arrays. */
  readonly maxDepth: number;
}

/**
 * The default {@link ValidationLimits}: 64 MiB and 128 levels. Real resources rarely pass
 * 30 levels; a FHIR string alone may be 1 MiB.
 *
 * @example
 * createValidator({ limits: { ...DEFAULT_LIMITS, maxDepth: 256 } });
 */
export const DEFAULT_LIMITS: ValidationLimits = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 128,
});

/**
 * Whether a parsed JSON value nests deeper than `limit` (objects and arrays), without recursion.
 *
 * @example
 * exceedsDepth({ a: [{}] }, 2); // true
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
