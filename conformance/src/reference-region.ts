import type { ConformanceBlueprint } from './run-conformance';
import { ConformanceError } from './engine/errors';
import type { ConformanceTarget } from './target/target';

/**
 * The bundled reference region, running on a free loopback port with the blueprint's fixtures
 * loaded, and the target (with its generated test client) to test it with.
 *
 * @example
 * ```ts
 * const region = await startReferenceRegion({ blueprint: loaded });
 * const report = await runConformance({ ...loaded, target: region.target, fixtures: 'preloaded' });
 * await region.close();
 * ```
 */
export interface ReferenceRegion {
  readonly target: ConformanceTarget;
  /** The seeded defects switched on (none unless asked for). */
  readonly defects: readonly string[];
  /** Whether the region offers the planning extract (`@lhcr/deid` installed). */
  readonly planningExtract: boolean;
  close(): Promise<void>;
}

/**
 * A seeded defect of the reference region: what it breaks, for testing the tester.
 *
 * @example
 * ```ts
 * const defects: readonly RegionDefect[] = await referenceRegionDefects();
 * ```
 */
export interface RegionDefect {
  readonly id: string;
  readonly description: string;
  readonly breaks: readonly string[];
}

interface ReferenceServerModule {
  readonly startReferenceServer: (options: Record<string, unknown>) => Promise<{
    readonly url: string;
    readonly tokenUrl: string;
    readonly planningExtract: boolean;
    readonly defects: readonly string[];
    readonly testClient: {
      readonly clientId: string;
      readonly privateKey: string;
      readonly kid: string;
      readonly algorithm: 'RS384' | 'RS512' | 'ES384';
      readonly scopes: readonly string[];
    };
    close(): Promise<void>;
  }>;
  readonly REFERENCE_SERVER_DEFECTS: readonly RegionDefect[];
}

async function loadReferenceServer(): Promise<ReferenceServerModule> {
  // A variable specifier: the reference server is a separate (private) package, never bundled.
  const specifier = ['@lhcr', 'reference-server'].join('/');
  try {
    return (await import(specifier)) as ReferenceServerModule;
  } catch (thrown) {
    throw new ConformanceError(
      'config',
      'the bundled reference region (@lhcr/reference-server) is not installed or not built; run `npm ci && npm run build` in the lhcr repository, or give a server to test with --target',
      { cause: thrown },
    );
  }
}

/**
 * The reference region's seeded defects.
 *
 * @throws {ConformanceError} `config` when `@lhcr/reference-server` is not installed.
 * @example
 * ```ts
 * for (const defect of await referenceRegionDefects()) console.log(defect.id, defect.breaks);
 * ```
 */
export async function referenceRegionDefects(): Promise<readonly RegionDefect[]> {
  return (await loadReferenceServer()).REFERENCE_SERVER_DEFECTS;
}

/**
 * Starts the bundled reference region (`@lhcr/reference-server`) on a free loopback port with the
 * blueprint's fixtures, optionally with seeded defects, sharing the already loaded blueprint.
 *
 * @throws {ConformanceError} `config` when the reference server is not installed or a defect is
 *   unknown.
 * @example
 * ```ts
 * const region = await startReferenceRegion({ blueprint: loaded, defects: ['ignore-dissent'] });
 * ```
 */
export async function startReferenceRegion(
  options: { readonly blueprint?: ConformanceBlueprint; readonly defects?: readonly string[] } = {},
): Promise<ReferenceRegion> {
  const module = await loadReferenceServer();
  const known = new Set(module.REFERENCE_SERVER_DEFECTS.map((defect) => defect.id));
  const unknown = (options.defects ?? []).filter((defect) => !known.has(defect));
  if (unknown.length > 0) {
    throw new ConformanceError(
      'config',
      `unknown defect ${unknown.join(', ')}; the reference region's defects are ${[...known].join(', ')}`,
    );
  }
  const loaded = options.blueprint;
  const server = await module.startReferenceServer({
    port: 0,
    seed: true,
    defects: options.defects ?? [],
    ...(loaded === undefined
      ? {}
      : {
          blueprint: {
            blueprint: loaded.blueprint,
            validate: async (resource: unknown, profiles: readonly string[]) =>
              loaded.fhirContext.validate(resource, profiles),
          },
        }),
  });
  const client = server.testClient;
  return {
    target: {
      baseUrl: server.url,
      credentials: {
        clientId: client.clientId,
        privateKey: client.privateKey,
        keyId: client.kid,
        algorithm: client.algorithm,
        tokenUrl: server.tokenUrl,
        scopes: client.scopes,
      },
    },
    defects: server.defects,
    planningExtract: server.planningExtract,
    close: () => server.close(),
  };
}
