/**
 * One conformance test and the requirements it verifies: the input of the traceability matrix.
 *
 * @example
 * ```ts
 * const entry: TraceabilityEntry = { testId: 'search.patient-by-nhs-number', requirementIds: ['LHCR-SRCH-01'] };
 * ```
 */
export interface TraceabilityEntry {
  readonly testId: string;
  readonly title?: string;
  readonly requirementIds: readonly string[];
}

/**
 * The outcome of {@link parseTraceability}.
 *
 * @example
 * ```ts
 * const result: TraceabilityResult = parseTraceability([]);
 * ```
 */
export type TraceabilityResult =
  | { readonly ok: true; readonly value: readonly TraceabilityEntry[] }
  | { readonly ok: false; readonly message: string };

/** The most tests a traceability file may list. */
const MAX_TESTS = 100_000;

/**
 * Reads the mapping from conformance tests to requirements: a JSON array of
 * `{ testId, title?, requirementIds[] }`, or an object with such an array under `tests`. The
 * conformance suite writes this file; until it exists the docs show every requirement as having
 * no tests.
 *
 * @example
 * ```ts
 * parseTraceability({ tests: [{ testId: 't1', requirementIds: ['LHCR-PAT-01'] }] });
 * // { ok: true, value: [{ testId: 't1', requirementIds: ['LHCR-PAT-01'] }] }
 * parseTraceability({ tests: [{ testId: 't1' }] });
 * // { ok: false, message: 'tests[0].requirementIds: expected an array of requirement ids' }
 * ```
 */
export function parseTraceability(value: unknown): TraceabilityResult {
  const list: unknown =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { tests?: unknown }).tests
      : value;
  if (!Array.isArray(list))
    return { ok: false, message: 'expected an array of tests, or an object with a "tests" array' };
  if (list.length > MAX_TESTS)
    return {
      ok: false,
      message: `expected at most ${String(MAX_TESTS)} tests; found ${String(list.length)}`,
    };
  const out: TraceabilityEntry[] = [];
  for (const [index, item] of list.entries()) {
    const where = `tests[${String(index)}]`;
    if (typeof item !== 'object' || item === null)
      return { ok: false, message: `${where}: expected an object` };
    const { testId, title, requirementIds } = item as Record<string, unknown>;
    if (typeof testId !== 'string' || testId === '')
      return { ok: false, message: `${where}.testId: expected a non-empty string` };
    if (!Array.isArray(requirementIds) || !requirementIds.every((id) => typeof id === 'string')) {
      return {
        ok: false,
        message: `${where}.requirementIds: expected an array of requirement ids`,
      };
    }
    out.push({
      testId,
      ...(typeof title === 'string' ? { title } : {}),
      requirementIds,
    });
  }
  return { ok: true, value: out };
}
