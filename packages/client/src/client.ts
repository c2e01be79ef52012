import {
  NHS_NUMBER_SYSTEM,
  isBundle,
  isOperationOutcome,
  isResource,
  isResourceType,
  parseNhsNumber,
} from '@lhcr/models';
import type {
  AnyResource,
  Bundle,
  CapabilityStatement,
  OperationOutcome,
  Parameters,
  Patient,
  ResourceType,
  ResourceTypeMap,
} from '@lhcr/models';
import type { AuthProvider } from './auth/auth-provider';
import { BulkExportJob, downloadNdjson } from './bulk-export';
import type {
  BulkExportContext,
  BulkExportDownloadOptions,
  BulkExportFile,
  BulkExportManifest,
} from './bulk-export';
import { ConfigError, FhirResponseError, LimitExceededError } from './errors';
import type { ClientHooks } from './exchange';
import { asFhirKitResource, fhirKitAttempt } from './internal/fhir-kit';
import type { FhirKitCall } from './internal/fhir-kit';
import { redactHeaders } from './internal/secrets';
import { Transport, fetchAttempt } from './internal/transport';
import type { RequestOptions, SendResult, SendSpec } from './internal/transport';
import { resolvePurposeOfUse } from './purpose-of-use';
import type { PurposeOfUseOptions } from './purpose-of-use';
import { redactUrl } from './redaction';
import { resolveRetryOptions } from './retry';
import type { RetryOptions } from './retry';
import { toQueryString, toSearchRecord } from './search-params';
import type { SearchParams } from './search-params';

/**
 * Options of {@link FhirClient}.
 *
 * @example
 * ```ts
 * const options: FhirClientOptions = {
 *   baseUrl: 'https://region.example.org/fhir',
 *   auth: bearerToken(token),
 *   purposeOfUse: { code: 'TREAT' },
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface FhirClientOptions {
  /** The FHIR base URL (absolute http(s), no query or fragment). */
  readonly baseUrl: string;
  readonly auth?: AuthProvider;
  /** Stated on every request; see {@link PurposeOfUseOptions} for the header and claim. */
  readonly purposeOfUse?: PurposeOfUseOptions;
  /** `X-Correlation-ID` for every request: a fixed value or a function called per request. */
  readonly correlationId?: string | (() => string);
  /** Extra headers on every FHIR request (for example `NHSD-End-User-Organisation-ODS`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Longest time one HTTP attempt may take, in ms. Default 30000. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly hooks?: ClientHooks;
  /** Largest reply read whole with `fetch` (token, Bulk Data status), in bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** Most pages {@link FhirClient.pages} follows. Default 1000. */
  readonly maxPages?: number;
  /** Random source for retry jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * What the server said about a reply besides its body. Header names are lower case; credential
 * headers are redacted.
 *
 * @example
 * ```ts
 * const patient = await client.read('Patient', id);
 * getResponseInfo(patient)?.etag; // 'W/"3"'
 * ```
 */
export interface ResponseInfo {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag: string | undefined;
  /** The version from a weak or strong ETag (`W/"3"` gives `3`). */
  readonly versionId: string | undefined;
  readonly lastModified: string | undefined;
  readonly location: string | undefined;
  readonly requestId: string;
  readonly attempts: number;
}

/**
 * The result of a create or update: the reply's metadata, the resource when the server returned
 * it (`Prefer: return=representation`, the usual default), and the OperationOutcome when it
 * returned one. `created` is true for a 201 (a conditional create that found a match gives 200).
 *
 * @example
 * ```ts
 * const { resource, location, created } = await client.create(patient);
 * ```
 */
export interface WriteResult<T extends AnyResource> extends ResponseInfo {
  readonly resource: T | undefined;
  readonly outcome: OperationOutcome | undefined;
  readonly created: boolean;
}

/**
 * The result of a delete.
 *
 * @example
 * ```ts
 * const { status } = await client.delete('Patient', id); // 200 or 204
 * ```
 */
export interface DeleteResult extends ResponseInfo {
  readonly outcome: OperationOutcome | undefined;
}

/**
 * `Prefer` for writes.
 *
 * @see https://hl7.org/fhir/R4/http.html#ops
 * @example
 * ```ts
 * await client.create(patient, { prefer: 'return=minimal' });
 * ```
 */
export type PreferReturn = 'return=minimal' | 'return=representation' | 'return=OperationOutcome';

/**
 * Options of writes.
 *
 * @example
 * ```ts
 * const options: WriteOptions = { prefer: 'return=representation' };
 * ```
 */
export interface WriteOptions extends RequestOptions {
  readonly prefer?: PreferReturn;
}

/**
 * Options of {@link FhirClient.create}.
 *
 * @example
 * ```ts
 * const options: CreateOptions = { ifNoneExist: { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` } };
 * ```
 */
export interface CreateOptions extends WriteOptions {
  /** Makes the create conditional (`If-None-Exist`): nothing is created when these match. */
  readonly ifNoneExist?: SearchParams;
}

/**
 * Options of {@link FhirClient.update}.
 *
 * @example
 * ```ts
 * const options: UpdateOptions = { ifMatch: patient.meta?.versionId };
 * ```
 */
