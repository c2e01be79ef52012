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
  return deeper(value, 1, limit);
}

/** Recursion stops at `limit + 1` levels, so the stack stays small whatever the input. */
function deeper(node: unknown, depth: number, limit: number): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (depth > limit) return true;
  if (Array.isArray(node)) {
    for (const child of node) if (deeper(child, depth + 1, limit)) return true;
    return false;
  }
  for (const key in node) {
    if (deeper((node as Record<string, unknown>)[key], depth + 1, limit)) return true;
  }
  return false;
}
