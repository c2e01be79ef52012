import { NHS_NUMBER_SYSTEM, generateTestNhsNumber } from '@lhcr/models';
import type { Bundle, Observation, Patient } from '@lhcr/models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFhirServer } from './__fixtures__/fhir-server';
import type { FhirTestServer } from './__fixtures__/fhir-server';
import { seededRandom, syntheticObservation, syntheticPatient } from './__fixtures__/patients';
import { FhirClient, getResponseInfo } from './client';
import { ConfigError, FhirResponseError, FhirServerError, LimitExceededError } from './errors';

let server: FhirTestServer;
let client: FhirClient;

beforeAll(async () => {
  server = await startFhirServer();
  client = new FhirClient({ baseUrl: server.base, retry: { baseDelayMs: 1 } });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
});

describe('construction', () => {
  it.each([
    ['not a URL', 'baseUrl must be an absolute URL'],
    ['ftp://example.org/fhir', 'http or https'],
    ['https://example.org/fhir?x=1', 'query'],
    ['https://user:secret@example.org/fhir', 'credentials'],
  ])('rejects the base URL %s', (baseUrl, message) => {
    expect(() => new FhirClient({ baseUrl })).toThrow(message);
  });

  it('rejects unusable options', () => {
    expect(() => new FhirClient({ baseUrl: server.base, timeoutMs: 0 })).toThrow(ConfigError);
    expect(() => new FhirClient({ baseUrl: server.base, headers: { 'bad header': 'x' } })).toThrow(
      ConfigError,
    );
    expect(() => new FhirClient({ baseUrl: server.base, retry: { maxAttempts: 11 } })).toThrow(
      'retry.maxAttempts',
    );
    expect(
      () => new FhirClient({ baseUrl: server.base, purposeOfUse: { code: 'not a code' } }),
    ).toThrow('purposeOfUse.code');
  });

  it('keeps the base URL without a trailing slash', () => {
    expect(new FhirClient({ baseUrl: `${server.base}/` }).baseUrl).toBe(server.base);
  });
});

