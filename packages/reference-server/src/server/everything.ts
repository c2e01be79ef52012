import { parseReference } from '../fhir/index-resource';
import { fail } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { ResourceRecord } from '../storage/store';
import { mayRead, noPatientConsent, requireScope } from './context';
import type { Core, Exchange, FhirResponse } from './context';
import type { PageEntry } from './pages';
import { FHIR_ID } from './resources';
import { optOutFlag, renderPage, withheldOutcome } from './search';

function referencesIn(value: unknown, out: Set<string>): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) stack.push(...(current as unknown[]));
    else if (isRecord(current)) {
      const reference = current['reference'];
      if (typeof reference === 'string') {
        const parsed = parseReference(reference);
        if (parsed?.relative === true) out.add(`${parsed.type}/${parsed.id}`);
      }
      for (const [key, inner] of Object.entries(current)) {
        if (key !== 'meta' && typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
}

/**
 * `Patient/[id]/$everything`: the Patient, every record of their compartment the client may see
 * (scopes, dissent, restricted data), and the organisations and professionals those records
 * point to, paged like a search (LHCR-SRCH-08). `_type`, `_since` and `_count` are honoured.
 */
export function handleEverything(
  core: Core,
  exchange: Exchange,
  id: string,
  pairs: readonly (readonly [string, string])[],
): FhirResponse {
  exchange.audit.interaction = 'operation';
  exchange.audit.operation = '$everything';
  exchange.audit.resourceType = 'Patient';
  requireScope(core, exchange, 'Patient', 'everything');
  let types: string[] | undefined;
  let since: number | undefined;
  let count = core.rules.defaultPageSize;
  for (const [name, value] of pairs) {
    if (name === '_type') {
      types = value.split(',').map((type) => type.trim());
      for (const type of types) {
        if (!core.rules.types.has(type))
          throw fail.invalidSearch('_type names a type this server does not serve');
      }
    } else if (name === '_since') {
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
      throw fail.invalidSearch('$everything takes only _type, _since and _count');
    }
  }
  if (!FHIR_ID.test(id)) throw fail.notFound('The Patient id is not valid');
  exchange.audit.patients.add(id);
  const patient = core.store.current('Patient', id);
  if (patient === undefined || patient.record.deleted)
    throw fail.notFound(`Patient/${id} is not known to this server`);
  const access = exchange.policy();
  if (access.dissents(id)) throw noPatientConsent();
  if (access.visibility(patient.record) !== 'visible')
    throw fail.notFound(`Patient/${id} is not known to this server`);

  const onlyPatient = core.defects.has('everything-patient-only');
  const compartment = onlyPatient
    ? [patient.record]
    : core.store.compartment(id, {
        ...(types === undefined ? {} : { types }),
        ...(since === undefined ? {} : { since }),
      });
  const matches: ResourceRecord[] = [];
  if (types === undefined || types.includes('Patient')) matches.push(patient.record);
  for (const record of compartment) {
    if (record.type === 'Patient') continue;
    if (!mayRead(core, exchange, record.type)) continue;
    if (access.visibility(record) === 'visible') matches.push(record);
  }
  const entries: PageEntry[] = matches.map((record) => ({
    seq: record.seq,
    type: record.type,
    id: record.id,
    mode: 'match',
    patients: record.patients,
  }));
  if (
    !onlyPatient &&
    core.defects.has('expose-optout-flag') &&
    access.nationalOptedOut(id) &&
    (types === undefined || types.includes('Flag'))
  ) {
    const flag = optOutFlag(id);
    entries.push({
      seq: -1,
      type: 'Flag',
      id: flag['id'] as string,
      mode: 'match',
      patients: [id],
      synthetic: flag,
    });
  }
  if (!onlyPatient) {
    const keys = new Set<string>();
    const bodies = core.store.bodies(matches.map((record) => record.seq));
    for (const json of bodies.values()) referencesIn(JSON.parse(json) as JsonObject, keys);
    const inMatches = new Set(matches.map((record) => `${record.type}/${record.id}`));
    const wanted = [...keys]
      .filter((key) => !inMatches.has(key))
      .map((key) => {
        const [type, refId] = key.split('/') as [string, string];
        return { type, id: refId };
      })
      .filter(({ type }) => core.rules.types.has(type) && mayRead(core, exchange, type));
    for (const record of core.store.records(wanted)) {
      if (record.patients.length > 0 || access.visibility(record) !== 'visible') continue;
      entries.push({
        seq: record.seq,
        type: record.type,
        id: record.id,
        mode: 'include',
        patients: [],
      });
    }
  }
  const outcomes: JsonObject[] = [];
  if (!core.defects.has('no-withheld-marker') && core.store.patientsWithWithheld([id]).size > 0) {
    outcomes.push(withheldOutcome());
  }
  const session = core.pages.open(
    {
      clientId: exchange.grant?.clientId ?? '',
      purpose: exchange.purpose ?? '',
      kind: 'searchset',
      entries,
      total: entries.filter((entry) => entry.mode === 'match').length,
      includes: [],
      outcomes,
      self: `${core.baseUrl}/Patient/${id}/$everything`,
    },
    count,
  );
  return { status: 200, body: renderPage(core, exchange, session, 0, count) };
}
