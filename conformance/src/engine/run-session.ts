import { createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Blueprint, RequirementLevel } from '@lhcr/blueprint';
import { FhirClient, isLhcrClientError } from '@lhcr/client';
import type { Exchange, PurposeOfUseOptions } from '@lhcr/client';
import { isResource } from '@lhcr/models';
import type { Resource } from '@lhcr/models';
import { TokenStore } from '../target/token-store';
import type { ConformanceTarget } from '../target/target';
import type {
  CheckResult,
  FhirClientRequest,
  FixtureMode,
  HttpReply,
  HttpRequest,
  ResourceIssue,
  SeenResource,
  TestContext,
} from './conformance-test';
import { ConformanceError } from './errors';
import type { Fact } from './fact';
import { toRecordedExchange } from './recorded-exchange';
import type { RecordedExchange } from './recorded-exchange';
import { OutcomeSignal } from './signals';

/** Validates one resource against base R4 and profiles. */
export type ResourceValidator = (
  resource: Resource,
  profiles: readonly string[],
) =>
  | readonly Omit<ResourceIssue, 'resource' | 'profile'>[]
  | Promise<readonly Omit<ResourceIssue, 'resource' | 'profile'>[]>;

/** The settings a session runs with (already checked). */
export interface SessionSettings {
  readonly blueprint: Blueprint;
  readonly target: ConformanceTarget;
  readonly baseUrl: string;
  readonly fixtures: FixtureMode;
  readonly timeoutMs: number;
  readonly validator: ResourceValidator | undefined;
  readonly now: () => number;
}

/** Most exchanges one test may keep (a runaway test cannot exhaust memory). */
const MAX_EXCHANGES_PER_TEST = 2000;
/** Largest reply body read whole, in bytes. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_PAGES = 200;
const SMART_TOKEN_EXTENSION =
  'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/** Everything the tests of one run share: the target, tokens, facts and what was seen. */
