import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseNhsNumber } from '@lhcr/models';
import { version } from '../package.json';
import { createTestClient, registerClient } from './auth/clients';
import type {
  ClientAlgorithm,
  ClientRegistration,
  RegisteredClient,
  TestClient,
} from './auth/clients';
import { parseScope } from './auth/scopes';
import type { ParsedScope } from './auth/scopes';
import { ReplayCache, handleTokenRequest } from './auth/token-endpoint';
import { TokenIssuer } from './auth/tokens';
import { loadServerBlueprint, serverRules } from './blueprint-rules';
import type { ServerBlueprint } from './blueprint-rules';
import { DefectSet, defectInfo } from './defects';
import type { DefectId } from './defects';
import { ReferenceServerError } from './errors';
import { ExportManager } from './export/bulk-export';
import { loadDeid } from './export/planning-extract';
import { todayDate } from './fhir/dates';
import { FHIR_PATH, JWKS_PATH, TOKEN_PATH, createRequestListener } from './http/http-server';
import type { HttpHandlers } from './http/http-server';
import { Repository } from './repository';
import { FIXTURE_GROUP_ID, seedFixtures } from './seed';
import type { SeedSummary } from './seed';
import type { ReferenceServerLogger } from './server/context';
import { Region } from './server/region';
import { createSqliteStore } from './storage/sqlite-store';

/**
 * Options of {@link startReferenceServer}. Everything is optional: the default is an empty
 * in-memory region for `@lhcr/blueprint-core` on a free loopback port.
 *
 * @example
 * ```ts
 * const options: ReferenceServerOptions = { port: 8080, dbPath: 'region.db', seed: true };
 * ```
 */
export interface ReferenceServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; `127.0.0.1` (loopback) by default. */
  readonly host?: string;
  /** SQLite database file; `:memory:` (the default) keeps data for the life of the server. */
  readonly dbPath?: string;
  /** Load the blueprint's fixtures, a Group of their patients and their national opt-out register. */
  readonly seed?: boolean;
  /** Seeded defects to switch on (never on by default; announced on stderr). */
  readonly defects?: readonly DefectId[];
  /** The blueprint: a loaded one ({@link loadServerBlueprint}), a path or package name; default `@lhcr/blueprint-core`. */
  readonly blueprint?: ServerBlueprint | string;
  /** Where log lines go (never patient data); default: nowhere. Defects are announced on stderr regardless. */
  readonly logger?: ReferenceServerLogger;
  /** More registered clients, besides the generated test client. */
  readonly clients?: readonly ClientRegistration[];
  /** The test client's key algorithm; default ES384 (fast to generate). */
  readonly testClientAlgorithm?: ClientAlgorithm;
  /** The largest request body accepted, in bytes; default 16 MiB (413 beyond). */
  readonly maxBodyBytes?: number;
  /** Access token lifetime in seconds; default 300, at most the blueprint's maximum (600). */
  readonly tokenLifetimeSeconds?: number;
  /** Pause between resource types in Bulk Data exports, in ms (to watch an export in progress). */
  readonly exportThrottleMs?: number;
  /** The key that pseudonymises exports (32 bytes or more); default random per start, so pseudonyms are stable for the life of the server. */
  readonly pseudonymKey?: Uint8Array;
}

/**
 * A running reference region.
 *
 * @example
 * ```ts
 * const server = await startReferenceServer({ seed: true });
 * console.log(server.url, server.tokenUrl, server.testClient.clientId);
 * await server.close();
 * ```
 */