export interface UpdateOptions extends WriteOptions {
  /**
   * Sends `If-Match` so the update fails with 412 when the resource changed: an ETag (`W/"3"`)
   * or a bare version id (`3`, sent as `W/"3"`).
   */
  readonly ifMatch?: string | undefined;
}

/**
 * Options of searches.
 *
 * @example
 * ```ts
 * const options: SearchOptions = { usePost: true };
 * ```
 */
export interface SearchOptions extends RequestOptions {
  /** Search with POST `[type]/_search` and a form body, which keeps values out of URLs and logs. */
  readonly usePost?: boolean;
}

/**
 * Options of {@link FhirClient.pages} and the other paging iterators.
 *
 * @example
 * ```ts
 * const options: PageOptions = { maxPages: 10 };
 * ```
 */
export interface PageOptions extends RequestOptions {
  /** Overrides the client's `maxPages`. */
  readonly maxPages?: number;
}

/**
 * The target of {@link FhirClient.history}: the whole server, a type, or one resource.
 *
 * @example
 * ```ts
 * const target: HistoryTarget = { type: 'Patient', id: 'example' };
 * ```
 */
export type HistoryTarget =
  | { readonly type?: undefined; readonly id?: undefined }
  | { readonly type: ResourceType; readonly id?: string };

/**
 * A FHIR operation call for {@link FhirClient.operation}.
 *
 * @example
 * ```ts
 * const call: OperationCall = { name: 'everything', type: 'Patient', id: 'example', method: 'GET' };
 * ```
 */
export interface OperationCall {
  /** With or without the leading `$`. */
  readonly name: string;
  readonly type?: ResourceType;
  readonly id?: string;
  /** Default POST. */
  readonly method?: 'GET' | 'POST';
  /** A Parameters resource (POST) or search-style parameters (GET). */
  readonly input?: Parameters | SearchParams;
  /** Whether the operation may be sent twice (for retries after network errors). Default: GET only. */
  readonly idempotent?: boolean;
}

/**
 * Options of {@link FhirClient.startBulkExport}.
 *
 * @see https://hl7.org/fhir/uv/bulkdata/export.html#query-parameters
 * @example
 * ```ts
 * const options: BulkExportOptions = { level: 'patient', types: ['Patient', 'Observation'], since: '2026-01-01T00:00:00Z' };
 * ```
 */
export interface BulkExportOptions extends RequestOptions {
  /** `system` (`/$export`), `patient` (`/Patient/$export`, the default) or a group (`/Group/[id]/$export`). */
  readonly level?: 'system' | 'patient' | { readonly group: string };
  /** `_type`. */
  readonly types?: readonly ResourceType[];
  /** `_since` (a FHIR instant). */
  readonly since?: string;
  /** `_typeFilter`, one per entry. */
  readonly typeFilters?: readonly string[];
  /** `_outputFormat`; default unset (the server's default, NDJSON). */
  readonly outputFormat?: string;
  /** Any further kick-off parameters. */
  readonly parameters?: SearchParams;
}

/**
 * A request sent as given, for testing how a server handles what a typed call would never send
 * (malformed or huge bodies, missing tokens, unusual methods).
 *
 * @example
 * ```ts
 * const request: RawRequest = { method: 'POST', path: 'Patient', body: '{"resourceType":', contentType: 'application/fhir+json' };
 * ```
 */
export interface RawRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, or an absolute URL on the server's origin. */
  readonly path: string;
  readonly body?: string | Uint8Array<ArrayBuffer>;
  /** Default `application/fhir+json` when there is a body. */
  readonly contentType?: string;
  /** Default `application/fhir+json`. */
  readonly accept?: string;
  /** Send the auth provider's `Authorization` header. Default true. */
  readonly authenticate?: boolean;
}

/**
 * The reply to a {@link RawRequest}, whatever its status.
 *
 * @example
 * ```ts
 * const reply = await client.raw({ method: 'GET', path: 'Patient/x', authenticate: false });
 * reply.status; // 401
 * ```
 */
export interface RawResponse extends ResponseInfo {
  /** Parsed JSON, the text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  readonly notJson: boolean;
}

/** FHIR `id`: 1 to 64 letters, digits, `-` and `.`. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const OPERATION_NAME = /^\$?[A-Za-z][A-Za-z0-9\-_.]*$/;
const ETAG_VERSION = /^(?:W\/)?"([^"]*)"$/;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 1000;

const RESPONSE_INFO = new WeakMap<object, ResponseInfo>();

/**
 * The {@link ResponseInfo} of a resource or Bundle returned by a {@link FhirClient} read, vread,
 * search, history, transaction, batch or operation: status, ETag, Last-Modified and headers.
 * `undefined` for any other value.
 *
 * @example
 * ```ts
 * const patient = await client.read('Patient', id);
 * await client.update(patient, { ifMatch: getResponseInfo(patient)?.etag });
 * ```
 */
export function getResponseInfo(value: object): ResponseInfo | undefined {
  return RESPONSE_INFO.get(value);
}

function checkPositive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError('config', `${name} must be a positive number`);
  }
  return value;
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !FHIR_ID.test(id)) {
    throw new ConfigError(
      'invalid-argument',
      `${what} must be a FHIR id: 1 to 64 letters, digits, "-" or "."`,
    );
  }
  return id;
}

