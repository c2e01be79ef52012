import { randomUUID } from 'node:crypto';
import { UK_CORE_CODE_SYSTEMS } from '@lhcr/models';
import { CONFIDENTIAL_ITEMS_NOTE } from '@lhcr/optout';
import { nowInstant } from '../fhir/dates';
import { parseReference, valuesAt } from '../fhir/index-resource';
import { searchParam } from '../fhir/search-params';
import { parseSearch } from '../fhir/search-query';
import type { IncludeSpec, ParsedSearch } from '../fhir/search-query';
import { FhirHttpError, fail } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { ResourceRecord } from '../storage/store';
import { mayRead, noPatientConsent, requireScope } from './context';
import type { Core, Exchange, FhirResponse } from './context';
import type { PageEntry, PageSession } from './pages';

/** The OperationOutcome that says records were withheld (LHCR-RDA-03). */
export function withheldOutcome(): JsonObject {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'suppressed',
        diagnostics: CONFIDENTIAL_ITEMS_NOTE,
        details: {
          coding: [
            {
              system: UK_CORE_CODE_SYSTEMS.listWarningCode,
              code: 'confidential-items',
              display: 'Confidential Items',
            },
          ],
          text: CONFIDENTIAL_ITEMS_NOTE,
        },
      },
    ],
  };
}

/** The OperationOutcome of the `disclose-optout` defect. */
function disclosedOptOutOutcome(): JsonObject {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'suppressed',
        diagnostics:
          'Records of patients with a national data opt-out were removed from this response.',
      },
    ],
  };
}

/** The Flag of the `expose-optout-flag` defect. */
export function optOutFlag(patientId: string): JsonObject {
  return {
    resourceType: 'Flag',
    id: `ndop-${patientId}`.slice(0, 64),
    meta: { lastUpdated: nowInstant() },
    status: 'active',
    code: {
      coding: [
        {
          system: 'http://snomed.info/sct',
          code: '827241000000103',
          display: 'National data opt-out',
        },
      ],
      text: 'National data opt-out registered',
    },
    subject: { reference: `Patient/${patientId}` },
  };
}

/** Search settings from the request: strict or lenient handling. */
export function isLenient(headers: Readonly<Record<string, string | undefined>>): boolean {
  const prefer = headers['prefer'] ?? '';
  return /(?:^|[\s,;])handling\s*=\s*lenient\b/i.test(prefer);
}

function pageLink(core: Core, session: PageSession, offset: number, count: number): string {
  return `${core.baseUrl}?_getpages=${session.id}&_getpagesoffset=${String(offset)}&_count=${String(count)}`;
}

