import { NHS_NUMBER_SYSTEM, generateTestNhsNumber } from '@lhcr/models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFhirServer } from '../__fixtures__/fhir-server';
import type { FhirTestServer } from '../__fixtures__/fhir-server';
import { startServer } from '../__fixtures__/http-server';
import { seededRandom, syntheticPatient } from '../__fixtures__/patients';
import { bearerToken } from '../auth/auth-provider';
import { FhirClient } from '../client';
import { AbortedError, FhirServerError, NetworkError, TimeoutError } from '../errors';
import type { Exchange, ExchangeRequest } from '../exchange';
import { redactExchange } from '../redaction';

let server: FhirTestServer;

beforeAll(async () => {
  server = await startFhirServer();
  server.seed({ ...syntheticPatient(1), id: 'p1' });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('NHS headers and purpose of use', () => {
  it('sends a fresh X-Request-ID per call and X-Correlation-ID when configured', async () => {
    let next = 0;
    const client = new FhirClient({
      baseUrl: server.base,
      correlationId: () => `corr-${String((next += 1))}`,
      headers: { 'NHSD-End-User-Organisation-ODS': 'RR8' },
    });
    await client.read('Patient', 'p1');
    await client.read('Patient', 'p1', { correlationId: 'explicit' });
    const [first, second] = server.requests;
    expect(first?.headers['x-request-id']).toMatch(UUID);
    expect(second?.headers['x-request-id']).toMatch(UUID);
    expect(first?.headers['x-request-id']).not.toBe(second?.headers['x-request-id']);
    expect(first?.headers['x-correlation-id']).toBe('corr-1');
    expect(second?.headers['x-correlation-id']).toBe('explicit');
    expect(first?.headers['nhsd-end-user-organisation-ods']).toBe('RR8');
  });

  it('sends the purpose of use header with the defaults, custom names and formats', async () => {
    const client = new FhirClient({ baseUrl: server.base, purposeOfUse: { code: 'TREAT' } });
    await client.read('Patient', 'p1');
    expect(server.requests[0]?.headers['x-purpose-of-use']).toBe('TREAT');

    await client.read('Patient', 'p1', {
      purposeOfUse: { code: 'HRESCH', header: 'NHSD-Purpose', headerFormat: 'token' },
    });
    expect(server.requests[1]?.headers['nhsd-purpose']).toBe(
      'http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH',
    );
    expect(server.requests[1]?.headers['x-purpose-of-use']).toBeUndefined();

    await client.read('Patient', 'p1', { purposeOfUse: null });
    expect(server.requests[2]?.headers['x-purpose-of-use']).toBeUndefined();

    const claimOnly = new FhirClient({
      baseUrl: server.base,
      purposeOfUse: { code: 'TREAT', header: false },
    });
    await claimOnly.read('Patient', 'p1');
    expect(server.requests[3]?.headers['x-purpose-of-use']).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 honouring Retry-After, reusing the X-Request-ID', async () => {
    server.faults.push({
      path: '/fhir/Patient/p1',
      times: 2,
      reply: {
        status: 429,
        headers: { 'retry-after': '0' },
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'throttled' }],
        },
      },
    });
    const exchanges: Exchange[] = [];
    const client = new FhirClient({
      baseUrl: server.base,
      hooks: { onResponse: (e) => exchanges.push(e) },
    });
    const patient = await client.read('Patient', 'p1');
    expect(patient.id).toBe('p1');
    expect(server.requests).toHaveLength(3);
    const ids = new Set(server.requests.map((request) => request.headers['x-request-id']));
    expect(ids.size).toBe(1);
    expect(
      exchanges.map((exchange) => [exchange.request.attempt, exchange.response?.status]),
    ).toEqual([
      [1, 429],
      [2, 429],
      [3, 200],
    ]);
  });

  it('retries 503 with exponential backoff and jitter, then fails after maxAttempts', async () => {
    server.faults.push({
      path: '/fhir/Patient/p1',
      times: 10,
      reply: {
        status: 503,
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'transient' }],
        },
      },
    });
    const client = new FhirClient({
      baseUrl: server.base,
      retry: { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 1000 },
      random: () => 1,
    });
    const started = performance.now();
    const error: unknown = await client.read('Patient', 'p1').catch((thrown: unknown) => thrown);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(FhirServerError);
    expect(error).toMatchObject({ status: 503, request: { attempts: 4 } });
    expect(server.requests).toHaveLength(4);
    // With jitter at its top, the waits are 40, 80 and 160 ms.
    expect(elapsed).toBeGreaterThanOrEqual(270);
    expect(elapsed).toBeLessThan(2000);
    const times = server.requests.length;
    expect(times).toBe(4);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    server.faults.push({
      path: '/fhir/Patient/p1',
      times: 1,
      reply: { status: 429, headers: { 'retry-after': '120' } },
    });
    const client = new FhirClient({ baseUrl: server.base, retry: { maxRetryAfterMs: 1000 } });
    const error: unknown = await client.read('Patient', 'p1').catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry other statuses', async () => {
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { status: 500 } });
    const client = new FhirClient({ baseUrl: server.base, retry: { baseDelayMs: 1 } });
    await expect(client.read('Patient', 'p1')).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries network errors for idempotent requests only', async () => {
    const client = new FhirClient({ baseUrl: server.base, retry: { baseDelayMs: 1 } });
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { destroy: true } });
    expect((await client.read('Patient', 'p1')).id).toBe('p1');
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.faults.push({
      method: 'POST',
      path: '/fhir/Patient',
      times: 1,
      reply: { destroy: true },
    });
    const error: unknown = await client
      .create(syntheticPatient(2))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const nhsNumber = generateTestNhsNumber(seededRandom(3));
    server.faults.push({
      method: 'POST',
      path: '/fhir/Patient',
      times: 1,
      reply: { destroy: true },
    });
    const conditional = await client.create(syntheticPatient(3, nhsNumber), {
      ifNoneExist: { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` },
    });
    expect(conditional.created).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('gives a NetworkError when nothing listens', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const client = new FhirClient({
      baseUrl: `${closed.url}/fhir`,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error: unknown = await client.read('Patient', 'p1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe(
      `GET ${closed.url}/fhir/Patient/p1: no HTTP response: ECONNREFUSED`,
    );
    expect((error as NetworkError).request?.attempts).toBe(2);
  });
});

describe('timeouts and aborts', () => {
  it('times out a slow attempt with a TimeoutError and does not retry it', async () => {
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { delayMs: 2000 } });
    const client = new FhirClient({ baseUrl: server.base, timeoutMs: 50 });
    const started = performance.now();
    const error: unknown = await client.read('Patient', 'p1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it('lets a per-call timeout override the client one', async () => {
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { delayMs: 100 } });
    const client = new FhirClient({ baseUrl: server.base, timeoutMs: 20 });
    expect((await client.read('Patient', 'p1', { timeoutMs: 2000 })).id).toBe('p1');
  });

  it('aborts with AbortedError when the caller aborts, also while waiting to retry', async () => {
    const client = new FhirClient({ baseUrl: server.base });
    const controller = new AbortController();
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { delayMs: 300 } });
    const pending = client.read('Patient', 'p1', { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);

    const waiting = new AbortController();
    server.faults.push({
      path: '/fhir/Patient/p1',
      times: 1,
      reply: { status: 429, headers: { 'retry-after': '5' } },
    });
    const retrying = client.read('Patient', 'p1', { signal: waiting.signal });
    setTimeout(() => {
      waiting.abort();
    }, 50);
    await expect(retrying).rejects.toThrow('aborted by the caller while waiting to retry');

    const already = new AbortController();
    already.abort();
    await expect(client.read('Patient', 'p1', { signal: already.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
  });
});

describe('hooks', () => {
  it('reports every exchange with method, URL, status, headers, bodies and timing', async () => {
    const requests: ExchangeRequest[] = [];
    const exchanges: Exchange[] = [];
    const client = new FhirClient({
      baseUrl: server.base,
      auth: bearerToken('secret-token-value'),
      hooks: {
        onRequest: (request) => requests.push(request),
        onResponse: (exchange) => exchanges.push(exchange),
      },
    });
    const patient = syntheticPatient(20);
    await client.create(patient);
    expect(requests).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange?.request).toMatchObject({
      kind: 'fhir',
      method: 'POST',
      url: `${server.base}/Patient`,
      attempt: 1,
      body: patient,
    });
    expect(exchange?.request.requestId).toMatch(UUID);
    expect(exchange?.request.headers).toMatchObject({
      authorization: '[redacted]',
      accept: 'application/fhir+json',
      'content-type': 'application/fhir+json',
    });
    expect(exchange?.response?.status).toBe(201);
    expect(exchange?.response?.headers.etag).toBe('W/"1"');
    expect(exchange?.response?.body).toMatchObject({ resourceType: 'Patient', name: patient.name });
    expect(exchange?.durationMs).toBeGreaterThan(0);
    expect(JSON.stringify(exchanges)).not.toContain('secret-token-value');
    expect(JSON.stringify(requests)).not.toContain('secret-token-value');
    // The token really was sent.
    expect(server.requests[0]?.headers.authorization).toBe('Bearer secret-token-value');
  });

  it('reports exchanges that got no response with their error', async () => {
    const exchanges: Exchange[] = [];
    server.faults.push({ path: '/fhir/Patient/p1', times: 1, reply: { delayMs: 200 } });
    const client = new FhirClient({
      baseUrl: server.base,
      timeoutMs: 20,
      hooks: { onResponse: (exchange) => exchanges.push(exchange) },
    });
    await expect(client.read('Patient', 'p1')).rejects.toBeInstanceOf(TimeoutError);
    expect(exchanges[0]?.response).toBeUndefined();
    expect(exchanges[0]?.error?.code).toBe('timeout');
  });

  it('ignores a hook that throws', async () => {
    const client = new FhirClient({
      baseUrl: server.base,
      hooks: {
        onRequest: () => {
          throw new Error('broken logger');
        },
        onResponse: () => {
          throw new Error('broken logger');
        },
      },
    });
    expect((await client.read('Patient', 'p1')).id).toBe('p1');
  });

  it('redacts patient data from an exchange for logs', async () => {
    const exchanges: Exchange[] = [];
    const nhsNumber = generateTestNhsNumber(seededRandom(21));
    const client = new FhirClient({
      baseUrl: server.base,
      hooks: { onResponse: (exchange) => exchanges.push(exchange) },
    });
    await client.create(syntheticPatient(21, nhsNumber));
    await client.findPatientsByNhsNumber(nhsNumber);
    await client.findPatientsByNhsNumber(nhsNumber, { usePost: true });
    const raw = JSON.stringify(exchanges);
    expect(raw).toContain(nhsNumber);
    expect(raw).toContain('Testfamily21');
    const logged = JSON.stringify(exchanges.map(redactExchange));
    expect(logged).not.toContain(nhsNumber);
    expect(logged).not.toContain('Testfamily21');
    expect(logged).not.toContain('LS1 4HR');
    expect(logged).not.toContain('1970-01-01');
    expect(logged).toContain('"gender":"male"');
    expect(redactExchange(exchanges[1] as Exchange).request.url).toBe(
      `${server.base}/Patient?identifier=[redacted]`,
    );
  });
});

describe('error messages', () => {
  it('never contain NHS numbers or bodies', async () => {
    const nhsNumber = generateTestNhsNumber(seededRandom(30));
    server.faults.push({
      path: '/fhir/Patient',
      times: 3,
      reply: {
        status: 400,
        body: {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'invalid',
              diagnostics: `bad patient ${nhsNumber} Testfamily30`,
            },
          ],
        },
      },
    });
    const client = new FhirClient({ baseUrl: server.base });
    const messages: string[] = [];
    for (const call of [
      () => client.findPatientsByNhsNumber(nhsNumber),
      () => client.search('Patient', { family: 'Testfamily30' }),
      () => client.create(syntheticPatient(30, nhsNumber)),
    ]) {
      const error: unknown = await call().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(FhirServerError);
      messages.push((error as Error).message, JSON.stringify((error as FhirServerError).request));
    }
    const all = messages.join('\n');
    expect(all).not.toContain(nhsNumber);
    expect(all).not.toContain('Testfamily30');
    expect(all).toContain('identifier=[redacted]');
  });
});
