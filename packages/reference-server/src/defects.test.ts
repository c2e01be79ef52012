import { randomUUID } from 'node:crypto';
import { FhirServerError, importSigningKey, signJwt } from '@lhcr/client';
import type { FhirClient } from '@lhcr/client';
import type {
  AuditEvent,
  Bundle,
  Condition,
  MedicationRequest,
  Observation,
  Patient,
  Resource,
} from '@lhcr/models';
import { generateTestNhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import {
  anonymousClient,
  clientFor,
  fixture,
  fixturePatient,
  matchKeys,
  startRegion,
} from './__fixtures__/region';
import { newPatient } from './__fixtures__/resources';
import { generateClientKey } from './auth/clients';
import { REFERENCE_SERVER_DEFECTS } from './defects';
import type { DefectId } from './defects';
import type { ReferenceServer } from './start-reference-server';

/** A check that holds on the correct server; each defect makes its own check fail. */
type Probe = (server: ReferenceServer) => Promise<boolean>;

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof FhirServerError) return error.status;
    throw error;
  }
}

async function allPages(client: FhirClient, first: Bundle): Promise<Bundle[]> {
  const pages: Bundle[] = [];
  for await (const page of client.pages(first)) pages.push(page);
  return pages;
}

async function tokenReply(
  server: ReferenceServer,
  claims: Record<string, unknown> = {},
  key?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { testClient } = server;
  const signingKey = await importSigningKey(key ?? testClient.privateKey, testClient.algorithm);
  const assertion = await signJwt(
    { alg: testClient.algorithm, typ: 'JWT', kid: testClient.kid },
    {
      iss: testClient.clientId,
      sub: testClient.clientId,
      aud: server.tokenUrl,
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 120,
      purpose_of_use: 'TREAT',
      ...claims,
    },
    signingKey,
  );
  const reply = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
}

async function exported(server: ReferenceServer): Promise<Resource[]> {
  const client = clientFor(server, { purpose: 'HOPERAT' });
  const job = await client.startBulkExport({ level: 'system' });
  const manifest = await job.waitForCompletion({ pollIntervalMs: 50 });
  const resources: Resource[] = [];
  for (const file of manifest.output)
    for await (const resource of job.download(manifest, file)) resources.push(resource);
  return resources;
}

function hasCode(resources: readonly Resource[], code: string): boolean {
  return resources.some((resource) => JSON.stringify(resource).includes(`"code":"${code}"`));
}

async function audits(
  server: ReferenceServer,
  params: Record<string, string>,
): Promise<AuditEvent[]> {
  const client = clientFor(server, { purpose: 'HSYSADMIN', scope: 'system/AuditEvent.read' });
  const events: AuditEvent[] = [];
  for await (const event of client.searchResources('AuditEvent', params)) events.push(event);
  return events;
}

const patient = (id: string): Promise<{ resourceId: string; nhsNumber: string }> =>
  fixturePatient(id);