function checkType(type: unknown): ResourceType {
  if (!isResourceType(type)) {
    throw new ConfigError('invalid-argument', 'not a FHIR R4 resource type');
  }
  return type;
}

function toEtag(ifMatch: string): string {
  if (ETAG_VERSION.test(ifMatch)) return ifMatch;
  if (!FHIR_ID.test(ifMatch)) {
    throw new ConfigError(
      'invalid-argument',
      'ifMatch must be an ETag (W/"3") or a version id (3)',
    );
  }
  return `W/"${ifMatch}"`;
}

/**
 * A typed FHIR R4 client for a region's shared care record, built on fhir-kit-client. Every call
 * carries `X-Request-ID` (reused on retries), optional `X-Correlation-ID`, the purpose of use and
 * the auth provider's token; attempts time out; 429 and 503 (and, for idempotent requests,
 * network failures) are retried with backoff honouring `Retry-After`; every failure is a typed
 * {@link LhcrClientError}; and hooks see every exchange with secrets redacted.
 *
 * Works in Node 20+ and modern browsers.
 *
 * @example
 * ```ts
 * const client = new FhirClient({ baseUrl: 'https://region.example.org/fhir', auth: bearerToken(token) });
 * const patients = await client.findPatientsByNhsNumber('943 476 5919');
 * for await (const observation of client.searchResources('Observation', { subject: 'Patient/example' })) {
 *   console.log(observation.code.text);
 * }
 * ```
 */
