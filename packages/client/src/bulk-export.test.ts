import type { AnyResource } from '@lhcr/models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFhirServer } from './__fixtures__/fhir-server';
import type { FhirTestServer } from './__fixtures__/fhir-server';
import { testKey } from './__fixtures__/keys';
import { syntheticObservation, syntheticPatient } from './__fixtures__/patients';
import { signedJwtClientCredentials } from './auth/signed-jwt-client-credentials';
import { parseBulkExportManifest } from './bulk-export';
import type { BulkExportProgress } from './bulk-export';
import { FhirClient } from './client';
import { FhirResponseError, FhirServerError, LimitExceededError, TimeoutError } from './errors';
import type { Exchange } from './exchange';

let server: FhirTestServer;
let client: FhirClient;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  const key = await testKey('ES384');
  server = await startFhirServer({ auth: { clientId: 'exporter', keys: [key.publicJwk] } });
  for (let index = 0; index < 25; index += 1) {
    server.seed({ ...syntheticPatient(index), name: [{ family: `Zoë-${String(index)}` }] });
    server.seed(
      syntheticObservation(index, `pat-${String(index)}`) as unknown as Record<string, unknown>,
    );
  }
  client = new FhirClient({
    baseUrl: server.base,
    auth: signedJwtClientCredentials({
      tokenUrl: server.tokenUrl,
      clientId: 'exporter',
      privateKey: key.privatePem,
      keyId: key.keyId,
      algorithm: 'ES384',
      scope: 'system/*.read',
    }),
    hooks: { onResponse: (exchange) => exchanges.push(exchange) },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
  server.exportSettings = {};
  exchanges.length = 0;
});

async function collect(iterable: AsyncIterable<AnyResource>): Promise<AnyResource[]> {
  const resources: AnyResource[] = [];
  for await (const resource of iterable) resources.push(resource);
  return resources;
}

/** Exports the Patient file and downloads it, keeping what came before the download failed. */
async function downloadPatientsUntilError(): Promise<{ seen: AnyResource[]; error: unknown }> {
  const job = await client.startBulkExport({ types: ['Patient'] });
  const manifest = await job.waitForCompletion();
  const file = manifest.output.find((entry) => entry.type === 'Patient');
  if (file === undefined) throw new Error('no Patient file');
  const seen: AnyResource[] = [];
  const error: unknown = await (async () => {
    for await (const resource of job.download(manifest, file)) seen.push(resource);
  })().catch((thrown: unknown) => thrown);
  return { seen, error };
}

