import type { OperationOutcome } from '@lhcr/models';
import { requestJson } from './internal/http';
import type { InParameter } from './internal/parameters';
import {
  isQueryable,
  readParameters,
  stringValue,
  toParameters,
  toQuery,
} from './internal/parameters';
import { TtlCache } from './internal/ttl-cache';
import { TerminologyError } from './terminology-error';
import type {
  CodeSystemValidateCodeInput,
  ExpandedConcept,
  TerminologyExpansionResult,
  TerminologyServerInfo,
  TerminologyValidateCodeResult,
  ValueSetExpandInput,
  ValueSetValidateCodeInput,
} from './terminology-results';

/**
 * Options for {@link createTerminologyClient}.
 *
 * @example
 * ```ts
 * const options: TerminologyClientOptions = {
 *   baseUrl: 'https://ontology.nhs.uk/production1/fhir',
 *   token: () => getAccessToken(),
 *   timeoutMs: 5000,
 *   cache: { maxEntries: 5000, ttlMs: 30 * 60_000 },
 * };
 * ```
 */
export interface TerminologyClientOptions {
  /** The server's FHIR base URL (http or https), such as the NHS England terminology server's. */
  readonly baseUrl: string;
  /**
   * A bearer token, or a function giving one per request (for tokens that expire). Never
   * appears in errors.
   */
  readonly token?: string | (() => string | Promise<string>);
  /** Per-request timeout in milliseconds, covering headers and body. Default 10 000. */
  readonly timeoutMs?: number;
  /**
   * The answer cache: at most `maxEntries` answers (default 1 000), each kept `ttlMs`
   * (default 10 minutes); `false` for none. Errors are never cached.
   */
  readonly cache?: { readonly maxEntries?: number; readonly ttlMs?: number } | false;
  /**
   * `GET` with query parameters (default) or `POST` with a `Parameters` body. Calls with a
   * Coding or CodeableConcept always POST.
   */
  readonly method?: 'GET' | 'POST';
  /** Largest response body read, in bytes. Default 32 MiB. */
  readonly maxResponseBytes?: number;
  /** Read the server's CapabilityStatement once for its software version. Default true. */
  readonly fetchServerInfo?: boolean;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Options for one call.
 *
 * @example
 * ```ts
 * const options: TerminologyCallOptions = { signal: AbortSignal.timeout(2000) };
 * ```
 */
export interface TerminologyCallOptions {
  /** Cancels the call (code `aborted`). */
  readonly signal?: AbortSignal;
}

/**
 * A client for a FHIR terminology server's `$validate-code` and `$expand` operations. See
 * {@link createTerminologyClient}.
 *
 * @example
 * ```ts
 * const result = await client.validateCodeInCodeSystem({ system: 'http://snomed.info/sct', code: '22298006' });
 * console.log(result.valid, result.codeSystemVersion, result.server.softwareVersion);
 * ```
 */
export interface TerminologyClient {
  /** The server's FHIR base URL, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * `CodeSystem/$validate-code`: is the code in the code system?
   *
   * @see https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
   */
  validateCodeInCodeSystem(
    input: CodeSystemValidateCodeInput,
    options?: TerminologyCallOptions,
  ): Promise<TerminologyValidateCodeResult>;
  /**
   * `ValueSet/$validate-code`: is the code in the value set?
   *
   * @see https://hl7.org/fhir/R4/valueset-operation-validate-code.html
   */
  validateCodeInValueSet(
    input: ValueSetValidateCodeInput,
    options?: TerminologyCallOptions,
  ): Promise<TerminologyValidateCodeResult>;
  /**
   * `ValueSet/$expand`: the codes in the value set.
   *
   * @see https://hl7.org/fhir/R4/valueset-operation-expand.html
   */
  expandValueSet(
    input: ValueSetExpandInput,
    options?: TerminologyCallOptions,
  ): Promise<TerminologyExpansionResult>;
  /**
   * The server's software and FHIR version, read once per client from its CapabilityStatement
   * (`GET [base]/metadata`); only the URL when that cannot be read.
   */
  serverInfo(): Promise<TerminologyServerInfo>;
  /** Forgets every cached answer. */
  clearCache(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CACHE_ENTRIES = 1_000;
const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Nested `contains` deeper than this are not followed (a hostile answer cannot recurse forever). */
const MAX_CONTAINS_DEPTH = 64;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TerminologyError(
      'bad-option',
      `options.${name} must be a positive number; found ${String(value)}`,
    );
  }
  return value;
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new TerminologyError(
      'bad-option',
      'options.baseUrl is not a URL; expected the FHIR base URL of a terminology server, such as https://tx.example.org/fhir',
      { cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TerminologyError(
      'bad-option',
      `options.baseUrl uses ${url.protocol}; expected http: or https:`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new TerminologyError(
      'bad-option',
      'options.baseUrl carries credentials; expected them in options.token instead',
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A stable cache key: the operation and its parameters with object keys sorted. */
function keyOf(operation: string, parameters: readonly InParameter[]): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  };
  return `${operation} ${JSON.stringify(parameters.map((p) => [p.name, sortKeys(p.value)]))}`;
}

function flatten(contains: unknown, into: ExpandedConcept[], depth: number): void {
  if (!Array.isArray(contains) || depth > MAX_CONTAINS_DEPTH) return;
  for (const item of contains) {
    if (!isRecord(item)) continue;
    const { system, version, code, display, inactive, abstract } = item;
    into.push({
      ...(typeof system === 'string' ? { system } : {}),
      ...(typeof version === 'string' ? { version } : {}),
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof display === 'string' ? { display } : {}),
      ...(typeof inactive === 'boolean' ? { inactive } : {}),
      ...(typeof abstract === 'boolean' ? { abstract } : {}),
    });
    flatten(item.contains, into, depth + 1);
  }
}

type Result = TerminologyValidateCodeResult | TerminologyExpansionResult;

/**
 * A client for a FHIR terminology server (such as the NHS England terminology server):
 * `CodeSystem/$validate-code`, `ValueSet/$validate-code` and `ValueSet/$expand` over `fetch`,
 * as GET with query parameters or POST with a `Parameters` body. Answers are cached (bounded,
 * with a time to live) and identical calls in flight share one request; every request has a
 * timeout; an optional bearer token is sent and never shown in errors. Each answer records the
 * server's software version (from its CapabilityStatement) and the code system version the
 * server used (from the `version` out-parameter or the expansion parameters), for the
 * validator's outcome. Works in any runtime with `fetch` (Node 20+, browsers).
 *
 * @throws {TerminologyError} code `bad-option` for a bad base URL or option.
 * @see https://hl7.org/fhir/R4/terminology-service.html
 * @example
 * ```ts
 * const client = createTerminologyClient({ baseUrl: 'https://ontology.nhs.uk/production1/fhir', token });
 * const answer = await client.validateCodeInValueSet({
 *   url: 'https://fhir.hl7.org.uk/ValueSet/UKCore-ConditionCode',
 *   system: 'http://snomed.info/sct',
 *   code: '22298006',
 * });
 * console.log(answer.valid, answer.codeSystemVersion, answer.server.software, answer.server.softwareVersion);
 * ```
 */
export function createTerminologyClient(options: TerminologyClientOptions): TerminologyClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxResponseBytes = positive(
    'maxResponseBytes',
    options.maxResponseBytes,
    DEFAULT_MAX_RESPONSE_BYTES,
  );
  const cacheOptions = options.cache === false ? undefined : (options.cache ?? {});
  const cache =
    cacheOptions === undefined
      ? undefined
      : new TtlCache<Result>(
          positive('cache.maxEntries', cacheOptions.maxEntries, DEFAULT_CACHE_ENTRIES),
          positive('cache.ttlMs', cacheOptions.ttlMs, DEFAULT_TTL_MS),
        );
  const inFlight = new Map<string, Promise<Result>>();
  const method = options.method ?? 'GET';
  const secrets: string[] =
    typeof options.token === 'string' && options.token !== '' ? [options.token] : [];
  const redact = (text: string): string =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

  const headers = async (post: boolean): Promise<Record<string, string>> => {
    const out: Record<string, string> = { ...options.headers, accept: 'application/fhir+json' };
    if (post) out['content-type'] = 'application/fhir+json';
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token !== undefined && token !== '') {
      if (!secrets.includes(token)) secrets.push(token);
      out.authorization = `Bearer ${token}`;
    }
    return out;
  };