/** Resolves the `_include`s of a page of matches: visible referenced resources, once each. */
function includeEntries(
  core: Core,
  exchange: Exchange,
  matches: readonly JsonObject[],
  includes: readonly IncludeSpec[],
  seen: Set<string>,
): { record: ResourceRecord; json: JsonObject }[] {
  const keys: { type: string; id: string }[] = [];
  for (const include of includes) {
    const def = searchParam(include.sourceType, include.param);
    if (def === undefined) continue;
    for (const match of matches) {
      for (const path of def.paths) {
        for (const value of valuesAt(match, path)) {
          if (!isRecord(value) || typeof value['reference'] !== 'string') continue;
          const parsed = parseReference(value['reference']);
          if (parsed === undefined || !parsed.relative) continue;
          if (include.targetType !== undefined && parsed.type !== include.targetType) continue;
          const key = `${parsed.type}/${parsed.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          keys.push({ type: parsed.type, id: parsed.id });
        }
      }
    }
  }
  const access = exchange.policy();
  const records = core.store
    .records(keys)
    .filter(
      (record) => mayRead(core, exchange, record.type) && access.visibility(record) === 'visible',
    );
  const bodies = core.store.bodies(records.map((record) => record.seq));
  return records.flatMap((record) => {
    const json = bodies.get(record.seq);
    return json === undefined ? [] : [{ record, json: JSON.parse(json) as JsonObject }];
  });
}

/** One page of a result snapshot as a Bundle. */
export function renderPage(
  core: Core,
  exchange: Exchange,
  session: PageSession,
  offset: number,
  count: number,
): JsonObject {
  const slice = count === 0 ? [] : session.entries.slice(offset, offset + count);
  const present = exchange.view();
  const entries: JsonObject[] = [];
  const matches: JsonObject[] = [];
  const seen = new Set(slice.map((entry) => `${entry.type}/${entry.id}`));
  if (session.kind === 'history') {
    for (const entry of slice) {
      const version = core.store.version(entry.type, entry.id, entry.version ?? 0);
      if (version === undefined) continue;
      const url = `${core.baseUrl}/${entry.type}/${entry.id}`;
      const out: JsonObject = {
        fullUrl: url,
        request: {
          method: version.deleted ? 'DELETE' : version.version === 1 ? 'POST' : 'PUT',
          url: version.version === 1 && !version.deleted ? entry.type : `${entry.type}/${entry.id}`,
        },
        response: {
          status: version.deleted ? '204' : version.version === 1 ? '201' : '200',
          etag: `W/"${String(version.version)}"`,
          lastModified: nowInstant(version.lastUpdated),
        },
      };
      if (version.json !== null) {
        out['resource'] = present.present(JSON.parse(version.json) as JsonObject, entry.patients);
      }
      exchange.touched(entry.type, entry.id, entry.patients);
      entries.push(out);
    }
  } else {
    const bodies = core.store.bodies(
      slice.filter((entry) => entry.synthetic === undefined).map((entry) => entry.seq),
    );
    for (const entry of slice) {
      const raw =
        entry.synthetic ??
        (bodies.has(entry.seq)
          ? (JSON.parse(bodies.get(entry.seq) as string) as JsonObject)
          : undefined);
      if (raw === undefined) continue;
      if (entry.mode === 'match') matches.push(raw);
      exchange.touched(entry.type, entry.id, entry.patients);
      entries.push({
        fullUrl: `${core.baseUrl}/${entry.type}/${entry.id}`,
        resource: present.present(raw, entry.patients),
        search: { mode: entry.mode },
      });
    }
    for (const { record, json } of includeEntries(
      core,
      exchange,
      matches,
      session.includes,
      seen,
    )) {
      exchange.touched(record.type, record.id, record.patients);
      entries.push({
        fullUrl: `${core.baseUrl}/${record.type}/${record.id}`,
        resource: present.present(json, record.patients),
        search: { mode: 'include' },
      });
    }
    for (const outcome of session.outcomes) {
      entries.push({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: outcome,
        search: { mode: 'outcome' },
      });
    }
  }
  const links: JsonObject[] = [
    { relation: 'self', url: offset === 0 ? session.self : pageLink(core, session, offset, count) },
  ];
  if (count > 0 && session.entries.length > count) {
    links.push({ relation: 'first', url: pageLink(core, session, 0, count) });
  }
  if (count > 0 && offset + count < session.entries.length && !core.defects.has('no-paging')) {
    links.push({ relation: 'next', url: pageLink(core, session, offset + count, count) });
  }
  if (count > 0 && offset > 0) {
    links.push({
      relation: 'previous',
      url: pageLink(core, session, Math.max(0, offset - count), count),
    });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: nowInstant() },
    type: session.kind,
    total: session.total,
    link: links,
    entry: entries,
  };
}

/** Continues a paged result (`[base]?_getpages=…`); 410 once the snapshot has expired. */
export function handlePage(
  core: Core,
  exchange: Exchange,
  pairs: readonly (readonly [string, string])[],
): FhirResponse {
  const get = (name: string): string | undefined => pairs.find(([key]) => key === name)?.[1];
  exchange.audit.interaction = 'search-type';
  const id = get('_getpages') ?? '';
  const session = core.pages.get(id);
  if (session === undefined) {
    throw new FhirHttpError(410, {
      code: 'not-found',
      diagnostics: 'This page of results has expired or never existed; run the search again',
      details: 'INVALID_REQUEST',
    });
  }
  exchange.audit.resourceType = session.entries[0]?.type;
  if (session.clientId !== exchange.grant?.clientId || session.purpose !== exchange.purpose) {
    throw fail.forbidden(
      'This page of results belongs to another client or purpose of use',
      'ACCESS_DENIED',
      'page of another client',
    );
  }
  const offset = Number(get('_getpagesoffset') ?? '0');
  const count = Number(get('_count') ?? String(core.rules.defaultPageSize));
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 0) {
    throw fail.invalidSearch('_getpagesoffset and _count must be whole numbers of 0 or more');
  }
  return {
    status: 200,
    body: renderPage(core, exchange, session, offset, Math.min(count, core.rules.maxPageSize)),
  };
}

function selfLink(core: Core, type: string, parsed: ParsedSearch, post: boolean): string {
  if (post) return `${core.baseUrl}/${type}/_search`;
  const query = new URLSearchParams(
    parsed.applied.map(([name, value]): [string, string] => [name, value]),
  ).toString();
  return query === '' ? `${core.baseUrl}/${type}` : `${core.baseUrl}/${type}?${query}`;
}

/**
 * A search of one type (GET, or POST `_search` with a form body: the same results,
 * LHCR-SRCH-07): parsed strictly, run in the store, every match checked against the request's
 * opt-out, dissent and restricted-data decisions, then paged from a snapshot.
 */
export function handleSearch(
  core: Core,
  exchange: Exchange,
  type: string,
  pairs: readonly (readonly [string, string])[],
  options: { readonly post: boolean; readonly lenient: boolean },
): FhirResponse {
  exchange.audit.interaction = 'search-type';
  exchange.audit.resourceType = type;
  requireScope(core, exchange, type, 'search');
  const parsed = parseSearch(type, pairs, {
    baseUrl: core.baseUrl,
    defaultCount: core.rules.defaultPageSize,
    maxCount: core.rules.maxPageSize,
    lenient: options.lenient,
    defects: core.defects,
  });
  const access = exchange.policy();
  const scope = parsed.patientScope;
  if (scope !== undefined) {
    for (const patient of scope) exchange.audit.patients.add(patient);
    if (type !== 'Patient' && scope.some((patient) => access.dissents(patient)))
      throw noPatientConsent();
  }
  const entries: PageEntry[] = [];
  let withheld = 0;
  let optedOut = 0;
  for (const record of core.store.search(parsed.spec)) {
    const { visibility, reason } = access.explain(record);
    if (visibility === 'visible') {
      entries.push({
        seq: record.seq,
        type: record.type,
        id: record.id,
        mode: 'match',
        patients: record.patients,
      });
    } else if (visibility === 'withheld') {
      withheld += 1;
    } else if (visibility === 'optout' && reason === 'national-opt-out') {
      optedOut += 1;
    }
  }
  if (type === 'Flag' && core.defects.has('expose-optout-flag') && access.use === 'direct-care') {
    const patients = scope ?? [];
    for (const patient of patients) {
      if (access.nationalOptedOut(patient)) {
        const flag = optOutFlag(patient);
        entries.push({
          seq: -1,
          type: 'Flag',
          id: flag['id'] as string,
          mode: 'match',
          patients: [patient],
          synthetic: flag,
        });
      }
    }
  }
  const outcomes: JsonObject[] = [];
  if (!core.defects.has('no-withheld-marker')) {
    let marked: boolean;
    if (scope !== undefined) {
      const visiblePatients = core.store
        .records(scope.map((id) => ({ type: 'Patient', id })))
        .filter((record) => access.visibility(record) === 'visible')
        .map((record) => record.id);
      marked = core.store.patientsWithWithheld(visiblePatients).size > 0;
    } else {
      marked = withheld > 0;
    }
    if (marked) outcomes.push(withheldOutcome());
  }
  if (optedOut > 0 && core.defects.has('disclose-optout')) outcomes.push(disclosedOptOutOutcome());
  const total = entries.length + (core.defects.has('count-withheld') ? withheld : 0);
  const session = core.pages.open(
    {
      clientId: exchange.grant?.clientId ?? '',
      purpose: exchange.purpose ?? '',
      kind: 'searchset',
      entries,
      total,
      includes: parsed.includes,
      outcomes,
      self: selfLink(core, type, parsed, options.post),
    },
    parsed.count,
  );
  const bundle = renderPage(core, exchange, session, 0, parsed.count);
  const headers: Record<string, string> = {};
  if (parsed.ignored.length > 0) {
    headers['x-lhcr-ignored-parameters'] = parsed.ignored
      .map((name) => name.replace(/[^A-Za-z0-9_:.-]/g, ''))
      .join(',');
  }
  return { status: 200, body: bundle, headers };
}
