import { parseNhsNumber } from '@lhcr/models';
import type { Resource } from '@lhcr/models';
import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { PATIENTS } from './facts';
import { resourceMatchesDate } from './internal/dates';
import {
  asArray,
  codingValuesOf,
  field,
  listed,
  refOf,
  referenceTarget,
  stringField,
  stringsIn,
  withoutKeys,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { scan } from './internal/scan';
import {
  followableId,
  pause,
  patientFixtures,
  purposeFor,
  searchAll,
  serverPatient,
} from './internal/suite-helpers';
import type { DatePrefix } from './internal/dates';

const json = (resource: Resource): Json => resource as unknown as Json;
const AUDIT_PROFILE = 'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent';

/** The audit-reading client: the blueprint's audit purpose and its scopes. */
function auditClient(
  context: TestContext,
  extraScopes: readonly string[] = [],
): ReturnType<TestContext['fhir']> {
  const purpose = purposeFor(context.blueprint, 'audit', 'HSYSADMIN');
  return context.fhir({ purpose, scopes: [...context.scopes(purpose), ...extraScopes] });
}

/** Every AuditEvent about a patient, by id. */
async function auditEvents(
  context: TestContext,
  patientId: string,
): Promise<Map<string, Resource>> {
  const result = await searchAll(auditClient(context), 'AuditEvent', {
    patient: `Patient/${patientId}`,
    _count: 100,
  });
  return new Map(
    result.matches
      .filter((event) => event.resourceType === 'AuditEvent')
      .map((event) => [event.id ?? '', event]),
  );
}

/** Waits (up to about two seconds) for new AuditEvents about a patient that satisfy `wanted`. */
async function newEvents(
  context: TestContext,
  patientId: string,
  before: ReadonlyMap<string, Resource>,
  wanted: (events: readonly Resource[]) => boolean,
): Promise<readonly Resource[]> {
  let fresh: Resource[] = [];
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const after = await auditEvents(context, patientId);
    fresh = [...after.values()].filter((event) => !before.has(event.id ?? ''));
    if (wanted(fresh)) return fresh;
    await pause(350, context.signal);
  }
  return fresh;
}

function subtypeCodes(event: Resource): string[] {
  return codingValuesOf(json(event)['subtype']).map((coding) => coding.code ?? '');
}

function mentionsPatient(event: Resource, patientId: string): boolean {
  const wanted = `Patient/${patientId}`;
  return [
    ...asArray(json(event)['entity']).map((entity) => field(entity, 'what')),
    ...asArray(json(event)['agent']).map((agent) => field(agent, 'who')),
  ].some((reference) => referenceTarget(reference) === wanted);
}

const INTERACTIONS: readonly {
  readonly name: string;
  readonly matches: (codes: readonly string[]) => boolean;
}[] = [
  { name: 'read', matches: (codes) => codes.includes('read') },
  { name: 'search', matches: (codes) => codes.some((code) => code.startsWith('search')) },
  {
    name: '$everything',
    matches: (codes) => codes.some((code) => code === 'operation' || code.includes('everything')),
  },
];

const accessRecorded: ConformanceTest = {
  id: 'audit.access-recorded',
  title:
    'Reads, searches and $everything each leave an AuditEvent with who, what, why and the outcome',
  requirements: ['LHCR-AUD-01'],
  inputs:
    "A read, a Condition search and $everything of the baseline patient for direct care; then the patient's AuditEvents, read with the audit purpose",
  needs: [PATIENTS],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const before = await auditEvents(context, patient.id);
    const client = context.fhir({ purpose: treat });
    await client.read('Patient', patient.id);
    await client.search('Condition', { patient: `Patient/${patient.id}` });
    await client.everything(patient.id);
    const fresh = await newEvents(context, patient.id, before, (events) =>
      INTERACTIONS.every((interaction) =>
        events.some((event) => interaction.matches(subtypeCodes(event))),
      ),
    );
    const forTreatment = (event: Resource): boolean =>
      codingValuesOf(json(event)['purposeOfEvent']).some((coding) => coding.code === treat);
    for (const interaction of INTERACTIONS) {
      // Other tests may touch the same patient meanwhile, for other purposes: their events are
      // new too. This test's own is the one for direct care, if the server recorded one.
      const candidates = fresh.filter((candidate) => interaction.matches(subtypeCodes(candidate)));
      const event = candidates.find(forTreatment) ?? candidates[0];
      if (
        !context.check(
          event !== undefined,
          event === undefined
            ? `no new AuditEvent records the ${interaction.name}`
            : `the ${interaction.name} is audited (${refOf(event)})`,
        )
      ) {
        continue;
      }
      if (event === undefined) continue;
      const problems = [
        codingValuesOf(json(event)['type']).some((coding) => coding.code === 'rest')
          ? undefined
          : 'type is not rest',
        asArray(json(event)['agent']).some((agent) => field(agent, 'who') !== undefined)
          ? undefined
          : 'no agent.who',
        forTreatment(event) ? undefined : `purposeOfEvent lacks ${treat}`,
        mentionsPatient(event, patient.id) ? undefined : 'the patient is not an entity',
        json(event)['outcome'] === undefined ? 'no outcome' : undefined,
      ].filter((problem) => problem !== undefined);
      context.check(
        problems.length === 0,
        problems.length === 0
          ? `${refOf(event)} names the client, the purpose, the patient and the outcome`
          : `${refOf(event)}: ${problems.join(', ')}`,
      );
      const errors = (await context.validate(event, [AUDIT_PROFILE])).filter(
        (issue) => issue.severity === 'error' || issue.severity === 'fatal',
      );
      context.check(
        errors.length === 0,
        errors.length === 0
          ? `${refOf(event)} conforms to LHCR-AuditEvent`
          : `${refOf(event)} does not conform to LHCR-AuditEvent: ${errors[0]?.diagnostics ?? ''}`,
      );
    }
  },
};

