import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWK, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { outcome, sendJson, startServer } from './http-server';
import type { RecordedRequest, TestServer } from './http-server';

/* A small in-memory FHIR R4 server for the client's tests: real HTTP on 127.0.0.1, FHIR
 * Bundles and OperationOutcomes, versions and ETags, paging, transactions, $everything, Bulk Data
 * export, and an OAuth 2.0 token endpoint that verifies signed-JWT client assertions with jose. */

type Json = Record<string, unknown>;

/** A scripted reply for matching requests, used before the normal routes. */
export interface Fault {
  readonly method?: string;
  /** Matches when the request path (without query) ends with this, or matches this pattern. */
  readonly path: string | RegExp;
  /** How many matching requests get this reply. */
  times: number;
  readonly reply:
    | {
        readonly status: number;
        readonly headers?: Record<string, string>;
        readonly body?: unknown;
        readonly raw?: string;
      }
    | { readonly destroy: true }
    | { readonly delayMs: number };
}

/** The token endpoint's settings. */
export interface TokenEndpointOptions {
  readonly clientId: string;
  readonly keys: readonly JWK[];
  /** `expires_in` of issued tokens. Default 600. */
  readonly expiresIn?: number;
  /** Delay before replying, to test concurrent callers. */
  readonly delayMs?: number;
  readonly scopeRequired?: string;
  /** The server's clock (ms since the epoch) for checking `exp`; default `Date.now`. */
  readonly now?: () => number;
}

/** A verified client assertion, as the token endpoint saw it. */
export interface VerifiedAssertion {
  readonly header: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
  readonly form: URLSearchParams;
}

export interface ExportJobSettings {
  /** How many polls reply 202 before the manifest. Default 2. */
  readonly pendingPolls?: number;
  readonly retryAfter?: string;
  readonly requiresAccessToken?: boolean;
  /** Extra NDJSON files: type → raw NDJSON body. */
  readonly rawFiles?: Record<string, string | Uint8Array>;
  /** Fail the export instead of completing it. */
  readonly fail?: boolean;
}

export interface FhirTestServer extends TestServer {
  /** `http://127.0.0.1:<port>/fhir` */
  readonly base: string;
  readonly tokenUrl: string;
  readonly faults: Fault[];
  readonly assertions: VerifiedAssertion[];
  readonly tokenRejections: string[];
  /** Tokens the FHIR endpoints accept; clear it to make every token invalid. */
  readonly validTokens: Set<string>;
  /** Settings for the next export kick-offs. */
  exportSettings: ExportJobSettings;
  /** Adds resources directly (ids kept, version 1). */
  seed(...resources: Json[]): void;
  /** The current version of a resource, if it exists and is not deleted. */
  current(type: string, id: string): Json | undefined;
}

interface Version {
  readonly resource: Json | undefined;
  readonly versionId: string;
  readonly lastUpdated: string;
  readonly method: 'POST' | 'PUT' | 'DELETE';
}

