import type { BulkExportProgress } from '@lhcr/client';
import type { Patient, Resource } from '@lhcr/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, fixture, startRegion, testBlueprint } from '../__fixtures__/region';
import type { ReferenceServer } from '../start-reference-server';

describe('Bulk Data $export', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion({ exportThrottleMs: 40 });
  });
  afterAll(async () => {
    await server.close();
  });

  async function download(
    client: ReturnType<typeof clientFor>,
    options: Parameters<ReturnType<typeof clientFor>['startBulkExport']>[0] = { level: 'system' },
  ): Promise<Resource[]> {
    const job = await client.startBulkExport(options);
    const manifest = await job.waitForCompletion({ pollIntervalMs: 50 });
    const out: Resource[] = [];
    for (const file of manifest.output)
      for await (const resource of job.download(manifest, file)) out.push(resource);
    return out;
  }

  it('kicks off with 202 and Content-Location, reports progress while running, then a manifest of NDJSON files', async () => {
    expect(server.exportsAvailable).toBe(true);
    const client = clientFor(server, { purpose: 'HOPERAT' });
    const job = await client.startBulkExport({ level: 'system' });
    expect(job.statusUrl).toContain('/$export-status/');
    expect(await job.checkStatus()).toEqual({
      state: 'in-progress',
      progress: expect.stringMatching(/of \d+ resource types/) as unknown,
      retryAfterMs: 1000,
    });
    const progress: BulkExportProgress[] = [];
    const manifest = await job.waitForCompletion({
      pollIntervalMs: 50,
      onProgress: (p) => progress.push(p),
    });
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toBe(`${server.url}/$export`);
    expect(manifest.output.map((file) => file.type)).toContain('Patient');
    let lines = 0;
    for (const file of manifest.output) {
      for await (const resource of job.download(manifest, file)) {
        expect(resource.resourceType).toBe(file.type);
        lines += 1;
      }
    }
    expect(lines).toBe(manifest.output.reduce((sum, file) => sum + (file.count ?? 0), 0));
  });

  it('pseudonymises and generalises what it exports, and leaves out opted-out and restricted records', async () => {
    const resources = await download(clientFor(server, { purpose: 'HOPERAT' }));
    const text = JSON.stringify(resources);
    const { blueprint } = await testBlueprint();
    const numbers = blueprint.fixtures.flatMap((item) =>
      item.patient === undefined ? [] : [item.patient.nhsNumber],
    );
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((nhsNumber) => text.includes(nhsNumber))).toEqual([]);
    expect(text).not.toContain('Penrose');
    expect(text).not.toContain('1 Example Street');
    const patients = resources.filter(
      (resource): resource is Patient => resource.resourceType === 'Patient',
    );
    expect(patients.length).toBeGreaterThan(0);
    for (const patient of patients) {
      expect(patient.name).toBeUndefined();
      expect(patient.telecom).toBeUndefined();
      expect(patient.birthDate === undefined || /^\d{4}$/.test(patient.birthDate)).toBe(true);
      expect(
        patient.identifier?.every(
          (identifier) =>
            identifier.system === blueprint.anonymisationPolicy?.pseudonymisation.output.system,
        ),
      ).toBe(true);
    }
    // The national opt-out patient's only diagnosis, and the withheld STI diagnosis, are absent.
    expect(text).not.toContain('"44054006"');
    expect(text).not.toContain('"105629000"');
    // The Type 1 patient's GP diagnosis is absent, their hospital encounter is not.
    expect(text).not.toContain('"37796009"');
    expect(text).toContain('"EMER"');
  });

  it('gives the same pseudonyms in two extracts', async () => {
    const client = clientFor(server, { purpose: 'HOPERAT' });
    const pseudonyms = async (): Promise<string[]> =>
      (await download(client, { level: 'system', types: ['Patient'] }))
        .flatMap(
          (resource) =>
            (resource as Patient).identifier?.map((identifier) => identifier.value ?? '') ?? [],
        )
        .sort();
    const first = await pseudonyms();
    expect(first.length).toBeGreaterThan(0);
    expect(await pseudonyms()).toEqual(first);
  });

  it('exports one Group or every patient, and honours _type and _since', async () => {
    const client = clientFor(server, { purpose: 'POPHLTH' });
    const group = await download(client, {
      level: { group: server.fixtureGroupId ?? '' },
      types: ['Patient', 'Condition'],
    });
    expect(new Set(group.map((resource) => resource.resourceType))).toEqual(
      new Set(['Patient', 'Condition']),
    );
    const patients = await download(client, {
      level: 'patient',
      types: ['Organization', 'Patient'],
    });
    expect(patients.some((resource) => resource.resourceType === 'Organization')).toBe(false);
    expect(await download(client, { level: 'system', since: '2099-01-01T00:00:00Z' })).toEqual([]);
  });

  it('is cancelled with DELETE', async () => {
    const client = clientFor(server, { purpose: 'HOPERAT' });
    const job = await client.startBulkExport({ level: 'system' });
    await job.cancel();
    await expect(job.checkStatus()).rejects.toMatchObject({ status: 404 });
  });

  it('is for secondary purposes with system/*.read only, with Prefer: respond-async, and known parameters', async () => {
    await expect(
      clientFor(server, { purpose: 'TREAT' }).startBulkExport({ level: 'system' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      clientFor(server, { purpose: 'HOPERAT', scope: 'system/Patient.read' }).startBulkExport({
        level: 'system',
      }),
    ).rejects.toMatchObject({ status: 403 });
    const client = clientFor(server, { purpose: 'HOPERAT' });
    expect((await client.raw({ method: 'GET', path: '$export' })).status).toBe(400);
    await expect(
      client.startBulkExport({ level: 'system', types: ['AuditEvent'] }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client.startBulkExport({ level: 'system', typeFilters: ['Patient?gender=female'] }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client.startBulkExport({ level: { group: 'no-such-group' } }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('keeps files behind the access token of the client that asked', async () => {
    const client = clientFor(server, { purpose: 'HOPERAT' });
    const job = await client.startBulkExport({ level: 'system', types: ['Patient'] });
    const manifest = await job.waitForCompletion({ pollIntervalMs: 50 });
    const url = manifest.output[0]?.url ?? '';
    expect((await fetch(url)).status).toBe(401);
    const other = await startRegion({ seed: false });
    try {
      expect((await fetch(url.replace(server.url, other.url))).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('audits the export', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await download(clientFor(server, { purpose: 'HOPERAT' }), {
      level: 'system',
      types: ['Patient'],
    });
    const auditor = clientFor(server, { purpose: 'HSYSADMIN', scope: 'system/AuditEvent.read' });
    const bundle = await auditor.search('AuditEvent', {
      date: `ge${since}`,
      subtype: 'operation',
      _count: '100',
    });
    const text = JSON.stringify(bundle);
    expect(text).toContain('$export');
    const baseline = await fixture('baseline-patient');
    expect(text).toContain(`Patient/${baseline.patient?.resourceId ?? ''}`);
  });
});