export class RunSession {
  readonly settings: SessionSettings;
  readonly tokens: TokenStore | undefined;
  readonly purposeHeader: string;
  readonly directCarePurpose: string;
  readonly #scopes: readonly {
    readonly scope: string;
    readonly purposes: readonly string[] | undefined;
  }[];
  readonly #givenScopes: readonly string[] | undefined;
  readonly facts = new Map<string, unknown>();
  readonly #seen: SeenResource[] = [];
  readonly #seenKeys = new Set<string>();
  readonly #exchanges: { readonly testId: string; readonly exchange: RecordedExchange }[] = [];
  #tokenUrl: Promise<string> | undefined;
  #otherKey: KeyObject | undefined;

  constructor(settings: SessionSettings) {
    this.settings = settings;
    const security = settings.blueprint.security;
    this.purposeHeader = security?.purposeOfUse.header ?? 'X-Purpose-Of-Use';
    this.directCarePurpose =
      security?.purposeOfUse.codes.find((code) => code.use === 'direct-care')?.code ?? 'TREAT';
    const credentials = settings.target.credentials;
    this.#givenScopes = credentials?.scopes;
    this.#scopes = (security?.scopes ?? []).map((scope) => ({
      scope: scope.scope,
      purposes: scope.purposes,
    }));
    this.tokens =
      credentials === undefined
        ? undefined
        : new TokenStore(
            credentials,
            security?.purposeOfUse.assertionClaim ?? 'purpose_of_use',
            settings.now,
          );
  }

  /**
   * The scopes a token for `purpose` asks for: the ones given with the credentials, else every
   * scope of the blueprint that is open to that purpose.
   */
  scopesFor(purpose: string | undefined): readonly string[] {
    if (this.#givenScopes !== undefined) return this.#givenScopes;
    const scopes = this.#scopes.filter(
      (scope) =>
        scope.purposes === undefined || (purpose !== undefined && scope.purposes.includes(purpose)),
    );
    return [...new Set(scopes.map((scope) => scope.scope))];
  }

  /** A key of the same kind as the client's, that no server has registered. */
  otherKey(): KeyObject {
    if (this.#otherKey === undefined) {
      const ec = this.tokens?.key().asymmetricKeyType === 'ec';
      this.#otherKey = ec
        ? generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey
        : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    }
    return this.#otherKey;
  }

  /** The resources seen so far by finished tests. */
  seen(): readonly SeenResource[] {
    return this.#seen;
  }

  exchanges(): readonly { readonly testId: string; readonly exchange: RecordedExchange }[] {
    return this.#exchanges;
  }

  /** Adds a finished test's exchanges and the resources they returned. */
  absorb(testId: string, exchanges: readonly RecordedExchange[]): void {
    for (const exchange of exchanges) {
      this.#exchanges.push({ testId, exchange });
      for (const seen of resourcesOf(testId, exchange, this.purposeHeader)) {
        const key = `${seen.purpose ?? ''}|${createHash('sha1').update(JSON.stringify(seen.resource)).digest('hex')}`;
        if (this.#seenKeys.has(key)) continue;
        this.#seenKeys.add(key);
        this.#seen.push(seen);
      }
    }
  }

  /** The token endpoint: given, or discovered (once) with the requests of the test that first needs it. */
  tokenUrl(discover: (request: HttpRequest) => Promise<HttpReply>): Promise<string> {
    const given = this.settings.target.credentials?.tokenUrl;
    if (given !== undefined) return Promise.resolve(given);
    this.#tokenUrl ??= discoverTokenUrl(discover);
    const pending = this.#tokenUrl;
    // A failed discovery is tried again by the next test that needs it.
    pending.catch(() => {
      if (this.#tokenUrl === pending) this.#tokenUrl = undefined;
    });
    return pending;
  }
}

async function discoverTokenUrl(
  send: (request: HttpRequest) => Promise<HttpReply>,
): Promise<string> {
  const smart = await send({
    method: 'GET',
    url: '.well-known/smart-configuration',
    accept: 'application/json',
  });
  const endpoint =
    typeof smart.body === 'object' && smart.body !== null
      ? (smart.body as Record<string, unknown>)['token_endpoint']
      : undefined;
  if (smart.status === 200 && typeof endpoint === 'string') return endpoint;
  const metadata = await send({ method: 'GET', url: 'metadata' });
  const rest = (metadata.body as { rest?: { security?: { extension?: unknown[] } }[] } | undefined)
    ?.rest;
  for (const entry of Array.isArray(rest) ? rest : []) {
    for (const extension of entry.security?.extension ?? []) {
      const { url, extension: inner } = extension as { url?: unknown; extension?: unknown[] };
      if (url !== SMART_TOKEN_EXTENSION || !Array.isArray(inner)) continue;
      for (const item of inner) {
        const { url: name, valueUri } = item as { url?: unknown; valueUri?: unknown };
        if (name === 'token' && typeof valueUri === 'string') return valueUri;
      }
    }
  }
  throw new OutcomeSignal(
    'skip',
    'no token endpoint: none was given (--token-url), .well-known/smart-configuration has no token_endpoint, and the CapabilityStatement has no oauth-uris token extension',
  );
}

function purposeOf(headers: Readonly<Record<string, string>>, header: string): string | undefined {
  return headers[header.toLowerCase()];
}

/** The resources a successful FHIR reply returned (Bundle entries, or the resource itself). */
function resourcesOf(
  testId: string,
  exchange: RecordedExchange,
  purposeHeader: string,
): SeenResource[] {
  const { status, responseBody } = exchange;
  if (exchange.kind !== 'fhir' || status === undefined || status < 200 || status > 299) return [];
  // What the server returns to reads and searches; the echo of a write is what the client sent.
  const path = exchange.url.split('?')[0] ?? '';
  if (exchange.method !== 'GET' && !path.endsWith('/_search')) return [];
  if (!isResource(responseBody)) return [];
  const purpose = purposeOf(exchange.requestHeaders, purposeHeader);
  const out: SeenResource[] = [];
  const add = (resource: unknown): void => {
    if (!isResource(resource)) return;
    const type = resource.resourceType;
    if (type === 'OperationOutcome' || type === 'CapabilityStatement' || type === 'Bundle') return;
    out.push({ resource, purpose, testId });
  };
  if (responseBody.resourceType === 'Bundle') {
    const entries = (responseBody as { entry?: unknown }).entry;
    for (const entry of Array.isArray(entries) ? entries : []) {
      add((entry as { resource?: unknown } | null)?.resource);
    }
  } else {
    add(responseBody);
  }
  return out;
}

/** What one test records while it runs. */
export interface TestRecord {
  readonly checks: CheckResult[];
  readonly issues: ResourceIssue[];
  readonly exchanges: RecordedExchange[];
  sealed: boolean;
}

/** Creates the {@link TestContext} of one test. */
export function createTestContext(
  session: RunSession,
  test: {
    readonly id: string;
    readonly requirements: readonly string[];
    readonly level: RequirementLevel | undefined;
    readonly needs: ReadonlySet<string>;
    readonly provides: ReadonlySet<string>;
  },
  record: TestRecord,
  signal: AbortSignal,
): TestContext {
  const { settings } = session;
  const ownSeen: SeenResource[] = [];
  const onResponse = (exchange: Exchange, kind?: string): void => {
    if (record.sealed || record.exchanges.length >= MAX_EXCHANGES_PER_TEST) return;
    const converted = toRecordedExchange(exchange, record.exchanges.length + 1);
    const recorded = kind === undefined ? converted : { ...converted, kind };
    record.exchanges.push(recorded);
    ownSeen.push(...resourcesOf(test.id, recorded, session.purposeHeader));
  };
  const addCheck = (status: CheckResult['status'], message: string): void => {
    if (!record.sealed) record.checks.push({ status, message });
  };
  const purposeOptions = (code: string): PurposeOfUseOptions => ({
    code,
    header: session.purposeHeader,
    claim: false,
  });
  const clientFor = (baseUrl: string, request: FhirClientRequest, kind?: string): FhirClient => {
    const tokens = session.tokens;
    const anonymous = request.anonymous === true || tokens === undefined;
    const purpose =
      request.purpose === null ? undefined : (request.purpose ?? session.directCarePurpose);
    const scopes = request.scopes ?? session.scopesFor(purpose);
    return new FhirClient({
      baseUrl,
      ...(anonymous
        ? {}
        : {
            auth: {
              getAuthorization: async (authContext) => {
                const tokenUrl = await context.tokenUrl();
                const token = await tokens.token(
                  { scopes, purpose: authContext.purposeOfUse?.code },
                  tokenUrl,
                  async (url, form) => {
                    const reply = await authContext.postForm(url, () => Promise.resolve(form));
                    return { status: reply.status, body: reply.body };
                  },
                );
                return `Bearer ${token.accessToken}`;
              },
              invalidate: () => false,
            },
          }),
      ...(purpose === undefined ? {} : { purposeOfUse: purposeOptions(purpose) }),
      headers: { ...settings.target.headers, ...request.headers },
      timeoutMs: settings.timeoutMs,
      retry: { maxAttempts: 1 },
      hooks: {
        onResponse: (exchange) => {
          onResponse(exchange, kind);
        },
      },
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxPages: MAX_PAGES,
    });
  };
  const http = async (request: HttpRequest): Promise<HttpReply> => {
    const url = new URL(request.url, `${settings.baseUrl}/`);
    const onFhir =
      url.href.startsWith(`${settings.baseUrl}/`) &&
      !url.pathname.includes('/.well-known/') &&
      request.form === undefined;
    const kind = request.form !== undefined ? 'token' : onFhir ? 'fhir' : 'http';
    const client = clientFor(url.origin, { anonymous: true, purpose: null }, kind);
    const body =
      request.form === undefined ? request.body : new URLSearchParams(request.form).toString();
    const reply = await client.raw(
      {
        method: request.method,
        path: url.href,
        ...(body === undefined ? {} : { body }),
        contentType:
          request.form === undefined
            ? (request.contentType ?? 'application/fhir+json')
            : 'application/x-www-form-urlencoded',
        accept: request.accept ?? 'application/fhir+json',
        authenticate: false,
      },
      { signal, ...(request.headers === undefined ? {} : { headers: request.headers }) },
    );
    return {
      status: reply.status,
      headers: reply.headers,
      body: reply.body,
      notJson: reply.notJson,
    };
  };
  const requireTokens = (): TokenStore => {
    if (session.tokens === undefined) {
      throw new OutcomeSignal('skip', 'no client credentials were given for the target');
    }
    return session.tokens;
  };
  const context: TestContext = {
    testId: test.id,
    clientId: session.tokens?.clientId,
    signingAlgorithm: () => requireTokens().algorithm(),
    assertion: async (request = {}) => {
      const tokens = requireTokens();
      const tokenUrl = await context.tokenUrl();
      const purpose =
        request.purpose === null ? undefined : (request.purpose ?? session.directCarePurpose);
      return tokens.assertion(tokenUrl, purpose, {
        ...(request.header === undefined ? {} : { header: request.header }),
        ...(request.claims === undefined ? {} : { claims: request.claims }),
        ...(request.signWith === 'other-key' ? { key: session.otherKey() } : {}),
      });
    },
    requirements: test.requirements,
    level: test.level,
    blueprint: settings.blueprint,
    baseUrl: settings.baseUrl,
    fixtures: settings.fixtures,
    timeoutMs: settings.timeoutMs,
    signal,
    fhir: (request = {}) => clientFor(settings.baseUrl, request),
    http,
    tokenUrl: () => session.tokenUrl(http),
    token: async (request = {}) => {
      const tokens = requireTokens();
      const tokenUrl = await context.tokenUrl();
      const purpose =
        request.purpose === null ? undefined : (request.purpose ?? session.directCarePurpose);
      return tokens.token(
        { scopes: request.scopes ?? session.scopesFor(purpose), purpose },
        tokenUrl,
        async (url, form) => {
          const reply = await http({
            method: 'POST',
            url,
            form: Object.fromEntries(form),
            accept: 'application/json',
          });
          return { status: reply.status, body: reply.body };
        },
      );
    },
    need: <T>(fact: Fact<T>): T => {
      if (!test.needs.has(fact.id)) {
        throw new ConformanceError(
          'suite',
          `test ${test.id} uses the fact "${fact.id}" without declaring it in needs`,
        );
      }
      if (!session.facts.has(fact.id)) {
        throw new OutcomeSignal('skip', `${fact.description} is missing`);
      }
      return session.facts.get(fact.id) as T;
    },
    provide: <T>(fact: Fact<T>, value: T): void => {
      if (!test.provides.has(fact.id)) {
        throw new ConformanceError(
          'suite',
          `test ${test.id} provides the fact "${fact.id}" without declaring it in provides`,
        );
      }
      if (!record.sealed) session.facts.set(fact.id, value);
    },
    check: (ok, message) => {
      addCheck(ok ? 'pass' : 'fail', message);
      return ok;
    },
    fail: (message) => {
      addCheck('fail', message);
    },
    warn: (message) => {
      addCheck('warn', message);
    },
    note: (message) => {
      addCheck('note', message);
    },
    skip: (reason) => {
      throw new OutcomeSignal('skip', reason);
    },
    omit: (reason) => {
      throw new OutcomeSignal('omit', reason);
    },
    validate: async (resource, profiles) => {
      const validator = settings.validator;
      if (validator === undefined) {
        throw new OutcomeSignal(
          'skip',
          'no FHIR validation context: the blueprint was loaded without its FHIR packages',
        );
      }
      const ref = `${resource.resourceType}/${resource.id ?? '(no id)'}`;
      const found = (await validator(resource, profiles)).map((issue) => ({
        ...issue,
        resource: ref,
        ...(profiles.length === 1 && profiles[0] !== undefined ? { profile: profiles[0] } : {}),
      }));
      if (!record.sealed) record.issues.push(...found);
      return found;
    },
    scopes: (purpose) => session.scopesFor(purpose),
    seenResources: () => [...session.seen(), ...ownSeen],
    seenExchanges: () => [
      ...session.exchanges(),
      ...record.exchanges.map((exchange) => ({ testId: test.id, exchange })),
    ],
    purposeOptions,
  };
  return context;
}

/** Whether a thrown value means the server could not be reached or did not answer in time. */
export function isTransportFailure(thrown: unknown): boolean {
  return (
    isLhcrClientError(thrown) &&
    (thrown.code === 'network' || thrown.code === 'timeout' || thrown.code === 'aborted')
  );
}
