import type { AuditEvent } from '@lhcr/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymousClient,
  clientFor,
  fixturePatient,
  startRegion,
  testBlueprint,
} from '../__fixtures__/region';
import type { ReferenceServer } from '../start-reference-server';
import { CLIENT_ID_SYSTEM, REQUEST_ID_SYSTEM } from './audit';

describe('the audit trail', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion();
  });
  afterAll(async () => {
    await server.close();
  });

  const auditor = (): ReturnType<typeof clientFor> =>
    clientFor(server, { purpose: 'HSYSADMIN', scope: 'system/AuditEvent.read' });

  async function events(params: Record<string, string>): Promise<AuditEvent[]> {
    const found: AuditEvent[] = [];
    for await (const event of auditor().searchResources('AuditEvent', params)) found.push(event);
    return found;
  }

  it('records a read with the interaction, client, purpose, patient, request id and outcome', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { resourceId } = await fixturePatient('baseline-patient');
    const client = clientFor(server, { headers: { 'NHSD-End-User-Organisation-ODS': 'RZZ' } });
    await client.read('Patient', resourceId, { requestId: '0f0f0f0f-1111-4222-8333-444444444444' });
    const found = await events({ patient: resourceId, date: `ge${since}` });
    const read = found.find((event) => event.subtype?.[0]?.code === 'read');
    expect(read).toMatchObject({
      type: { code: 'rest' },
      action: 'R',
      outcome: '0',
      purposeOfEvent: [{ coding: [{ code: 'TREAT' }] }],
    });
    expect(read?.agent[0]?.who?.identifier).toEqual({
      system: CLIENT_ID_SYSTEM,
      value: server.testClient.clientId,
    });
    expect(read?.agent.some((agent) => agent.who?.identifier?.value === 'RZZ')).toBe(true);
    expect(read?.entity?.some((entity) => entity.what?.reference === `Patient/${resourceId}`)).toBe(
      true,
    );
    expect(
      read?.entity?.some(
        (entity) =>
          entity.what?.identifier?.system === REQUEST_ID_SYSTEM &&
          entity.what.identifier.value === '0f0f0f0f-1111-4222-8333-444444444444',
      ),
    ).toBe(true);
    const validation = await (
      await testBlueprint()
    ).validate(read, ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent']);
    expect(validation.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('records refusals: no token (8), dissent (4)', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await anonymousClient(server).raw({
      method: 'GET',
      path: 'Patient/lhcr-pat-baseline',
      authenticate: false,
    });
    await clientFor(server)
      .search('Condition', { patient: 'lhcr-pat-dissent' })
      .catch(() => undefined);
    const refused = await events({ date: `ge${since}`, outcome: '8' });
    expect(refused.some((event) => event.agent[0]?.who?.display === 'unauthenticated client')).toBe(
      true,
    );
    const dissent = await events({ patient: 'lhcr-pat-dissent', date: `ge${since}` });
    expect(dissent.find((event) => event.outcome === '4')?.outcomeDesc).toBe('NO_PATIENT_CONSENT');
    for (const event of [...refused, ...dissent]) {
      const validation = await (
        await testBlueprint()
      ).validate(event, ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent']);
      expect(validation.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    }
  });

  it('is searchable by patient, date with prefixes and agent', async () => {
    await clientFor(server).search('Condition', { patient: 'lhcr-pat-baseline' });
    const byAgent = await events({ agent: server.testClient.clientId, _count: '5' });
    expect(byAgent.length).toBeGreaterThan(0);
    const byIdentifier = await events({
      'agent:identifier': `${CLIENT_ID_SYSTEM}|${server.testClient.clientId}`,
      _count: '5',
    });
    expect(byIdentifier.length).toBeGreaterThan(0);
    expect(await events({ date: 'gt2099-01-01' })).toEqual([]);
    const byPatient = await events({ patient: 'lhcr-pat-baseline', date: 'ge2020-01-01' });
    expect(
      byPatient.every((event) =>
        JSON.stringify(event.entity).includes('Patient/lhcr-pat-baseline'),
      ),
    ).toBe(true);
  });

  it('holds no query strings, NHS numbers or resource bodies', async () => {
    const { nhsNumber } = await fixturePatient('baseline-patient');
    await clientFor(server).findPatientsByNhsNumber(nhsNumber);
    const all = await events({ _count: '100' });
    const text = JSON.stringify(all);
    expect(text).not.toContain(nhsNumber);
    expect(text).not.toContain('Penrose');
    expect(all.every((event) => event.entity?.every((entity) => entity.query === undefined))).toBe(
      true,
    );
  });

  it('is read only with system/AuditEvent.read for HSYSADMIN, and never written through the API', async () => {
    await expect(
      clientFor(server, { purpose: 'TREAT' }).search('AuditEvent', {}),
    ).rejects.toMatchObject({ status: 403 });
    const [first] = await events({ _count: '1' });
    const writer = clientFor(server, { purpose: 'HSYSADMIN' });
    const update = await writer.raw({
      method: 'PUT',
      path: `AuditEvent/${first?.id ?? 'x'}`,
      body: JSON.stringify(first),
    });
    expect(update.status).toBe(405);
    const remove = await writer.raw({ method: 'DELETE', path: `AuditEvent/${first?.id ?? 'x'}` });
    expect(remove.status).toBe(405);
  });
});