describe('CRUD', () => {
  it('reads the CapabilityStatement', async () => {
    const capabilities = await client.capabilities();
    expect(capabilities.fhirVersion).toBe('4.0.1');
    expect(server.requests[0]?.url).toBe('/fhir/metadata');
    expect(server.requests[0]?.headers.accept).toBe('application/fhir+json');
  });

  it('creates, reads, vreads, updates with If-Match, and deletes', async () => {
    const created = await client.create(syntheticPatient(1));
    expect(created.status).toBe(201);
    expect(created.created).toBe(true);
    expect(created.resource?.resourceType).toBe('Patient');
    expect(created.etag).toBe('W/"1"');
    expect(created.versionId).toBe('1');
    expect(created.location).toMatch(/\/fhir\/Patient\/\d+\/_history\/1$/);
    expect(server.requests[0]?.headers['content-type']).toBe('application/fhir+json');
    const id = created.resource?.id ?? '';

    const read: Patient = await client.read('Patient', id);
    expect(read.name?.[0]?.family).toBe('Testfamily1');
    expect(getResponseInfo(read)).toMatchObject({ status: 200, etag: 'W/"1"', versionId: '1' });
    expect(getResponseInfo(read)?.lastModified).toBeDefined();

    const updated = await client.update(
      { ...read, active: true },
      { ifMatch: read.meta?.versionId },
    );
    expect(updated.status).toBe(200);
    expect(updated.resource?.active).toBe(true);
    expect(updated.versionId).toBe('2');
    expect(server.requests.at(-1)?.headers['if-match']).toBe('W/"1"');

    const stale = client.update({ ...read, active: false }, { ifMatch: 'W/"1"' });
    await expect(stale).rejects.toBeInstanceOf(FhirServerError);
    await expect(stale).rejects.toMatchObject({
      status: 412,
      code: 'http-status',
      outcome: { resourceType: 'OperationOutcome', issue: [{ code: 'conflict' }] },
    });

    const first = await client.vread('Patient', id, '1');
    expect(first.active).toBeUndefined();

    const deleted = await client.delete('Patient', id);
    expect(deleted.status).toBe(200);
    expect(deleted.outcome?.issue[0]?.code).toBe('informational');
    await expect(client.read('Patient', id)).rejects.toMatchObject({ status: 410 });

    const history = await client.history({ type: 'Patient', id });
    expect(history.type).toBe('history');
    expect(history.entry?.map((entry) => entry.request?.method)).toEqual(['DELETE', 'PUT', 'POST']);
  });

  it('does a conditional create: 201 the first time, 200 with the match afterwards', async () => {
    const nhsNumber = generateTestNhsNumber(seededRandom(99));
    const patient = syntheticPatient(99, nhsNumber);
    const condition = { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` };
    const first = await client.create(patient, { ifNoneExist: condition });
    const second = await client.create(patient, { ifNoneExist: condition });
    expect(first).toMatchObject({ status: 201, created: true });
    expect(second).toMatchObject({ status: 200, created: false });
    expect(second.resource?.id).toBe(first.resource?.id);
    expect(server.requests[0]?.headers['if-none-exist']).toBe(
      `identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|${nhsNumber}`)}`,
    );
  });

  it('honours Prefer on writes', async () => {
    const minimal = await client.create(syntheticPatient(2), { prefer: 'return=minimal' });
    expect(minimal.resource).toBeUndefined();
    expect(minimal.outcome).toBeUndefined();
    expect(minimal.location).toBeDefined();
    const withOutcome = await client.create(syntheticPatient(3), {
      prefer: 'return=OperationOutcome',
    });
    expect(withOutcome.resource).toBeUndefined();
    expect(withOutcome.outcome?.resourceType).toBe('OperationOutcome');
    expect(server.requests.map((request) => request.headers.prefer)).toEqual([
      'return=minimal',
      'return=OperationOutcome',
    ]);
  });

  it('reports 404 as a FhirServerError with the OperationOutcome', async () => {
    const error: unknown = await client
      .read('Patient', 'missing')
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FhirServerError);
    const serverError = error as FhirServerError;
    expect(serverError.status).toBe(404);
    expect(serverError.outcome?.issue[0]?.code).toBe('not-found');
    expect(serverError.message).toBe(
      `GET ${server.base}/Patient/missing failed: the server replied 404 Not Found (OperationOutcome issue codes: not-found)`,
    );
    expect(serverError.request).toMatchObject({ method: 'GET', attempts: 1 });
  });

  it('refuses bad arguments before sending anything', async () => {
    await expect(client.read('Patient', 'a/b')).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.read('NotAType' as 'Patient', 'x')).rejects.toBeInstanceOf(ConfigError);
    await expect(client.update(syntheticPatient(4), { ifMatch: 'W/"x" y' })).rejects.toBeInstanceOf(
      ConfigError,
    );
    const withoutId: Patient = { ...syntheticPatient(5) };
    delete withoutId.id;
    await expect(client.update(withoutId)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(
      client.transaction({ resourceType: 'Bundle', type: 'batch' }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('transaction and batch', () => {
  it('runs a transaction and returns the transaction-response', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: syntheticPatient(10), request: { method: 'POST', url: 'Patient' } },
        { resource: syntheticPatient(11), request: { method: 'POST', url: 'Patient' } },
      ],
    };
    const response = await client.transaction(bundle);
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((entry) => entry.response?.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/fhir/' });
  });

  it('reports a failed transaction with its status and outcome, leaving nothing behind', async () => {
    const before = (await client.search('Patient', { family: 'Testfamily12' })).total;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: syntheticPatient(12), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'PATCH', url: 'Patient/x' } },
      ],
    };
    await expect(client.transaction(bundle)).rejects.toMatchObject({
      status: 400,
      code: 'http-status',
    });
    expect((await client.search('Patient', { family: 'Testfamily12' })).total).toBe(before);
  });

  it('runs a batch', async () => {
    const response = await client.batch({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: syntheticPatient(13), request: { method: 'POST', url: 'Patient' } }],
    });
    expect(response.type).toBe('batch-response');
  });
});

