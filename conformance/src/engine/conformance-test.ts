import type { Blueprint, RequirementLevel } from '@lhcr/blueprint';
import type { FhirClient, PurposeOfUseOptions } from '@lhcr/client';
import type { Resource } from '@lhcr/models';
import type { Fact } from './fact';
import type { RecordedExchange } from './recorded-exchange';

/**
 * How the blueprint's fixtures reach the server: `load` (the suite sends them in a transaction
 * before the tests that need them), `preloaded` (the region loaded them itself) or `none` (tests
 * that need them are reported as not demonstrated).
 *
 * @example
 * ```ts
 * const mode: FixtureMode = 'preloaded';
 * ```
 */
export type FixtureMode = 'load' | 'preloaded' | 'none';

/**
 * One check inside a test, as it appears in the reports: `pass` and `fail` decide the test's
 * outcome; `warn` and `note` are information (a `warn` never fails a test).
 *
 * @example
 * ```ts
 * const check: CheckResult = { status: 'fail', message: 'GET Patient without a token answered 200; expected 401' };
 * ```
 */
export interface CheckResult {
  readonly status: 'pass' | 'fail' | 'warn' | 'note';
  readonly message: string;
}

/**
 * A validation issue found in a resource the server returned.
 *
 * @example
 * ```ts
 * const issue: ResourceIssue = {
 *   resource: 'Patient/lhcr-pat-baseline',
 *   severity: 'error',
 *   code: 'required',
 *   expression: 'Patient.birthDate',
 *   diagnostics: 'minimum required = 1, but only found 0',
 * };
 * ```
 */
export interface ResourceIssue {
  /** `type/id` of the resource. */
  readonly resource: string;
  readonly profile?: string;
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: string;
  readonly expression?: string;
  readonly diagnostics: string;
}

/**
 * Options of {@link TestContext.fhir}: who the client is for this request (purpose of use and
 * scopes) and whether it authenticates.
 *
 * @example
 * ```ts
 * const client = context.fhir({ purpose: 'HOPERAT' });
 * ```
 */
export interface FhirClientRequest {
  /** An HL7 v3 purpose-of-use code; default the suite's direct-care purpose (`TREAT`). */
  readonly purpose?: string | null;
  /** The scopes asked for in the token request; default the run's scopes. */
  readonly scopes?: readonly string[];
  /** Send no Authorization header at all. Default false. */
  readonly anonymous?: boolean;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A token issued by the target's token endpoint.
 *
 * @example
 * ```ts
 * const { accessToken, expiresIn } = await context.token({ purpose: 'TREAT' });
 * ```
 */
export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn: number | undefined;
  /** The `scope` of the reply, when the server sent one. */
  readonly scope: string | undefined;
}

/**
 * A reply to a request sent with {@link TestContext.http}: any status.
 *
 * @example
 * ```ts
 * const reply = await context.http({ method: 'POST', url: tokenUrl, form: { grant_type: 'client_credentials' } });
 * reply.status; // 400
 * ```
 */
export interface HttpReply {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, the text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  readonly notJson: boolean;
}

/**
 * A request for {@link TestContext.http}: sent as given (beyond the tester's `X-Request-ID`),
 * for the token endpoint and for requests no typed call would make.
 *
 * @example
 * ```ts
 * const request: HttpRequest = { method: 'GET', url: `${baseUrl}/Patient`, headers: { authorization: 'Bearer x' } };
 * ```
 */
export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute, or relative to the FHIR base URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A form body (`application/x-www-form-urlencoded`). */
  readonly form?: Readonly<Record<string, string>>;
  /** A raw body, sent with `contentType`. */
  readonly body?: string;
  readonly contentType?: string;
  /** Default `application/fhir+json`. */
  readonly accept?: string;
}

/**
 * A client assertion to build for a token-endpoint test: the standard claims (`iss` = `sub` =
 * client id, `aud` = token URL, fresh `jti`, `exp` four minutes ahead, the purpose) with
 * `claims` and `header` replacing any of them (a claim set to `undefined` is left out), signed
 * with the client's own key, another key of the same kind, or not at all (`alg: none`).
 *
 * @example
 * ```ts
 * const assertion = await context.assertion({ claims: { aud: 'https://elsewhere.example.org/token' } });
 * ```
 */
export interface AssertionRequest {
  readonly purpose?: string | null;
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Default `own`. */
  readonly signWith?: 'own' | 'other-key';
}

/**
 * A resource the server returned during the run, with where it was seen.
 *
 * @example
 * ```ts
 * for (const { resource, purpose } of context.seenResources()) console.log(resource.resourceType, purpose);
 * ```
 */
export interface SeenResource {
  readonly resource: Resource;
  /** The purpose of use of the request that returned it (`undefined` when none was stated). */
  readonly purpose: string | undefined;
  /** The test whose request returned it. */
  readonly testId: string;
}

