import { randomUUID } from 'node:crypto';
import { NHS_NUMBER_SYSTEM, parseNhsNumber } from '@lhcr/models';
import { nowInstant } from '../fhir/dates';
import { parseSearch } from '../fhir/search-query';
import { FhirHttpError, fail, operationOutcome, toIssueCode } from '../http/outcome';
import type { IssueInput } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { WrittenResource } from '../repository';
import type { ResourceRecord } from '../storage/store';
import { noPatientConsent, requireScope } from './context';
import type { Core, Exchange, FhirResponse } from './context';
import type { PageEntry } from './pages';
import { renderPage } from './search';

/** A FHIR id: 1 to 64 letters, digits, `-` and `.`. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The misspelt ODS system that LHCR-PAT-05 forbids. */
const ODS_MISSPELT = 'https://fhir.nhs.uk/Id/ods-organisation-code';

/** The HTTP date form of a time, for Last-Modified. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** ETag, Last-Modified and Location headers of a stored resource. */
export function versionHeaders(
  core: Core,
  record: ResourceRecord,
  location = false,
): Record<string, string> {
  const headers: Record<string, string> = {
    etag: `W/"${String(record.version)}"`,
    'last-modified': httpDate(record.lastUpdated),
  };
  if (location) {
    headers['location'] =
      `${core.baseUrl}/${record.type}/${record.id}/_history/${String(record.version)}`;
  }
  return headers;
}

/**
 * Masks what a validator message may quote from the resource: quoted values and anything that
 * looks like an NHS number (LHCR-ERR-04). Property names the validator reports are kept.
 */
export function sanitiseDiagnostics(text: string): string {
  return text
    .replace(/(property )'([a-z][A-Za-z0-9_]{0,40})'/g, '$1«$2»')
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d(?:[\s-]?\d){9}/g, '…')
    .replace(/«([^»]*)»/g, "'$1'");
}

/** Business rules beyond the profiles: one valid NHS number (LHCR-PAT-01, -02), ODS spelling (LHCR-PAT-05). */
function serverRuleIssues(resource: JsonObject, prefix: string): IssueInput[] {
  const issues: IssueInput[] = [];
  const identifiers = Array.isArray(resource['identifier']) ? resource['identifier'] : [];
  const type = resource['resourceType'] as string;
  let nhsNumbers = 0;
  identifiers.forEach((identifier: unknown, index) => {
    if (!isRecord(identifier)) return;
    const where = `${prefix}${type}.identifier[${String(index)}]`;
    if (identifier['system'] === ODS_MISSPELT) {
      issues.push({
        code: 'value',
        diagnostics: `The ODS organisation code system is spelt ${ODS_MISSPELT}; it must be https://fhir.nhs.uk/Id/ods-organization-code (LHCR-PAT-05)`,
        expression: `${where}.system`,
      });
    }
    if (
      type === 'Patient' &&
      identifier['system'] === NHS_NUMBER_SYSTEM &&
      identifier['use'] !== 'old'
    ) {
      nhsNumbers += 1;
      const value = identifier['value'];
      if (typeof value !== 'string' || !parseNhsNumber(value).ok) {
        issues.push({
          code: 'value',
          diagnostics:
            'The NHS number is not ten digits that pass the modulus 11 check (LHCR-PAT-02)',
          expression: `${where}.value`,
        });
      }
    }
  });
  if (nhsNumbers > 1) {
    issues.push({
      code: 'invariant',
      diagnostics: 'A Patient carries at most one current NHS number identifier (LHCR-PAT-01)',
      expression: `${prefix}Patient.identifier`,
    });
  }
  return issues;
}

/**
 * Validates a resource against base R4, its type's blueprint profile and any blueprint profile
 * it claims, then the server's own rules; returns the errors (LHCR-REC-01).
 */
export async function validationErrors(
  core: Core,
  resource: JsonObject,
  prefix = '',
): Promise<IssueInput[]> {
  const type = resource['resourceType'] as string;
  const profiles = new Set<string>();
  const own = core.rules.profileOf.get(type);
  if (own !== undefined) profiles.add(own);
  const meta = resource['meta'];
  for (const profile of isRecord(meta) && Array.isArray(meta['profile']) ? meta['profile'] : []) {
    if (typeof profile === 'string' && core.rules.blueprintProfiles.has(profile))
      profiles.add(profile);
  }
  const result = await core.blueprint.validate(resource, [...profiles]);
  const issues: IssueInput[] = result.issues
    .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
    .slice(0, 50)
    .map((issue) => ({
      severity: 'error',
      code: toIssueCode(issue.code),
      diagnostics: sanitiseDiagnostics(issue.diagnostics),
      ...(issue.expression === undefined ? {} : { expression: `${prefix}${issue.expression}` }),
    }));
  issues.push(...serverRuleIssues(resource, prefix));
  if (issues.length > 0 && core.defects.has('errors-echo-content')) {
    issues.push({
      severity: 'information',
      code: 'informational',
      diagnostics: JSON.stringify(resource).slice(0, 4000),
    });
  }
  return issues;
}