const refusalsRecorded: ConformanceTest = {
  id: 'audit.refusals-recorded',
  title: 'A refused request is audited as a failure',
  requirements: ['LHCR-AUD-02'],
  inputs:
    "$everything of the dissenting fixture patient for direct care (refused); then that patient's AuditEvents",
  needs: [PATIENTS],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'local-dissent');
    const before = await auditEvents(context, patient.id);
    const reply = await context
      .fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') })
      .raw({ method: 'GET', path: `Patient/${patient.id}/$everything` });
    if (reply.status < 400)
      context.skip(
        `the request was not refused (${String(reply.status)}), so there is no refusal to audit`,
      );
    const isFailure = (event: Resource): boolean =>
      ['4', '8', '12'].includes(String(json(event)['outcome']));
    const fresh = await newEvents(context, patient.id, before, (events) => events.some(isFailure));
    const failures = fresh.filter(isFailure);
    context.check(
      failures.length > 0,
      failures.length > 0
        ? `the refusal is audited with outcome ${String(json(failures[0] as Resource)['outcome'])}`
        : `no new AuditEvent with outcome 4 or 8 records the refusal (${String(fresh.length)} new event(s))`,
    );
  },
};

const auditSearch: ConformanceTest = {
  id: 'audit.search',
  title: 'The audit trail can be searched by patient, date (with prefixes) and agent',
  requirements: ['LHCR-AUD-03'],
  inputs:
    'AuditEvent searches with the audit purpose: by the baseline patient, by dates and an agent taken from the events returned',
  needs: [PATIENTS],
  after: ['audit.access-recorded'],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const client = auditClient(context);
    const byPatient = (
      await searchAll(client, 'AuditEvent', { patient: `Patient/${patient.id}`, _count: 100 })
    ).matches;
    if (byPatient.length === 0) context.skip('the baseline patient has no AuditEvents');
    const strangers = byPatient.filter((event) => !mentionsPatient(event, patient.id));
    context.check(
      strangers.length === 0,
      strangers.length === 0
        ? `AuditEvent?patient=…: ${String(byPatient.length)} event(s), each about the baseline patient`
        : `AuditEvent?patient=… returned ${listed(strangers.map(refOf))}, which are not about the baseline patient`,
    );
    const sorted = [...byPatient].sort((a, b) =>
      String(json(a)['recorded']).localeCompare(String(json(b)['recorded'])),
    );
    const middle = sorted[Math.floor(sorted.length / 2)];
    const recorded = middle === undefined ? undefined : stringField(json(middle), 'recorded');
    if (recorded !== undefined) {
      for (const prefix of ['ge', 'le', 'gt', 'lt'] as DatePrefix[]) {
        const result = await searchAll(client, 'AuditEvent', {
          patient: `Patient/${patient.id}`,
          date: `${prefix}${recorded}`,
          _count: 100,
        });
        const returned = new Set(result.matches.map(refOf));
        const wrong = result.matches.filter(
          (event) => resourceMatchesDate(json(event), 'date', prefix, recorded) === false,
        );
        const missing = byPatient.filter(
          (event) =>
            resourceMatchesDate(json(event), 'date', prefix, recorded) === true &&
            !returned.has(refOf(event)) &&
            String(json(event)['recorded']) <= String(json(sorted.at(-1) as Resource)['recorded']),
        );
        context.check(
          wrong.length === 0 && missing.length === 0,
          wrong.length === 0 && missing.length === 0
            ? `AuditEvent?patient=…&date=${prefix}<recorded>: ${String(result.matches.length)} event(s), as expected`
            : `AuditEvent?patient=…&date=${prefix}<recorded>: ${wrong.length > 0 ? `returned ${listed(wrong.map(refOf))} outside the range` : `missed ${listed(missing.map(refOf))}`}`,
        );
      }
    }
    const agents = byPatient.flatMap((event) =>
      asArray(json(event)['agent']).map((item) => field(item, 'who')),
    );
    const byReference = agents
      .map((who) => referenceTarget(who))
      .find((ref) => ref !== undefined && !ref.startsWith('Patient/'));
    const byIdentifier = agents
      .map((who) => field(who, 'identifier'))
      .map(
        (identifier) =>
          [stringField(identifier, 'system'), stringField(identifier, 'value')] as const,
      )
      .find(([system, value]) => system !== undefined && value !== undefined);
    if (byReference === undefined && byIdentifier === undefined) {
      context.note(
        'no AuditEvent names its agent by reference or identifier, so the agent search was not tried',
      );
      return;
    }
    const [name, value, label] =
      byReference !== undefined
        ? (['agent', byReference, byReference] as const)
        : ([
            'agent:identifier',
            `${byIdentifier?.[0] ?? ''}|${byIdentifier?.[1] ?? ''}`,
            `the agent identifier`,
          ] as const);
    const namesAgent = (event: Resource): boolean =>
      asArray(json(event)['agent']).some((item) => {
        const who = field(item, 'who');
        if (byReference !== undefined) return referenceTarget(who) === byReference;
        const identifier = field(who, 'identifier');
        return (
          stringField(identifier, 'system') === byIdentifier?.[0] &&
          stringField(identifier, 'value') === byIdentifier?.[1]
        );
      });
    const byAgent = (
      await searchAll(client, 'AuditEvent', {
        [name]: value,
        patient: `Patient/${patient.id}`,
        _count: 100,
      })
    ).matches;
    const otherAgents = byAgent.filter((event) => !namesAgent(event));
    context.check(
      byAgent.length > 0 && otherAgents.length === 0,
      byAgent.length === 0
        ? `AuditEvent?${name}=<${label}> found nothing, though the events name it`
        : otherAgents.length === 0
          ? `AuditEvent?${name}=<${label}>: ${String(byAgent.length)} event(s), each naming that agent`
          : `AuditEvent?${name}=<${label}> returned ${listed(otherAgents.map(refOf))}, which do not name it`,
    );
  },
};