  const call = async (
    path: string,
    parameters: readonly InParameter[],
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const post = method === 'POST' || !isQueryable(parameters);
    return requestJson({
      method: post ? 'POST' : 'GET',
      url: `${baseUrl}/${path}${post ? '' : toQuery(parameters)}`,
      ...(post ? { body: JSON.stringify(toParameters(parameters)) } : {}),
      headers: await headers(post),
      timeoutMs,
      signal,
      maxResponseBytes,
      redact,
    });
  };

  let info: Promise<TerminologyServerInfo> | undefined;
  // Shared by every call, so not tied to one caller's signal; read once per client.
  const serverInfo = (): Promise<TerminologyServerInfo> => {
    if (options.fetchServerInfo === false) return Promise.resolve({ url: baseUrl });
    info ??= headers(false)
      .then((sent) =>
        requestJson({
          method: 'GET',
          url: `${baseUrl}/metadata`,
          headers: sent,
          timeoutMs,
          maxResponseBytes,
          redact,
        }),
      )
      .then(
        (json): TerminologyServerInfo => {
          const software = isRecord(json) && isRecord(json.software) ? json.software : {};
          const fhirVersion =
            isRecord(json) && typeof json.fhirVersion === 'string' ? json.fhirVersion : undefined;
          return {
            url: baseUrl,
            ...(typeof software.name === 'string' ? { software: software.name } : {}),
            ...(typeof software.version === 'string' ? { softwareVersion: software.version } : {}),
            ...(fhirVersion === undefined ? {} : { fhirVersion }),
          };
        },
        // A server without a readable CapabilityStatement can still answer operations.
        (): TerminologyServerInfo => ({ url: baseUrl }),
      );
    return info;
  };

