import { randomUUID } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import {
  FhirClient,
  FhirServerError,
  createClientAssertion,
  importSigningKey,
  signJwt,
  signedJwtClientCredentials,
} from '@lhcr/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, clientFor, fixturePatient, startRegion } from '../__fixtures__/region';
import type { ReferenceServer } from '../start-reference-server';
import { generateClientKey } from './clients';
import type { ClientAlgorithm } from './clients';

interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

async function postToken(
  server: ReferenceServer,
  form: Record<string, string>,
): Promise<TokenReply> {
  const reply = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
}

async function assertionFor(
  server: ReferenceServer,
  overrides: {
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
    key?: string;
  } = {},
): Promise<string> {
  const { testClient } = server;
  const key = await importSigningKey(overrides.key ?? testClient.privateKey, testClient.algorithm);
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { alg: testClient.algorithm, typ: 'JWT', kid: testClient.kid, ...overrides.header },
    {
      iss: testClient.clientId,
      sub: testClient.clientId,
      aud: server.tokenUrl,
      jti: randomUUID(),
      exp: now + 240,
      purpose_of_use: 'TREAT',
      ...overrides.claims,
    },
    key,
  );
}

function tokenForm(assertion: string, scope?: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    ...(scope === undefined ? {} : { scope }),
  };
}