/** 422 with the validation issues. */
export function unprocessable(issues: readonly IssueInput[]): FhirHttpError {
  return new FhirHttpError(422, issues, { auditReason: 'invalid resource' });
}

/** Checks a request body is a resource of `type`; returns it. */
export function bodyResource(json: unknown, type: string, where = 'The request body'): JsonObject {
  if (!isRecord(json))
    throw fail.badRequest(
      `${where} must be a JSON object holding a FHIR resource`,
      'INVALID_RESOURCE',
    );
  if (json['resourceType'] !== type) {
    throw fail.badRequest(
      `${where} must be a ${type} resource`,
      'INVALID_RESOURCE',
      'resourceType',
    );
  }
  return json;
}

/** Which resource types the server serves; others are 404 (LHCR-ERR-06). */
export function checkType(core: Core, type: string): void {
  if (core.rules.types.has(type)) return;
  if (core.defects.has('unknown-type-400')) {
    throw fail.badRequest('The resource type is not served here', 'INVALID_RESOURCE_TYPE');
  }
  throw fail.unknownType(type);
}

/** AuditEvents cannot be changed through the API (LHCR-AUD-04). */
function checkWritable(core: Core, type: string): void {
  if (type === 'AuditEvent' && !core.defects.has('audit-editable')) {
    throw fail.methodNotAllowed(
      'The audit trail cannot be created, changed or deleted through the API',
      ['GET'],
    );
  }
}

function notFound(core: Core, type: string, id: string): FhirHttpError {
  if (core.defects.has('unknown-id-not-404')) {
    return fail.badRequest('The resource id is not valid here', 'INVALID_RESOURCE_ID');
  }
  return fail.notFound(
    `${type}/${FHIR_ID.test(id) ? id : '(invalid id)'} is not known to this server`,
  );
}

/** A record the request may see, or the error it gets instead. */
function visibleRecord(core: Core, exchange: Exchange, type: string, id: string): ResourceRecord {
  if (!FHIR_ID.test(id)) throw notFound(core, type, id);
  const current = core.store.current(type, id);
  if (current === undefined) throw notFound(core, type, id);
  const { record } = current;
  for (const patient of record.patients) exchange.audit.patients.add(patient);
  if (record.deleted) throw fail.gone(`${type}/${id} was deleted`);
  const visibility = exchange.policy().visibility(record);
  if (visibility === 'dissent') throw noPatientConsent();
  if (visibility !== 'visible') throw notFound(core, type, id);
  return record;
}

/** GET [type]/[id] */
export function handleRead(core: Core, exchange: Exchange, type: string, id: string): FhirResponse {
  exchange.audit.interaction = 'read';
  exchange.audit.resourceType = type;
  requireScope(core, exchange, type, 'read');
  const record = visibleRecord(core, exchange, type, id);
  const json = core.store.bodies([record.seq]).get(record.seq);
  if (json === undefined) throw notFound(core, type, id);
  exchange.touched(type, id, record.patients);
  return {
    status: 200,
    body: exchange.view().present(JSON.parse(json) as JsonObject, record.patients),
    headers: versionHeaders(core, record),
  };
}

/** GET [type]/[id]/_history/[vid] */
export function handleVread(
  core: Core,
  exchange: Exchange,
  type: string,
  id: string,
  versionId: string,
): FhirResponse {
  exchange.audit.interaction = 'vread';
  exchange.audit.resourceType = type;
  requireScope(core, exchange, type, 'vread');
  const record = visibleRecord(core, exchange, type, id);
  const version = /^\d{1,9}$/.test(versionId)
    ? core.store.version(type, id, Number(versionId))
    : undefined;
  if (version === undefined) {
    throw fail.notFound(
      `${type}/${id} has no version ${/^\d{1,9}$/.test(versionId) ? versionId : '(invalid)'}`,
    );
  }
  if (version.json === null) throw fail.gone(`${type}/${id} version ${versionId} is a deletion`);
  exchange.touched(type, id, record.patients);
  return {
    status: 200,
    body: exchange.view().present(JSON.parse(version.json) as JsonObject, record.patients),
    headers: {
      etag: `W/"${String(version.version)}"`,
      'last-modified': httpDate(version.lastUpdated),
    },
  };
}

