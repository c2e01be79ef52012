import { randomUUID } from 'node:crypto';
import { nowInstant } from '../fhir/dates';
import { parseSearch } from '../fhir/search-query';
import { FhirHttpError, fail, sanitiseToken } from '../http/outcome';
import type { IssueInput } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { WrittenResource } from '../repository';
import { requireScope } from './context';
import type { Core, Exchange, FhirResponse } from './context';
import { FHIR_ID, checkType, ifMatchVersion, unprocessable, validationErrors } from './resources';

/** Most entries a transaction or batch may hold. */
export const MAX_BUNDLE_ENTRIES = 10_000;

/** One entry of a transaction or batch, read and checked. */
export interface BundleRequest {
  readonly index: number;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path below the base, without a query. */
  readonly path: string;
  readonly query: string;
  readonly type: string;
  readonly id: string | undefined;
  readonly resource: JsonObject | undefined;
  readonly fullUrl: string | undefined;
  readonly ifNoneExist: string | undefined;
  readonly ifMatch: string | undefined;
}

/** Reads the entries of a transaction or batch Bundle; refuses a malformed one with 400. */
export function readBundleRequests(core: Core, bundle: JsonObject): BundleRequest[] {
  const entries = Array.isArray(bundle['entry']) ? bundle['entry'] : [];
  if (entries.length > MAX_BUNDLE_ENTRIES) {
    throw fail.badRequest(`A Bundle may hold at most ${String(MAX_BUNDLE_ENTRIES)} entries`);
  }
  return entries.map((entry: unknown, index) => {
    const where = `Bundle.entry[${String(index)}]`;
    if (!isRecord(entry) || !isRecord(entry['request'])) {
      throw fail.badRequest(`${where} has no request`, 'INVALID_REQUEST', `${where}.request`);
    }
    const request = entry['request'];
    const method = request['method'];
    if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
      throw fail.badRequest(
        `${where}.request.method must be GET, POST, PUT or DELETE`,
        'INVALID_REQUEST',
        `${where}.request.method`,
      );
    }
    let url = typeof request['url'] === 'string' ? request['url'] : '';
    if (url.startsWith(`${core.baseUrl}/`)) url = url.slice(core.baseUrl.length + 1);
    const question = url.indexOf('?');
    const path = (question < 0 ? url : url.slice(0, question)).replace(/^\/+|\/+$/g, '');
    const query = question < 0 ? '' : url.slice(question + 1);
    const segments = path.split('/').filter((part) => part !== '');
    const type = segments[0] ?? '';
    if (!/^[A-Z][A-Za-z]+$/.test(type)) {
      throw fail.badRequest(
        `${where}.request.url must start with a resource type`,
        'INVALID_REQUEST',
        `${where}.request.url`,
      );
    }
    const id = segments[1];
    const resource = isRecord(entry['resource']) ? entry['resource'] : undefined;
    if ((method === 'POST' || method === 'PUT') && resource === undefined) {
      throw fail.badRequest(`${where} needs a resource`, 'INVALID_RESOURCE', `${where}.resource`);
    }
    if (
      (method === 'PUT' || method === 'DELETE') &&
      (id === undefined || segments.length !== 2 || query !== '')
    ) {
      throw fail.badRequest(
        `${where}.request.url must be ${type}/[id] (conditional updates and deletes are not supported)`,
        'INVALID_REQUEST',
        `${where}.request.url`,
      );
    }
    if (method === 'POST' && segments.length !== 1) {
      throw fail.badRequest(
        `${where}.request.url must be ${type}`,
        'INVALID_REQUEST',
        `${where}.request.url`,
      );
    }
    return {
      index,
      method,
      path,
      query,
      type,
      id,
      resource,
      fullUrl: typeof entry['fullUrl'] === 'string' ? entry['fullUrl'] : undefined,
      ifNoneExist: typeof request['ifNoneExist'] === 'string' ? request['ifNoneExist'] : undefined,
      ifMatch: typeof request['ifMatch'] === 'string' ? request['ifMatch'] : undefined,
    };
  });
}

