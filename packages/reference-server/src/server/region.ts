import { randomUUID } from 'node:crypto';
import { buildAuditEvent } from '../audit/audit';
import type { AuditInput } from '../audit/audit';
import type { Grant } from '../auth/tokens';
import type { TokenIssuer } from '../auth/tokens';
import type { ParsedScope } from '../auth/scopes';
import type { ServerBlueprint, ServerRules } from '../blueprint-rules';
import type { DefectSet } from '../defects';
import type { ExportManager } from '../export/bulk-export';
import { capabilityStatement } from '../fhir/capability';
import { nowInstant } from '../fhir/dates';
import { FhirHttpError, fail, operationOutcome } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { AccessPolicy } from '../policy/access';
import { Presenter } from '../policy/present';
import type { Repository } from '../repository';
import type { ResourceStore } from '../storage/store';
import { Exchange } from './context';
import type { Core, FhirRequest, FhirResponse, ReferenceServerLogger } from './context';
import { handleEverything } from './everything';
import { PageStore } from './pages';
import {
  checkType,
  handleCreate,
  handleDelete,
  handleHistory,
  handleRead,
  handleUpdate,
  handleVread,
} from './resources';
import { handlePage, handleSearch, isLenient } from './search';
import { handleTransaction, readBundleRequests } from './transaction';

const TYPE = /^[A-Z][A-Za-z]+$/;

/** What the region is built from. */
export interface RegionParts {
  readonly rules: ServerRules;
  readonly store: ResourceStore;
  readonly repository: Repository;
  readonly defects: DefectSet;
  readonly blueprint: ServerBlueprint;
  readonly issuer: TokenIssuer;
  readonly log: ReferenceServerLogger;
  readonly softwareVersion: string;
  /** Scopes and purposes served to anyone under the `no-auth` defect. */
  readonly openScopes: readonly ParsedScope[];
}

/**
 * The FHIR API of the reference region, independent of HTTP: authentication, purpose of use,
 * routing to the handlers, errors as OperationOutcomes, and an AuditEvent for every access.
 */
export class Region implements Core {
  readonly rules: ServerRules;
  readonly store: ResourceStore;
  readonly repository: Repository;
  readonly defects: DefectSet;
  readonly pages = new PageStore();
  readonly blueprint: ServerBlueprint;
  readonly log: ReferenceServerLogger;
  baseUrl = '';
  tokenUrl = '';
  exports: ExportManager | undefined;
  exportsAvailable = false;
  private readonly issuer: TokenIssuer;
  private readonly softwareVersion: string;
  private readonly openScopes: readonly ParsedScope[];
  private readonly startedAt = nowInstant();

  constructor(parts: RegionParts) {
    this.rules = parts.rules;
    this.store = parts.store;
    this.repository = parts.repository;
    this.defects = parts.defects;
    this.blueprint = parts.blueprint;
    this.issuer = parts.issuer;
    this.log = parts.log;
    this.softwareVersion = parts.softwareVersion;
    this.openScopes = parts.openScopes;
  }

  /** Handles one FHIR request; never throws. */
  async handle(request: FhirRequest): Promise<FhirResponse> {
    const requestId = request.headers['x-request-id'] ?? randomUUID();
    const exchange = new Exchange(requestId.slice(0, 200));
    let response: FhirResponse;
    try {
      response = await this.route(request, exchange, true);
    } catch (error) {
      response = this.errorResponse(error);
      if (error instanceof FhirHttpError && error.auditReason !== undefined) {
        exchange.audit.reason = error.auditReason;
      }
    }
    this.audit(exchange, request, response.status);
    return response;
  }

  /** An error as the response a client gets: an OperationOutcome, never a stack trace. */
  errorResponse(error: unknown): FhirResponse {
    let httpError: FhirHttpError;
    if (error instanceof FhirHttpError) {
      httpError = error;
    } else {
      this.log(
        'error',
        `internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown'}`,
      );
      httpError = new FhirHttpError(500, {
        code: 'exception',
        diagnostics: 'The server could not handle the request',
        details: 'INTERNAL_SERVER_ERROR',
      });
    }
    if (this.defects.has('errors-not-outcome')) {
      return {
        status: httpError.status,
        headers: httpError.headers,
        contentType: 'text/plain; charset=utf-8',
        body: `${httpError.message}\n`,
      };
    }
    return {
      status: httpError.status,
      headers: httpError.headers,
      body: httpError.outcome as unknown as JsonObject,
    };
  }