/**
 * What a running test can do: make requests that are recorded with it, use facts from earlier
 * tests and provide its own, record checks, validate resources, and end as not demonstrated or
 * not applicable.
 *
 * @example
 * ```ts
 * async function run(context: TestContext): Promise<void> {
 *   const reply = await context.fhir({ anonymous: true }).raw({ method: 'GET', path: 'Patient' });
 *   context.check(reply.status === 401, `GET Patient without a token answered ${String(reply.status)}; expected 401`);
 * }
 * ```
 */
export interface TestContext {
  readonly testId: string;
  readonly requirements: readonly string[];
  /** `undefined` for a setup test (one that verifies no requirement). */
  readonly level: RequirementLevel | undefined;
  readonly blueprint: Blueprint;
  /** The FHIR base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly fixtures: FixtureMode;
  /** The per-request timeout, in ms. */
  readonly timeoutMs: number;
  /** Aborted when the test runs past its deadline. */
  readonly signal: AbortSignal;
  /** A FHIR client whose exchanges are recorded with this test. */
  fhir(request?: FhirClientRequest): FhirClient;
  /** Sends any HTTP request, recorded with this test (secrets redacted). */
  http(request: HttpRequest): Promise<HttpReply>;
  /** The client id of the run's credentials; `undefined` without credentials. */
  readonly clientId: string | undefined;
  /** The algorithm the run's credentials sign with. */
  signingAlgorithm(): string;
  /** Builds a client assertion (see {@link AssertionRequest}); not demonstrated without credentials. */
  assertion(request?: AssertionRequest): Promise<string>;
  /** The token endpoint URL (given, or discovered from the server). */
  tokenUrl(): Promise<string>;
  /** A token for a purpose and scopes, from the run's token cache or a new token request. */
  token(request?: {
    readonly purpose?: string | null;
    readonly scopes?: readonly string[];
  }): Promise<IssuedToken>;
  /** The value of a fact this test declared in `needs`. */
  need<T>(fact: Fact<T>): T;
  /** Sets the value of a fact this test declared in `provides`. */
  provide<T>(fact: Fact<T>, value: T): void;
  /** Records a check; returns `ok`. A failed check fails the test. */
  check(ok: boolean, message: string): boolean;
  /** Records a failed check. */
  fail(message: string): void;
  /** Records a warning, which never fails the test. */
  warn(message: string): void;
  /** Records information. */
  note(message: string): void;
  /** Ends the test as not demonstrated, with the reason. */
  skip(reason: string): never;
  /** Ends the test as not applicable, with the reason. */
  omit(reason: string): never;
  /** Validates a resource against base R4 and the profiles; the issues are recorded with the test. */
  validate(resource: Resource, profiles: readonly string[]): Promise<readonly ResourceIssue[]>;
  /** The resources returned to the tests that have finished, and to this one so far. */
  seenResources(): readonly SeenResource[];
  /** The exchanges of the tests that have finished, and of this one so far. */
  seenExchanges(): readonly { readonly testId: string; readonly exchange: RecordedExchange }[];
  /** The scopes a token for a purpose asks for by default. */
  scopes(purpose: string | undefined): readonly string[];
  /** The purpose-of-use options the clients of this run use for a code. */
  purposeOptions(code: string): PurposeOfUseOptions;
}

/**
 * One conformance test: the requirements it verifies, the facts it needs and provides, and what
 * it does.
 *
 * @example
 * ```ts
 * const test: ConformanceTest = {
 *   id: 'security.no-token',
 *   title: 'A request without a token is refused with 401',
 *   requirements: ['LHCR-SEC-01'],
 *   run: async (context) => {
 *     const reply = await context.fhir({ anonymous: true }).raw({ method: 'GET', path: 'Patient' });
 *     context.check(reply.status === 401, `answered ${String(reply.status)}; expected 401`);
 *   },
 * };
 * ```
 */
export interface ConformanceTest {
  /** Stable and unique: `<group>.<name>`. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** The requirement ids this test verifies; none for a setup test (loading fixtures). */
  readonly requirements: readonly string[];
  /** What the test sends, in words (for the report). */
  readonly inputs?: string;
  /** What must hold before it can run, in words (for the report). */
  readonly preconditions?: readonly string[];
  readonly needs?: readonly Fact<unknown>[];
  readonly provides?: readonly Fact<unknown>[];
  /** Test ids (or group ids) that must finish first, for tests that look at what others saw. */
  readonly after?: readonly string[];
  readonly run: (context: TestContext) => Promise<void>;
}

/**
 * A named group of tests.
 *
 * @example
 * ```ts
 * const group: TestGroup = { id: 'security', title: 'Security', tests: [noToken] };
 * ```
 */
export interface TestGroup {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly tests: readonly ConformanceTest[];
}

/**
 * A suite: groups of tests for one blueprint, plus the requirements it knowingly leaves untested.
 *
 * @example
 * ```ts
 * const suite: ConformanceSuite = { id: 'lhcr-core', title: 'LHCR Core', version: '1.0.0', groups: [security] };
 * ```
 */
export interface ConformanceSuite {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly groups: readonly TestGroup[];
}
