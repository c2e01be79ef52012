import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFhirServer } from '../__fixtures__/fhir-server';
import type { FhirTestServer } from '../__fixtures__/fhir-server';
import { testKey } from '../__fixtures__/keys';
import type { TestKey } from '../__fixtures__/keys';
import { syntheticPatient } from '../__fixtures__/patients';
import { FhirClient } from '../client';
import { AbortedError, AuthError, ConfigError } from '../errors';
import type { Exchange } from '../exchange';
import { signedJwtClientCredentials } from './signed-jwt-client-credentials';
import type { SignedJwtClientCredentialsOptions } from './signed-jwt-client-credentials';

let server: FhirTestServer;
/** The clock both the token endpoint and (in one test) the provider read. */
let now = Date.now();
let rs512: TestKey;
let rs384: TestKey;
let es384: TestKey;
const clientId = 'test-client-id';

beforeAll(async () => {
  [rs512, rs384, es384] = await Promise.all([testKey('RS512'), testKey('RS384'), testKey('ES384')]);
  server = await startFhirServer({
    auth: {
      clientId,
      keys: [rs512.publicJwk, rs384.publicJwk, es384.publicJwk],
      expiresIn: 600,
      now: () => now,
    },
  });
  server.seed({ ...syntheticPatient(1), id: 'p1' });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  now = Date.now();
  server.requests.length = 0;
  server.faults.length = 0;
  server.assertions.length = 0;
  server.tokenRejections.length = 0;
});

function provider(key: TestKey, overrides: Partial<SignedJwtClientCredentialsOptions> = {}) {
  return signedJwtClientCredentials({
    tokenUrl: server.tokenUrl,
    clientId,
    privateKey: key.privatePem,
    keyId: key.keyId,
    algorithm: key.algorithm,
    ...overrides,
  });
}

function tokenRequests(): number {
  return server.requests.filter((request) => request.url === '/oauth2/token').length;
}

