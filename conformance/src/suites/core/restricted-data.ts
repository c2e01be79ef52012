import type { Resource } from '@lhcr/models';
import type { ConformanceTest, TestGroup } from '../../engine/conformance-test';
import { PATIENTS } from './facts';
import {
  asArray,
  codingsOf,
  field,
  listed,
  nhsNumberOf,
  refOf,
  referenceTarget,
  stringField,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { scan } from './internal/scan';
import { CONFIDENTIALITY, mainCodeOf, purposeFor, serverPatient } from './internal/suite-helpers';

const json = (resource: Resource): Json => resource as unknown as Json;

function hasLabel(resource: Resource, code: string): boolean {
  return asArray(field(json(resource)['meta'], 'security')).some(
    (label) =>
      stringField(label, 'system') === CONFIDENTIALITY && stringField(label, 'code') === code,
  );
}

const neverReturned = scan({
  id: 'restricted-data.codes-never-returned',
  title: "No resource returned is coded with a code from the blueprint's restricted-data lists",
  requirements: ['LHCR-RDA-01'],
  inputs:
    'Every resource any test received, against the restricted-data code lists (exact codes; descendants need a terminology server and are not checked here)',
  run: (context) => {
    const lists = context.blueprint.codeLists.filter((list) => list.purpose === 'restricted-data');
    if (lists.length === 0) context.omit('the blueprint has no restricted-data code lists');
    const restricted = new Set(
      lists.flatMap((list) => list.codes.map((code) => `${code.system}|${code.code}`)),
    );
    const seen = context.seenResources();
    if (seen.length === 0) context.skip('no resource was returned during the run');
    const leaking = seen.filter(({ resource }) =>
      codingsOf(mainCodeOf(json(resource))).some((coding) =>
        restricted.has(`${coding.system ?? ''}|${coding.code ?? ''}`),
      ),
    );
    context.check(
      leaking.length === 0,
      leaking.length === 0
        ? `none of ${String(seen.length)} resource(s) carries a restricted code`
        : `${listed([...new Set(leaking.map(({ resource }) => refOf(resource)))])} carry a restricted-data code`,
    );
    return Promise.resolve();
  },
});

const veryRestricted = scan({
  id: 'restricted-data.very-restricted-labels',
  title: 'Nothing labelled V (very restricted) is returned',
  requirements: ['LHCR-RDA-05'],
  inputs: 'Every resource any test received',
  run: (context) => {
    const seen = context.seenResources();
    if (seen.length === 0) context.skip('no resource was returned during the run');
    const labelled = seen.filter(({ resource }) => hasLabel(resource, 'V'));
    context.check(
      labelled.length === 0,
      labelled.length === 0
        ? `none of ${String(seen.length)} resource(s) is labelled V`
        : `${listed([...new Set(labelled.map(({ resource }) => refOf(resource)))])} are labelled V and were returned`,
    );
    return Promise.resolve();
  },
});

const SUPPRESSED = ['address', 'telecom', 'generalPractitioner'] as const;

const sensitiveContacts: ConformanceTest = {
  id: 'restricted-data.sensitive-contacts',
  title: "A restricted (R) patient's address, telecom and GP are removed for every purpose",
  requirements: ['LHCR-RDA-06'],
  inputs:
    "The sensitive fixture's Patient read for direct care and for planning, and every R-labelled Patient any test received",
  needs: [PATIENTS],
  run: async (context) => {
    const { fixture, patient } = serverPatient(
      context,
      context.need(PATIENTS),
      'sensitive-patient',
    );
    const problems: string[] = [];
    for (const purpose of [
      purposeFor(context.blueprint, 'direct-care', 'TREAT'),
      purposeFor(context.blueprint, 'planning', 'HOPERAT'),
    ]) {
      const reply = await context
        .fhir({ purpose })
        .raw({ method: 'GET', path: `Patient/${patient.id}` });
      if (reply.status !== 200) {
        context.note(
          `reading the ${fixture.id} fixture's Patient for ${purpose} answered ${String(reply.status)}`,
        );
        continue;
      }
      const shown = SUPPRESSED.filter((element) => field(reply.body, element) !== undefined);
      if (shown.length > 0)
        problems.push(
          `for ${purpose}, the ${fixture.id} fixture's Patient shows ${shown.join(', ')}`,
        );
    }
    for (const { resource, purpose } of context.seenResources()) {
      if (resource.resourceType !== 'Patient' || !hasLabel(resource, 'R')) continue;
      const shown = SUPPRESSED.filter((element) => json(resource)[element] !== undefined);
      if (shown.length > 0)
        problems.push(
          `${refOf(resource)} (R) was returned for ${purpose ?? 'a request'} with ${shown.join(', ')}`,
        );
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? 'restricted patients are returned without address, telecom or GP'
        : listed([...new Set(problems)], 4),
    );
  },
};

const noNumberLinks = scan({
  id: 'restricted-data.no-nhs-number-links',
  title: 'No Patient links to a Patient with a different NHS number',
  requirements: ['LHCR-RDA-07'],
  inputs: 'Every Patient any test received; each linked Patient read',
  run: async (context) => {
    const patients = context
      .seenResources()
      .filter(({ resource }) => resource.resourceType === 'Patient');
    if (patients.length === 0) context.skip('no Patient was returned during the run');
    const problems: string[] = [];
    let links = 0;
    for (const { resource, purpose } of patients) {
      for (const link of asArray(json(resource)['link'])) {
        const target = referenceTarget(field(link, 'other'));
        if (target === undefined || !target.startsWith('Patient/')) continue;
        links += 1;
        const reply = await context
          .fhir(purpose === undefined ? {} : { purpose })
          .raw({ method: 'GET', path: target });
        const other = reply.status === 200 ? nhsNumberOf(reply.body as Resource) : undefined;
        if (other !== undefined && other !== nhsNumberOf(resource)) {
          problems.push(`${refOf(resource)} links to ${target}, which has a different NHS number`);
        }
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(patients.length)} Patient(s), ${String(links)} link(s), none to a different NHS number`
        : listed(problems, 3),
    );
  },
});

/**
 * The restricted-data group's own tests: restricted codes and V labels never returned, restricted
 * patients' contact details suppressed, no links between NHS numbers. The suite adds the
 * fixtures' restricted-data expectations.
 *
 * @example
 * ```ts
 * restrictedDataGroup().tests.length; // 4
 * ```
 */
export function restrictedDataGroup(): TestGroup {
  return {
    id: 'restricted-data',
    title: 'Restricted data',
    description: 'Legally restricted and sensitive records that are never shared.',
    tests: [neverReturned, veryRestricted, sensitiveContacts, noNumberLinks],
  };
}