describe('Bulk Data $export', () => {
  it('kicks off, polls with Retry-After and X-Progress, reads the manifest and streams every file', async () => {
    server.exportSettings = { pendingPolls: 3, retryAfter: '0' };
    const job = await client.startBulkExport({
      types: ['Patient', 'Observation'],
      since: '2025-01-01T00:00:00Z',
    });
    const kickOff = server.requests.find((request) => request.url.includes('$export'));
    expect(kickOff?.url).toBe(
      '/fhir/Patient/$export?_type=Patient%2CObservation&_since=2025-01-01T00%3A00%3A00Z',
    );
    expect(kickOff?.headers.prefer).toBe('respond-async');
    expect(kickOff?.headers.accept).toBe('application/fhir+json');
    expect(job.statusUrl).toMatch(/\/bulk\/status\/[0-9a-f-]+$/);

    const progress: BulkExportProgress[] = [];
    const manifest = await job.waitForCompletion({ onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.progress)).toEqual(['step 1', 'step 2', 'step 3']);
    expect(progress.every((p) => p.retryAfterMs === 0 && p.nextPollInMs === 0)).toBe(true);
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.output.map((file) => [file.type, file.count])).toEqual([
      ['Patient', 25],
      ['Observation', 25],
    ]);
    const statusPoll = server.requests.find((request) => request.url.startsWith('/bulk/status'));
    expect(statusPoll?.headers.accept).toBe('application/json');

    const [patients, observations] = await Promise.all(
      manifest.output.map((file) => collect(job.download(manifest, file))),
    );
    expect(patients).toHaveLength(25);
    expect(observations).toHaveLength(25);
    expect(
      patients?.map((patient) => patient.resourceType === 'Patient' && patient.name?.[0]?.family),
    ).toContain('Zoë-24');
    const download = server.requests.find((request) => request.url.endsWith('.ndjson'));
    expect(download?.headers.accept).toBe('application/fhir+ndjson');
    expect(download?.headers.authorization).toMatch(/^Bearer /);
    expect(exchanges.filter((exchange) => exchange.request.kind === 'bulk-status')).toHaveLength(4);
    expect(
      exchanges.find((exchange) => exchange.request.kind === 'bulk-file')?.response?.body,
    ).toBeUndefined();
  });

  it('honours a Retry-After delay between polls', async () => {
    server.exportSettings = { pendingPolls: 1, retryAfter: '1' };
    const job = await client.startBulkExport({ level: 'system', types: ['Patient'] });
    expect(server.requests.some((request) => request.url.startsWith('/fhir/$export?'))).toBe(true);
    const started = performance.now();
    await job.waitForCompletion({ pollIntervalMs: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails with a TimeoutError when the export is not done within maxWaitMs', async () => {
    server.exportSettings = { pendingPolls: 100, retryAfter: '1' };
    const job = await client.startBulkExport({ level: { group: 'cohort-1' } });
    expect(
      server.requests.some((request) => request.url.startsWith('/fhir/Group/cohort-1/$export')),
    ).toBe(true);
    await expect(job.waitForCompletion({ maxWaitMs: 500 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('cancels an export with DELETE', async () => {
    server.exportSettings = { pendingPolls: 100 };
    const job = await client.startBulkExport();
    await job.cancel();
    expect(server.requests.at(-1)?.method).toBe('DELETE');
    await expect(job.checkStatus()).rejects.toMatchObject({ status: 404 });
    const resumed = client.bulkExportJob(job.statusUrl);
    await expect(resumed.cancel()).rejects.toBeInstanceOf(FhirServerError);
  });

  it('reports a failed export with its OperationOutcome', async () => {
    server.exportSettings = { pendingPolls: 0, fail: true };
    const job = await client.startBulkExport();
    const error: unknown = await job.waitForCompletion().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FhirServerError);
    expect(error).toMatchObject({ status: 500, outcome: { issue: [{ code: 'exception' }] } });
  });

  it('gives the line number of a bad NDJSON line', async () => {
    const good = JSON.stringify(syntheticPatient(1));
    server.exportSettings = {
      pendingPolls: 0,
      rawFiles: {
        Patient: `${good}\n\n${good}\r\n{"resourceType": "Patient", "name": [\n${good}\n`,
      },
    };
    const { seen, error } = await downloadPatientsUntilError();
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(FhirResponseError);
    expect(error).toMatchObject({ line: 4, code: 'invalid-response' });
    expect((error as Error).message).toMatch(/: line 4 is not valid JSON$/);
    expect((error as Error).message).not.toContain('Testfamily');
  });

  it('refuses a line that is not UTF-8 instead of passing on replacement characters', async () => {
    const good = JSON.stringify(syntheticPatient(1));
    const latin1 = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Ren\u00e9' }] });
    server.exportSettings = {
      pendingPolls: 0,
      rawFiles: { Patient: Buffer.from(`${good}\n${latin1}\n${good}\n`, 'latin1') },
    };
    const { seen, error } = await downloadPatientsUntilError();
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(FhirResponseError);
    expect(error).toMatchObject({ line: 2, code: 'invalid-response' });
    expect((error as Error).message).toMatch(/: line 2 is not valid UTF-8/);
  });

  it('checks that each line is a resource of the file type', async () => {
    server.exportSettings = {
      pendingPolls: 0,
      rawFiles: {
        Patient: `${JSON.stringify(syntheticObservation(1, 'x'))}\n`,
        Other: '{"a":1}\n',
      },
    };
    const job = await client.startBulkExport({ types: ['Patient'] });
    const manifest = await job.waitForCompletion();
    const patientFile = manifest.output.find((entry) => entry.type === 'Patient');
    const otherFile = manifest.output.find((entry) => entry.type === 'Other');
    if (patientFile === undefined || otherFile === undefined) throw new Error('files missing');
    await expect(collect(job.download(manifest, patientFile))).rejects.toThrow(
      'line 1 holds a Observation; the manifest lists this file as Patient',
    );
    await expect(collect(job.download(manifest, otherFile))).rejects.toThrow(
      'line 1 is not a FHIR resource',
    );
    expect(await collect(job.download(manifest, patientFile, { checkType: false }))).toHaveLength(
      1,
    );
  });

  it('limits line length', async () => {
    server.exportSettings = {
      pendingPolls: 0,
      rawFiles: { Patient: `${JSON.stringify(syntheticPatient(1))}\n` },
    };
    const job = await client.startBulkExport({ types: ['Patient'] });
    const manifest = await job.waitForCompletion();
    const file = manifest.output[0];
    if (file === undefined) throw new Error('no file');
    await expect(
      collect(client.downloadExportFile(manifest, file, { maxLineChars: 50 })),
    ).rejects.toBeInstanceOf(LimitExceededError);
  });

  it('sends no token when the manifest does not require one', async () => {
    server.exportSettings = { pendingPolls: 0, requiresAccessToken: false };
    const job = await client.startBulkExport({ types: ['Patient'] });
    const manifest = await job.waitForCompletion();
    expect(manifest.requiresAccessToken).toBe(false);
    const file = manifest.output[0];
    if (file === undefined) throw new Error('no file');
    expect(await collect(job.download(manifest, file))).toHaveLength(25);
    const download = server.requests.find((request) => request.url.endsWith('.ndjson'));
    expect(download?.headers.authorization).toBeUndefined();
  });

  it('stops reading when the consumer stops early', async () => {
    server.exportSettings = { pendingPolls: 0 };
    const job = await client.startBulkExport({ types: ['Observation'] });
    const manifest = await job.waitForCompletion();
    const file = manifest.output[0];
    if (file === undefined) throw new Error('no file');
    let count = 0;
    for await (const resource of job.download(manifest, file)) {
      expect(resource.resourceType).toBe('Observation');
      count += 1;
      if (count === 3) break;
    }
    expect(count).toBe(3);
  });

  it('rejects a kick-off that is not 202 with a Content-Location', async () => {
    server.faults.push({
      path: '/Patient/$export',
      times: 1,
      reply: { status: 200, body: { resourceType: 'Bundle', type: 'collection' } },
    });
    await expect(client.startBulkExport()).rejects.toThrow(
      'a Bulk Data kick-off replies 202 Accepted',
    );
    server.faults.push({ path: '/Patient/$export', times: 1, reply: { status: 202 } });
    await expect(client.startBulkExport()).rejects.toThrow('no Content-Location');
  });
});

describe('parseBulkExportManifest', () => {
  const valid = {
    transactionTime: '2026-01-01T00:00:00Z',
    request: 'https://example.org/fhir/$export',
    requiresAccessToken: true,
    output: [{ type: 'Patient', url: 'https://example.org/files/1.ndjson', count: 2 }],
    error: [],
  };

  it('accepts a valid manifest', () => {
    expect(parseBulkExportManifest(valid)).toEqual({ ok: true, value: valid });
  });

  it('keeps the extension objects of the manifest and of its files', () => {
    const extended = {
      ...valid,
      output: [{ ...valid.output[0], extension: { 'https://example.org/key': 'k1' } }],
      extension: { 'https://example.org/report': { risk: { k: 5 } } },
    };
    expect(parseBulkExportManifest(extended)).toEqual({ ok: true, value: extended });
  });

  it.each([
    [null, 'the manifest must be a JSON object'],
    [{ ...valid, transactionTime: 1 }, 'manifest.transactionTime must be a string'],
    [{ ...valid, requiresAccessToken: 'yes' }, 'manifest.requiresAccessToken must be a boolean'],
    [{ ...valid, output: undefined }, 'manifest.output is missing'],
    [
      { ...valid, output: [{ type: 'Patient', url: '/relative' }] },
      'manifest.output[0].url must be an absolute URL',
    ],
    [
      { ...valid, output: [{ type: 'Patient', url: 'file:///etc/passwd' }] },
      'manifest.output[0].url must be http(s)',
    ],
    [{ ...valid, error: [{ url: 'https://x/y' }] }, 'manifest.error[0].type must be a string'],
    [{ ...valid, extension: ['report'] }, 'manifest.extension must be a JSON object'],
    [
      { ...valid, output: [{ ...valid.output[0], extension: 'key' }] },
      'manifest.output[0].extension must be a JSON object',
    ],
  ])('rejects %j', (manifest, message) => {
    expect(parseBulkExportManifest(manifest)).toEqual({ ok: false, message });
  });
});
