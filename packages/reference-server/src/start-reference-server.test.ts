import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, clientFor, startRegion, testBlueprint } from './__fixtures__/region';
import { REFERENCE_SERVER_DEFECTS } from './defects';
import type { DefectId } from './defects';
import { ReferenceServerError } from './errors';
import { FIXTURE_GROUP_ID } from './seed';
import { startReferenceServer } from './start-reference-server';
import type { ReferenceServer } from './start-reference-server';

describe('startReferenceServer', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion();
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on loopback at a free port and reports its endpoints and test client', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    expect(server.tokenUrl).toBe(server.url.replace(/\/fhir$/, '/oauth2/token'));
    expect(server.jwksUrl).toBe(server.url.replace(/\/fhir$/, '/.well-known/jwks.json'));
    expect(server.testClient.privateKey).toContain('BEGIN PRIVATE KEY');
    expect(server.testClient.algorithm).toBe('ES384');
    expect(server.testClient.scopes).toContain('system/Patient.read');
    expect(server.testClient.scopes).toContain('system/*.write');
    expect(server.testClient.purposes).toEqual(
      expect.arrayContaining(['TREAT', 'HOPERAT', 'HSYSADMIN']),
    );
    expect(server.defects).toEqual([]);
    expect(server.seeded?.patients).toBe(9);
    expect(server.fixtureGroupId).toBe(FIXTURE_GROUP_ID);
    expect(server.blueprint.id).toBe('lhcr-core');
  });

  it('generates a new test client key for every server', async () => {
    const other = await startRegion({ seed: false });
    try {
      expect(other.testClient.clientId).not.toBe(server.testClient.clientId);
      expect(other.testClient.privateKey).not.toBe(server.testClient.privateKey);
    } finally {
      await other.close();
    }
  });

  it('serves a CapabilityStatement without a token, generated from the blueprint', async () => {
    const capability = await anonymousClient(server).capabilities();
    expect(capability.fhirVersion).toBe('4.0.1');
    expect(capability.instantiates).toContain(
      'https://lhcr.github.io/fhir/core/CapabilityStatement/lhcr-core',
    );
    expect(capability.format).toContain('application/fhir+json');
    const rest = capability.rest?.[0];
    const blueprint = (await testBlueprint()).blueprint;
    for (const declared of blueprint.capability?.resources ?? []) {
      const resource = rest?.resource?.find((candidate) => candidate.type === declared.type);
      expect(resource?.profile).toBe(declared.profile);
      for (const param of declared.searchParams ?? []) {
        expect(resource?.searchParam?.map((p) => p.name)).toContain(param.name);
      }
      expect(resource?.interaction?.map((i) => i.code)).toEqual(
        expect.arrayContaining(['read', 'search-type']),
      );
    }
    const patient = rest?.resource?.find((resource) => resource.type === 'Patient');
    expect(patient?.operation?.map((operation) => operation.name)).toContain('everything');
    expect(rest?.operation?.map((operation) => operation.name)).toContain('export');
    const audit = rest?.resource?.find((resource) => resource.type === 'AuditEvent');
    expect(audit?.interaction?.map((i) => i.code)).not.toContain('create');
  });

  it('publishes SMART configuration and the JWKS of its token keys', async () => {
    const smart = await anonymousClient(server).raw({
      method: 'GET',
      path: '.well-known/smart-configuration',
      authenticate: false,
      accept: 'application/json',
    });
    expect(smart.status).toBe(200);
    expect(smart.body).toMatchObject({
      token_endpoint: server.tokenUrl,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      grant_types_supported: ['client_credentials'],
    });
    const jwks = await fetch(server.jwksUrl);
    expect(((await jwks.json()) as { keys: { kty: string; d?: string }[] }).keys).toEqual([
      expect.objectContaining({ kty: 'EC', alg: 'ES256' }),
    ]);
  });

  it('refuses unknown defects and bad options with a config error', async () => {
    const blueprint = await testBlueprint();
    await expect(
      startReferenceServer({ blueprint, defects: ['not-a-defect' as DefectId] }),
    ).rejects.toThrow(ReferenceServerError);
    await expect(startReferenceServer({ blueprint, port: 70_000 })).rejects.toMatchObject({
      code: 'config',
    });
    await expect(
      startReferenceServer({ blueprint, tokenLifetimeSeconds: 3600 }),
    ).rejects.toMatchObject({ code: 'config' });
    await expect(
      startReferenceServer({ blueprint, pseudonymKey: new Uint8Array(8) }),
    ).rejects.toMatchObject({ code: 'config' });
  });

  it('answers a typed client with the test client credentials', async () => {
    const [patient] = await clientFor(server).findPatientsByNhsNumber(
      (await testBlueprint()).blueprint.fixtures[1]?.patient?.nhsNumber ?? '',
    );
    expect(patient?.id).toBe('lhcr-pat-baseline');
  });

  it('lists every defect with the requirements it breaks, covering every MUST category', async () => {
    const blueprint = (await testBlueprint()).blueprint;
    const ids = new Set(blueprint.requirements.map((requirement) => requirement.id));
    for (const defect of REFERENCE_SERVER_DEFECTS) {
      expect(defect.breaks.length).toBeGreaterThan(0);
      for (const id of defect.breaks) expect(ids.has(id)).toBe(true);
    }
    const mustCategories = new Set(
      blueprint.requirements
        .filter((requirement) => requirement.level === 'MUST')
        .map((requirement) => requirement.category),
    );
    const covered = new Set(
      REFERENCE_SERVER_DEFECTS.flatMap((defect) =>
        defect.breaks.map(
          (id) => blueprint.requirements.find((requirement) => requirement.id === id)?.category,
        ),
      ),
    );
    for (const category of mustCategories) expect(covered.has(category)).toBe(true);
  });
});
