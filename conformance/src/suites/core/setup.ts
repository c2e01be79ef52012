import type { Bundle, Resource } from '@lhcr/models';
import type { ConformanceTest, TestGroup } from '../../engine/conformance-test';
import { ACCESS, FIXTURES } from './facts';
import { listed, matchesOf } from './internal/fhir-values';
import { NHS_SYSTEM, patientFixtures, purposeFor } from './internal/suite-helpers';

/** The write scopes a fixture transaction asks for, one per resource type in the fixtures. */
export function fixtureWriteScopes(resources: readonly Resource[]): readonly string[] {
  return [...new Set(resources.map((resource) => `system/${resource.resourceType}.write`))];
}

const loadFixtures: ConformanceTest = {
  id: 'setup.fixtures',
  title: "The blueprint's fixtures are on the server",
  description:
    'Loads the fixtures in one transaction (PUT with their ids), or checks that preloaded fixtures can be found. Verifies no requirement itself: when the fixtures are missing, the tests that need them are not demonstrated.',
  requirements: [],
  inputs:
    "The blueprint's fixture resources, as PUT entries of a transaction Bundle (--fixtures load)",
  needs: [ACCESS],
  provides: [FIXTURES],
  run: async (context) => {
    const blueprint = context.blueprint;
    const patients = patientFixtures(blueprint);
    const opted = blueprint.fixtures.filter(
      (fixture) => fixture.registers?.nationalDataOptOut === true,
    );
    const treat = purposeFor(blueprint, 'direct-care', 'TREAT');
    switch (context.fixtures) {
      case 'none':
        return context.skip('the fixtures were not loaded (--fixtures none)');
      case 'preloaded': {
        const first = patients[0];
        if (first === undefined) return context.skip('the blueprint has no patient fixtures');
        const bundle = await context
          .fhir({ purpose: treat })
          .search('Patient', { identifier: `${NHS_SYSTEM}|${first.patient.nhsNumber}` });
        const found = matchesOf(bundle).length > 0;
        if (!found) {
          return context.skip(
            `the fixtures were said to be preloaded, but the ${first.id} fixture's patient is not found by NHS number`,
          );
        }
        context.check(found, `the ${first.id} fixture's patient is on the server (preloaded)`);
        context.provide(FIXTURES, { mode: 'preloaded' });
        return;
      }
      case 'load': {
        const resources = blueprint.fixtures.flatMap((fixture) => fixture.resources);
        const bundle = {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: resources.map((resource) => ({
            resource,
            request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
          })),
        };
        const client = context.fhir({
          purpose: treat,
          scopes: [...context.scopes(treat), ...fixtureWriteScopes(resources)],
        });
        const reply = await client.raw(
          { method: 'POST', path: '', body: JSON.stringify(bundle) },
          { headers: { prefer: 'return=minimal' } },
        );
        if (reply.status < 200 || reply.status > 299) {
          return context.skip(
            `the server refused the fixture transaction (${String(reply.status)}); load the fixtures another way and run with --fixtures preloaded`,
          );
        }
        const entries = (reply.body as Bundle | undefined)?.entry ?? [];
        const failed = entries
          .map((entry, index) => ({ status: entry.response?.status ?? '', index }))
          .filter(({ status }) => !/^20[01]/.test(status));
        context.check(
          entries.length === resources.length && failed.length === 0,
          `the transaction response has ${String(entries.length)} entries for ${String(resources.length)} resources${failed.length === 0 ? '' : `; entries ${listed(failed.map((f) => String(f.index)))} did not succeed`}`,
        );
        if (opted.length > 0) {
          context.note(
            `the national data opt-out register must hold the NHS numbers of ${listed(opted.map((f) => f.id))} as opted out; the suite cannot set a register through the FHIR API`,
          );
        }
        context.provide(FIXTURES, { mode: 'load' });
        return;
      }
    }
  },
};

/**
 * The setup group: puts the blueprint's fixtures on the server (or checks they are there).
 *
 * @example
 * ```ts
 * setupGroup().tests[0]?.id; // 'setup.fixtures'
 * ```
 */
export function setupGroup(): TestGroup {
  return {
    id: 'setup',
    title: 'Setup',
    description: "The blueprint's fixtures, which most tests take their inputs from.",
    tests: [loadFixtures],
  };
}