/** GET [type]/[id]/_history, [type]/_history and _history. */
export function handleHistory(
  core: Core,
  exchange: Exchange,
  type: string | undefined,
  id: string | undefined,
  pairs: readonly (readonly [string, string])[],
): FhirResponse {
  exchange.audit.interaction =
    id !== undefined ? 'history-instance' : type !== undefined ? 'history-type' : 'history-system';
  if (type !== undefined) {
    exchange.audit.resourceType = type;
    requireScope(core, exchange, type, id === undefined ? 'search' : 'history');
  }
  if (type !== undefined && id !== undefined) visibleRecord(core, exchange, type, id);
  let since: number | undefined;
  let count = core.rules.defaultPageSize;
  for (const [name, value] of pairs) {
    if (name === '_since') {
      const parsed = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed)) {
        throw fail.invalidSearch('_since must be a FHIR instant such as 2026-01-01T00:00:00Z');
      }
      since = parsed;
    } else if (name === '_count') {
      if (!/^\d{1,9}$/.test(value))
        throw fail.invalidSearch('_count must be a whole number of 0 or more');
      count = Math.min(Number(value), core.rules.maxPageSize);
    } else if (name !== '_format') {
      throw fail.invalidSearch('History takes only _since and _count');
    }
  }
  const versions = core.store.history(
    {
      ...(type === undefined ? {} : { type }),
      ...(id === undefined ? {} : { id }),
      ...(since === undefined ? {} : { since }),
    },
    10_000,
  );
  const access = exchange.policy();
  const currentCache = new Map<string, ResourceRecord | undefined>();
  const entries: PageEntry[] = [];
  for (const version of versions) {
    const key = `${version.type}/${version.id}`;
    if (!currentCache.has(key)) {
      const current = core.store.current(version.type, version.id)?.record;
      const allowed =
        current !== undefined &&
        (type !== undefined ||
          core.defects.has('ignore-scopes') ||
          scopesAllowSearch(core, exchange, version.type)) &&
        (current.deleted || access.visibility(current) === 'visible');
      currentCache.set(key, allowed ? current : undefined);
    }
    const current = currentCache.get(key);
    if (current === undefined) continue;
    entries.push({
      seq: current.seq,
      type: version.type,
      id: version.id,
      mode: 'match',
      patients: current.patients,
      version: version.version,
      deleted: version.deleted,
    });
  }
  const session = core.pages.open(
    {
      clientId: exchange.grant?.clientId ?? '',
      purpose: exchange.purpose ?? '',
      kind: 'history',
      entries,
      total: entries.length,
      includes: [],
      outcomes: [],
      self: `${core.baseUrl}/${[type, id, '_history'].filter((part) => part !== undefined).join('/')}`,
    },
    count,
  );
  return { status: 200, body: renderPage(core, exchange, session, 0, count) };
}

function scopesAllowSearch(core: Core, exchange: Exchange, type: string): boolean {
  try {
    requireScope(core, exchange, type, 'search');
    return true;
  } catch {
    return false;
  }
}

/** The `Prefer: return=…` of a write. */
export function preferReturn(
  headers: Readonly<Record<string, string | undefined>>,
): 'minimal' | 'representation' | 'OperationOutcome' {
  const match = /return\s*=\s*(minimal|representation|OperationOutcome)/i.exec(
    headers['prefer'] ?? '',
  );
  const value = match?.[1]?.toLowerCase();
  return value === 'minimal'
    ? 'minimal'
    : value === 'operationoutcome'
      ? 'OperationOutcome'
      : 'representation';
}

/** The version an `If-Match` header names (`W/"3"` or `"3"`). */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (match === null)
    throw fail.badRequest('If-Match must be an ETag such as W/"3"', 'INVALID_REQUEST');
  return Number(match[1]);
}

function writeResponse(
  core: Core,
  exchange: Exchange,
  written: WrittenResource,
  status: number,
  prefer: 'minimal' | 'representation' | 'OperationOutcome',
): FhirResponse {
  const headers = versionHeaders(core, written.record, true);
  if (prefer === 'minimal') return { status, headers };
  if (prefer === 'OperationOutcome') {
    return {
      status,
      headers,
      body: operationOutcome([
        {
          severity: 'information',
          code: 'informational',
          diagnostics: `${written.record.type}/${written.record.id} version ${String(written.record.version)} stored`,
        },
      ]) as unknown as JsonObject,
    };
  }
  return {
    status,
    headers,
    body: exchange.view().present(written.resource, written.record.patients),
  };
}