  private audit(exchange: Exchange, request: FhirRequest, status: number): void {
    if (exchange.audit.interaction === undefined) return;
    if (status < 400 && this.defects.has('no-audit')) return;
    if ((status === 401 || status === 403) && this.defects.has('no-refusal-audit')) return;
    if (status === 404 && exchange.audit.resourceType === undefined && exchange.grant === undefined)
      return;
    const input: AuditInput = {
      interaction: exchange.audit.interaction,
      ...(exchange.audit.operation === undefined ? {} : { operation: exchange.audit.operation }),
      ...(exchange.audit.resourceType === undefined
        ? {}
        : { resourceType: exchange.audit.resourceType }),
      what: exchange.audit.what,
      patients: [...exchange.audit.patients],
      clientId: exchange.grant?.clientId,
      purpose: exchange.purpose ?? this.statedPurpose(request),
      grantedPurposes: [...(exchange.grant?.purposes ?? [])],
      status,
      reason: exchange.audit.reason,
      remoteAddress: request.remoteAddress,
      requestId: exchange.requestId,
      endUserOrganisation: request.headers['nhsd-end-user-organisation-ods'],
      ...(this.defects.has('audit-records-query') && request.rawQuery !== ''
        ? { query: request.rawQuery }
        : {}),
    };
    this.recordAudit(input);
  }

