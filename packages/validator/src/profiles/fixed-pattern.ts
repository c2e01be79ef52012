/**
 * FHIR `fixed[x]` semantics: the value must be exactly the fixed value, with nothing more and
 * nothing less (object property order does not matter; array order does).
 *
 * @see https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.fixed_x_
 * @example
 * matchesFixed({ system: 'a', code: 'b' }, { code: 'b', system: 'a' }); // true
 * matchesFixed({ system: 'a', code: 'b', display: 'B' }, { system: 'a', code: 'b' }); // false
 */
export function matchesFixed(value: unknown, fixed: unknown): boolean {
  if (Array.isArray(fixed)) {
    return (
      Array.isArray(value) &&
      value.length === fixed.length &&
      fixed.every((f: unknown, i) => matchesFixed(value[i], f))
    );
  }
  if (isObject(fixed)) {
    if (!isObject(value)) return false;
    const keys = Object.keys(fixed);
    return (
      keys.length === Object.keys(value).length &&
      keys.every((k) => matchesFixed(value[k], fixed[k]))
    );
  }
  return value === fixed;
}

/**
 * FHIR `pattern[x]` semantics: every value in the pattern must be present in the instance;
 * the instance may carry more. An array in the pattern is matched when each of its items
 * pattern-matches some item of the instance's array.
 *
 * @see https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.pattern_x_
 * @example
 * matchesPattern({ coding: [{ system: 's', code: 'c', display: 'C' }], text: 't' }, { coding: [{ system: 's', code: 'c' }] }); // true
 */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return pattern.every((p: unknown) => items.some((v) => matchesPattern(v, p)));
  }
  if (isObject(pattern)) {
    if (!isObject(value)) return false;
    return Object.keys(pattern).every((k) => matchesPattern(value[k], pattern[k]));
  }
  return value === pattern;
}

/** The `fixed[x]` or `pattern[x]` of an element definition, with which it is. */
export function fixedOrPattern(
  definition: object,
):
  | { readonly kind: 'fixed' | 'pattern'; readonly key: string; readonly value: unknown }
  | undefined {
  for (const [key, value] of Object.entries(definition)) {
    if (key.startsWith('fixed') && key.length > 5) return { kind: 'fixed', key, value };
    if (key.startsWith('pattern') && key.length > 7) return { kind: 'pattern', key, value };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