const immutable: ConformanceTest = {
  id: 'audit.immutable',
  title: 'AuditEvents cannot be created, updated or deleted through the API',
  requirements: ['LHCR-AUD-04'],
  inputs:
    "POST of the blueprint's example AuditEvent, and PUT and DELETE of an existing AuditEvent, with the audit purpose and a write scope for AuditEvent",
  needs: [PATIENTS],
  after: ['audit.search'],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const existing = [...(await auditEvents(context, patient.id)).values()][0];
    const example = context.blueprint.examples.find(
      (candidate) => candidate.resource.resourceType === 'AuditEvent',
    )?.resource;
    const client = auditClient(context, ['system/AuditEvent.write']);
    const refused = (status: number): boolean => status === 403 || status === 405;
    if (example !== undefined) {
      const body = withoutKeys(example as unknown as Json, ['id']);
      const reply = await client.raw({
        method: 'POST',
        path: 'AuditEvent',
        body: JSON.stringify(body),
      });
      context.check(
        refused(reply.status),
        `POST AuditEvent answered ${String(reply.status)}; expected 405 or 403`,
      );
      const location = reply.headers['location'];
      if (reply.status >= 200 && reply.status < 300 && location !== undefined) {
        await client
          .raw({ method: 'DELETE', path: location.replace(/\/_history\/[^/]+$/, '') })
          .catch(() => undefined);
      }
    }
    if (existing?.id === undefined) {
      context.note('no existing AuditEvent to try PUT and DELETE on');
      return;
    }
    const put = await client.raw({
      method: 'PUT',
      path: `AuditEvent/${existing.id}`,
      body: JSON.stringify({ ...json(existing), outcome: '0' }),
    });
    context.check(
      refused(put.status),
      `PUT AuditEvent/${existing.id} answered ${String(put.status)}; expected 405 or 403`,
    );
    const deleted = await client.raw({ method: 'DELETE', path: `AuditEvent/${existing.id}` });
    context.check(
      refused(deleted.status),
      `DELETE AuditEvent/${existing.id} answered ${String(deleted.status)}; expected 405 or 403`,
    );
  },
};