export interface ReferenceServer {
  /** The FHIR base URL, such as `http://127.0.0.1:54321/fhir`. */
  readonly url: string;
  /** The OAuth 2.0 token endpoint (client credentials with a signed JWT assertion). */
  readonly tokenUrl: string;
  /** The JWKS of the keys that sign the server's access tokens. */
  readonly jwksUrl: string;
  /** The synthetic client generated at start (a fresh key pair, registered for every scope and purpose). */
  readonly testClient: TestClient;
  readonly defects: readonly DefectId[];
  /** What seeding loaded, when `seed` was set. */
  readonly seeded: SeedSummary | undefined;
  /** The Group of every fixture patient (for `Group/[id]/$export`), when seeded. */
  readonly fixtureGroupId: string | undefined;
  readonly blueprint: { readonly id: string; readonly version: string; readonly title: string };
  /**
   * Whether `$export` is available: exports are pseudonymised with `@lhcr/deid` (LHCR-PLN-02);
   * without it they answer 501 rather than release identifiable data.
   */
  readonly exportsAvailable: boolean;
  /**
   * Sets a patient's national data opt-out register entry (the register is dated `asOf`,
   * default today). Patients with no entry are `unknown` and left out of secondary uses.
   */
  setNationalOptOut(nhsNumber: string, optedOut: boolean, asOf?: string): void;
  /** Stops the server, ends open connections and closes the database. */
  close(): Promise<void>;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function announceDefects(defects: DefectSet, logger: ReferenceServerLogger | undefined): void {
  for (const id of defects.list) {
    const info = defectInfo(id);
    const line = `lhcr reference server: SEEDED DEFECT "${id}" IS ON. It breaks ${info.breaks.join(', ')}: ${info.description} Never use this server as a real region.`;
    process.stderr.write(`\u26a0 ${line}\n`);
    logger?.('warn', line);
  }
}

/**
 * Starts a reference region: a FHIR R4 server for the blueprint on SQLite, with a signed-JWT
 * token endpoint, opt-outs, restricted data, audit and Bulk Data export, and a synthetic test
 * client generated at start. Loopback only by default.
 *
 * @throws {ReferenceServerError} `config` for bad options or a blueprint that cannot be served,
 * `storage` when the database cannot be opened.
 * @example
 * ```ts
 * import { FhirClient, signedJwtClientCredentials } from '@lhcr/client';
 * import { startReferenceServer } from '@lhcr/reference-server';
 *
 * const server = await startReferenceServer({ seed: true });
 * const { testClient } = server;
 * const client = new FhirClient({
 *   baseUrl: server.url,
 *   auth: signedJwtClientCredentials({
 *     tokenUrl: server.tokenUrl,
 *     clientId: testClient.clientId,
 *     privateKey: testClient.privateKey,
 *     keyId: testClient.kid,
 *     algorithm: testClient.algorithm,
 *   }),
 *   purposeOfUse: { code: 'TREAT' },
 * });
 * const [patient] = await client.findPatientsByNhsNumber('9992197625');
 * await server.close();
 * ```
 */
export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<ReferenceServer> {
  const defects = new DefectSet(options.defects ?? []);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ReferenceServerError(
      'config',
      `port must be a whole number from 0 to 65535; found ${String(port)}`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new ReferenceServerError(
      'config',
      'maxBodyBytes must be a whole number of at least 1024',
    );
  }
  const pseudonymKey = options.pseudonymKey ?? randomBytes(32);
  if (pseudonymKey.length < 32) {
    throw new ReferenceServerError('config', 'pseudonymKey must have at least 32 bytes');
  }
  const served =
    options.blueprint === undefined || typeof options.blueprint === 'string'
      ? await loadServerBlueprint(options.blueprint)
      : options.blueprint;
  const rules = serverRules(served.blueprint);
  const tokenLifetimeSeconds =
    options.tokenLifetimeSeconds ?? Math.min(300, rules.maxTokenLifetimeSeconds);
  if (
    !Number.isInteger(tokenLifetimeSeconds) ||
    tokenLifetimeSeconds < 1 ||
    tokenLifetimeSeconds > rules.maxTokenLifetimeSeconds
  ) {
    throw new ReferenceServerError(
      'config',
      `tokenLifetimeSeconds must be from 1 to ${String(rules.maxTokenLifetimeSeconds)} (the blueprint's maximum)`,
    );
  }
  const purposes = [...rules.purposes.keys()];
  const scopes = [...new Set([...rules.scopeRules.map((rule) => rule.scope), 'system/*.write'])];
  const { testClient, registration } = createTestClient(
    scopes,
    purposes,
    options.testClientAlgorithm ?? 'ES384',
  );
  const clients = new Map<string, RegisteredClient>();
  for (const client of [registration, ...(options.clients ?? [])]) {
    if (clients.has(client.clientId)) {
      throw new ReferenceServerError(
        'config',
        `client ${JSON.stringify(client.clientId)} is registered twice`,
      );
    }
    clients.set(client.clientId, registerClient(client, purposes));
  }
  const openScopes = scopes
    .map(parseScope)
    .filter((scope): scope is ParsedScope => scope !== undefined);

  const log: ReferenceServerLogger = options.logger ?? (() => undefined);
  const store = createSqliteStore({ path: options.dbPath ?? ':memory:' });
  // The listener exists before the port is known; the handlers are set once it is.
  const ready: { handlers?: HttpHandlers } = {};
  const listener = createRequestListener({
    fhir: (request) =>
      ready.handlers === undefined
        ? Promise.reject(new Error('not ready'))
        : ready.handlers.fhir(request),
    token: (form, address) =>
      ready.handlers === undefined
        ? { status: 503, body: { error: 'temporarily_unavailable' } }
        : ready.handlers.token(form, address),
    jwks: () => ready.handlers?.jwks() ?? { keys: [] },
    errorResponse: (error) =>
      ready.handlers === undefined ? { status: 503 } : ready.handlers.errorResponse(error),
    defects,
    maxBodyBytes,
    log,
  });
  const server = createServer({ keepAliveTimeout: 5000 }, listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw new ReferenceServerError(
      'config',
      `cannot listen on ${formatHost(host)}:${String(port)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  const origin = `http://${formatHost(host)}:${String(address.port)}`;
  const url = `${origin}${FHIR_PATH}`;
  const tokenUrl = `${origin}${TOKEN_PATH}`;
  const jwksUrl = `${origin}${JWKS_PATH}`;
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
    log('warn', `listening on ${host}, not only on loopback: synthetic data and test keys only`);
  }

  const issuer = new TokenIssuer(origin, url, rules.purposeClaim, defects.has('long-lived-tokens'));
  const repository = new Repository(store, rules, () => url);
  const region = new Region({
    rules,
    store,
    repository,
    defects,
    blueprint: served,
    issuer,
    log,
    softwareVersion: version,
    openScopes,
  });
  region.baseUrl = url;
  region.tokenUrl = tokenUrl;
  const exportThrottleMs = options.exportThrottleMs ?? 0;
  const exports = new ExportManager(region, {
    throttleMs: exportThrottleMs,
    pseudonymKey,
    audit: (input) => {
      region.recordAudit(input);
    },
  });
  region.exports = exports;
  region.exportsAvailable =
    (await loadDeid()) !== undefined && rules.blueprint.anonymisationPolicy !== undefined;
  const replay = new ReplayCache();
  let seeded: SeedSummary | undefined;
  try {
    if (options.seed === true) seeded = seedFixtures(repository, served.blueprint);
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    store.close();
    throw error;
  }
  ready.handlers = {
    fhir: (request) => region.handle(request),
    token: (form) =>
      handleTokenRequest(form, {
        clients,
        rules,
        issuer,
        tokenUrl,
        defects,
        tokenLifetimeSeconds,
        replay,
      }),
    jwks: () => issuer.jwks(),
    errorResponse: (error) => region.errorResponse(error),
    defects,
    maxBodyBytes,
    log,
  };
  announceDefects(defects, options.logger);
  log('info', `reference region for ${rules.blueprint.title} ${rules.blueprint.version} at ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    tokenUrl,
    jwksUrl,
    testClient,
    defects: defects.list,
    seeded,
    fixtureGroupId: seeded === undefined ? undefined : FIXTURE_GROUP_ID,
    blueprint: {
      id: rules.blueprint.id,
      version: rules.blueprint.version,
      title: rules.blueprint.title,
    },
    exportsAvailable: region.exportsAvailable,
    setNationalOptOut(nhsNumber, optedOut, asOf) {
      const parsed = parseNhsNumber(nhsNumber);
      if (!parsed.ok)
        throw new ReferenceServerError('config', `setNationalOptOut: ${parsed.message}`);
      repository.write((operations) => {
        operations.setNationalOptOut([{ nhsNumber: parsed.value, optedOut }], asOf ?? todayDate());
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        exports.close();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
