/**
 * Corrections to invariants published wrongly in FHIR R4 4.0.1, as the reference validator
 * applies them, so both give the same answers. Keyed by the published expression.
 */
const CORRECTED: ReadonlyMap<string, string> = new Map([
  // que-12: the rule text says "two or more"; the expression says "more than two".
  [
    'enableWhen.count() > 2 implies enableBehavior.exists()',
    'enableWhen.count() >= 2 implies enableBehavior.exists()',
  ],
  // que-7: `Boolean` is FHIRPath's own type, which a FHIR boolean is not; the reference
  // validator matches type names regardless of case, so answerBoolean passes there.
  [
    "operator = 'exists' implies (answer is Boolean)",
    "operator = 'exists' implies (answer is boolean)",
  ],
  // ras-2: must hold when probability is absent or not a decimal.
  [
    'probability is decimal implies (probability as decimal) <= 100',
    '(probability.exists() and (probability is decimal)) implies ((probability as decimal) <= 100)',
  ],
  // ref-1: a reference of just '#' points at the container, and is fine.
  [
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))",
    "reference.exists() implies (reference = '#' or (reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))))",
  ],
  // bdl-8: holds when there is no fullUrl.
  [
    "fullUrl.contains('/_history/').not()",
    "fullUrl.exists() implies fullUrl.contains('/_history/').not()",
  ],
  // eld-19 and eld-20: the whole path must match, as the reference validator reads them (FHIRPath's
  // matches() finds the pattern anywhere, so any path starting with a letter passed).
  [
    String.raw`path.matches('[^\\s\\.,:;\\\'"\\/|?!@#$%&*()\\[\\]{}]{1,64}(\\.[^\\s\\.,:;\\\'"\\/|?!@#$%&*()\\[\\]{}]{1,64}(\\[x\\])?(\\:[^\\s\\.]+)?)*')`,
    String.raw`path.matches('^(?:[^\\s\\.,:;\\\'"\\/|?!@#$%&*()\\[\\]{}]{1,64}(\\.[^\\s\\.,:;\\\'"\\/|?!@#$%&*()\\[\\]{}]{1,64}(\\[x\\])?(\\:[^\\s\\.]+)?)*)$')`,
  ],
  [
    String.raw`path.matches('[A-Za-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*(\\[x])?)*')`,
    String.raw`path.matches('^(?:[A-Za-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*(\\[x])?)*)$')`,
  ],
  // tim-9: `in` takes one item on its left, so several `when` codes made FHIRPath signal an
  // error (even with no offset: FHIRPath's `or` evaluates both sides). Each code is tested, as
  // FHIR R5 words it (`select(…).allFalse()`), written here in a form that compiles.
  [
    "offset.empty() or (when.exists() and ((when in ('C' | 'CM' | 'CD' | 'CV')).not()))",
    "offset.empty() or (when.exists() and when.where($this in ('C' | 'CM' | 'CD' | 'CV')).empty())",
  ],
  // The *-0 name rules of canonical resources: the whole name must match, and only when present.
  [
    "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    "name.exists() implies name.matches('^[A-Z]([A-Za-z0-9_]){0,254}$')",
  ],
]);

/**
 * The expression to evaluate for an invariant: its correction when R4 published it wrongly,
 * otherwise itself.
 *
 * @see https://hl7.org/fhir/R4/questionnaire.html#invs (que-12)
 * @example
 * correctedExpression('enableWhen.count() > 2 implies enableBehavior.exists()'); // '… >= 2 …'
 */
export function correctedExpression(expression: string): string {
  return CORRECTED.get(expression) ?? expression;
}