  /** Writes one AuditEvent. */
  recordAudit(input: AuditInput): void {
    try {
      const event = buildAuditEvent(input, this.rules);
      this.repository.write((operations) => operations.put(event));
    } catch (error) {
      this.log(
        'error',
        `could not write an AuditEvent: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
  }

  private statedPurpose(request: FhirRequest): string | undefined {
    const raw = request.headers[this.rules.purposeHeader.toLowerCase()];
    if (raw === undefined) return undefined;
    const code = raw.includes('|') ? raw.slice(raw.lastIndexOf('|') + 1) : raw;
    return this.rules.purposes.has(code.trim()) ? code.trim() : undefined;
  }

  /** Authenticates the bearer token and the stated purpose of use (LHCR-SEC-01, -05, -07). */
  private authenticate(request: FhirRequest, exchange: Exchange): void {
    const header = request.headers['authorization'];
    const match =
      header === undefined ? null : /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
    let grant: Grant | undefined;
    if (match === null) {
      if (!this.defects.has('no-auth')) {
        throw new FhirHttpError(
          401,
          {
            code: 'login',
            diagnostics: 'A bearer access token is required',
            details: 'ACCESS_DENIED',
          },
          {
            headers: { 'www-authenticate': 'Bearer realm="lhcr"' },
            auditReason: 'no access token',
          },
        );
      }
    } else {
      const check = this.issuer.check(match[1] as string);
      if (check.ok) grant = check.grant;
      else if (!this.defects.has('no-auth')) {
        throw new FhirHttpError(
          401,
          {
            code: check.reason === 'expired' ? 'expired' : 'login',
            diagnostics: `The access token is ${check.reason === 'malformed' ? 'malformed' : check.reason === 'expired' ? 'expired' : check.reason === 'revoked' ? 'revoked' : 'not valid'}`,
            details: 'ACCESS_DENIED',
          },
          {
            headers: {
              'www-authenticate': `Bearer realm="lhcr", error="invalid_token", error_description="the access token is ${check.reason}"`,
            },
            auditReason: `access token ${check.reason}`,
          },
        );
      }
    }
    grant ??= {
      clientId: 'anonymous',
      scopes: this.openScopes,
      purposes: new Set(this.rules.purposes.keys()),
      expiresAt: Number.MAX_SAFE_INTEGER,
      tokenId: 'anonymous',
    };
    exchange.grant = grant;
    const stated = request.headers[this.rules.purposeHeader.toLowerCase()]?.trim();
    const code =
      stated === undefined
        ? undefined
        : stated.includes('|')
          ? stated.slice(stated.lastIndexOf('|') + 1)
          : stated;
    let purpose: string;
    if (this.defects.has('ignore-purpose')) {
      purpose =
        code !== undefined && this.rules.purposes.has(code)
          ? code
          : ([...grant.purposes][0] ?? 'TREAT');
    } else {
      if (code === undefined || code === '') {
        throw fail.forbidden(
          `The ${this.rules.purposeHeader} header is required: the purpose of use of this request`,
          'ACCESS_DENIED',
          'purpose of use missing',
        );
      }
      if (
        stated !== undefined &&
        stated.includes('|') &&
        stated.slice(0, stated.lastIndexOf('|')) !== this.rules.purposeSystem
      ) {
        throw fail.forbidden(
          `The purpose of use must be a code of ${this.rules.purposeSystem}`,
          'ACCESS_DENIED',
          'purpose of use not recognised',
        );
      }
      if (!this.rules.purposes.has(code) || !grant.purposes.has(code)) {
        throw fail.forbidden(
          'The purpose of use stated is not one the access token grants',
          'ACCESS_DENIED',
          'purpose of use not granted',
        );
      }
      purpose = code;
    }
    exchange.purpose = purpose;
    exchange.access = new AccessPolicy(this.store, this.rules, this.defects, purpose, 'api');
    exchange.presenter = new Presenter(this.store, this.defects);
  }

  private capability(): JsonObject {
    return capabilityStatement(this.rules, {
      baseUrl: this.baseUrl,
      tokenUrl: this.tokenUrl,
      softwareVersion: this.softwareVersion,
      exportsAvailable: this.exportsAvailable,
      defects: this.defects,
      startedAt: this.startedAt,
    });
  }

  private smartConfiguration(): JsonObject {
    return {
      issuer: this.baseUrl,
      token_endpoint: this.tokenUrl,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...this.rules.algorithms],
      grant_types_supported: ['client_credentials'],
      scopes_supported: [
        ...new Set(this.rules.scopeRules.map((rule) => rule.scope)),
        'system/*.write',
      ],
      capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
      jwks_uri: `${new URL(this.baseUrl).origin}/.well-known/jwks.json`,
    };
  }

  private exportManager(): ExportManager {
    if (this.exports === undefined) throw new Error('export manager not set');
    return this.exports;
  }

  /** Routes a request; `authenticate` is false for the entries of a batch (already done). */
  private async route(
    request: FhirRequest,
    exchange: Exchange,
    authenticate: boolean,
  ): Promise<FhirResponse> {
    const { method } = request;
    const segments = request.path === '' ? [] : request.path.split('/');
    const [first, second, third, fourth] = segments;
    if (first === 'metadata' && segments.length === 1) {
      if (method !== 'GET' && method !== 'HEAD')
        throw fail.methodNotAllowed('metadata is read-only', ['GET']);
      return { status: 200, body: this.capability() };
    }
    if (first === '.well-known' && second === 'smart-configuration' && segments.length === 2) {
      return { status: 200, contentType: 'application/json', body: this.smartConfiguration() };
    }
    // Decide what is being asked before authenticating, so refusals are audited with it.
    if (first !== undefined && TYPE.test(first)) exchange.audit.resourceType = first;
    exchange.audit.interaction =
      segments.length === 0
        ? 'transaction'
        : first?.startsWith('$') === true ||
            second?.startsWith('$') === true ||
            third?.startsWith('$') === true
          ? 'operation'
          : method === 'POST'
            ? segments.length === 1
              ? 'create'
              : 'search-type'
            : method === 'PUT'
              ? 'update'
              : method === 'DELETE'
                ? 'delete'
                : segments.length === 2
                  ? 'read'
                  : 'search-type';
    if (
      second !== undefined &&
      first !== undefined &&
      TYPE.test(first) &&
      !second.startsWith('_') &&
      !second.startsWith('$')
    ) {
      exchange.audit.what.push(`${first}/${second.slice(0, 64)}`);
    }
    if (authenticate) this.authenticate(request, exchange);
    const query = request.query;
    const exports = (): ExportManager => this.exportManager();
    const requestUrl = `${this.baseUrl}/${request.path}${request.rawQuery === '' ? '' : `?${request.rawQuery}`}`;

    if (segments.length === 0) {
      if (method === 'GET' && query.some(([name]) => name === '_getpages'))
        return handlePage(this, exchange, query);
      if (method !== 'POST')
        throw fail.methodNotAllowed('The base URL takes transactions and batches (POST)', ['POST']);
      return this.bundle(request, exchange);
    }
    if (first === '_history' && segments.length === 1) {
      if (method !== 'GET') throw fail.methodNotAllowed('History is read-only', ['GET']);
      return handleHistory(this, exchange, undefined, undefined, query);
    }
    if (first === '$export') {
      if (segments.length !== 1 || (method !== 'GET' && method !== 'POST')) {
        throw fail.methodNotAllowed('$export takes GET or POST', ['GET', 'POST']);
      }
      return this.kickOff(request, exchange, 'system', undefined, requestUrl);
    }
    if (first === '$export-status' && second !== undefined && segments.length === 2) {
      if (method === 'GET') return exports().status(exchange, second);
      if (method === 'DELETE') return exports().cancel(exchange, second);
      throw fail.methodNotAllowed('An export status takes GET or DELETE', ['GET', 'DELETE']);
    }
    if (
      first === '$export-file' &&
      second !== undefined &&
      segments.length === 2 &&
      method === 'GET'
    ) {
      return exports().file(exchange, second);
    }
    if (first === undefined || !TYPE.test(first)) {
      exchange.audit.interaction = undefined;
      throw fail.notFound('There is nothing at this path');
    }
    const type = first;
    checkType(this, type);
    if (segments.length === 1) {
      if (method === 'GET')
        return handleSearch(this, exchange, type, query, {
          post: false,
          lenient: isLenient(request.headers),
        });
      if (method === 'POST')
        return handleCreate(this, exchange, type, request.json, request.headers);
      throw fail.methodNotAllowed(`${type} takes GET (search) and POST (create)`, ['GET', 'POST']);
    }
    if (second === '_search' && segments.length === 2) {
      if (method !== 'POST' || this.defects.has('no-post-search')) {
        throw fail.methodNotAllowed(`${type}/_search takes POST with a form body`, ['POST']);
      }
      return handleSearch(this, exchange, type, [...query, ...(request.form ?? [])], {
        post: true,
        lenient: isLenient(request.headers),
      });
    }
    if (second === '_history' && segments.length === 2) {
      if (method !== 'GET') throw fail.methodNotAllowed('History is read-only', ['GET']);
      return handleHistory(this, exchange, type, undefined, query);
    }
    if (second === '$export' && segments.length === 2 && type === 'Patient') {
      if (method !== 'GET' && method !== 'POST')
        throw fail.methodNotAllowed('$export takes GET or POST', ['GET', 'POST']);
      return this.kickOff(request, exchange, 'patient', undefined, requestUrl);
    }
    if (second === undefined) throw fail.notFound('There is nothing at this path');
    const id = second;
    if (segments.length === 2) {
      switch (method) {
        case 'GET':
        case 'HEAD':
          return handleRead(this, exchange, type, id);
        case 'PUT':
          return handleUpdate(this, exchange, type, id, request.json, request.headers);
        case 'DELETE':
          return handleDelete(this, exchange, type, id, request.headers);
        default:
          throw fail.methodNotAllowed(`${type}/[id] takes GET, PUT and DELETE`, [
            'GET',
            'PUT',
            'DELETE',
          ]);
      }
    }
    if (third === '_history') {
      if (method !== 'GET') throw fail.methodNotAllowed('History is read-only', ['GET']);
      if (segments.length === 3) return handleHistory(this, exchange, type, id, query);
      if (segments.length === 4 && fourth !== undefined)
        return handleVread(this, exchange, type, id, fourth);
    }
    if (third === '$everything' && segments.length === 3 && type === 'Patient') {
      if (method !== 'GET' && method !== 'POST')
        throw fail.methodNotAllowed('$everything takes GET or POST', ['GET', 'POST']);
      return handleEverything(this, exchange, id, query);
    }
    if (third === '$export' && segments.length === 3 && type === 'Group') {
      if (method !== 'GET' && method !== 'POST')
        throw fail.methodNotAllowed('$export takes GET or POST', ['GET', 'POST']);
      return this.kickOff(request, exchange, 'group', id, requestUrl);
    }
    if (third?.startsWith('$') === true) {
      throw fail.notSupported(`The operation is not supported on ${type}`);
    }
    throw fail.notFound('There is nothing at this path');
  }

  private kickOff(
    request: FhirRequest,
    exchange: Exchange,
    level: 'system' | 'patient' | 'group',
    groupId: string | undefined,
    requestUrl: string,
  ): Promise<FhirResponse> {
    const prefer = request.headers['prefer'] ?? '';
    if (!/respond-async/i.test(prefer) && !this.defects.has('export-not-async')) {
      exchange.audit.interaction = 'operation';
      exchange.audit.operation = '$export';
      throw fail.badRequest(
        'A Bulk Data kick-off needs the header Prefer: respond-async',
        'INVALID_REQUEST',
      );
    }
    return this.exportManager().kickOff(exchange, {
      level,
      ...(groupId === undefined ? {} : { groupId }),
      pairs: request.query,
      json: request.json,
      headers: request.headers,
      requestUrl,
      remoteAddress: request.remoteAddress,
    });
  }

  private async bundle(request: FhirRequest, exchange: Exchange): Promise<FhirResponse> {
    const bundle = request.json;
    if (!isRecord(bundle) || bundle['resourceType'] !== 'Bundle') {
      throw fail.badRequest(
        'POST to the base URL needs a Bundle of type transaction or batch',
        'INVALID_RESOURCE',
      );
    }
    if (bundle['type'] === 'transaction') return handleTransaction(this, exchange, bundle);
    if (bundle['type'] !== 'batch') {
      throw fail.badRequest(
        'The Bundle type must be transaction or batch',
        'INVALID_RESOURCE',
        'Bundle.type',
      );
    }
    exchange.audit.interaction = 'batch';
    const requests = readBundleRequests(this, bundle);
    const entries: JsonObject[] = [];
    for (const entry of requests) {
      const child = new Exchange(exchange.requestId);
      child.grant = exchange.grant;
      child.purpose = exchange.purpose;
      child.access = exchange.access;
      child.presenter = exchange.presenter;
      const query = [...new URLSearchParams(entry.query)] as [string, string][];
      const headers: Record<string, string | undefined> = { ...request.headers };
      delete headers['if-match'];
      delete headers['if-none-exist'];
      if (entry.ifMatch !== undefined) headers['if-match'] = entry.ifMatch;
      if (entry.ifNoneExist !== undefined) headers['if-none-exist'] = entry.ifNoneExist;
      let response: FhirResponse;
      try {
        response = await this.route(
          {
            method: entry.method,
            path: entry.path,
            query,
            rawQuery: entry.query,
            headers,
            json: entry.resource,
            form: undefined,
            remoteAddress: request.remoteAddress,
          },
          child,
          false,
        );
      } catch (error) {
        response = this.errorResponse(error);
      }
      for (const what of child.audit.what)
        if (exchange.audit.what.length < 100) exchange.audit.what.push(what);
      for (const patient of child.audit.patients) exchange.audit.patients.add(patient);
      const out: JsonObject = {
        response: {
          status: String(response.status),
          ...(response.headers?.['location'] === undefined
            ? {}
            : { location: response.headers['location'] }),
          ...(response.headers?.['etag'] === undefined ? {} : { etag: response.headers['etag'] }),
        },
      };
      if (isRecord(response.body)) {
        if (response.status >= 400) (out['response'] as JsonObject)['outcome'] = response.body;
        else out['resource'] = response.body;
      }
      entries.push(out);
    }
    return {
      status: 200,
      body: {
        resourceType: 'Bundle',
        id: randomUUID(),
        meta: { lastUpdated: nowInstant() },
        type: 'batch-response',
        entry: entries,
      },
    };
  }

  /** A 500 OperationOutcome for the HTTP layer's own failures. */
  static internalError(): JsonObject {
    return operationOutcome([
      {
        code: 'exception',
        diagnostics: 'The server could not handle the request',
        details: 'INTERNAL_SERVER_ERROR',
      },
    ]) as unknown as JsonObject;
  }
}
