import type { Bundle, Observation } from '@lhcr/models';
import { generateTestNhsNumber } from '@lhcr/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, fixturePatient, matchKeys, startRegion } from '../__fixtures__/region';
import { newPatient } from '../__fixtures__/resources';
import type { ReferenceServer } from '../start-reference-server';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function observation(patientId: string, day: number): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
          },
        ],
      },
    ],
    code: {
      coding: [
        {
          system: 'http://snomed.info/sct',
          code: '1019431000000105',
          display: 'HbA1c level (IFCC standardised)',
        },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: `2025-01-${String(day).padStart(2, '0')}T09:00:00Z`,
    valueQuantity: {
      value: 40 + day,
      unit: 'mmol/mol',
      system: 'http://unitsofmeasure.org',
      code: 'mmol/mol',
    },
  };
}

describe('search', () => {
  let server: ReferenceServer;
  let baseline: { resourceId: string; nhsNumber: string };
  let many: string;
  beforeAll(async () => {
    server = await startRegion();
    baseline = await fixturePatient('baseline-patient');
    const client = clientFor(server);
    many = (await client.create(newPatient())).resource?.id ?? '';
    await client.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: 25 }, (_, index) => ({
        resource: observation(many, index + 1),
        request: { method: 'POST' as const, url: 'Observation' },
      })),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds a patient by NHS number as system|value, and only that patient', async () => {
    const client = clientFor(server);
    const bundle = await client.search('Patient', { identifier: `${NHS}|${baseline.nhsNumber}` });
    expect(bundle.type).toBe('searchset');
    expect(matchKeys(bundle)).toEqual([`Patient/${baseline.resourceId}`]);
    expect(bundle.total).toBe(1);
    expect(
      matchKeys(
        await client.search('Patient', { identifier: `${NHS}|${generateTestNhsNumber()}` }),
      ),
    ).toEqual([]);
    expect(
      matchKeys(
        await client.search('Patient', {
          identifier: `http://example.org/other|${baseline.nhsNumber}`,
        }),
      ),
    ).toEqual([]);
    expect(matchKeys(await client.search('Patient', { identifier: baseline.nhsNumber }))).toEqual([
      `Patient/${baseline.resourceId}`,
    ]);
    expect(
      (await client.search('Patient', { identifier: `${NHS}|` })).total,
    ).toBeGreaterThanOrEqual(7);
  });

  it('matches tokens by system|code, |code and code', async () => {
    const client = clientFor(server);
    const bySystem = await client.search('Condition', {
      patient: baseline.resourceId,
      code: 'http://snomed.info/sct|195967001',
    });
    expect(matchKeys(bySystem)).toEqual(['Condition/lhcr-con-baseline-asthma']);
    expect(
      matchKeys(
        await client.search('Condition', { patient: baseline.resourceId, code: '|195967001' }),
      ),
    ).toEqual([]);
    expect(
      matchKeys(
        await client.search('Condition', {
          patient: baseline.resourceId,
          code: '195967001,38341003',
        }),
      ),
    ).toHaveLength(2);
    expect(
      matchKeys(
        await client.search('Encounter', { patient: baseline.resourceId, status: '|finished' }),
      ),
    ).toHaveLength(2);
    const vital = await client.search('Observation', {
      patient: baseline.resourceId,
      category: 'vital-signs',
    });
    expect(matchKeys(vital).sort()).toEqual([
      'Observation/lhcr-obs-baseline-bp',
      'Observation/lhcr-obs-baseline-hr',
      'Observation/lhcr-obs-baseline-weight',
    ]);
  });

  it('matches strings by prefix (case and accent blind), :contains and :exact', async () => {
    const client = clientFor(server);
    expect(matchKeys(await client.search('Patient', { family: 'penr' }))).toEqual([
      `Patient/${baseline.resourceId}`,
    ]);
    expect(matchKeys(await client.search('Patient', { 'family:contains': 'ROS' }))).toEqual([
      `Patient/${baseline.resourceId}`,
    ]);
    expect(matchKeys(await client.search('Patient', { 'family:exact': 'penrose' }))).toEqual([]);
    expect(matchKeys(await client.search('Patient', { 'family:exact': 'Penrose' }))).toEqual([
      `Patient/${baseline.resourceId}`,
    ]);
  });

  it('applies date prefixes with the precision of the value', async () => {
    const client = clientFor(server);
    const search = async (date: string): Promise<string[]> =>
      matchKeys(await client.search('Observation', { patient: many, date, _count: '100' }));
    expect(await search('2025-01')).toHaveLength(25);
    expect(await search('2025-01-10')).toHaveLength(1);
    expect(await search('ge2025-01-10')).toHaveLength(16);
    expect(await search('gt2025-01-10')).toHaveLength(15);
    expect(await search('lt2025-01-10')).toHaveLength(9);
    expect(await search('le2025-01-10T09:00:00Z')).toHaveLength(10);
    expect(await search('2024')).toHaveLength(0);
    const between = await client.search('Observation', {
      patient: many,
      date: ['ge2025-01-05', 'lt2025-01-08'],
    });
    expect(matchKeys(between)).toHaveLength(3);
    expect(
      matchKeys(
        await client.search('Encounter', { patient: baseline.resourceId, date: 'ge2026-05-10' }),
      ),
    ).toEqual(['Encounter/lhcr-enc-baseline-gp']);
  });

  it('matches references by id, Type/id and absolute URL, and _id', async () => {
    const client = clientFor(server);
    const byId = matchKeys(await client.search('Condition', { patient: baseline.resourceId }));
    expect(byId).toHaveLength(2);
    expect(
      matchKeys(await client.search('Condition', { subject: `Patient/${baseline.resourceId}` })),
    ).toEqual(byId);
    expect(
      matchKeys(
        await client.search('Condition', {
          subject: `${server.url}/Patient/${baseline.resourceId}`,
        }),
      ),
    ).toEqual(byId);
    expect(
      matchKeys(await client.search('Condition', { _id: 'lhcr-con-baseline-asthma' })),
    ).toEqual(['Condition/lhcr-con-baseline-asthma']);
  });

  it('searches by _lastUpdated with prefixes', async () => {
    const client = clientFor(server);
    const future = await client.search('Patient', { _lastUpdated: 'gt2099-01-01' });
    expect(future.total).toBe(0);
    const past = await client.search('Patient', { _lastUpdated: 'ge2020-01-01', _count: '0' });
    expect(past.total).toBeGreaterThanOrEqual(8);
  });

  it('pages with next links that return every match once and only once, even while data changes', async () => {
    const client = clientFor(server);
    const first = await client.search('Observation', { patient: many, _count: '10' });
    expect(first.total).toBe(25);
    expect(first.entry).toHaveLength(10);
    expect(first.link?.find((link) => link.relation === 'next')?.url).toContain('_getpages=');
    await client.create(observation(many, 28));
    const seen: string[] = [];
    for await (const page of client.pages(first)) seen.push(...matchKeys(page));
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const all: string[] = [];
    for await (const resource of client.searchResources('Observation', {
      patient: many,
      _count: '7',
    }))
      all.push(resource.id ?? '');
    expect(all).toHaveLength(26);
    const capped = await client.search('Observation', { patient: many, _count: '1000' });
    expect(capped.entry).toHaveLength(26);
  });

  it('sorts with _sort', async () => {
    const client = clientFor(server);
    const sorted = await client.search('Observation', {
      patient: many,
      _sort: '-date',
      _count: '3',
    });
    expect(sorted.entry?.map((entry) => (entry.resource as Observation).effectiveDateTime)).toEqual(
      ['2025-01-28T09:00:00Z', '2025-01-25T09:00:00Z', '2025-01-24T09:00:00Z'],
    );
  });

  it('includes referenced resources with _include', async () => {
    const client = clientFor(server);
    const bundle = await client.search('MedicationRequest', {
      patient: baseline.resourceId,
      _include: 'MedicationRequest:requester',
    });
    const modes = (bundle.entry ?? []).map(
      (entry) => `${entry.search?.mode ?? ''} ${entry.resource?.resourceType ?? ''}`,
    );
    expect(modes).toEqual(['match MedicationRequest', 'include PractitionerRole']);
    const roles = await client.search('PractitionerRole', {
      _include: ['PractitionerRole:practitioner', 'PractitionerRole:organization'],
    });
    expect((roles.entry ?? []).filter((entry) => entry.search?.mode === 'include')).toHaveLength(2);
  });

  it('answers POST _search exactly as GET', async () => {
    const client = clientFor(server);
    const params = { identifier: `${NHS}|${baseline.nhsNumber}` };
    const get = await client.search('Patient', params);
    const post = await client.search('Patient', params, { usePost: true });
    expect(matchKeys(post)).toEqual(matchKeys(get));
    expect(post.total).toBe(get.total);
    const getObs = await client.search('Observation', {
      patient: many,
      date: 'ge2025-01-20',
      _count: '100',
    });
    const postObs = await client.search(
      'Observation',
      { patient: many, date: 'ge2025-01-20', _count: '100' },
      { usePost: true },
    );
    expect(matchKeys(postObs)).toEqual(matchKeys(getObs));
  });

  it('refuses unknown parameters and unparseable values with 400, or ignores unknown ones when lenient', async () => {
    const client = clientFor(server);
    const unknown = await client.raw({ method: 'GET', path: 'Patient?favourite-colour=blue' });
    expect(unknown.status).toBe(400);
    const badDate = await client.raw({ method: 'GET', path: 'Encounter?date=yesterday' });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toMatchObject({
      issue: [{ code: 'invalid', details: { coding: [{ code: 'INVALID_SEARCH_DATA' }] } }],
    });
    const badCount = await client.raw({ method: 'GET', path: 'Patient?_count=-1' });
    expect(badCount.status).toBe(400);
    const lenient = await client.raw(
      {
        method: 'GET',
        path: `Patient?favourite-colour=blue&identifier=${NHS}|${baseline.nhsNumber}`,
      },
      { headers: { prefer: 'handling=lenient' } },
    );
    expect(lenient.status).toBe(200);
    expect(matchKeys(lenient.body as Bundle)).toEqual([`Patient/${baseline.resourceId}`]);
  });

  it('answers _format=json and refuses formats it does not have', async () => {
    const client = clientFor(server);
    expect(
      (await client.raw({ method: 'GET', path: 'Patient?_format=json&_count=1' })).status,
    ).toBe(200);
    expect((await client.raw({ method: 'GET', path: 'Patient?_format=xml' })).status).toBe(406);
    const reply = await client.raw({
      method: 'GET',
      path: 'Patient?_count=1',
      accept: 'application/json',
    });
    expect(reply.headers['content-type']).toMatch(/^application\/fhir\+json/);
  });

  it('returns the whole record with $everything, paged, with referenced organisations', async () => {
    const client = clientFor(server);
    const first = await client.everything(baseline.resourceId, { _count: '5' });
    const keys: string[] = [];
    for await (const page of client.pages(first)) keys.push(...matchKeys(page));
    expect(keys[0]).toBe(`Patient/${baseline.resourceId}`);
    expect(keys).toContain('Condition/lhcr-con-baseline-asthma');
    expect(keys).toContain('Organization/lhcr-org-gp-y99901');
    expect(new Set(keys).size).toBe(keys.length);
    const onlyConditions = await client.everything(baseline.resourceId, { _type: 'Condition' });
    expect(
      matchKeys(onlyConditions).every(
        (key) => key.startsWith('Condition/') || key.startsWith('Practitioner/'),
      ),
    ).toBe(true);
  });
});
