import { FhirClient, signedJwtClientCredentials } from '@lhcr/client';
import type { Fixture } from '@lhcr/blueprint';
import { loadServerBlueprint } from '../blueprint-rules';
import type { ServerBlueprint } from '../blueprint-rules';
import { startReferenceServer } from '../start-reference-server';
import type { ReferenceServer, ReferenceServerOptions } from '../start-reference-server';

/** The blueprint, loaded once per test file (loading validates every fixture: seconds). */
export function testBlueprint(): Promise<ServerBlueprint> {
  return loadServerBlueprint();
}

/** A seeded in-memory region for `@lhcr/blueprint-core` on a free loopback port. */
export async function startRegion(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  return startReferenceServer({ blueprint: await testBlueprint(), seed: true, ...options });
}

/** Options of {@link clientFor}. */
export interface ClientSettings {
  readonly purpose?: string;
  readonly scope?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A typed client authenticated as the server's test client, stating `purpose` (default TREAT). */
export function clientFor(server: ReferenceServer, settings: ClientSettings = {}): FhirClient {
  const { testClient } = server;
  return new FhirClient({
    baseUrl: server.url,
    auth: signedJwtClientCredentials({
      tokenUrl: server.tokenUrl,
      clientId: testClient.clientId,
      privateKey: testClient.privateKey,
      keyId: testClient.kid,
      algorithm: testClient.algorithm,
      ...(settings.scope === undefined ? {} : { scope: settings.scope }),
    }),
    purposeOfUse: { code: settings.purpose ?? 'TREAT' },
    retry: { maxAttempts: 1 },
    timeoutMs: 20_000,
    ...(settings.headers === undefined ? {} : { headers: settings.headers }),
  });
}

/** An unauthenticated client (for 401s and metadata). */
export function anonymousClient(server: ReferenceServer): FhirClient {
  return new FhirClient({ baseUrl: server.url, retry: { maxAttempts: 1 } });
}

/** The blueprint's fixture with `id` (patients come from the blueprint, never copied). */
export async function fixture(id: string): Promise<Fixture> {
  const found = (await testBlueprint()).blueprint.fixtures.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found;
}

/** The resource id and NHS number of a fixture's patient. */
export async function fixturePatient(
  id: string,
): Promise<{ resourceId: string; nhsNumber: string }> {
  const found = await fixture(id);
  if (found.patient === undefined) throw new Error(`fixture ${id} has no patient`);
  return found.patient;
}

/** The `Type/id` keys of a searchset's matches. */
export function matchKeys(bundle: {
  entry?: readonly {
    resource?: { resourceType: string; id?: string };
    search?: { mode?: string };
  }[];
}): string[] {
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode !== 'outcome' && entry.resource !== undefined)
    .map((entry) => `${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}`);
}