describe('the token endpoint (signed JWT client credentials)', () => {
  let server: ReferenceServer;
  const extra: {
    algorithm: ClientAlgorithm;
    clientId: string;
    privateKey: string;
    kid: string;
    publicJwk: JsonWebKey;
  }[] = [];
  beforeAll(async () => {
    for (const algorithm of ['RS384', 'RS512'] as const) {
      const kid = `rsa-${algorithm}`;
      const key = generateClientKey(algorithm, kid);
      extra.push({
        algorithm,
        clientId: `client-${algorithm}`,
        privateKey: key.privateKey,
        kid,
        publicJwk: key.publicJwk,
      });
    }
    server = await startRegion({
      clients: extra.map((client) => ({
        clientId: client.clientId,
        jwks: { keys: [client.publicJwk] },
        scopes: ['system/Patient.read'],
        purposes: ['TREAT'],
      })),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('issues a short-lived bearer token with the granted scopes and purposes', async () => {
    const reply = await postToken(
      server,
      tokenForm(await assertionFor(server), 'system/Patient.read system/Condition.read'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'system/Patient.read system/Condition.read',
      purpose_of_use: ['TREAT'],
    });
    expect(reply.body['expires_in']).toBeLessThanOrEqual(600);
    const [, payload] = String(reply.body['access_token']).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ sub: server.testClient.clientId, purpose_of_use: ['TREAT'] });
  });

  it.each(['RS384', 'RS512'] as const)('accepts %s client assertions', async (algorithm) => {
    const client = extra.find((candidate) => candidate.algorithm === algorithm);
    if (client === undefined) throw new Error('no client');
    const fhir = new FhirClient({
      baseUrl: server.url,
      auth: signedJwtClientCredentials({
        tokenUrl: server.tokenUrl,
        clientId: client.clientId,
        privateKey: client.privateKey,
        keyId: client.kid,
        algorithm,
      }),
      purposeOfUse: { code: 'TREAT' },
      retry: { maxAttempts: 1 },
    });
    const { nhsNumber } = await fixturePatient('baseline-patient');
    expect(await fhir.findPatientsByNhsNumber(nhsNumber)).toHaveLength(1);
  });

  it('refuses a badly signed assertion', async () => {
    const stranger = generateClientKey('ES384', server.testClient.kid);
    const reply = await postToken(
      server,
      tokenForm(await assertionFor(server, { key: stranger.privateKey })),
    );
    expect(reply).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(String(reply.body['error_description'])).toMatch(/signature/);
  });

  it('refuses a replayed jti, a wrong aud, an exp too far ahead or past, a wrong sub and an unknown kid', async () => {
    const jti = randomUUID();
    const once = await assertionFor(server, { claims: { jti } });
    expect((await postToken(server, tokenForm(once))).status).toBe(200);
    const again = await assertionFor(server, { claims: { jti } });
    expect(await postToken(server, tokenForm(again))).toMatchObject({
      status: 400,
      body: { error: 'invalid_client' },
    });
    const now = Math.floor(Date.now() / 1000);
    for (const overrides of [
      { claims: { aud: `${server.url}/token` } },
      { claims: { exp: now + 900 } },
      { claims: { exp: now - 120 } },
      { claims: { sub: 'someone-else' } },
      { header: { kid: 'no-such-key' } },
      { claims: { iss: 'unregistered', sub: 'unregistered' } },
    ]) {
      const reply = await postToken(server, tokenForm(await assertionFor(server, overrides)));
      expect(reply).toMatchObject({
        status: 400,
        body: { error: 'invalid_client' },
      });
    }
  });

  it('refuses an algorithm the blueprint does not allow, a missing purpose, and the wrong grant', async () => {
    const key = await importSigningKey(server.testClient.privateKey, 'ES384');
    const header = { alg: 'ES384' as const, typ: 'JWT', kid: server.testClient.kid };
    const claims = {
      iss: server.testClient.clientId,
      sub: server.testClient.clientId,
      aud: server.tokenUrl,
      exp: Math.floor(Date.now() / 1000) + 60,
    };
    const noPurpose = await signJwt(header, { ...claims, jti: randomUUID() }, key);
    expect(await postToken(server, tokenForm(noPurpose))).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: server.testClient.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, jti: randomUUID(), purpose_of_use: 'TREAT' })).toString('base64url')}.`;
    expect(await postToken(server, tokenForm(none))).toMatchObject({
      status: 400,
      body: { error: 'invalid_client' },
    });
    expect(
      await postToken(server, { ...tokenForm(await assertionFor(server)), grant_type: 'password' }),
    ).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    const wrongPurpose = await assertionFor(server, { claims: { purpose_of_use: 'HMARKT' } });
    expect(await postToken(server, tokenForm(wrongPurpose))).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope' },
    });
  });

  it('grants only registered scopes and purposes', async () => {
    const client = extra[0];
    if (client === undefined) throw new Error('no client');
    const key = await importSigningKey(client.privateKey, client.algorithm);
    const assertion = await createClientAssertion({
      clientId: client.clientId,
      tokenUrl: server.tokenUrl,
      key,
      algorithm: client.algorithm,
      keyId: client.kid,
      claims: { purpose_of_use: ['TREAT', 'HRESCH'] },
    });
    const reply = await postToken(
      server,
      tokenForm(assertion, 'system/Patient.read system/Condition.read'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ scope: 'system/Patient.read', purpose_of_use: ['TREAT'] });
    const refused = await postToken(
      server,
      tokenForm(
        await createClientAssertion({
          clientId: client.clientId,
          tokenUrl: server.tokenUrl,
          key,
          algorithm: client.algorithm,
          keyId: client.kid,
          claims: { purpose_of_use: 'TREAT' },
        }),
        'system/Condition.read',
      ),
    );
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });
});

describe('authorisation of FHIR requests', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion({ tokenLifetimeSeconds: 2 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 401 with WWW-Authenticate and an OperationOutcome without a token, and returns no data', async () => {
    const reply = await anonymousClient(server).raw({
      method: 'GET',
      path: 'Patient/lhcr-pat-baseline',
      authenticate: false,
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(reply.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'login' }],
    });
    const garbage = await fetch(`${server.url}/Patient/lhcr-pat-baseline`, {
      headers: { authorization: 'Bearer not.a.token', 'x-purpose-of-use': 'TREAT' },
    });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses a request outside the token scopes with 403', async () => {
    const client = clientFor(server, { scope: 'system/Patient.read' });
    const { resourceId } = await fixturePatient('baseline-patient');
    expect((await client.read('Patient', resourceId)).id).toBe(resourceId);
    const error = await client
      .search('Condition', { patient: resourceId })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FhirServerError);
    expect(error).toMatchObject({ status: 403, outcome: { issue: [{ code: 'forbidden' }] } });
  });

  it('holds scopes to the purposes the blueprint allows them for', async () => {
    const treat = clientFor(server, { scope: 'system/*.read', purpose: 'TREAT' });
    await expect(treat.search('Condition', {})).rejects.toMatchObject({ status: 403 });
    const planning = clientFor(server, { scope: 'system/*.read', purpose: 'HOPERAT' });
    expect((await planning.search('Condition', {})).resourceType).toBe('Bundle');
    await expect(planning.everything('lhcr-pat-baseline')).rejects.toMatchObject({ status: 403 });
  });

  it('requires the purpose of use header, granted in the token', async () => {
    const { resourceId } = await fixturePatient('baseline-patient');
    const client = clientFor(server, { purpose: 'TREAT' });
    const missing = await client.raw(
      { method: 'GET', path: `Patient/${resourceId}` },
      { purposeOfUse: { code: 'TREAT', header: false } },
    );
    expect(missing.status).toBe(403);
    const token = await postToken(
      server,
      tokenForm(await assertionFor(server), 'system/Patient.read'),
    );
    const otherPurpose = await fetch(`${server.url}/Patient/${resourceId}`, {
      headers: {
        authorization: `Bearer ${String(token.body['access_token'])}`,
        'x-purpose-of-use': 'HRESCH',
      },
    });
    expect(otherPurpose.status).toBe(403);
    const granted = await fetch(`${server.url}/Patient/${resourceId}`, {
      headers: {
        authorization: `Bearer ${String(token.body['access_token'])}`,
        'x-purpose-of-use': 'http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT',
      },
    });
    expect(granted.status).toBe(200);
    expect(await otherPurpose.json()).toMatchObject({ issue: [{ code: 'forbidden' }] });
  });

  it('refuses an expired token with 401', async () => {
    const assertion = await assertionFor(server);
    const reply = await postToken(server, tokenForm(assertion, 'system/Patient.read'));
    expect(reply.body['expires_in']).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const response = await fetch(`${server.url}/Patient/lhcr-pat-baseline`, {
      headers: {
        authorization: `Bearer ${String(reply.body['access_token'])}`,
        'x-purpose-of-use': 'TREAT',
      },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/expired/);
  });
});