function rewriteReferences(value: unknown, map: ReadonlyMap<string, string>): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) stack.push(...(current as unknown[]));
    else if (isRecord(current)) {
      const reference = current['reference'];
      if (typeof reference === 'string') {
        const target = map.get(reference);
        if (target !== undefined) current['reference'] = target;
      }
      for (const inner of Object.values(current)) {
        if (typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
}

interface EntryResult {
  readonly status: string;
  readonly written?: WrittenResource;
}

/**
 * A transaction: every entry or none (one SQLite transaction). Resources are validated first;
 * then, atomically, conditional creates are resolved, `urn:uuid` and other `fullUrl` references
 * are rewritten to the ids given, and deletes, creates and updates are applied in FHIR order.
 * Any failure rolls everything back and answers with the failing entry's status. GET entries
 * are not supported inside transactions (use a batch).
 */
export async function handleTransaction(
  core: Core,
  exchange: Exchange,
  bundle: JsonObject,
): Promise<FhirResponse> {
  exchange.audit.interaction = 'transaction';
  const requests = readBundleRequests(core, bundle);
  for (const request of requests) {
    if (request.method === 'GET') {
      throw fail.notSupported(
        `Bundle.entry[${String(request.index)}]: GET entries are supported in batches, not transactions`,
      );
    }
    checkType(core, request.type);
    if (request.type === 'AuditEvent' && !core.defects.has('audit-editable')) {
      throw fail.methodNotAllowed('The audit trail cannot be changed through the API', ['GET']);
    }
    requireScope(
      core,
      exchange,
      request.type,
      request.method === 'POST' ? 'create' : request.method === 'PUT' ? 'update' : 'delete',
    );
  }
  const ids = new Map<number, string>();
  const references = new Map<string, string>();
  for (const request of requests) {
    if (request.method === 'POST') ids.set(request.index, randomUUID());
    const id = request.method === 'POST' ? ids.get(request.index) : request.id;
    if (request.fullUrl !== undefined && id !== undefined)
      references.set(request.fullUrl, `${request.type}/${id}`);
    if (request.method === 'PUT' && request.resource?.['id'] !== request.id) {
      throw fail.badRequest(
        `Bundle.entry[${String(request.index)}]: the resource id must equal the id in request.url`,
        'INVALID_RESOURCE_ID',
        `Bundle.entry[${String(request.index)}].resource.id`,
      );
    }
    if (request.method === 'PUT' && (request.id === undefined || !FHIR_ID.test(request.id))) {
      throw fail.badRequest(
        `Bundle.entry[${String(request.index)}]: request.url has no valid id`,
        'INVALID_RESOURCE_ID',
      );
    }
    if (request.resource !== undefined && request.resource['resourceType'] !== request.type) {
      throw fail.badRequest(
        `Bundle.entry[${String(request.index)}]: the resource is not a ${sanitiseToken(request.type)}`,
        'INVALID_RESOURCE',
      );
    }
  }
  const resources = new Map<number, JsonObject>();
  const issues: IssueInput[] = [];
  for (const request of requests) {
    if (request.resource === undefined) continue;
    const resource = { ...request.resource, id: ids.get(request.index) ?? request.id };
    resources.set(request.index, resource);
    if (!core.defects.has('accept-invalid')) {
      issues.push(
        ...(await validationErrors(
          core,
          resource,
          `Bundle.entry[${String(request.index)}].resource.`,
        )),
      );
    }
  }
  if (issues.length > 0) throw unprocessable(issues.slice(0, 100));
  const conditions = new Map(
    requests
      .filter((request) => request.method === 'POST' && request.ifNoneExist !== undefined)
      .map((request) => [
        request.index,
        parseSearch(
          request.type,
          [...new URLSearchParams((request.ifNoneExist ?? '').replace(/^[^?]*\?/, ''))],
          {
            baseUrl: core.baseUrl,
            defaultCount: 1,
            maxCount: 1,
            lenient: false,
            defects: core.defects,
          },
        ).spec,
      ]),
  );
  const results = core.repository.write((operations) => {
    const out = new Map<number, EntryResult>();
    for (const [index, spec] of conditions) {
      const matches = operations.search(spec);
      if (matches.length > 1) {
        throw new FhirHttpError(412, {
          code: 'conflict',
          diagnostics: `Bundle.entry[${String(index)}]: ifNoneExist matches more than one resource`,
          details: 'PRECONDITION_FAILED',
        });
      }
      const match = matches[0];
      if (match !== undefined) {
        const request = requests[index] as BundleRequest;
        if (request.fullUrl !== undefined)
          references.set(request.fullUrl, `${match.type}/${match.id}`);
        const current = operations.current(match.type, match.id);
        out.set(index, {
          status: '200 OK',
          written: {
            record: match,
            resource: JSON.parse(current?.json ?? '{}') as JsonObject,
            created: false,
          },
        });
      }
    }
    for (const resource of resources.values()) rewriteReferences(resource, references);
    const order = ['DELETE', 'POST', 'PUT'] as const;
    for (const method of order) {
      for (const request of requests) {
        if (request.method !== method || out.has(request.index)) continue;
        const where = `Bundle.entry[${String(request.index)}]`;
        try {
          if (method === 'DELETE') {
            operations.remove(request.type, request.id as string, {
              ...(request.ifMatch === undefined
                ? {}
                : { ifMatch: ifMatchVersion(request.ifMatch) as number }),
            });
            out.set(request.index, { status: '204 No Content' });
          } else {
            const ifMatch = ifMatchVersion(request.ifMatch);
            const written = operations.put(
              resources.get(request.index) as JsonObject,
              ifMatch === undefined ? {} : { ifMatch },
            );
            out.set(request.index, { status: written.created ? '201 Created' : '200 OK', written });
          }
        } catch (error) {
          if (error instanceof FhirHttpError) {
            throw new FhirHttpError(
              error.status,
              error.outcome.issue.map((issue) => ({
                severity: issue.severity,
                code: issue.code,
                diagnostics: `${where}: ${issue.diagnostics ?? ''}`,
              })),
            );
          }
          throw error;
        }
      }
    }
    return out;
  });
  const present = exchange.view();
  const entries = requests.map((request) => {
    const result = results.get(request.index) as EntryResult;
    const response: JsonObject = { status: result.status };
    const entry: JsonObject = {};
    if (result.written !== undefined) {
      const { record } = result.written;
      exchange.touched(record.type, record.id, record.patients);
      response['location'] =
        `${core.baseUrl}/${record.type}/${record.id}/_history/${String(record.version)}`;
      response['etag'] = `W/"${String(record.version)}"`;
      response['lastModified'] = nowInstant(record.lastUpdated);
      entry['fullUrl'] = `${core.baseUrl}/${record.type}/${record.id}`;
      entry['resource'] = present.present(result.written.resource, record.patients);
    }
    entry['response'] = response;
    return entry;
  });
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: nowInstant() },
      type: 'transaction-response',
      entry: entries,
    },
  };
}