const endUserOrganisation: ConformanceTest = {
  id: 'audit.end-user-organisation',
  title: 'The requesting organisation named for direct care is recorded in the audit trail',
  requirements: ['LHCR-SEC-10'],
  inputs:
    "A direct-care read of the baseline patient with NHSD-End-User-Organisation-ODS set to the ODS code of the patient's GP practice (read from the server); then the patient's new AuditEvents",
  needs: [PATIENTS],
  after: ['audit.access-recorded'],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const client = context.fhir({ purpose: treat });
    const practice = asArray(field(patient.resource, 'generalPractitioner'))
      .map((reference) => referenceTarget(reference))
      .find((ref) => ref?.startsWith('Organization/'));
    if (practice === undefined)
      context.skip("the baseline patient's GP practice is not referenced");
    const organisation = json(
      await client.read(
        'Organization',
        followableId(
          context,
          (practice ?? '').slice('Organization/'.length),
          `the id in Patient.generalPractitioner (${practice ?? ''})`,
        ),
      ),
    );
    const ods = asArray(organisation['identifier'])
      .map((identifier) => stringField(identifier, 'value'))
      .find((value) => value !== undefined);
    if (ods === undefined) context.skip(`${practice ?? ''} has no ODS code to send`);
    const before = await auditEvents(context, patient.id);
    await client.read('Patient', patient.id, {
      headers: { 'NHSD-End-User-Organisation-ODS': ods ?? '' },
    });
    const fresh = await newEvents(context, patient.id, before, (events) =>
      events.some((event) => stringsIn(json(event)).includes(ods ?? '')),
    );
    context.check(
      fresh.some((event) => stringsIn(json(event)).includes(ods ?? '')),
      `a new AuditEvent records the requesting organisation's ODS code (${String(fresh.length)} new event(s))`,
    );
  },
};

/** A whole string that is a valid NHS number (ten digits, modulus 11). */
function isNhsNumber(text: string): boolean {
  return /^\d{10}$/.test(text) && parseNhsNumber(text).ok;
}

const noContent = scan({
  id: 'audit.no-clinical-content',
  title: 'AuditEvents hold no resource bodies, queries or NHS numbers',
  requirements: ['LHCR-AUD-05'],
  inputs: 'Every AuditEvent any test received',
  run: (context) => {
    const events = context
      .seenResources()
      .filter(({ resource }) => resource.resourceType === 'AuditEvent');
    if (events.length === 0) context.skip('no AuditEvent was returned during the run');
    const fixtureNumbers = new Set(
      patientFixtures(context.blueprint).map((fixture) => fixture.patient.nhsNumber),
    );
    const problems: string[] = [];
    for (const { resource } of events) {
      const entities = asArray(json(resource)['entity']);
      if (entities.some((entity) => field(entity, 'query') !== undefined))
        problems.push(`${refOf(resource)} has entity.query`);
      const strings = stringsIn(withoutKeys(json(resource), ['id', 'meta']));
      if (
        strings.some(
          (text) =>
            [...fixtureNumbers].some((number) => text.includes(number)) || isNhsNumber(text),
        )
      ) {
        problems.push(`${refOf(resource)} holds an NHS number`);
      }
      if (strings.some((text) => text.includes('"resourceType"')))
        problems.push(`${refOf(resource)} holds a resource body`);
      for (const entity of entities) {
        for (const detail of asArray(field(entity, 'detail'))) {
          const encoded = stringField(detail, 'valueBase64Binary');
          if (
            encoded !== undefined &&
            Buffer.from(encoded, 'base64').toString('utf8').includes('"resourceType"')
          ) {
            problems.push(`${refOf(resource)} holds a resource body in entity.detail`);
          }
        }
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(events.length)} AuditEvent(s) hold no bodies, queries or NHS numbers`
        : listed([...new Set(problems)], 4),
    );
    return Promise.resolve();
  },
});

/**
 * The audit group: accesses and refusals audited, the trail searchable and unchangeable, and
 * free of clinical content.
 *
 * @example
 * ```ts
 * auditGroup().tests.map((test) => test.id);
 * ```
 */
export function auditGroup(): TestGroup {
  return {
    id: 'audit',
    title: 'Audit',
    description: 'What every access leaves behind.',
    tests: [
      accessRecorded,
      refusalsRecorded,
      auditSearch,
      immutable,
      endUserOrganisation,
      noContent,
    ],
  };
}
