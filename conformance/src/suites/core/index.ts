import type { Blueprint } from '@lhcr/blueprint';
import type { ConformanceSuite, ConformanceTest, TestGroup } from '../../engine/conformance-test';
import { auditGroup } from './audit';
import { capabilityGroup } from './capability';
import { errorHandlingGroup } from './error-handling';
import { expectationTest } from './expectations';
import { identityGroup } from './identity';
import { isScan } from './internal/scan';
import { optOutsGroup } from './opt-outs';
import { planningGroup } from './planning';
import { recordContentGroup } from './record-content';
import { restrictedDataGroup } from './restricted-data';
import { searchGroup } from './search';
import { securityGroup } from './security';
import { setupGroup } from './setup';

/**
 * The conformance suite for `@lhcr/blueprint-core` (and blueprints that share its requirement
 * ids): capability, security, identity, search, record content, opt-outs, restricted data, audit,
 * planning extracts and error handling, plus one test per fixture expectation of the blueprint,
 * placed in the group of its first requirement. Tests that look at everything the run has seen
 * run after all the others.
 *
 * @example
 * ```ts
 * const suite = coreSuite(blueprint);
 * suite.groups.flatMap((group) => group.tests).length; // about a hundred
 * ```
 */
export function coreSuite(blueprint: Blueprint): ConformanceSuite {
  const groups: TestGroup[] = [
    setupGroup(),
    capabilityGroup(),
    securityGroup(),
    identityGroup(),
    searchGroup(),
    recordContentGroup(),
    optOutsGroup(),
    restrictedDataGroup(),
    auditGroup(),
    planningGroup(blueprint.fixtures),
    errorHandlingGroup(),
  ];
  const byCategory = new Map(
    blueprint.requirements.map((requirement) => [requirement.id, requirement.category]),
  );
  const extra = new Map<string, ConformanceTest[]>();
  for (const fixture of blueprint.fixtures) {
    for (const expectation of fixture.expectations) {
      if (expectation.access === 'export') continue;
      const category = expectation.requirements
        .map((id) => byCategory.get(id))
        .find((id) => id !== undefined);
      const groupId = groups.some((group) => group.id === category)
        ? (category ?? 'opt-outs')
        : 'opt-outs';
      const list = extra.get(groupId) ?? [];
      list.push(expectationTest(groupId, fixture, expectation));
      extra.set(groupId, list);
    }
  }
  const withFixtures = groups.map((group) => ({
    ...group,
    tests: [...group.tests, ...(extra.get(group.id) ?? [])],
  }));
  const ordinary = withFixtures
    .flatMap((group) => group.tests)
    .filter((test) => !isScan(test))
    .map((test) => test.id);
  return {
    id: `${blueprint.id}-conformance`,
    title: `Conformance tests for ${blueprint.title}`,
    version: blueprint.version,
    groups: withFixtures.map((group) => ({
      ...group,
      tests: group.tests.map((test) =>
        isScan(test) ? { ...test, after: [...(test.after ?? []), ...ordinary] } : test,
      ),
    })),
  };
}
