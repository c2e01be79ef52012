import type { Resource } from '@lhcr/models';
import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { PATIENTS } from './facts';
import {
  entriesOf,
  listed,
  matchesOf,
  outcomeCodes,
  refOf,
  stringsIn,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { scan } from './internal/scan';
import { purposeFor, serverPatient, unknownId } from './internal/suite-helpers';
import type { Bundle } from '@lhcr/models';

const OPT_OUT_WORDS = /opt[\s_-]?out|ndop|national data opt/i;

/** Whether a resource says, in a code, text or extension, that its patient opted out. */
function mentionsOptOut(resource: Resource): boolean {
  const json = resource as unknown as Json;
  const extensionUrls = stringsIn(json).filter((text) => /^https?:\/\//.test(text));
  if (extensionUrls.some((url) => /opt-?out|ndop/i.test(url))) return true;
  if (resource.resourceType !== 'Flag') return false;
  return stringsIn(json['code']).some((text) => OPT_OUT_WORDS.test(text));
}

const notExposed = scan({
  id: 'opt-outs.status-not-exposed',
  title: "No resource records a patient's national data opt-out",
  requirements: ['LHCR-OPT-09'],
  inputs:
    "The opted-out fixture patient's Flags and $everything for direct care, and every resource any test received",
  needs: [PATIENTS],
  run: async (context) => {
    const { fixture, patient } = serverPatient(context, context.need(PATIENTS), 'national-opt-out');
    const client = context.fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') });
    const flags = await client.search('Flag', { patient: `Patient/${patient.id}` });
    const everything = await client.everything(patient.id);
    const own = [...matchesOf(flags), ...entriesOf(everything)];
    const fixtureRefs = new Set(fixture.resources.map((resource) => refOf(resource)));
    const exposing = [...own, ...context.seenResources().map((seen) => seen.resource)].filter(
      (resource) => !fixtureRefs.has(refOf(resource)) && mentionsOptOut(resource),
    );
    context.check(
      exposing.length === 0,
      exposing.length === 0
        ? `no Flag or extension records an opt-out (${String(own.length)} resources of the ${fixture.id} fixture's patient looked at, and every resource of the run)`
        : `${listed([...new Set(exposing.map(refOf))])} record a national data opt-out`,
    );
  },
});

/** A secondary-use search of a patient's records, as the server answers it. */
async function secondarySearch(
  context: TestContext,
  purpose: string,
  type: 'Condition' | 'Observation',
  patientId: string,
): Promise<{
  status: number;
  matches: number;
  outcomes: readonly Json[];
  total: number | undefined;
}> {
  const reply = await context
    .fhir({ purpose })
    .raw({ method: 'GET', path: `${type}?patient=Patient/${patientId}` });
  const body = reply.body as Bundle | undefined;
  const entries = reply.status === 200 && body?.resourceType === 'Bundle' ? entriesOf(body) : [];
  return {
    status: reply.status,
    matches: reply.status === 200 && body?.resourceType === 'Bundle' ? matchesOf(body).length : 0,
    outcomes: entries
      .filter((resource) => resource.resourceType === 'OperationOutcome')
      .map((r) => r as unknown as Json),
    total: body?.resourceType === 'Bundle' ? body.total : undefined,
  };
}

const indistinguishable: ConformanceTest = {
  id: 'opt-outs.indistinguishable',
  title: 'For secondary use, an opted-out patient looks like a patient with no records',
  requirements: ['LHCR-OPT-10'],
  inputs:
    'Condition and Observation searches for planning, of the opted-out fixture patient and of a patient id no server holds',
  needs: [PATIENTS],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'national-opt-out');
    const purpose = purposeFor(context.blueprint, 'planning', 'HOPERAT');
    const nobody = unknownId();
    for (const type of ['Condition', 'Observation'] as const) {
      const opted = await secondarySearch(context, purpose, type, patient.id);
      const empty = await secondarySearch(context, purpose, type, nobody);
      context.check(
        opted.status === empty.status && opted.matches === 0 && empty.matches === 0,
        `${type} for ${purpose}: the opted-out patient gave ${String(opted.status)} with ${String(opted.matches)} match(es); a patient with no records gave ${String(empty.status)} with ${String(empty.matches)}`,
      );
      const disclosing = opted.outcomes.filter((outcome) =>
        stringsIn(outcome).some((text) => OPT_OUT_WORDS.test(text)),
      );
      context.check(
        disclosing.length === 0 && opted.outcomes.length === empty.outcomes.length,
        disclosing.length > 0
          ? `${type} for ${purpose}: the reply holds an OperationOutcome that mentions an opt-out (${listed(disclosing.flatMap((o) => outcomeCodes(o).codes))})`
          : `${type} for ${purpose}: ${String(opted.outcomes.length)} OperationOutcome entries for the opted-out patient and ${String(empty.outcomes.length)} for a patient with no records`,
      );
      context.check(
        opted.total === empty.total,
        `${type} for ${purpose}: Bundle.total is ${String(opted.total)} for the opted-out patient and ${String(empty.total)} for a patient with no records`,
      );
    }
  },
};

/**
 * The opt-outs group's own tests: opt-out status never exposed, opted-out patients
 * indistinguishable for secondary use. The suite adds the fixtures' opt-out expectations.
 *
 * @example
 * ```ts
 * optOutsGroup().tests.map((test) => test.id); // ['opt-outs.status-not-exposed', 'opt-outs.indistinguishable']
 * ```
 */
export function optOutsGroup(): TestGroup {
  return {
    id: 'opt-outs',
    title: 'Opt-outs',
    description:
      'National data opt-out, GP Type 1 objections and local dissent, with the fixtures.',
    tests: [notExposed, indistinguishable],
  };
}
