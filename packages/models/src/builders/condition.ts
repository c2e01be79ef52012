import type { Condition, Reference } from '../generated/fhir-r4';
import { UK_CORE_CODE_SYSTEMS, UK_CORE_PROFILES } from '../uk-core';
import { snomedConcept } from './common';
import type { SnomedConcept } from './common';
import { checkDateTime, concept, profileMeta, put } from './internal';

/**
 * What {@link buildCondition} takes.
 *
 * @example
 * const input: ConditionInput = { patient: referenceTo(patient), code: { code: assertSnomedCtId('195967001'), display: 'Asthma' } };
 */
export interface ConditionInput {
  id?: string;
  patient: Reference;
  code: SnomedConcept;
  clinicalStatus?: 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved';
  verificationStatus?:
    'unconfirmed' | 'provisional' | 'differential' | 'confirmed' | 'refuted' | 'entered-in-error';
  category?: 'problem-list-item' | 'encounter-diagnosis';
  encounter?: Reference;
  /** FHIR dateTime of onset. */
  onset?: string;
  /** FHIR dateTime the condition was first recorded. */
  recordedDate?: string;
}

/**
 * Builds a UK Core Condition coded in SNOMED CT. Clinical status defaults to `active` and
 * category to `problem-list-item`; an `entered-in-error` condition carries no clinical status
 * (constraint con-5).
 *
 * @example
 * buildCondition({ patient: { reference: 'Patient/p1' }, code: { code: assertSnomedCtId('195967001'), display: 'Asthma' } });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcorecondition
 */
export function buildCondition(input: ConditionInput): Condition {
  checkDateTime('onset', input.onset);
  checkDateTime('recordedDate', input.recordedDate);
  const condition: Condition = {
    resourceType: 'Condition',
    meta: profileMeta(UK_CORE_PROFILES.Condition),
    subject: input.patient,
    code: snomedConcept(input.code),
  };
  put(condition, 'id', input.id);
  const verification = input.verificationStatus ?? 'confirmed';
  if (verification !== 'entered-in-error') {
    condition.clinicalStatus = concept(
      UK_CORE_CODE_SYSTEMS.conditionClinical,
      input.clinicalStatus ?? 'active',
    );
  }
  condition.verificationStatus = concept(UK_CORE_CODE_SYSTEMS.conditionVerification, verification);
  condition.category = [
    concept(UK_CORE_CODE_SYSTEMS.conditionCategory, input.category ?? 'problem-list-item'),
  ];
  put(condition, 'encounter', input.encounter);
  put(condition, 'onsetDateTime', input.onset);
  put(condition, 'recordedDate', input.recordedDate);
  return condition;
}