interface ExportJob {
  polls: number;
  cancelled: boolean;
  readonly settings: ExportJobSettings;
  readonly types: readonly string[];
  readonly request: string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function pathAndQuery(url: string): { path: string; query: URLSearchParams } {
  const parsed = new URL(url, 'http://x');
  return { path: parsed.pathname, query: parsed.searchParams };
}

/** Starts the server; `auth` turns on the token endpoint and bearer checks. */
export async function startFhirServer(
  options: { readonly auth?: TokenEndpointOptions } = {},
): Promise<FhirTestServer> {
  const store = new Map<string, Version[]>();
  const faults: Fault[] = [];
  const assertions: VerifiedAssertion[] = [];
  const tokenRejections: string[] = [];
  const validTokens = new Set<string>();
  const seenJti = new Set<string>();
  const jobs = new Map<string, ExportJob>();
  let origin = '';
  let nextId = 1;
  let versionCounter = 1;

  const key = (type: string, id: string): string => `${type}/${id}`;
  const history = (type: string, id: string): Version[] | undefined => store.get(key(type, id));
  const current = (type: string, id: string): Json | undefined => {
    const versions = history(type, id);
    return versions?.[versions.length - 1]?.resource;
  };
  const allCurrent = (type?: string): Json[] => {
    const result: Json[] = [];
    for (const [name, versions] of store) {
      if (type !== undefined && !name.startsWith(`${type}/`)) continue;
      const latest = versions[versions.length - 1]?.resource;
      if (latest !== undefined) result.push(latest);
    }
    return result;
  };

  const write = (
    type: string,
    id: string,
    resource: Json | undefined,
    method: Version['method'],
  ): Version => {
    const versions = store.get(key(type, id)) ?? [];
    const versionId = String(versions.length + 1);
    const lastUpdated = new Date(Date.UTC(2026, 0, 1) + versionCounter++ * 1000).toISOString();
    const stored =
      resource === undefined
        ? undefined
        : { ...resource, resourceType: type, id, meta: { versionId, lastUpdated } };
    const version: Version = { resource: stored, versionId, lastUpdated, method };
    versions.push(version);
    store.set(key(type, id), versions);
    return version;
  };

  const etag = (versionId: string): string => `W/"${versionId}"`;

  const matches = (resource: Json, name: string, value: string): boolean => {
    switch (name) {
      case '_id':
        return resource.id === value;
      case 'identifier': {
        const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
        const identifiers = (resource.identifier ?? []) as { system?: string; value?: string }[];
        return identifiers.some(
          (identifier) =>
            identifier.value === code && (system === undefined || identifier.system === system),
        );
      }
      case 'family': {
        const names = (resource.name ?? []) as { family?: string }[];
        return names.some((n) => n.family?.toLowerCase().startsWith(value.toLowerCase()) === true);
      }
      case 'subject':
      case 'patient': {
        const reference = (resource.subject ?? resource.patient) as
          { reference?: string } | undefined;
        const wanted = value.includes('/') ? value : `Patient/${value}`;
        return reference?.reference === wanted;
      }
      default:
        return true; // other parameters are ignored, as servers may do
    }
  };

  const searchset = (resources: Json[], selfPath: string, query: URLSearchParams): Json => {
    const count = Number(query.get('_count') ?? '10');
    const offset = Number(query.get('_offset') ?? '0');
    const page = resources.slice(offset, offset + count);
    const link = [{ relation: 'self', url: `${origin}${selfPath}?${query.toString()}` }];
    if (offset + count < resources.length) {
      const next = new URLSearchParams(query);
      next.set('_offset', String(offset + count));
      link.push({ relation: 'next', url: `${origin}${selfPath}?${next.toString()}` });
    }
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: resources.length,
      link,
      entry: page.map((resource) => ({
        fullUrl: `${origin}/fhir/${String(resource.resourceType)}/${String(resource.id)}`,
        resource,
        search: { mode: 'match' },
      })),
    };
  };

  const search = (type: string, query: URLSearchParams): Json[] => {
    const filters = [...query.entries()].filter(
      ([name]) => !name.startsWith('_') || name === '_id',
    );
    return allCurrent(type).filter((resource) =>
      filters.every(([name, value]) => matches(resource, name, value)),
    );
  };

  const requireAuth = (request: RecordedRequest, res: ServerResponse): boolean => {
    if (options.auth === undefined) return true;
    const header = request.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (token !== undefined && validTokens.has(token)) return true;
    sendJson(res, 401, outcome('login', 'a valid bearer token is required'), {
      'www-authenticate': 'Bearer',
    });
    return false;
  };