const PROBES: Readonly<Record<DefectId, Probe>> = {
  'wrong-nhs-system': async (server) => {
    const read = await clientFor(server).read(
      'Patient',
      (await patient('baseline-patient')).resourceId,
    );
    return read.identifier?.some((identifier) => identifier.system === NHS) === true;
  },
  'drop-verification-status': async (server) => {
    const read = await clientFor(server).read(
      'Patient',
      (await patient('baseline-patient')).resourceId,
    );
    return (
      read.identifier?.find((identifier) => identifier.system === NHS)?.extension?.length === 1
    );
  },
  'raise-verification-status': async (server) => {
    const read = await clientFor(server).read(
      'Patient',
      (await patient('sensitive-patient')).resourceId,
    );
    return JSON.stringify(read.identifier).includes('"code":"02"');
  },
  'wrong-ods-system': async (server) => {
    const read = await clientFor(server).read('Organization', 'lhcr-org-gp-y99901');
    return read.identifier?.[0]?.system === 'https://fhir.nhs.uk/Id/ods-organization-code';
  },
  'hide-deceased': async (server) => {
    const read = await clientFor(server).read(
      'Patient',
      (await patient('deceased-opted-out-patient')).resourceId,
    );
    return read.deceasedDateTime !== undefined;
  },
  'accept-invalid': async (server) =>
    (await status(
      clientFor(server).create({ ...newPatient(), name: [], gender: 'nope' } as unknown as Patient),
    )) === 422,
  'break-patient-references': async (server) => {
    const read = await clientFor(server).read('Condition', 'lhcr-con-baseline-asthma');
    return read.subject.reference === 'Patient/lhcr-pat-baseline';
  },
  'no-last-updated': async (server) =>
    (await clientFor(server).read('Patient', 'lhcr-pat-baseline')).meta?.lastUpdated !== undefined,
  'drop-must-support': async (server) =>
    (await clientFor(server).read('Condition', 'lhcr-con-baseline-asthma')).recordedDate ===
    '2024-03-01',
  'identifier-search-ignored': async (server) =>
    (
      await clientFor(server).search('Patient', {
        identifier: `${NHS}|${(await patient('baseline-patient')).nhsNumber}`,
      })
    ).total === 1,
  'patient-search-ignored': async (server) => {
    const bundle = await clientFor(server).search('Condition', {
      patient: 'lhcr-pat-baseline',
      _count: '100',
    });
    return (bundle.entry ?? []).every(
      (entry) =>
        (entry.resource as Condition | undefined)?.subject.reference ===
        'Patient/lhcr-pat-baseline',
    );
  },
  'date-prefix-ignored': async (server) =>
    matchKeys(
      await clientFor(server).search('Encounter', {
        patient: 'lhcr-pat-baseline',
        date: 'lt2026-05-01',
      }),
    ).includes('Encounter/lhcr-enc-baseline-admission'),
  'last-updated-ignored': async (server) =>
    (await clientFor(server).search('Patient', { _lastUpdated: 'gt2099-01-01' })).total === 0,
  'no-paging': async (server) => {
    const client = clientFor(server);
    const first = await client.search('Observation', { patient: 'lhcr-pat-baseline', _count: '2' });
    const seen = (await allPages(client, first)).flatMap(matchKeys);
    return seen.length === first.total && seen.length > 2;
  },
  'no-post-search': async (server) =>
    (await status(
      clientFor(server).search(
        'Patient',
        { identifier: `${NHS}|${(await patient('baseline-patient')).nhsNumber}` },
        { usePost: true },
      ),
    )) === 200,
  'everything-patient-only': async (server) => {
    const client = clientFor(server);
    const keys = (await allPages(client, await client.everything('lhcr-pat-baseline'))).flatMap(
      matchKeys,
    );
    return keys.includes('Condition/lhcr-con-baseline-asthma');
  },
  'ignore-search-combination': async (server) =>
    (
      await clientFor(server).search('Observation', {
        patient: 'lhcr-pat-baseline',
        category: 'vital-signs',
      })
    ).total === 3,
  'no-blueprint-in-capability': async (server) =>
    (await anonymousClient(server).capabilities()).instantiates?.includes(
      'https://lhcr.github.io/fhir/core/CapabilityStatement/lhcr-core',
    ) === true,
  'reject-format-json': async (server) =>
    (await clientFor(server).raw({ method: 'GET', path: 'Patient?_format=json&_count=1' }))
      .status === 200,
  'no-auth': async (server) =>
    (
      await anonymousClient(server).raw({
        method: 'GET',
        path: 'Patient/lhcr-pat-baseline',
        authenticate: false,
      })
    ).status === 401,
  'skip-signature-check': async (server) => {
    const stranger = generateClientKey('ES384', server.testClient.kid);
    return (await tokenReply(server, {}, stranger.privateKey)).status === 400;
  },
  'accept-replayed-assertion': async (server) => {
    const jti = randomUUID();
    await tokenReply(server, { jti });
    return (await tokenReply(server, { jti })).status === 400;
  },
  'lax-client-assertion': async (server) =>
    (await tokenReply(server, { aud: 'https://elsewhere.example/token' })).status === 400,
  'ignore-scopes': async (server) =>
    (await status(
      clientFor(server, { scope: 'system/Patient.read' }).search('Condition', {
        patient: 'lhcr-pat-baseline',
      }),
    )) === 403,
  'ignore-purpose': async (server) =>
    (
      await clientFor(server).raw(
        { method: 'GET', path: 'Patient/lhcr-pat-baseline' },
        { purposeOfUse: { code: 'TREAT', header: false } },
      )
    ).status === 403,
  'export-for-direct-care': async (server) =>
    (await status(clientFor(server, { purpose: 'TREAT' }).startBulkExport({ level: 'system' }))) ===
    403,
  'long-lived-tokens': async (server) => {
    const reply = await tokenReply(server);
    return typeof reply.body['expires_in'] === 'number' && reply.body['expires_in'] <= 600;
  },
  'ignore-national-optout': async (server) =>
    (
      await clientFor(server, { purpose: 'HOPERAT' }).search('Condition', {
        patient: 'lhcr-pat-ndop',
      })
    ).total === 0,
  'optout-blocks-direct-care': async (server) => {
    const client = clientFor(server);
    return (await allPages(client, await client.everything('lhcr-pat-ndop')))
      .flatMap(matchKeys)
      .includes('Condition/lhcr-con-ndop-diabetes');
  },
  'ignore-type1': async (server) =>
    (
      await clientFor(server, { purpose: 'HOPERAT' }).search('Condition', {
        patient: 'lhcr-pat-type1',
      })
    ).total === 0,
  'ignore-dissent': async (server) =>
    (await status(clientFor(server).search('Condition', { patient: 'lhcr-pat-dissent' }))) === 403,
  'ignore-dissent-withdrawal': async (server) =>
    (await status(clientFor(server).search('Condition', { patient: 'lhcr-pat-baseline' }))) === 200,
  'emergency-overrides-dissent': async (server) =>
    (await status(clientFor(server, { purpose: 'ETREAT' }).everything('lhcr-pat-dissent'))) === 403,
  'unknown-optout-permits': async (server) => {
    const writer = clientFor(server);
    const created = await writer.create(newPatient(generateTestNhsNumber()));
    const id = created.resource?.id ?? '';
    const asthma = (await fixture('baseline-patient')).resources.find(
      (resource) => resource.id === 'lhcr-con-baseline-asthma',
    ) as Condition;
    await writer.create({
      ...asthma,
      id: undefined,
      subject: { reference: `Patient/${id}` },
    } as unknown as Condition);
    return (
      (await clientFor(server, { purpose: 'HOPERAT' }).search('Condition', { patient: id }))
        .total === 0
    );
  },
  'expose-optout-flag': async (server) =>
    (await clientFor(server).search('Flag', { patient: 'lhcr-pat-ndop' })).total === 0,
  'disclose-optout': async (server) => {
    const bundle = await clientFor(server, { purpose: 'HOPERAT' }).search('Condition', {
      patient: 'lhcr-pat-ndop',
    });
    return (bundle.entry ?? []).length === 0;
  },
  'leak-restricted': async (server) =>
    !matchKeys(
      await clientFor(server).search('Condition', { patient: 'lhcr-pat-restricted' }),
    ).includes('Condition/lhcr-con-restricted-chlamydia'),
  'leak-linked-restricted': async (server) => {
    const bundle = await clientFor(server).search('MedicationRequest', {
      patient: 'lhcr-pat-restricted',
    });
    return !(bundle.entry ?? []).some(
      (entry) =>
        (entry.resource as MedicationRequest | undefined)?.id === 'lhcr-mrq-restricted-doxycycline',
    );
  },
  'no-withheld-marker': async (server) => {
    const bundle = await clientFor(server).search('Condition', { patient: 'lhcr-pat-restricted' });
    return (bundle.entry ?? []).some(
      (entry) =>
        entry.search?.mode === 'outcome' && JSON.stringify(entry.resource).includes('suppressed'),
    );
  },
  'count-withheld': async (server) => {
    const bundle = await clientFor(server).search('Condition', { patient: 'lhcr-pat-restricted' });
    return bundle.total === matchKeys(bundle).length;
  },
  'leak-very-restricted': async (server) =>
    !(
      await clientFor(server).search('Observation', { patient: 'lhcr-pat-restricted' })
    ).entry?.some(
      (entry) => (entry.resource as Observation | undefined)?.id === 'lhcr-obs-restricted-private',
    ),
  'leak-sensitive-contacts': async (server) => {
    const read = await clientFor(server).read(
      'Patient',
      (await patient('sensitive-patient')).resourceId,
    );
    return (
      read.address === undefined &&
      read.telecom === undefined &&
      read.generalPractitioner === undefined
    );
  },
  'keep-patient-links': async (server) => {
    const client = clientFor(server);
    const other = await client.create(newPatient(generateTestNhsNumber()));
    const linked = await client.create({
      ...newPatient(generateTestNhsNumber()),
      link: [{ other: { reference: `Patient/${other.resource?.id ?? ''}` }, type: 'replaced-by' }],
    });
    return (await client.read('Patient', linked.resource?.id ?? '')).link === undefined;
  },
  'no-audit': async (server) => {
    const since = new Date(Date.now() - 1000).toISOString();
    await clientFor(server).read('Patient', 'lhcr-pat-baseline');
    return (await audits(server, { patient: 'lhcr-pat-baseline', date: `ge${since}` })).some(
      (event) => event.outcome === '0',
    );
  },
  'no-refusal-audit': async (server) => {
    const since = new Date(Date.now() - 1000).toISOString();
    await status(clientFor(server).search('Condition', { patient: 'lhcr-pat-dissent' }));
    return (await audits(server, { patient: 'lhcr-pat-dissent', date: `ge${since}` })).some(
      (event) => event.outcome === '4',
    );
  },
  'audit-search-ignores-patient': async (server) => {
    await clientFor(server).read('Patient', 'lhcr-pat-ndop');
    await clientFor(server).read('Patient', 'lhcr-pat-baseline');
    const events = await audits(server, { patient: 'lhcr-pat-baseline' });
    return (
      events.length > 0 &&
      events.every((event) => JSON.stringify(event.entity).includes('Patient/lhcr-pat-baseline'))
    );
  },
  'audit-editable': async (server) =>
    (
      await clientFor(server).raw({
        method: 'POST',
        path: 'AuditEvent',
        body: JSON.stringify({ resourceType: 'AuditEvent' }),
      })
    ).status === 405,
  'audit-records-query': async (server) => {
    const { nhsNumber } = await patient('baseline-patient');
    await clientFor(server).search('Patient', { identifier: `${NHS}|${nhsNumber}` });
    const events = await audits(server, { _count: '100' });
    return (
      events.length > 0 &&
      events.every(
        (event) =>
          !JSON.stringify(event).includes(nhsNumber) &&
          event.entity?.every((entity) => entity.query === undefined) !== false,
      )
    );
  },
  'export-not-async': async (server) => {
    const reply = await clientFor(server, { purpose: 'HOPERAT' }).raw(
      { method: 'GET', path: '$export' },
      { headers: { prefer: 'respond-async' } },
    );
    return reply.status === 202 && reply.headers['content-location'] !== undefined;
  },
  'export-includes-optouts': async (server) => !hasCode(await exported(server), '44054006'),
  'export-includes-restricted': async (server) => !hasCode(await exported(server), '105629000'),
  'errors-not-outcome': async (server) => {
    const reply = await clientFor(server).raw({ method: 'GET', path: 'Patient/never-was' });
    return (
      (reply.body as { resourceType?: string } | undefined)?.resourceType === 'OperationOutcome'
    );
  },
  'unknown-id-not-404': async (server) =>
    (await clientFor(server).raw({ method: 'GET', path: 'Patient/never-was' })).status === 404,
  'ignore-invalid-search-values': async (server) =>
    (await clientFor(server).raw({ method: 'GET', path: 'Encounter?date=yesterday' })).status ===
    400,
  'errors-echo-content': async (server) => {
    const reply = await clientFor(server).raw({
      method: 'POST',
      path: 'Patient',
      body: JSON.stringify({ ...newPatient(), gender: 'nope', name: [{ family: 'Zebedee' }] }),
    });
    return reply.status === 422 && !JSON.stringify(reply.body).includes('Zebedee');
  },
  'ignore-content-type': async (server) =>
    (
      await clientFor(server).raw({
        method: 'POST',
        path: 'Patient',
        body: JSON.stringify(newPatient()),
        contentType: 'text/plain',
      })
    ).status === 415,
  'unknown-type-400': async (server) =>
    (await clientFor(server).raw({ method: 'GET', path: 'Basic?_count=1' })).status === 404,
};

/** A probe's verdict; a refused request counts as the check failing. */
async function verdict(probe: Probe, server: ReferenceServer): Promise<boolean> {
  try {
    return await probe(server);
  } catch (error) {
    if (error instanceof FhirServerError) return false;
    throw error;
  }
}

describe('seeded defects', () => {
  it('has a probe for every defect', () => {
    expect(Object.keys(PROBES).sort()).toEqual(
      REFERENCE_SERVER_DEFECTS.map((defect) => defect.id).sort(),
    );
  });

  it('passes every probe when no defect is on', async () => {
    const server = await startRegion();
    try {
      const failed: string[] = [];
      for (const [id, probe] of Object.entries(PROBES))
        if (!(await verdict(probe, server))) failed.push(id);
      expect(failed).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each(REFERENCE_SERVER_DEFECTS.map((defect) => [defect.id, defect.breaks.join(', ')] as const))(
    '%s changes the behaviour it claims to (breaks %s)',
    async (id) => {
      const server = await startRegion({ defects: [id] });
      try {
        expect(server.defects).toEqual([id]);
        expect(await verdict(PROBES[id], server)).toBe(false);
      } finally {
        await server.close();
      }
    },
  );
});