describe('signedJwtClientCredentials', () => {
  it.each(['RS512', 'RS384', 'ES384'] as const)(
    'gets a token with a %s assertion the server verifies, then reads with it',
    async (algorithm) => {
      const key = { RS512: rs512, RS384: rs384, ES384: es384 }[algorithm];
      const client = new FhirClient({ baseUrl: server.base, auth: provider(key) });
      expect((await client.read('Patient', 'p1')).id).toBe('p1');
      expect(server.tokenRejections).toEqual([]);
      const [verified] = server.assertions;
      expect(verified?.header).toEqual({ alg: algorithm, typ: 'JWT', kid: key.keyId });
      expect(verified?.payload).toMatchObject({
        iss: clientId,
        sub: clientId,
        aud: server.tokenUrl,
      });
      expect(verified?.form.get('grant_type')).toBe('client_credentials');
      expect(verified?.form.get('client_assertion_type')).toBe(
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      );
      const [tokenRequest, fhirRequest] = server.requests;
      expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(tokenRequest?.headers['x-request-id']).toBeDefined();
      expect(fhirRequest?.headers.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    },
  );

  it('defaults to RS512 (the NHS API platform) and sends scope when given (SMART)', async () => {
    const auth = signedJwtClientCredentials({
      tokenUrl: server.tokenUrl,
      clientId,
      privateKey: rs512.privatePem,
      keyId: rs512.keyId,
      scope: 'system/*.rs',
    });
    await new FhirClient({ baseUrl: server.base, auth }).read('Patient', 'p1');
    expect(server.assertions[0]?.header.alg).toBe('RS512');
    expect(server.assertions[0]?.form.get('scope')).toBe('system/*.rs');
  });

  it('caches the token until shortly before it expires, then refreshes it', async () => {
    const client = new FhirClient({
      baseUrl: server.base,
      auth: provider(es384, { now: () => now, refreshBeforeExpirySeconds: 30 }),
    });
    await client.read('Patient', 'p1');
    await client.read('Patient', 'p1');
    now += 569_000; // 31 s before the 600 s token expires
    await client.read('Patient', 'p1');
    expect(tokenRequests()).toBe(1);
    now += 2000; // inside the refresh window
    await client.read('Patient', 'p1');
    expect(tokenRequests()).toBe(2);
    const [first, second] = server.requests
      .filter((request) => request.url === '/fhir/Patient/p1')
      .slice(2);
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
  });

  it('shares one in-flight token request between concurrent callers', async () => {
    const slow = await startFhirServer({
      auth: { clientId, keys: [es384.publicJwk], delayMs: 100 },
    });
    try {
      slow.seed({ ...syntheticPatient(1), id: 'p1' });
      const client = new FhirClient({
        baseUrl: slow.base,
        auth: signedJwtClientCredentials({
          tokenUrl: slow.tokenUrl,
          clientId,
          privateKey: es384.privateJwk,
          keyId: es384.keyId,
          algorithm: 'ES384',
        }),
      });
      const impatient = new AbortController();
      const first = client.read('Patient', 'p1', { signal: impatient.signal });
      const patients = Promise.all(Array.from({ length: 10 }, () => client.read('Patient', 'p1')));
      setTimeout(() => {
        impatient.abort();
      }, 20);
      // The first caller gives up; the token request it started still serves the others.
      await expect(first).rejects.toBeInstanceOf(AbortedError);
      expect((await patients).every((patient) => patient.id === 'p1')).toBe(true);
      expect(slow.requests.filter((request) => request.url === '/oauth2/token')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('gets a new token and retries once when the server answers 401', async () => {
    const client = new FhirClient({ baseUrl: server.base, auth: provider(rs384) });
    await client.read('Patient', 'p1');
    server.validTokens.clear(); // the server forgets every token (expired, revoked)
    expect((await client.read('Patient', 'p1')).id).toBe('p1');
    expect(tokenRequests()).toBe(2);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/oauth2/token',
      '/fhir/Patient/p1',
      '/fhir/Patient/p1',
      '/oauth2/token',
      '/fhir/Patient/p1',
    ]);
  });

  it('gives up after one fresh token when the server keeps answering 401', async () => {
    const client = new FhirClient({ baseUrl: server.base, auth: provider(rs384) });
    server.faults.push({ path: '/fhir/Patient/p1', times: 5, reply: { status: 401 } });
    await expect(client.read('Patient', 'p1')).rejects.toMatchObject({ status: 401 });
    expect(server.requests.filter((request) => request.url === '/fhir/Patient/p1')).toHaveLength(2);
  });

  it('reports a refused assertion as an AuthError without secrets in the message', async () => {
    const wrongKey = await testKey('ES384', 'unregistered');
    const client = new FhirClient({ baseUrl: server.base, auth: provider(wrongKey) });
    const error: unknown = await client.read('Patient', 'p1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'auth', status: 400, oauthError: 'invalid_client' });
    expect((error as AuthError).message).toBe(
      `POST ${server.tokenUrl}: the token endpoint refused the client assertion with 400 (invalid_client)`,
    );
    expect(server.tokenRejections).toHaveLength(1);
    expect(server.requests.some((request) => request.url.startsWith('/fhir'))).toBe(false);
  });

  it('rejects an unusable token reply', async () => {
    const client = new FhirClient({ baseUrl: server.base, auth: provider(es384) });
    server.faults.push({
      path: '/oauth2/token',
      times: 1,
      reply: { status: 200, body: { access_token: 'abc', token_type: 'mac' } },
    });
    await expect(client.read('Patient', 'p1')).rejects.toThrow('token_type is not "Bearer"');
  });

  it('retries a throttled token request with a fresh assertion (no replayed jti)', async () => {
    server.faults.push({
      path: '/oauth2/token',
      times: 1,
      reply: {
        status: 503,
        headers: { 'retry-after': '0' },
        body: { error: 'temporarily_unavailable' },
      },
    });
    const client = new FhirClient({ baseUrl: server.base, auth: provider(es384) });
    expect((await client.read('Patient', 'p1')).id).toBe('p1');
    const forms = server.requests
      .filter((request) => request.url === '/oauth2/token')
      .map((r) => r.body);
    expect(forms).toHaveLength(2);
    expect(forms[0]).not.toBe(forms[1]);
    expect(server.tokenRejections).toEqual([]);
  });

  it('states the purpose of use as a claim, caching tokens per purpose', async () => {
    const client = new FhirClient({
      baseUrl: server.base,
      auth: provider(es384),
      purposeOfUse: { code: 'TREAT' },
    });
    await client.read('Patient', 'p1');
    await client.read('Patient', 'p1');
    await client.read('Patient', 'p1', {
      purposeOfUse: { code: 'HRESCH', claim: 'reason_for_request', claimFormat: 'coding' },
    });
    expect(
      server.assertions.map((assertion) => [
        assertion.payload.purpose_of_use,
        assertion.payload.reason_for_request,
      ]),
    ).toEqual([
      ['TREAT', undefined],
      [undefined, { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' }],
    ]);
    const headerOnly = new FhirClient({
      baseUrl: server.base,
      auth: provider(es384),
      purposeOfUse: { code: 'TREAT', claim: false },
    });
    await headerOnly.read('Patient', 'p1');
    expect(server.assertions[2]?.payload.purpose_of_use).toBeUndefined();
  });

  it('redacts the assertion and the access token in hooks', async () => {
    const exchanges: Exchange[] = [];
    const client = new FhirClient({
      baseUrl: server.base,
      auth: provider(rs512),
      hooks: { onResponse: (exchange) => exchanges.push(exchange) },
    });
    await client.read('Patient', 'p1');
    const [token, read] = exchanges;
    expect(token?.request.kind).toBe('token');
    expect(token?.request.body).toMatch(/client_assertion=\[redacted\]/);
    expect(token?.request.body).toMatch(/grant_type=client_credentials/);
    expect(token?.response?.body).toMatchObject({
      access_token: '[redacted]',
      token_type: 'bearer',
    });
    expect(read?.request.headers.authorization).toBe('[redacted]');
    const logged = JSON.stringify(exchanges);
    const issued =
      /^Bearer (.+)$/.exec(server.requests[1]?.headers.authorization ?? '')?.[1] ?? 'missing';
    expect(logged).not.toContain(issued);
    expect(logged).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });

  it('lets a raw request go without a token, which the server refuses', async () => {
    const client = new FhirClient({ baseUrl: server.base, auth: provider(es384) });
    const reply = await client.raw({ method: 'GET', path: 'Patient/p1', authenticate: false });
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(tokenRequests()).toBe(0);
  });

  it('validates its options at once', () => {
    expect(() => provider(es384, { tokenUrl: 'not a url' })).toThrow(ConfigError);
    expect(() => provider(es384, { clientId: '' })).toThrow('clientId');
    expect(() => provider(es384, { keyId: '' })).toThrow('keyId');
    expect(() => provider(es384, { algorithm: 'HS256' as 'ES384' })).toThrow(
      'RS384, RS512 or ES384',
    );
  });

  it('reports a bad key on first use as a ConfigError', async () => {
    const client = new FhirClient({
      baseUrl: server.base,
      auth: provider(es384, { privateKey: 'nope' }),
    });
    await expect(client.read('Patient', 'p1')).rejects.toBeInstanceOf(ConfigError);
  });
});
