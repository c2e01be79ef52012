import { ODS_ORGANIZATION_SYSTEM } from '@lhcr/models';
import { patientReferencesOf, sharingDecisionOf, type1EvidenceOf } from '@lhcr/optout';
import { indexResource, parseReference } from '../fhir/index-resource';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { DerivedData, SharingRow, Type1Row } from '../storage/store';

/** Types kept out of patient compartments: the audit trail and cohort definitions. */
const NO_COMPARTMENT = new Set(['AuditEvent', 'Group']);

/** The Patient ids a resource belongs to (its own id for a Patient). */
export function compartmentPatients(resource: JsonObject): string[] {
  const type = resource['resourceType'];
  if (type === 'Patient') return typeof resource['id'] === 'string' ? [resource['id']] : [];
  if (typeof type !== 'string' || NO_COMPARTMENT.has(type)) return [];
  const ids = new Set<string>();
  for (const reference of patientReferencesOf(resource)) {
    if (!isRecord(reference) || typeof reference['reference'] !== 'string') continue;
    const parsed = parseReference(reference['reference']);
    if (parsed?.type === 'Patient' && parsed.relative) ids.add(parsed.id);
  }
  return [...ids];
}

const ODS_SOURCE = [
  /^urn:lhcr:ods:([A-Za-z0-9]{3,10})$/,
  new RegExp(
    `^${ODS_ORGANIZATION_SYSTEM.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\|([A-Za-z0-9]{3,10})$`,
  ),
];

/**
 * The ODS code of the organisation a record came from, read from `meta.source`
 * (`urn:lhcr:ods:<code>` or `https://fhir.nhs.uk/Id/ods-organization-code|<code>`).
 */
export function sourceOdsOf(resource: JsonObject): string | null {
  const meta = resource['meta'];
  const source = isRecord(meta) ? meta['source'] : undefined;
  if (typeof source !== 'string') return null;
  for (const pattern of ODS_SOURCE) {
    const match = pattern.exec(source);
    if (match !== null) return (match[1] as string).toUpperCase();
  }
  return null;
}

function type1Of(resource: JsonObject): Type1Row | undefined {
  const evidence = type1EvidenceOf(resource);
  return evidence === undefined
    ? undefined
    : { meaning: evidence.meaning, date: evidence.date ?? null };
}

function sharingOf(resource: JsonObject): SharingRow | undefined {
  if (resource['resourceType'] !== 'Consent') return undefined;
  // Read the decision as if active, and keep the status beside it: a defect needs inactive ones.
  const read = sharingDecisionOf({ ...resource, status: 'active' });
  if (!read.ok) return undefined;
  const { decision } = read;
  return {
    type: decision.type,
    active: resource['status'] === 'active',
    dateTime: decision.dateTime ?? null,
    periodStart: decision.periodStart ?? null,
    periodEnd: decision.periodEnd ?? null,
  };
}

/** Everything the store keeps beside a resource. */
export function deriveData(resource: JsonObject): DerivedData {
  return {
    index: indexResource(resource),
    patients: compartmentPatients(resource),
    sourceOds: sourceOdsOf(resource),
    type1: type1Of(resource),
    sharing: sharingOf(resource),
  };
}
