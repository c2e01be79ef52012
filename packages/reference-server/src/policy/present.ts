import { createHash } from 'node:crypto';
import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM, UK_CORE_EXTENSIONS } from '@lhcr/models';
import { createRestrictedCodeList, stripWithheldReferences } from '@lhcr/optout';
import type { WithheldKeyInfo } from '@lhcr/optout';
import type { DefectSet } from '../defects';
import { parseReference } from '../fhir/index-resource';
import { cloneJson, isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { ResourceStore } from '../storage/store';
import { hasConfidentiality } from './withheld';

const WITHHELD_LIST = createRestrictedCodeList({
  id: 'withheld',
  title: 'Withheld records',
  category: 'other',
  codes: [],
});

const PATIENT_REFERENCE_ELEMENTS = ['subject', 'patient'] as const;

/**
 * Shapes every resource on its way out: suppresses the contact details of patients labelled
 * restricted (LHCR-RDA-06), removes links to other NHS numbers (LHCR-RDA-07) and references to
 * withheld records, and applies the output defects when they are switched on. The stored
 * resource is never changed; a copy is returned when anything changes.
 */
export class Presenter {
  private readonly withheldKeys = new Map<string, ReadonlyMap<string, WithheldKeyInfo>>();

  constructor(
    private readonly store: ResourceStore,
    private readonly defects: DefectSet,
  ) {}

  private withheldOf(patientId: string): ReadonlyMap<string, WithheldKeyInfo> {
    let keys = this.withheldKeys.get(patientId);
    if (keys === undefined) {
      const map = new Map<string, WithheldKeyInfo>();
      for (const record of this.store.compartment(patientId)) {
        if (record.withheld === 'none') continue;
        const key = `${record.type}/${record.id}`;
        map.set(key, { list: WITHHELD_LIST, reference: key });
      }
      keys = map;
      this.withheldKeys.set(patientId, keys);
    }
    return keys;
  }

  /** The resource as this server returns it. */
  present(stored: JsonObject, patients: readonly string[] = []): JsonObject {
    let resource = cloneJson(stored);
    const type = resource['resourceType'];
    const has = (id: Parameters<DefectSet['has']>[0]): boolean => this.defects.has(id);
    if (type === 'Patient') this.patient(resource);
    if (type === 'Organization' && has('wrong-ods-system')) {
      for (const identifier of arrayOf(resource['identifier'])) {
        if (identifier['system'] === ODS_ORGANIZATION_SYSTEM) {
          identifier['system'] = 'https://fhir.nhs.uk/Id/ods-organisation-code';
        }
      }
    }
    if (
      (type === 'Encounter' || type === 'List' || type === 'Composition') &&
      patients.length > 0
    ) {
      for (const patient of patients) {
        const stripped = stripWithheldReferences(resource, this.withheldOf(patient));
        if (stripped !== undefined) resource = stripped.resource;
      }
    }
    if (has('break-patient-references') && type !== 'Patient') {
      for (const element of PATIENT_REFERENCE_ELEMENTS) {
        const reference = resource[element];
        if (!isRecord(reference) || typeof reference['reference'] !== 'string') continue;
        const parsed = parseReference(reference['reference']);
        if (parsed?.type !== 'Patient') continue;
        const hash = createHash('sha256').update(parsed.id).digest('hex');
        reference['reference'] =
          `urn:uuid:${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-8${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
      }
    }
    if (has('no-last-updated') && isRecord(resource['meta'])) {
      delete resource['meta']['lastUpdated'];
    }
    if (has('drop-must-support') && (type === 'Condition' || type === 'AllergyIntolerance')) {
      delete resource['recordedDate'];
    }
    return resource;
  }

  private patient(resource: JsonObject): void {
    const has = (id: Parameters<DefectSet['has']>[0]): boolean => this.defects.has(id);
    if (hasConfidentiality(resource, 'R') && !has('leak-sensitive-contacts')) {
      delete resource['address'];
      delete resource['telecom'];
      delete resource['generalPractitioner'];
    }
    if (Array.isArray(resource['link']) && !has('keep-patient-links')) {
      const own = arrayOf(resource['identifier']).find((i) => i['system'] === NHS_NUMBER_SYSTEM)?.[
        'value'
      ];
      const kept = arrayOf(resource['link']).filter((link) => {
        const other = link['other'];
        const literal = isRecord(other) ? other['reference'] : undefined;
        const parsed = typeof literal === 'string' ? parseReference(literal) : undefined;
        if (parsed === undefined) return false;
        if (parsed.type !== 'Patient') return true;
        const theirs = this.store.patientNhsNumber(parsed.id);
        return theirs !== undefined && theirs === own;
      });
      if (kept.length === 0) delete resource['link'];
      else resource['link'] = kept;
    }
    for (const identifier of arrayOf(resource['identifier'])) {
      if (identifier['system'] !== NHS_NUMBER_SYSTEM) continue;
      if (has('drop-verification-status')) {
        const extensions = arrayOf(identifier['extension']).filter(
          (extension) => extension['url'] !== UK_CORE_EXTENSIONS.nhsNumberVerificationStatus,
        );
        if (extensions.length === 0) delete identifier['extension'];
        else identifier['extension'] = extensions;
      }
      if (has('raise-verification-status')) {
        for (const extension of arrayOf(identifier['extension'])) {
          if (extension['url'] !== UK_CORE_EXTENSIONS.nhsNumberVerificationStatus) continue;
          const concept = extension['valueCodeableConcept'];
          for (const coding of isRecord(concept) ? arrayOf(concept['coding']) : []) {
            coding['code'] = '01';
            coding['display'] = 'Number present and verified';
          }
        }
      }
      if (has('wrong-nhs-system')) identifier['system'] = 'http://fhir.nhs.net/Id/nhs-number';
    }
    if (has('hide-deceased')) {
      delete resource['deceasedDateTime'];
      delete resource['deceasedBoolean'];
    }
  }
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
