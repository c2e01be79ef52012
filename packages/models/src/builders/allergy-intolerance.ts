import type { AllergyIntolerance, CodeableConcept, Reference } from '../generated/fhir-r4';
import { UK_CORE_CODE_SYSTEMS, UK_CORE_PROFILES } from '../uk-core';
import { snomedConcept } from './common';
import type { SnomedConcept } from './common';
import { checkDateTime, concept, profileMeta, put } from './internal';

/**
 * What {@link buildAllergyIntolerance} takes. `code` is required by UK Core.
 *
 * @example
 * const input: AllergyIntoleranceInput = { patient: referenceTo(patient), code: { code: assertSnomedCtId('91936005'), display: 'Allergy to penicillin' } };
 */
export interface AllergyIntoleranceInput {
  id?: string;
  patient: Reference;
  /** A SNOMED CT concept, or a dm+d/other CodeableConcept. */
  code: SnomedConcept | CodeableConcept;
  clinicalStatus?: 'active' | 'inactive' | 'resolved';
  verificationStatus?: 'unconfirmed' | 'confirmed' | 'refuted' | 'entered-in-error';
  type?: NonNullable<AllergyIntolerance['type']>;
  category?: NonNullable<AllergyIntolerance['category']>;
  criticality?: NonNullable<AllergyIntolerance['criticality']>;
  /** FHIR dateTime the allergy was recorded. */
  recordedDate?: string;
  /** SNOMED CT manifestations of a reaction. */
  manifestations?: SnomedConcept[];
}

/**
 * Builds a UK Core AllergyIntolerance. Clinical status defaults to `active` (none when
 * entered in error, constraint ait-2) and verification to `confirmed`.
 *
 * @example
 * buildAllergyIntolerance({ patient: { reference: 'Patient/p1' }, code: { code: assertSnomedCtId('91936005'), display: 'Allergy to penicillin' } });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoreallergyintolerance
 */
export function buildAllergyIntolerance(input: AllergyIntoleranceInput): AllergyIntolerance {
  checkDateTime('recordedDate', input.recordedDate);
  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    meta: profileMeta(UK_CORE_PROFILES.AllergyIntolerance),
    patient: input.patient,
    code: isSnomedConcept(input.code) ? snomedConcept(input.code) : input.code,
  };
  put(allergy, 'id', input.id);
  const verification = input.verificationStatus ?? 'confirmed';
  if (verification !== 'entered-in-error') {
    allergy.clinicalStatus = concept(
      UK_CORE_CODE_SYSTEMS.allergyClinical,
      input.clinicalStatus ?? 'active',
    );
  }
  allergy.verificationStatus = concept(UK_CORE_CODE_SYSTEMS.allergyVerification, verification);
  put(allergy, 'type', input.type);
  put(allergy, 'category', input.category);
  put(allergy, 'criticality', input.criticality);
  put(allergy, 'recordedDate', input.recordedDate);
  if (input.manifestations && input.manifestations.length > 0) {
    allergy.reaction = [{ manifestation: input.manifestations.map(snomedConcept) }];
  }
  return allergy;
}

function isSnomedConcept(value: SnomedConcept | CodeableConcept): value is SnomedConcept {
  return 'code' in value && typeof value.code === 'string';
}