  /** Runs an operation through the cache and the in-flight table. */
  const cached = async <R extends Result>(key: string, run: () => Promise<R>): Promise<R> => {
    const hit = cache?.get(key);
    if (hit !== undefined) return { ...(hit as R), cached: true };
    const pending = inFlight.get(key);
    if (pending !== undefined) return (await pending) as R;
    const promise = run();
    inFlight.set(key, promise);
    try {
      const result = await promise;
      cache?.set(key, result);
      return result;
    } finally {
      inFlight.delete(key);
    }
  };

  const validate = async (
    path: string,
    parameters: InParameter[],
    callOptions: TerminologyCallOptions,
  ): Promise<TerminologyValidateCodeResult> =>
    cached(keyOf(path, parameters), async () => {
      const [json, server] = await Promise.all([
        call(path, parameters, callOptions.signal),
        serverInfo(),
      ]);
      const out = readParameters(json);
      const result = out?.get('result')?.valueBoolean;
      if (out === undefined || typeof result !== 'boolean') {
        throw new TerminologyError(
          'malformed-response',
          `${baseUrl}/${path} answered without a boolean "result"; expected a Parameters resource with result`,
          { url: `${baseUrl}/${path}` },
        );
      }
      const text = (name: string): Record<string, string> => {
        const value = stringValue(out.get(name));
        return value === undefined ? {} : { [name]: value };
      };
      const issues = out.get('issues')?.resource;
      const version = stringValue(out.get('version'));
      return {
        valid: result,
        ...text('message'),
        ...text('display'),
        ...text('system'),
        ...text('code'),
        ...(version === undefined ? {} : { codeSystemVersion: version }),
        ...(isRecord(issues) && issues.resourceType === 'OperationOutcome'
          ? { issues: JSON.parse(redact(JSON.stringify(issues))) as OperationOutcome }
          : {}),
        server,
        cached: false,
      };
    });

  const needCode = (
    input: { code?: string; coding?: unknown; codeableConcept?: unknown },
    what: string,
  ): void => {
    if (
      input.code === undefined &&
      input.coding === undefined &&
      input.codeableConcept === undefined
    ) {
      throw new TerminologyError(
        'bad-option',
        `${what} needs a code, a coding or a codeableConcept`,
      );
    }
  };