  const tokenEndpoint = async (request: RecordedRequest, res: ServerResponse): Promise<void> => {
    const auth = options.auth;
    if (auth === undefined) {
      sendJson(res, 404, outcome('not-found', 'no token endpoint'));
      return;
    }
    if (auth.delayMs !== undefined)
      await new Promise((resolve) => setTimeout(resolve, auth.delayMs));
    const form = new URLSearchParams(request.body);
    const reject = (reason: string): void => {
      tokenRejections.push(reason);
      sendJson(
        res,
        400,
        { error: 'invalid_client', error_description: reason },
        {},
        'application/json',
      );
    };
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      reject('content type');
      return;
    }
    if (form.get('grant_type') !== 'client_credentials') {
      reject('grant_type');
      return;
    }
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      reject('client_assertion_type');
      return;
    }
    if (auth.scopeRequired !== undefined && form.get('scope') !== auth.scopeRequired) {
      reject('scope');
      return;
    }
    const assertion = form.get('client_assertion') ?? '';
    try {
      const header = decodeProtectedHeader(assertion);
      const { payload, protectedHeader } = await jwtVerify(
        assertion,
        createLocalJWKSet({ keys: [...auth.keys] }),
        {
          algorithms: ['RS384', 'RS512', 'ES384'],
          audience: `${origin}/oauth2/token`,
          issuer: auth.clientId,
          subject: auth.clientId,
          typ: 'JWT',
          requiredClaims: ['jti', 'exp'],
          currentDate: new Date((auth.now ?? Date.now)()),
        },
      );
      if (header.kid === undefined) throw new Error('no kid');
      const now = Math.floor((auth.now ?? Date.now)() / 1000);
      if ((payload.exp ?? 0) > now + 300 + 5) throw new Error('exp more than 5 minutes ahead');
      if (payload.jti === undefined || seenJti.has(payload.jti)) throw new Error('jti replayed');
      seenJti.add(payload.jti);
      assertions.push({ header: protectedHeader, payload, form });
    } catch (error) {
      reject(error instanceof Error ? error.message : 'bad assertion');
      return;
    }
    const token = randomUUID().replace(/-/g, '');
    validTokens.add(token);
    sendJson(
      res,
      200,
      { access_token: token, token_type: 'bearer', expires_in: auth.expiresIn ?? 600 },
      {},
      'application/json',
    );
  };

  const applyFault = async (request: RecordedRequest, res: ServerResponse): Promise<boolean> => {
    const { path } = pathAndQuery(request.url);
    const fault = faults.find(
      (candidate) =>
        candidate.times > 0 &&
        (candidate.method === undefined || candidate.method === request.method) &&
        (typeof candidate.path === 'string'
          ? path.endsWith(candidate.path)
          : candidate.path.test(path)),
    );
    if (fault === undefined) return false;
    fault.times -= 1;
    const reply = fault.reply;
    if ('destroy' in reply) {
      res.socket?.destroy();
      return true;
    }
    if ('delayMs' in reply) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      return false;
    }
    if (reply.raw !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'application/fhir+json', ...reply.headers });
      res.end(reply.raw);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers);
      res.end();
    } else {
      sendJson(res, reply.status, reply.body, reply.headers);
    }
    return true;
  };

  const exportKickOff = (
    request: RecordedRequest,
    res: ServerResponse,
    query: URLSearchParams,
  ): void => {
    if (request.headers.prefer !== 'respond-async') {
      sendJson(res, 400, outcome('invalid', 'Prefer: respond-async is required'));
      return;
    }
    if (request.headers.accept !== 'application/fhir+json') {
      sendJson(res, 400, outcome('invalid', 'Accept: application/fhir+json is required'));
      return;
    }
    const id = randomUUID();
    const types = (query.get('_type') ?? 'Patient').split(',');
    jobs.set(id, {
      polls: 0,
      cancelled: false,
      settings: server.exportSettings,
      types,
      request: `${origin}${request.url}`,
    });
    res.writeHead(202, { 'content-location': `${origin}/bulk/status/${id}` });
    res.end();
  };

  const exportStatus = (request: RecordedRequest, res: ServerResponse, id: string): void => {
    const job = jobs.get(id);
    if (job === undefined || job.cancelled) {
      sendJson(res, 404, outcome('not-found', 'unknown export job'));
      return;
    }
    if (request.method === 'DELETE') {
      job.cancelled = true;
      sendJson(res, 202, outcome('informational', 'export cancelled', 'information'));
      return;
    }
    job.polls += 1;
    if (job.polls <= (job.settings.pendingPolls ?? 2)) {
      res.writeHead(202, {
        'x-progress': `step ${String(job.polls)}`,
        'retry-after': job.settings.retryAfter ?? '0',
      });
      res.end();
      return;
    }
    if (job.settings.fail === true) {
      sendJson(res, 500, outcome('exception', 'the export failed'));
      return;
    }
    const files = [...job.types, ...Object.keys(job.settings.rawFiles ?? {})];
    sendJson(
      res,
      200,
      {
        transactionTime: '2026-01-01T00:00:00Z',
        request: job.request,
        requiresAccessToken: job.settings.requiresAccessToken ?? true,
        output: [...new Set(files)].map((type) => ({
          type,
          url: `${origin}/bulk/files/${id}/${type}.ndjson`,
          count: job.settings.rawFiles?.[type] === undefined ? allCurrent(type).length : undefined,
        })),
        error: [],
      },
      {},
      'application/json',
    );
  };

  const exportFile = async (res: ServerResponse, id: string, type: string): Promise<void> => {
    const job = jobs.get(id);
    if (job === undefined) {
      sendJson(res, 404, outcome('not-found', 'unknown file'));
      return;
    }
    const raw =
      job.settings.rawFiles?.[type] ??
      allCurrent(type)
        .map((resource) => `${JSON.stringify(resource)}\n`)
        .join('');
    res.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
    // Write in small chunks that split lines and multi-byte characters, with pauses between.
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
    for (let start = 0; start < bytes.length; start += 7) {
      res.write(bytes.subarray(start, start + 7));
      if (start % 70 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    res.end();
  };

  const transaction = (bundle: Json, res: ServerResponse): void => {
    const type = bundle.type;
    const entries = (bundle.entry ?? []) as {
      resource?: Json;
      request?: { method?: string; url?: string };
    }[];
    const snapshot = new Map([...store].map(([name, versions]) => [name, [...versions]]));
    const responses: Json[] = [];
    for (const entry of entries) {
      const method = entry.request?.method;
      const url = entry.request?.url ?? '';
      const [entryType = '', entryId] = url.split('/');
      let response: Json;
      if (method === 'POST' && entry.resource !== undefined) {
        const version = write(entryType, String(nextId++), entry.resource, 'POST');
        const created = version.resource as Json;
        response = {
          status: '201 Created',
          location: `${entryType}/${String(created.id)}/_history/${version.versionId}`,
          etag: etag(version.versionId),
        };
      } else if (method === 'PUT' && entry.resource !== undefined && entryId !== undefined) {
        const version = write(entryType, entryId, entry.resource, 'PUT');
        response = { status: '200 OK', etag: etag(version.versionId) };
      } else if (
        method === 'DELETE' &&
        entryId !== undefined &&
        current(entryType, entryId) !== undefined
      ) {
        write(entryType, entryId, undefined, 'DELETE');
        response = { status: '204 No Content' };
      } else {
        response = { status: '400 Bad Request', outcome: outcome('invalid', 'unsupported entry') };
        if (type === 'transaction') {
          store.clear();
          for (const [name, versions] of snapshot) store.set(name, versions);
          sendJson(res, 400, outcome('invalid', 'the transaction failed; nothing was changed'));
          return;
        }
      }
      responses.push({ response });
    }
    sendJson(res, 200, {
      resourceType: 'Bundle',
      type: `${String(type)}-response`,
      entry: responses,
    });
  };

  const fhir = (request: RecordedRequest, res: ServerResponse): void => {
    const { path, query } = pathAndQuery(request.url);
    const parts = path
      .replace(/^\/fhir\/?/, '')
      .split('/')
      .filter((part) => part !== '');
    const [first, second, third, fourth] = parts;
    const method = request.method;
    const body = (): Json | undefined => {
      try {
        const parsed: unknown = JSON.parse(request.body);
        return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : undefined;
      } catch {
        return undefined;
      }
    };

    if (method === 'GET' && first === 'metadata') {
      sendJson(res, 200, {
        resourceType: 'CapabilityStatement',
        status: 'active',
        date: '2026-01-01',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
      });
      return;
    }
    if (first === undefined && method === 'POST') {
      const bundle = body();
      if (bundle?.resourceType !== 'Bundle') {
        sendJson(res, 400, outcome('invalid', 'expected a Bundle'));
        return;
      }
      transaction(bundle, res);
      return;
    }
    if (
      first === '$export' ||
      (first === 'Patient' && second === '$export') ||
      (first === 'Group' && third === '$export')
    ) {
      exportKickOff(request, res, query);
      return;
    }
    if (first === undefined) {
      sendJson(res, 400, outcome('not-supported', 'system-level interaction not supported'));
      return;
    }
    const type = first;
    if (method === 'GET' && second === undefined) {
      sendJson(res, 200, searchset(search(type, query), `/fhir/${type}`, query));
      return;
    }
    if (method === 'POST' && second === '_search') {
      if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        sendJson(res, 415, outcome('not-supported', 'POST _search needs a form body'));
        return;
      }
      const form = new URLSearchParams(request.body);
      sendJson(res, 200, searchset(search(type, form), `/fhir/${type}`, form));
      return;
    }
    if (method === 'POST' && second === undefined) {
      const resource = body();
      if (resource === undefined) {
        sendJson(res, 400, outcome('structure', 'the body is not JSON'));
        return;
      }
      if (resource.resourceType !== type) {
        sendJson(res, 400, outcome('invalid', 'resourceType does not match the URL'));
        return;
      }
      const condition = request.headers['if-none-exist'];
      if (typeof condition === 'string') {
        const found = search(type, new URLSearchParams(condition));
        if (found.length > 1) {
          sendJson(res, 412, outcome('duplicate', 'the condition matches several resources'));
          return;
        }
        const existing = found[0];
        if (existing !== undefined) {
          const meta = existing.meta as { versionId: string };
          sendJson(res, 200, existing, { etag: etag(meta.versionId) });
          return;
        }
      }
      const version = write(type, String(nextId++), resource, 'POST');
      const created = version.resource as Json;
      const location = `${origin}/fhir/${type}/${String(created.id)}/_history/${version.versionId}`;
      if (request.headers.prefer === 'return=minimal') {
        res.writeHead(201, { location, etag: etag(version.versionId) });
        res.end();
        return;
      }
      if (request.headers.prefer === 'return=OperationOutcome') {
        sendJson(res, 201, outcome('informational', 'created', 'information'), {
          location,
          etag: etag(version.versionId),
        });
        return;
      }
      sendJson(res, 201, created, {
        location,
        etag: etag(version.versionId),
        'last-modified': new Date(version.lastUpdated).toUTCString(),
      });
      return;
    }
    if (second === '_history' && method === 'GET') {
      const entries = [...store.entries()]
        .filter(([name]) => name.startsWith(`${type}/`))
        .flatMap(([name, versions]) => versions.map((version) => ({ name, version })));
      sendJson(res, 200, {
        resourceType: 'Bundle',
        type: 'history',
        total: entries.length,
        entry: entries.map(({ name, version }) => ({
          fullUrl: `${origin}/fhir/${name}`,
          ...(version.resource === undefined ? {} : { resource: version.resource }),
          request: { method: version.method, url: name },
        })),
      });
      return;
    }
    if (second === undefined) {
      sendJson(res, 405, outcome('not-supported', 'method not allowed'));
      return;
    }
    const id = second;
    if (type === 'Patient' && third === '$everything' && method === 'GET') {
      const patient = current('Patient', id);
      if (patient === undefined) {
        sendJson(res, 404, outcome('not-found', 'unknown patient'));
        return;
      }
      const related = allCurrent().filter(
        (resource) =>
          matches(resource, 'subject', `Patient/${id}`) && resource.resourceType !== 'Patient',
      );
      sendJson(
        res,
        200,
        searchset([patient, ...related], `/fhir/Patient/${id}/$everything`, query),
      );
      return;
    }
    const versions = history(type, id);
    if (third === '_history') {
      if (versions === undefined) {
        sendJson(res, 404, outcome('not-found', 'unknown resource'));
        return;
      }
      if (fourth === undefined) {
        sendJson(res, 200, {
          resourceType: 'Bundle',
          type: 'history',
          total: versions.length,
          entry: [...versions].reverse().map((version) => ({
            fullUrl: `${origin}/fhir/${type}/${id}`,
            ...(version.resource === undefined ? {} : { resource: version.resource }),
            request: { method: version.method, url: `${type}/${id}` },
          })),
        });
        return;
      }
      const version = versions.find((candidate) => candidate.versionId === fourth);
      if (version?.resource === undefined) {
        sendJson(res, 404, outcome('not-found', 'unknown version'));
        return;
      }
      sendJson(res, 200, version.resource, { etag: etag(version.versionId) });
      return;
    }
    const latest = versions?.[versions.length - 1];
    if (method === 'GET') {
      if (latest === undefined) {
        sendJson(res, 404, outcome('not-found', `no ${type} with that id`));
        return;
      }
      if (latest.resource === undefined) {
        sendJson(res, 410, outcome('deleted', 'the resource was deleted'));
        return;
      }
      sendJson(res, 200, latest.resource, {
        etag: etag(latest.versionId),
        'last-modified': new Date(latest.lastUpdated).toUTCString(),
      });
      return;
    }
    if (method === 'PUT') {
      const resource = body();
      if (resource?.resourceType !== type || resource.id !== id) {
        sendJson(res, 400, outcome('invalid', 'the resource type and id must match the URL'));
        return;
      }
      const ifMatch = request.headers['if-match'];
      if (ifMatch !== undefined && (latest === undefined || ifMatch !== etag(latest.versionId))) {
        sendJson(res, 412, outcome('conflict', 'the resource has changed (version mismatch)'));
        return;
      }
      const version = write(type, id, resource, 'PUT');
      sendJson(res, latest === undefined ? 201 : 200, version.resource, {
        etag: etag(version.versionId),
      });
      return;
    }
    if (method === 'DELETE') {
      if (latest?.resource === undefined) {
        sendJson(res, 404, outcome('not-found', 'nothing to delete'));
        return;
      }
      write(type, id, undefined, 'DELETE');
      sendJson(res, 200, outcome('informational', 'deleted', 'information'));
      return;
    }
    sendJson(res, 405, outcome('not-supported', 'method not allowed'));
  };

  const base = await startServer(async (request, res) => {
    if (await applyFault(request, res)) return;
    const { path } = pathAndQuery(request.url);
    if (path === '/oauth2/token' && request.method === 'POST') {
      await tokenEndpoint(request, res);
      return;
    }
    const bulk = /^\/bulk\/(status|files)\/([^/]+)(?:\/([A-Za-z]+)\.ndjson)?$/.exec(path);
    if (bulk !== null) {
      const [, kind, id = '', type = ''] = bulk;
      const job = jobs.get(id);
      const needsToken = kind === 'status' || job?.settings.requiresAccessToken !== false;
      if (needsToken && !requireAuth(request, res)) return;
      if (kind === 'status') exportStatus(request, res, id);
      else await exportFile(res, id, type);
      return;
    }
    if (path.startsWith('/fhir')) {
      if (!requireAuth(request, res)) return;
      fhir(request, res);
      return;
    }
    sendJson(res, 404, outcome('not-found', 'no such endpoint'));
  });
  origin = base.url;

  const server: FhirTestServer = {
    ...base,
    base: `${base.url}/fhir`,
    tokenUrl: `${base.url}/oauth2/token`,
    faults,
    assertions,
    tokenRejections,
    validTokens,
    exportSettings: {},
    seed: (...resources) => {
      for (const resource of resources) {
        write(String(resource.resourceType), String(resource.id), resource, 'PUT');
      }
    },
    current,
  };
  return server;
}