/** POST [type], with `If-None-Exist` for a conditional create. */
export async function handleCreate(
  core: Core,
  exchange: Exchange,
  type: string,
  json: unknown,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<FhirResponse> {
  exchange.audit.interaction = 'create';
  exchange.audit.resourceType = type;
  checkWritable(core, type);
  requireScope(core, exchange, type, 'create');
  const resource = { ...bodyResource(json, type), id: randomUUID() };
  if (!core.defects.has('accept-invalid')) {
    const issues = await validationErrors(core, resource);
    if (issues.length > 0) throw unprocessable(issues);
  }
  const condition = headers['if-none-exist'];
  const spec =
    condition === undefined
      ? undefined
      : parseSearch(type, [...new URLSearchParams(condition.replace(/^[^?]*\?/, ''))], {
          baseUrl: core.baseUrl,
          defaultCount: 1,
          maxCount: 1,
          lenient: false,
          defects: core.defects,
        }).spec;
  if (spec !== undefined && spec.conditions.length === 0) {
    throw fail.badRequest('If-None-Exist must hold at least one search parameter');
  }
  const outcome = core.repository.write((operations) => {
    if (spec !== undefined) {
      const matches = operations.search(spec);
      if (matches.length > 1) {
        throw fail.preconditionFailed('If-None-Exist matches more than one resource');
      }
      const match = matches[0];
      if (match !== undefined) {
        const current = operations.current(match.type, match.id);
        return {
          status: 200,
          written: {
            record: match,
            resource: JSON.parse(current?.json ?? '{}') as JsonObject,
            created: false,
          },
        };
      }
    }
    return { status: 201, written: operations.put(resource) };
  });
  exchange.touched(type, outcome.written.record.id, outcome.written.record.patients);
  return writeResponse(core, exchange, outcome.written, outcome.status, preferReturn(headers));
}

/** PUT [type]/[id], with `If-Match`. */
export async function handleUpdate(
  core: Core,
  exchange: Exchange,
  type: string,
  id: string,
  json: unknown,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<FhirResponse> {
  exchange.audit.interaction = 'update';
  exchange.audit.resourceType = type;
  checkWritable(core, type);
  requireScope(core, exchange, type, 'update');
  if (!FHIR_ID.test(id))
    throw fail.badRequest('The id in the URL is not a FHIR id', 'INVALID_RESOURCE_ID');
  const resource = bodyResource(json, type);
  if (resource['id'] !== id) {
    throw fail.badRequest(
      'The resource id must equal the id in the URL',
      'INVALID_RESOURCE_ID',
      `${type}.id`,
    );
  }
  const ifMatch = ifMatchVersion(headers['if-match']);
  if (!core.defects.has('accept-invalid')) {
    const issues = await validationErrors(core, resource);
    if (issues.length > 0) throw unprocessable(issues);
  }
  const written = core.repository.write((operations) =>
    operations.put(resource, ifMatch === undefined ? {} : { ifMatch }),
  );
  exchange.touched(type, id, written.record.patients);
  return writeResponse(core, exchange, written, written.created ? 201 : 200, preferReturn(headers));
}

/** DELETE [type]/[id], with `If-Match`. */
export function handleDelete(
  core: Core,
  exchange: Exchange,
  type: string,
  id: string,
  headers: Readonly<Record<string, string | undefined>>,
): FhirResponse {
  exchange.audit.interaction = 'delete';
  exchange.audit.resourceType = type;
  checkWritable(core, type);
  requireScope(core, exchange, type, 'delete');
  if (!FHIR_ID.test(id)) throw notFound(core, type, id);
  const ifMatch = ifMatchVersion(headers['if-match']);
  const existing = core.store.current(type, id);
  if (existing === undefined) throw notFound(core, type, id);
  for (const patient of existing.record.patients) exchange.audit.patients.add(patient);
  const removed = core.repository.write((operations) =>
    operations.remove(type, id, ifMatch === undefined ? {} : { ifMatch }),
  );
  exchange.touched(type, id, []);
  return {
    status: 204,
    headers: removed === undefined ? {} : { etag: `W/"${String(removed.version)}"` },
  };
}

/** The current time, for Bundle meta. */
export function bundleTime(): string {
  return nowInstant();
}