describe('search and paging', () => {
  const family = 'Pagedfamily';

  beforeAll(() => {
    for (let index = 0; index < 23; index += 1) {
      server.seed({
        ...syntheticPatient(100 + index),
        id: `paged-${String(index)}`,
        name: [{ family }],
      });
    }
  });

  it('returns the first page with a next link', async () => {
    const page = await client.search('Patient', { family, _count: 5 });
    expect(page.total).toBe(23);
    expect(page.entry).toHaveLength(5);
    expect(page.link?.some((link) => link.relation === 'next')).toBe(true);
    expect(server.requests[0]?.url).toBe(`/fhir/Patient?family=${family}&_count=5`);
  });

  it('pages to the end following next links', async () => {
    const sizes: number[] = [];
    for await (const page of client.searchPages('Patient', { family, _count: 5 })) {
      sizes.push(page.entry?.length ?? 0);
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(server.requests).toHaveLength(5);
  });

  it('yields every resource typed, across pages', async () => {
    const ids: string[] = [];
    for await (const patient of client.searchResources('Patient', { family, _count: 4 })) {
      ids.push(patient.id ?? '');
    }
    expect(new Set(ids).size).toBe(23);
  });

  it('searches with POST _search and a form body', async () => {
    const page = await client.search('Patient', { family, _count: 50 }, { usePost: true });
    expect(page.total).toBe(23);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/fhir/Patient/_search',
      body: `family=${family}&_count=50`,
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('sends repeated parameters in order', async () => {
    await client.search('Patient', [
      ['birthdate', 'ge1970-01-01'],
      ['birthdate', 'le1979-12-31'],
    ]);
    expect(server.requests[0]?.url).toBe(
      '/fhir/Patient?birthdate=ge1970-01-01&birthdate=le1979-12-31',
    );
  });

  it('stops at maxPages', async () => {
    const pages = client.searchPages('Patient', { family, _count: 5 }, { maxPages: 2 });
    const seen: Bundle[] = [];
    await expect(
      (async () => {
        for await (const page of pages) seen.push(page);
      })(),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect(seen).toHaveLength(2);
  });

  it('refuses next links outside the server and loops', async () => {
    const outside: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Patient?page=2' }],
    };
    const iterate = async (first: Bundle): Promise<void> => {
      for await (const page of client.pages(first)) {
        expect(page.resourceType).toBe('Bundle');
      }
    };
    await expect(iterate(outside)).rejects.toThrow('points outside the server');
    server.faults.push({
      path: '/fhir/Patient',
      times: 1,
      reply: {
        status: 200,
        body: {
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${server.base}/Patient?loop=1` }],
        },
      },
    });
    const looping: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: `${server.base}/Patient?loop=1` }],
    };
    await expect(iterate(looping)).rejects.toThrow('repeats an earlier page');
  });

  it('rejects a search reply that is not a Bundle', async () => {
    server.faults.push({
      path: '/fhir/Patient',
      times: 1,
      reply: { status: 200, body: syntheticPatient(1) },
    });
    await expect(client.search('Patient', { family })).rejects.toThrow(
      /returned a Patient; expected a Bundle$/,
    );
  });
});

describe('patients by NHS number and $everything', () => {
  const nhsNumber = generateTestNhsNumber(seededRandom(7));

  beforeAll(() => {
    server.seed({ ...syntheticPatient(7, nhsNumber), id: 'nhs-patient' });
    for (let index = 0; index < 12; index += 1) {
      server.seed(syntheticObservation(index, 'nhs-patient') as unknown as Record<string, unknown>);
    }
  });

  it('finds a patient by NHS number with the NHS identifier system', async () => {
    const display = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
    const patients = await client.findPatientsByNhsNumber(display);
    expect(patients.map((patient) => patient.id)).toEqual(['nhs-patient']);
    expect(server.requests[0]?.url).toBe(
      `/fhir/Patient?identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|${nhsNumber}`)}`,
    );
  });

  it('keeps the NHS number out of the URL with POST _search', async () => {
    const patients = await client.findPatientsByNhsNumber(nhsNumber, { usePost: true });
    expect(patients).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('/fhir/Patient/_search');
    expect(server.requests[0]?.url).not.toContain(nhsNumber);
  });

  it('validates the NHS number before sending anything', async () => {
    const invalid = `${nhsNumber.slice(0, 9)}${String((Number(nhsNumber[9]) + 1) % 10)}`;
    const error: unknown = await client
      .findPatientsByNhsNumber(invalid)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('invalid-argument');
    expect((error as ConfigError).message).not.toContain(invalid);
    expect(server.requests).toHaveLength(0);
  });

  it('returns nothing for an unknown NHS number', async () => {
    expect(
      await client.findPatientsByNhsNumber(generateTestNhsNumber(seededRandom(12345))),
    ).toEqual([]);
  });

  it('runs $everything and pages through it', async () => {
    const first = await client.everything('nhs-patient', { _count: 5 });
    expect(server.requests[0]?.url).toBe('/fhir/Patient/nhs-patient/$everything?_count=5');
    const resources: string[] = [];
    for await (const page of client.pages(first)) {
      for (const entry of page.entry ?? []) resources.push(entry.resource?.resourceType ?? '');
    }
    expect(resources.filter((type) => type === 'Patient')).toHaveLength(1);
    expect(resources.filter((type) => type === 'Observation')).toHaveLength(12);
  });

  it('refuses a search Bundle whose link is not an array, with a typed error', async () => {
    const first = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: { relation: 'next', url: 'x' },
    } as unknown as Bundle;
    const pages = client.pages(first);
    await pages.next();
    await expect(pages.next()).rejects.toBeInstanceOf(FhirResponseError);
  });

  it('invokes a generic operation', async () => {
    const bundle = await client.operation({
      name: 'everything',
      type: 'Patient',
      id: 'nhs-patient',
      method: 'GET',
    });
    expect(bundle?.resourceType).toBe('Bundle');
    await expect(
      client.operation({ name: '$everything', id: 'nhs-patient', method: 'GET' }),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it('reads typed observations', async () => {
    const observation: Observation = await client.read('Observation', 'obs-3');
    expect(observation.valueQuantity?.value).toBe(63);
  });
});

describe('bad replies', () => {
  it('gives a clear typed error for a 200 whose body is not JSON', async () => {
    server.faults.push({
      path: '/fhir/Patient/x',
      times: 1,
      reply: { status: 200, raw: '{"resourceType": "Pat' },
    });
    const error: unknown = await client.read('Patient', 'x').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FhirResponseError);
    expect((error as FhirResponseError).code).toBe('invalid-response');
    expect((error as FhirResponseError).status).toBe(200);
    expect((error as FhirResponseError).message).toBe(
      `GET ${server.base}/Patient/x returned 200 with a body that is not valid JSON (content-type: application/fhir+json); expected FHIR JSON`,
    );
  });

  it('gives a clear typed error for JSON that is not an object', async () => {
    server.faults.push({ path: '/fhir/Patient/x', times: 1, reply: { status: 200, raw: 'null' } });
    await expect(client.read('Patient', 'x')).rejects.toBeInstanceOf(FhirResponseError);
  });

  it('reports an HTML error page as a FhirServerError without an outcome', async () => {
    server.faults.push({
      path: '/fhir/Patient/x',
      times: 1,
      reply: {
        status: 502,
        raw: '<html>bad gateway</html>',
        headers: { 'content-type': 'text/html' },
      },
    });
    const error: unknown = await client.read('Patient', 'x').catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 502, outcome: undefined });
    expect((error as Error).message).toContain('no OperationOutcome in the reply');
  });

  it('rejects a read that returns the wrong resource type', async () => {
    server.faults.push({
      path: '/fhir/Patient/x',
      times: 1,
      reply: { status: 200, body: syntheticObservation(1, 'x') },
    });
    await expect(client.read('Patient', 'x')).rejects.toThrow(
      'returned a Observation; expected a Patient',
    );
  });

  it('names the Spine error code from the outcome', async () => {
    server.faults.push({
      path: '/fhir/Patient/x',
      times: 1,
      reply: {
        status: 400,
        body: {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'value',
              details: {
                coding: [
                  {
                    system: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode',
                    code: 'INVALID_RESOURCE_ID',
                  },
                ],
              },
            },
          ],
        },
      },
    });
    await expect(client.read('Patient', 'x')).rejects.toMatchObject({
      spineErrorCode: 'INVALID_RESOURCE_ID',
    });
  });
});

describe('raw requests', () => {
  it('sends a malformed body as given and returns the reply whatever its status', async () => {
    const reply = await client.raw({
      method: 'POST',
      path: 'Patient',
      body: '{"resourceType": "Pat',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'structure' }],
    });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/fhir/Patient',
      body: '{"resourceType": "Pat',
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/fhir+json');
    expect(server.requests[0]?.headers['x-request-id']).toBeDefined();
  });

  it('sends bytes and reads non-JSON replies', async () => {
    server.faults.push({
      path: '/fhir/Binary',
      times: 1,
      reply: { status: 413, raw: 'too large', headers: { 'content-type': 'text/plain' } },
    });
    const reply = await client.raw({
      method: 'POST',
      path: `${server.base}/Binary`,
      body: new TextEncoder().encode('x'.repeat(1000)),
      contentType: 'application/octet-stream',
    });
    expect(reply).toMatchObject({ status: 413, body: 'too large', notJson: true });
    expect(server.requests[0]?.body).toHaveLength(1000);
  });

  it('stays on the server origin', async () => {
    await expect(
      client.raw({ method: 'GET', path: 'https://elsewhere.example/fhir/Patient' }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
