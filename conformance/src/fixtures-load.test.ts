import { describe, expect, it } from 'vitest';
import { coreBlueprint } from './__fixtures__/test-blueprint';
import { runConformance } from './run-conformance';

interface EmptyRegion {
  readonly url: string;
  readonly tokenUrl: string;
  readonly testClient: {
    readonly clientId: string;
    readonly privateKey: string;
    readonly kid: string;
    readonly algorithm: 'RS384' | 'RS512' | 'ES384';
    readonly scopes: readonly string[];
  };
  setNationalOptOut(nhsNumber: string, optedOut: boolean): void;
  close(): Promise<void>;
}

describe('--fixtures load', () => {
  it('loads the fixtures into an empty region in one transaction, and then every MUST test passes', async () => {
    const loaded = await coreBlueprint();
    const specifier = ['@lhcr', 'reference-server'].join('/');
    const { startReferenceServer } = (await import(specifier)) as {
      startReferenceServer: (options: Record<string, unknown>) => Promise<EmptyRegion>;
    };
    const server = await startReferenceServer({
      seed: false,
      blueprint: {
        blueprint: loaded.blueprint,
        validate: async (resource: unknown, profiles: readonly string[]) =>
          loaded.fhirContext.validate(resource, profiles),
      },
    });
    try {
      // The national data opt-out register is not FHIR: a region keeps it, as this one does here.
      // A fixture with no register entry stays unlisted, so its opt-out status is unknown.
      for (const fixture of loaded.blueprint.fixtures) {
        const optedOut = fixture.registers?.nationalDataOptOut;
        if (fixture.patient !== undefined && optedOut !== undefined) {
          server.setNationalOptOut(fixture.patient.nhsNumber, optedOut);
        }
      }
      const { testClient } = server;
      const report = await runConformance({
        ...loaded,
        target: {
          baseUrl: server.url,
          credentials: {
            clientId: testClient.clientId,
            privateKey: testClient.privateKey,
            keyId: testClient.kid,
            algorithm: testClient.algorithm,
            scopes: testClient.scopes,
          },
        },
        fixtures: 'load',
      });
      const setup = report.tests.find((test) => test.id === 'setup.fixtures');
      expect(setup?.outcome).toBe('pass');
      expect(setup?.exchanges.map((exchange) => [exchange.method, exchange.status])).toContainEqual(
        ['POST', 200],
      );
      expect(report.target.tokenUrl).toBe(server.tokenUrl);
      expect(
        report.tests
          .filter((test) => test.level === 'MUST' && test.outcome !== 'pass')
          .map((test) => `${test.id}: ${test.reason ?? ''}`),
      ).toEqual([]);
    } finally {
      await server.close();
    }
  }, 120_000);
});