export class FhirClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #maxPages: number;
  readonly #bulk: BulkExportContext;

  /**
   * @throws {ConfigError} when an option is unusable.
   * @example
   * ```ts
   * const client = new FhirClient({ baseUrl: 'https://region.example.org/fhir', timeoutMs: 10_000 });
   * ```
   */
  constructor(options: FhirClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new ConfigError('config', 'baseUrl must be an absolute URL');
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new ConfigError('config', 'baseUrl must be an http or https URL');
    }
    if (base.search !== '' || base.hash !== '' || base.username !== '' || base.password !== '') {
      throw new ConfigError('config', 'baseUrl must not have a query, fragment or credentials');
    }
    this.baseUrl = base.href.replace(/\/+$/, '');
    const headers = options.headers ?? {};
    try {
      new Headers(headers);
    } catch (thrown) {
      throw new ConfigError('config', 'headers must be valid HTTP header names and values', {
        cause: thrown,
      });
    }
    if (
      typeof options.correlationId === 'string' &&
      !/^[\x21-\x7e]{1,200}$/.test(options.correlationId)
    ) {
      throw new ConfigError('config', 'correlationId must be 1 to 200 visible ASCII characters');
    }
    const timeoutMs = checkPositive(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS);
    const maxResponseBytes = checkPositive(
      options.maxResponseBytes,
      'maxResponseBytes',
      DEFAULT_MAX_RESPONSE_BYTES,
    );
    this.#maxPages = checkPositive(options.maxPages, 'maxPages', DEFAULT_MAX_PAGES);
    this.#transport = new Transport({
      auth: options.auth,
      purposeOfUse:
        options.purposeOfUse === undefined ? undefined : resolvePurposeOfUse(options.purposeOfUse),
      correlationId: options.correlationId,
      headers,
      timeoutMs,
      retry: resolveRetryOptions(options.retry),
      hooks: options.hooks,
      maxResponseBytes,
      random: options.random ?? Math.random,
    });
    this.#bulk = { transport: this.#transport, maxResponseBytes, timeoutMs };
  }

  /**
   * Reads the server's CapabilityStatement (`GET [base]/metadata`).
   *
   * @example
   * ```ts
   * const capabilities = await client.capabilities();
   * capabilities.fhirVersion; // '4.0.1'
   * ```
   */
  async capabilities(options: RequestOptions = {}): Promise<CapabilityStatement> {
    const result = await this.#fhir('GET', 'metadata', options, true, undefined, (kit, call) =>
      kit.capabilityStatement(call),
    );
    return this.#expect(result, 'CapabilityStatement');
  }

  /**
   * Reads a resource (`GET [base]/[type]/[id]`).
   *
   * @throws {FhirServerError} 404 when unknown, 410 when deleted.
   * @throws {FhirResponseError} when the reply is not a resource of that type.
   * @example
   * ```ts
   * const patient = await client.read('Patient', 'example'); // typed as Patient
   * ```
   */
  async read<T extends ResourceType>(
    type: T,
    id: string,
    options: RequestOptions = {},
  ): Promise<ResourceTypeMap[T]> {
    checkType(type);
    checkId(id, 'id');
    const result = await this.#fhir('GET', `${type}/${id}`, options, true, undefined, (kit, call) =>
      kit.read({ resourceType: type, id, options: call }),
    );
    return this.#expect(result, type);
  }

  /**
   * Reads one version of a resource (`GET [base]/[type]/[id]/_history/[vid]`).
   *
   * @example
   * ```ts
   * const first = await client.vread('Patient', 'example', '1');
   * ```
   */
  async vread<T extends ResourceType>(
    type: T,
    id: string,
    versionId: string,
    options: RequestOptions = {},
  ): Promise<ResourceTypeMap[T]> {
    checkType(type);
    checkId(id, 'id');
    checkId(versionId, 'versionId');
    const result = await this.#fhir(
      'GET',
      `${type}/${id}/_history/${versionId}`,
      options,
      true,
      undefined,
      (kit, call) => kit.vread({ resourceType: type, id, version: versionId, options: call }),
    );
    return this.#expect(result, type);
  }

  /**
   * Creates a resource (`POST [base]/[type]`); with `ifNoneExist`, a conditional create that
   * creates nothing when the criteria match one resource (200) and fails with 412 when they match
   * several.
   *
   * @see https://hl7.org/fhir/R4/http.html#ccreate
   * @example
   * ```ts
   * const { resource, created } = await client.create(patient, {
   *   ifNoneExist: { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` },
   * });
   * ```
   */
  async create<T extends AnyResource>(
    resource: T,
    options: CreateOptions = {},
  ): Promise<WriteResult<T>> {
    const type = checkType(resource.resourceType);
    const { prefer, ifNoneExist, ...call } = options;
    const headers: Record<string, string> = { ...call.headers };
    if (prefer !== undefined) headers.prefer = prefer;
    if (ifNoneExist !== undefined) {
      const query = toQueryString(toSearchRecord(ifNoneExist));
      if (query === '') throw new ConfigError('invalid-argument', 'ifNoneExist has no parameters');
      headers['if-none-exist'] = query;
    }
    const result = await this.#fhir(
      'POST',
      type,
      { ...call, headers },
      ifNoneExist !== undefined,
      resource,
      (kit, fhirKitCall) =>
        kit.create({ resourceType: type, body: asFhirKitResource(resource), options: fhirKitCall }),
    );
    return this.#writeResult(result, resource.resourceType);
  }

  /**
   * Updates a resource (`PUT [base]/[type]/[id]`; the resource must have an `id`). With
   * `ifMatch`, the server applies it only if the resource is still at that version (412
   * otherwise).
   *
   * @see https://hl7.org/fhir/R4/http.html#concurrency
   * @throws {FhirServerError} 412 when `ifMatch` no longer matches.
   * @example
   * ```ts
   * const patient = await client.read('Patient', 'example');
   * await client.update({ ...patient, active: false }, { ifMatch: patient.meta?.versionId });
   * ```
   */
  async update<T extends AnyResource>(
    resource: T,
    options: UpdateOptions = {},
  ): Promise<WriteResult<T>> {
    const type = checkType(resource.resourceType);
    const id = checkId(resource.id, 'the resource id');
    const { prefer, ifMatch, ...call } = options;
    const headers: Record<string, string> = { ...call.headers };
    if (prefer !== undefined) headers.prefer = prefer;
    if (ifMatch !== undefined) headers['if-match'] = toEtag(ifMatch);
    const result = await this.#fhir(
      'PUT',
      `${type}/${id}`,
      { ...call, headers },
      true,
      resource,
      (kit, fhirKitCall) =>
        kit.update({
          resourceType: type,
          id,
          body: asFhirKitResource(resource),
          options: fhirKitCall,
        }),
    );
    return this.#writeResult(result, resource.resourceType);
  }

  /**
   * Deletes a resource (`DELETE [base]/[type]/[id]`).
   *
   * @example
   * ```ts
   * await client.delete('Observation', 'obs-1');
   * ```
   */
  async delete(
    type: ResourceType,
    id: string,
    options: RequestOptions = {},
  ): Promise<DeleteResult> {
    checkType(type);
    checkId(id, 'id');
    const result = await this.#fhir(
      'DELETE',
      `${type}/${id}`,
      options,
      true,
      undefined,
      (kit, call) => kit.delete({ resourceType: type, id, options: call }),
    );
    this.#requireJson(result);
    return {
      ...this.#info(result),
      outcome: isOperationOutcome(result.body) ? result.body : undefined,
    };
  }

  /**
   * Searches one resource type (`GET [base]/[type]?…`, or POST `[type]/_search` with `usePost`)
   * and returns the first page. Use {@link searchPages} or {@link searchResources} to follow the
   * `next` links.
   *
   * @see https://hl7.org/fhir/R4/search.html
   * @example
   * ```ts
   * const bundle = await client.search('Observation', { patient: 'example', _count: 50 });
   * ```
   */
  async search(
    type: ResourceType,
    params: SearchParams = {},
    options: SearchOptions = {},
  ): Promise<Bundle> {
    checkType(type);
    const { usePost = false, ...call } = options;
    const record = toSearchRecord(params);
    const query = toQueryString(record);
    const path = usePost ? `${type}/_search` : query === '' ? type : `${type}?${query}`;
    const result = await this.#fhir(
      usePost ? 'POST' : 'GET',
      path,
      call,
      true,
      usePost ? query : undefined,
      (kit, fhirKitCall) =>
        kit.search({
          resourceType: type,
          searchParams: record,
          options: usePost ? { ...fhirKitCall, postSearch: true } : fhirKitCall,
        }),
    );
    return this.#expect(result, 'Bundle');
  }

  /**
   * Every page of a search, first to last, following `next` links (see {@link pages}).
   *
   * @example
   * ```ts
   * for await (const page of client.searchPages('Patient', { family: 'Smith' })) console.log(page.entry?.length);
   * ```
   */
  async *searchPages(
    type: ResourceType,
    params: SearchParams = {},
    options: SearchOptions & PageOptions = {},
  ): AsyncGenerator<Bundle, void, undefined> {
    const { maxPages, usePost, ...call } = options;
    const first = await this.search(
      type,
      params,
      usePost === undefined ? call : { ...call, usePost },
    );
    yield* this.pages(first, maxPages === undefined ? call : { ...call, maxPages });
  }

  /**
   * Every matching resource of a search across all pages, typed by `type`. Entries of other
   * types (`_include`d resources, OperationOutcomes) are skipped; use {@link searchPages} to see
   * them.
   *
   * @example
   * ```ts
   * for await (const patient of client.searchResources('Patient', { 'address-postalcode': 'LS1 4HR' })) {
   *   console.log(patient.id);
   * }
   * ```
   */
  async *searchResources<T extends ResourceType>(
    type: T,
    params: SearchParams = {},
    options: SearchOptions & PageOptions = {},
  ): AsyncGenerator<ResourceTypeMap[T], void, undefined> {
    for await (const page of this.searchPages(type, params, options)) {
      for (const entry of page.entry ?? []) {
        const resource = entry.resource;
        if (
          resource !== undefined &&
          isOfType(resource, type) &&
          entry.search?.mode !== 'include'
        ) {
          yield resource;
        }
      }
    }
  }

  /**
   * Yields `first`, then each page its `next` links lead to, until there is none. Links are
   * followed only within the server's origin (a token is never sent elsewhere), a link seen
   * before ends with an error rather than a loop, and at most `maxPages` pages are fetched.
   *
   * @throws {FhirResponseError} for a `next` link outside the server or a loop.
   * @throws {LimitExceededError} past `maxPages`.
   * @example
   * ```ts
   * const first = await client.everything('example');
   * for await (const page of client.pages(first)) collect(page);
   * ```
   */
  async *pages(first: Bundle, options: PageOptions = {}): AsyncGenerator<Bundle, void, undefined> {
    const { maxPages = this.#maxPages, ...call } = options;
    const origin = new URL(this.baseUrl).origin;
    const seen = new Set<string>();
    let page = first;
    let count = 1;
    yield page;
    for (;;) {
      const next = nextLink(page);
      if (next === undefined) return;
      let nextUrl: URL;
      try {
        nextUrl = new URL(next, `${this.baseUrl}/`);
      } catch {
        throw new FhirResponseError('a Bundle next link is not a valid URL');
      }
      if (nextUrl.origin !== origin) {
        throw new FhirResponseError(
          `a Bundle next link points outside the server (${redactUrl(nextUrl.href)}); expected a URL under ${this.baseUrl}`,
        );
      }
      if (seen.has(nextUrl.href)) {
        throw new FhirResponseError(
          `a Bundle next link repeats an earlier page (${redactUrl(nextUrl.href)}); stopping rather than looping`,
        );
      }
      if (count >= maxPages) {
        throw new LimitExceededError(
          `the search has more than ${String(maxPages)} pages; raise maxPages to follow more`,
          maxPages,
        );
      }
      seen.add(nextUrl.href);
      const url = nextUrl.href;
      const result = await this.#fhir('GET', url, call, true, undefined, (kit, fhirKitCall) =>
        kit.request(url, { options: fhirKitCall }),
      );
      page = this.#expect(result, 'Bundle');
      count += 1;
      yield page;
    }
  }

  /**
   * Reads history (`GET [base]/_history`, `[type]/_history` or `[type]/[id]/_history`) with
   * optional `_count`, `_since` and `_at`; returns the first page (follow with {@link pages}).
   *
   * @example
   * ```ts
   * const versions = await client.history({ type: 'Patient', id: 'example' });
   * ```
   */
  async history(
    target: HistoryTarget = {},
    params: SearchParams = {},
    options: RequestOptions = {},
  ): Promise<Bundle> {
    let path = '_history';
    if (target.type !== undefined) {
      checkType(target.type);
      path =
        target.id === undefined
          ? `${target.type}/_history`
          : `${target.type}/${checkId(target.id, 'id')}/_history`;
    }
    const query = toQueryString(toSearchRecord(params));
    const full = query === '' ? path : `${path}?${query}`;
    const result = await this.#fhir('GET', full, options, true, undefined, (kit, call) =>
      kit.request(full, { options: call }),
    );
    return this.#expect(result, 'Bundle');
  }

  /**
   * Sends a transaction Bundle (`POST [base]`): all entries succeed or none do.
   *
   * @see https://hl7.org/fhir/R4/http.html#transaction
   * @throws {ConfigError} when the Bundle's type is not `transaction`.
   * @example
   * ```ts
   * const response = await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry });
   * ```
   */
  async transaction(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    return this.#bundle(bundle, 'transaction', options);
  }

  /**
   * Sends a batch Bundle (`POST [base]`): each entry succeeds or fails on its own.
   *
   * @throws {ConfigError} when the Bundle's type is not `batch`.
   * @example
   * ```ts
   * const response = await client.batch({ resourceType: 'Bundle', type: 'batch', entry });
   * ```
   */
  async batch(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    return this.#bundle(bundle, 'batch', options);
  }

  /**
   * Invokes a FHIR operation at system, type or instance level. Resolves with the returned
   * resource, or `undefined` when the reply had no body.
   *
   * @see https://hl7.org/fhir/R4/operations.html
   * @example
   * ```ts
   * const outcome = await client.operation({ name: '$validate', type: 'Patient', input: parameters });
   * ```
   */
  async operation(
    call: OperationCall,
    options: RequestOptions = {},
  ): Promise<AnyResource | undefined> {
    if (!OPERATION_NAME.test(call.name)) {
      throw new ConfigError(
        'invalid-argument',
        'the operation name must be a FHIR operation code such as $everything',
      );
    }
    const name = call.name.startsWith('$') ? call.name : `$${call.name}`;
    const method = call.method ?? 'POST';
    let path = name;
    if (call.type !== undefined) {
      checkType(call.type);
      path =
        call.id === undefined
          ? `${call.type}/${name}`
          : `${call.type}/${checkId(call.id, 'id')}/${name}`;
    } else if (call.id !== undefined) {
      throw new ConfigError(
        'invalid-argument',
        'an instance operation needs a type as well as an id',
      );
    }
    const input = call.input;
    const parameters = input !== undefined && isResource(input) ? input : undefined;
    if (method === 'GET' && parameters !== undefined) {
      throw new ConfigError(
        'invalid-argument',
        'a GET operation takes search-style parameters, not a Parameters resource',
      );
    }
    if (method === 'POST' && input !== undefined && parameters === undefined) {
      throw new ConfigError('invalid-argument', 'a POST operation takes a Parameters resource');
    }
    const record = method === 'GET' ? toSearchRecord(input as SearchParams | undefined) : {};
    const query = toQueryString(record);
    const url = query === '' ? path : `${path}?${query}`;
    const result = await this.#fhir(
      method,
      url,
      options,
      call.idempotent ?? method === 'GET',
      parameters,
      (kit, fhirKitCall) =>
        kit.operation({
          name,
          method,
          options: fhirKitCall,
          ...(call.type === undefined ? {} : { resourceType: call.type }),
          ...(call.id === undefined ? {} : { id: call.id }),
          ...(parameters !== undefined
            ? { input: asFhirKitResource(parameters) }
            : query === ''
              ? {}
              : { input: record }),
        }),
    );
    this.#requireJson(result);
    if (result.body === undefined) return undefined;
    if (!isResource(result.body)) {
      throw new FhirResponseError(
        `${result.request.method} ${result.request.url} returned a body that is not a FHIR resource`,
        { status: result.status },
        { request: result.request },
      );
    }
    RESPONSE_INFO.set(result.body, this.#info(result));
    return result.body;
  }

  /**
   * Patient `$everything` (`GET [base]/Patient/[id]/$everything`): the first page of the
   * patient's record; follow with {@link pages}.
   *
   * @see https://hl7.org/fhir/R4/patient-operation-everything.html
   * @example
   * ```ts
   * const first = await client.everything('example', { _type: 'Observation,Condition' });
   * for await (const page of client.pages(first)) collect(page);
   * ```
   */
  async everything(
    patientId: string,
    params: SearchParams = {},
    options: RequestOptions = {},
  ): Promise<Bundle> {
    checkId(patientId, 'patientId');
    const resource = await this.operation(
      { name: '$everything', type: 'Patient', id: patientId, method: 'GET', input: params },
      options,
    );
    if (resource === undefined || resource.resourceType !== 'Bundle') {
      throw new FhirResponseError(
        `GET ${redactUrl(`${this.baseUrl}/Patient/${patientId}/$everything`)} did not return a Bundle`,
      );
    }
    return resource;
  }

  /**
   * Finds patients by NHS number: validates it with `@lhcr/models` first (nothing is sent for an
   * invalid number), then searches `identifier=https://fhir.nhs.uk/Id/nhs-number|<n>` across all
   * pages. With `usePost`, POST `_search` keeps the number out of URLs and access logs.
   *
   * @see NHS-STANDARDS.md §2.1
   * @throws {ConfigError} with code `invalid-argument` when the NHS number is not valid.
   * @example
   * ```ts
   * const [patient] = await client.findPatientsByNhsNumber('943 476 5919', { usePost: true });
   * ```
   */
  async findPatientsByNhsNumber(
    nhsNumber: string,
    options: SearchOptions & PageOptions = {},
  ): Promise<Patient[]> {
    const parsed = parseNhsNumber(nhsNumber);
    if (!parsed.ok) throw new ConfigError('invalid-argument', parsed.message);
    const patients: Patient[] = [];
    for await (const patient of this.searchResources(
      'Patient',
      { identifier: `${NHS_NUMBER_SYSTEM}|${parsed.value}` },
      options,
    )) {
      patients.push(patient);
    }
    return patients;
  }

  /**
   * Starts a Bulk Data export (kick-off with `Prefer: respond-async`) and returns the job from
   * the `Content-Location` of the 202 reply.
   *
   * @see https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request
   * @throws {FhirServerError} when the server refuses the kick-off.
   * @throws {FhirResponseError} when the reply is not 202 with a `Content-Location`.
   * @example
   * ```ts
   * const job = await client.startBulkExport({ level: 'system', types: ['Patient'] });
   * ```
   */
  async startBulkExport(options: BulkExportOptions = {}): Promise<BulkExportJob> {
    const {
      level = 'patient',
      types,
      since,
      typeFilters,
      outputFormat,
      parameters,
      ...call
    } = options;
    const record = toSearchRecord(parameters);
    if (types !== undefined && types.length > 0) {
      types.forEach((type) => checkType(type));
      record._type = types.join(',');
    }
    if (since !== undefined) record._since = since;
    if (typeFilters !== undefined && typeFilters.length > 0) record._typeFilter = [...typeFilters];
    if (outputFormat !== undefined) record._outputFormat = outputFormat;
    const operation: OperationCall =
      level === 'system'
        ? { name: '$export', method: 'GET', input: record, idempotent: false }
        : level === 'patient'
          ? { name: '$export', type: 'Patient', method: 'GET', input: record, idempotent: false }
          : {
              name: '$export',
              type: 'Group',
              id: checkId(level.group, 'group id'),
              method: 'GET',
              input: record,
              idempotent: false,
            };
    const kickOff = await this.#kickOff(operation, call);
    return new BulkExportJob(kickOff, this.#bulk);
  }

  /**
   * A handle on an export already started, from its status URL (to resume polling or cancel).
   *
   * @throws {ConfigError} when the URL is not absolute http(s).
   * @example
   * ```ts
   * const job = client.bulkExportJob(savedStatusUrl);
   * await job.cancel();
   * ```
   */
  bulkExportJob(statusUrl: string): BulkExportJob {
    let url: URL;
    try {
      url = new URL(statusUrl);
    } catch {
      throw new ConfigError('invalid-argument', 'the status URL must be absolute');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError('invalid-argument', 'the status URL must be http(s)');
    }
    return new BulkExportJob(url.href, this.#bulk);
  }

  /**
   * Streams one NDJSON file of an export manifest as parsed resources (see
   * {@link BulkExportJob.download}).
   *
   * @example
   * ```ts
   * for await (const resource of client.downloadExportFile(manifest, manifest.output[0]!)) store(resource);
   * ```
   */
  downloadExportFile(
    manifest: BulkExportManifest,
    file: BulkExportFile,
    options: BulkExportDownloadOptions = {},
  ): AsyncGenerator<AnyResource, void, undefined> {
    return downloadNdjson(this.#bulk, file, manifest.requiresAccessToken, options);
  }

  /**
   * Sends a request exactly as given and resolves with the reply whatever its status (no
   * `FhirServerError` for 4xx/5xx), still with the client's headers, timeouts, retries (on
   * 429/503; network failures only for GET, HEAD, PUT and DELETE) and hooks. For conformance tests
   * of a server's handling of malformed, huge or unauthenticated requests. Uses `fetch` directly.
   *
   * @throws {ConfigError} for a path outside the server's origin.
   * @example
   * ```ts
   * const reply = await client.raw({ method: 'POST', path: 'Patient', body: '{"resourceType": "Pat' });
   * expect(reply.status).toBe(400);
   * ```
   */
  async raw(request: RawRequest, options: RequestOptions = {}): Promise<RawResponse> {
    let url: URL;
    try {
      url = new URL(request.path, `${this.baseUrl}/`);
    } catch {
      throw new ConfigError('invalid-argument', 'the raw request path is not a valid URL');
    }
    if (url.origin !== new URL(this.baseUrl).origin) {
      throw new ConfigError('invalid-argument', 'a raw request must stay on the server origin');
    }
    const body = request.body;
    const spec: SendSpec = {
      kind: 'fhir',
      method: request.method,
      url: url.href,
      idempotent: ['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method),
      authenticate: request.authenticate ?? true,
      clientHeaders: true,
      body: body instanceof Uint8Array ? `(${String(body.byteLength)} bytes)` : body,
    };
    const result = await this.#transport.send(spec, options, (input) =>
      fetchAttempt(
        spec,
        { ...input, body },
        {
          accept: request.accept ?? 'application/fhir+json',
          contentType: request.contentType ?? 'application/fhir+json',
          stream: false,
          maxBytes: this.#bulk.maxResponseBytes,
        },
      ),
    );
    return { ...this.#info(result), body: result.body, notJson: result.notJson };
  }

  async #kickOff(operation: OperationCall, options: RequestOptions): Promise<string> {
    const headers = { ...options.headers, prefer: 'respond-async' };
    const record =
      operation.input === undefined || isResource(operation.input)
        ? {}
        : toSearchRecord(operation.input);
    const query = toQueryString(record);
    const path =
      operation.type === undefined
        ? '$export'
        : operation.id === undefined
          ? `${operation.type}/$export`
          : `${operation.type}/${operation.id}/$export`;
    const url = query === '' ? path : `${path}?${query}`;
    const result = await this.#fhir(
      'GET',
      url,
      { ...options, headers },
      false,
      undefined,
      (kit, call) =>
        kit.operation({
          name: '$export',
          method: 'GET',
          options: call,
          ...(operation.type === undefined ? {} : { resourceType: operation.type }),
          ...(operation.id === undefined ? {} : { id: operation.id }),
          ...(query === '' ? {} : { input: record }),
        }),
    );
    const where = `${result.request.method} ${result.request.url}`;
    if (result.status !== 202) {
      throw new FhirResponseError(
        `${where} replied ${String(result.status)}; a Bulk Data kick-off replies 202 Accepted`,
        { status: result.status },
        {
          request: result.request,
          specUrl: 'https://hl7.org/fhir/uv/bulkdata/export.html#response---success',
        },
      );
    }
    const location = result.headers.get('content-location');
    if (location === null) {
      throw new FhirResponseError(
        `${where}: the 202 reply has no Content-Location (the status URL)`,
        {
          status: 202,
        },
        { request: result.request },
      );
    }
    try {
      return new URL(location, `${this.baseUrl}/`).href;
    } catch {
      throw new FhirResponseError(
        `${where}: the Content-Location is not a URL`,
        { status: 202 },
        {
          request: result.request,
        },
      );
    }
  }

  async #bundle(
    bundle: Bundle,
    type: 'transaction' | 'batch',
    options: RequestOptions,
  ): Promise<Bundle> {
    if (!isBundle(bundle) || bundle.type !== type) {
      throw new ConfigError('invalid-argument', `expected a Bundle of type "${type}"`);
    }
    const result = await this.#fhir('POST', '', options, false, bundle, (kit, call) =>
      type === 'transaction'
        ? kit.transaction({ body: asFhirKitResource(bundle), options: call })
        : kit.batch({ body: asFhirKitResource(bundle), options: call }),
    );
    return this.#expect(result, 'Bundle');
  }

  /** One FHIR REST interaction through fhir-kit-client, with the transport around it. */
  #fhir(
    method: string,
    path: string,
    options: RequestOptions,
    idempotent: boolean,
    body: unknown,
    call: FhirKitCall,
  ): Promise<SendResult> {
    const url = /^https?:\/\//i.test(path) ? path : `${this.baseUrl}/${path}`;
    const spec: SendSpec = {
      kind: 'fhir',
      method,
      url,
      idempotent,
      authenticate: true,
      clientHeaders: true,
      body,
    };
    return this.#transport.sendOk(spec, options, (input) =>
      fhirKitAttempt(this.baseUrl, spec, input, call),
    );
  }

  #requireJson(result: SendResult): void {
    if (result.notJson) {
      const contentType = result.headers.get('content-type') ?? 'none';
      throw new FhirResponseError(
        `${result.request.method} ${result.request.url} returned ${String(result.status)} with a body that is not valid JSON` +
          ` (content-type: ${contentType}); expected FHIR JSON`,
        { status: result.status },
        { request: result.request },
      );
    }
  }

  #expect<T extends ResourceType>(result: SendResult, type: T): ResourceTypeMap[T] {
    this.#requireJson(result);
    const body = result.body;
    if (!isResource(body) || !isOfType(body, type)) {
      throw new FhirResponseError(
        `${result.request.method} ${result.request.url} returned ${describeBody(body)}; expected a ${type}`,
        { status: result.status },
        { request: result.request },
      );
    }
    RESPONSE_INFO.set(body, this.#info(result));
    return body;
  }

  #writeResult<T extends AnyResource>(result: SendResult, type: T['resourceType']): WriteResult<T> {
    this.#requireJson(result);
    const body = result.body;
    let resource: T | undefined;
    let outcome: OperationOutcome | undefined;
    if (isOperationOutcome(body) && type !== 'OperationOutcome') {
      outcome = body;
    } else if (body !== undefined) {
      if (!isResource(body) || body.resourceType !== type) {
        throw new FhirResponseError(
          `${result.request.method} ${result.request.url} returned ${describeBody(body)}; expected a ${type} or an OperationOutcome`,
          { status: result.status },
          { request: result.request },
        );
      }
      // The body is a resource of the same resourceType as the one sent, so it has T's shape.
      resource = body as T;
    }
    return { ...this.#info(result), resource, outcome, created: result.status === 201 };
  }

  #info(result: SendResult): ResponseInfo {
    const etag = result.headers.get('etag') ?? undefined;
    return {
      status: result.status,
      headers: redactHeaders(result.headers),
      etag,
      versionId: etag === undefined ? undefined : ETAG_VERSION.exec(etag)?.[1],
      lastModified: result.headers.get('last-modified') ?? undefined,
      location:
        result.headers.get('location') ?? result.headers.get('content-location') ?? undefined,
      requestId: result.requestId,
      attempts: result.attempts,
    };
  }
}

function isOfType<T extends ResourceType>(
  resource: AnyResource,
  type: T,
): resource is ResourceTypeMap[T] {
  return resource.resourceType === type;
}

function describeBody(body: unknown): string {
  if (body === undefined) return 'no body';
  if (isResource(body)) return `a ${body.resourceType}`;
  return 'a body that is not a FHIR resource';
}

/**
 * The `next` link of a search Bundle. The Bundle came from a server: `link` may not be the
 * array FHIR says it is, which is a response error, not a crash.
 */
function nextLink(page: Bundle): string | undefined {
  const links: unknown = page.link;
  if (links === undefined) return undefined;
  if (!Array.isArray(links))
    throw new FhirResponseError('a search Bundle has a link that is not an array');
  for (const link of links as unknown[]) {
    if (typeof link !== 'object' || link === null) continue;
    const { relation, url } = link as { relation?: unknown; url?: unknown };
    if (relation !== 'next') continue;
    if (typeof url !== 'string')
      throw new FhirResponseError('a search Bundle next link has no url');
    return url;
  }
  return undefined;
}
