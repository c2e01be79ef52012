import type { Blueprint, RequirementLevel, TraceabilityEntry } from '@lhcr/blueprint';
import type { ConformanceSuite } from './engine/conformance-test';

/**
 * How one requirement of a blueprint is covered by a suite: by tests, marked untestable by the
 * blueprint (with its reason), or not covered at all (a gap to fix).
 *
 * @example
 * ```ts
 * const row: RequirementCoverage = {
 *   id: 'LHCR-SEC-08', level: 'MUST', category: 'security', title: 'Encrypted transport',
 *   status: 'untestable', tests: [], reason: 'Transport security is configured and assured at onboarding …',
 * };
 * ```
 */
export interface RequirementCoverage {
  readonly id: string;
  readonly level: RequirementLevel;
  readonly category: string;
  readonly title: string;
  readonly status: 'tested' | 'untestable' | 'not-covered';
  readonly tests: readonly string[];
  /** Why the blueprint says it cannot be tested over the API. */
  readonly reason?: string;
}

/**
 * Every requirement of the blueprint with the suite's tests that verify it, in the blueprint's
 * order. A requirement with tests is `tested` (even if the blueprint calls it untestable); one
 * without is `untestable` when the blueprint says so, with its reason, and `not-covered`
 * otherwise.
 *
 * @example
 * ```ts
 * const gaps = requirementCoverage(blueprint, coreSuite(blueprint)).filter((row) => row.status === 'not-covered');
 * ```
 */
export function requirementCoverage(
  blueprint: Blueprint,
  suite: ConformanceSuite,
): readonly RequirementCoverage[] {
  const tests = suite.groups.flatMap((group) => group.tests);
  return blueprint.requirements.map((requirement) => {
    const verifying = tests
      .filter((test) => test.requirements.includes(requirement.id))
      .map((test) => test.id);
    const untestable = requirement.verification.method === 'untestable';
    return {
      id: requirement.id,
      level: requirement.level,
      category: requirement.category,
      title: requirement.title,
      status: verifying.length > 0 ? 'tested' : untestable ? 'untestable' : 'not-covered',
      tests: verifying,
      ...(verifying.length === 0 && untestable && requirement.verification.reason !== undefined
        ? { reason: requirement.verification.reason }
        : {}),
    };
  });
}

/**
 * The traceability mapping of a suite (`{ testId, title, requirementIds }` per test, in suite
 * order): the input of the docs' traceability matrix (`renderBlueprintSite({ traceability })`,
 * `lhcr docs build --traceability`).
 *
 * @example
 * ```ts
 * writeFileSync('traceability.json', JSON.stringify({ tests: traceabilityEntries(coreSuite(blueprint)) }, null, 2));
 * ```
 */
export function traceabilityEntries(suite: ConformanceSuite): readonly TraceabilityEntry[] {
  return suite.groups.flatMap((group) =>
    group.tests
      .filter((test) => test.requirements.length > 0)
      .map((test) => ({
        testId: test.id,
        title: test.title,
        requirementIds: [...test.requirements],
      })),
  );
}