  return {
    baseUrl,

    async validateCodeInCodeSystem(input, callOptions = {}) {
      if (input.system === '')
        throw new TerminologyError('bad-option', 'CodeSystem/$validate-code needs a system');
      needCode(input, 'CodeSystem/$validate-code');
      const parameters: InParameter[] = [{ name: 'url', type: 'Uri', value: input.system }];
      if (input.code !== undefined)
        parameters.push({ name: 'code', type: 'Code', value: input.code });
      if (input.version !== undefined)
        parameters.push({ name: 'version', type: 'String', value: input.version });
      if (input.display !== undefined)
        parameters.push({ name: 'display', type: 'String', value: input.display });
      if (input.coding !== undefined)
        parameters.push({ name: 'coding', type: 'Coding', value: input.coding });
      if (input.codeableConcept !== undefined) {
        parameters.push({
          name: 'codeableConcept',
          type: 'CodeableConcept',
          value: input.codeableConcept,
        });
      }
      return validate('CodeSystem/$validate-code', parameters, callOptions);
    },

    async validateCodeInValueSet(input, callOptions = {}) {
      if (input.url === '')
        throw new TerminologyError('bad-option', 'ValueSet/$validate-code needs a value set url');
      needCode(input, 'ValueSet/$validate-code');
      if (input.code !== undefined && input.system === undefined) {
        throw new TerminologyError(
          'bad-option',
          'ValueSet/$validate-code with a code needs its system too',
        );
      }
      const parameters: InParameter[] = [{ name: 'url', type: 'Uri', value: input.url }];
      if (input.valueSetVersion !== undefined) {
        parameters.push({ name: 'valueSetVersion', type: 'String', value: input.valueSetVersion });
      }
      if (input.code !== undefined)
        parameters.push({ name: 'code', type: 'Code', value: input.code });
      if (input.system !== undefined)
        parameters.push({ name: 'system', type: 'Uri', value: input.system });
      if (input.systemVersion !== undefined) {
        parameters.push({ name: 'systemVersion', type: 'String', value: input.systemVersion });
      }
      if (input.display !== undefined)
        parameters.push({ name: 'display', type: 'String', value: input.display });
      if (input.coding !== undefined)
        parameters.push({ name: 'coding', type: 'Coding', value: input.coding });
      if (input.codeableConcept !== undefined) {
        parameters.push({
          name: 'codeableConcept',
          type: 'CodeableConcept',
          value: input.codeableConcept,
        });
      }
      return validate('ValueSet/$validate-code', parameters, callOptions);
    },

    async expandValueSet(input, callOptions = {}) {
      if (input.url === '')
        throw new TerminologyError('bad-option', 'ValueSet/$expand needs a value set url');
      const parameters: InParameter[] = [{ name: 'url', type: 'Uri', value: input.url }];
      if (input.valueSetVersion !== undefined) {
        parameters.push({ name: 'valueSetVersion', type: 'String', value: input.valueSetVersion });
      }
      if (input.filter !== undefined)
        parameters.push({ name: 'filter', type: 'String', value: input.filter });
      if (input.count !== undefined)
        parameters.push({ name: 'count', type: 'Integer', value: input.count });
      if (input.offset !== undefined)
        parameters.push({ name: 'offset', type: 'Integer', value: input.offset });
      if (input.activeOnly !== undefined) {
        parameters.push({ name: 'activeOnly', type: 'Boolean', value: input.activeOnly });
      }
      if (input.displayLanguage !== undefined) {
        parameters.push({ name: 'displayLanguage', type: 'Code', value: input.displayLanguage });
      }
      const path = 'ValueSet/$expand';
      return cached(keyOf(path, parameters), async (): Promise<TerminologyExpansionResult> => {
        const [json, server] = await Promise.all([
          call(path, parameters, callOptions.signal),
          serverInfo(),
        ]);
        const expansion =
          isRecord(json) && json.resourceType === 'ValueSet' ? json.expansion : undefined;
        if (!isRecord(expansion) || !isRecord(json)) {
          throw new TerminologyError(
            'malformed-response',
            `${baseUrl}/${path} answered without a ValueSet expansion; expected a ValueSet with expansion`,
            { url: `${baseUrl}/${path}` },
          );
        }
        const concepts: ExpandedConcept[] = [];
        flatten(expansion.contains, concepts, 0);
        const versions = new Set<string>();
        for (const parameter of Array.isArray(expansion.parameter) ? expansion.parameter : []) {
          if (
            !isRecord(parameter) ||
            (parameter.name !== 'version' && parameter.name !== 'used-codesystem')
          )
            continue;
          const value = stringValue(parameter);
          if (value !== undefined) versions.add(value);
        }
        const { total, offset, timestamp } = expansion;
        return {
          url: typeof json.url === 'string' ? json.url : input.url,
          ...(typeof json.version === 'string' ? { valueSetVersion: json.version } : {}),
          ...(typeof total === 'number' ? { total } : {}),
          ...(typeof offset === 'number' ? { offset } : {}),
          ...(typeof timestamp === 'string' ? { timestamp } : {}),
          concepts,
          codeSystemVersions: [...versions],
          server,
          cached: false,
        };
      });
    },

    serverInfo,

    clearCache() {
      cache?.clear();
    },
  };
}
