import type { MedicationStatement, Reference } from '../generated/fhir-r4';
import { UK_CORE_PROFILES } from '../uk-core';
import { dmdConcept } from './common';
import type { DmdConcept } from './common';
import { checkDateTime, profileMeta, put } from './internal';

/**
 * What {@link buildMedicationStatement} takes.
 *
 * @example
 * const input: MedicationStatementInput = { patient: referenceTo(patient), medication: { code: assertSnomedCtId('323509004'), display: 'Amoxicillin 500mg capsules' }, status: 'active' };
 */
export interface MedicationStatementInput {
  id?: string;
  patient: Reference;
  /** The medicine as a dm+d concept. */
  medication: DmdConcept;
  status: MedicationStatement['status'];
  /** FHIR dateTime the medicine was started. */
  effectiveStart?: string;
  /** FHIR dateTime the medicine was stopped. */
  effectiveEnd?: string;
  /** FHIR dateTime the statement was asserted. */
  dateAsserted?: string;
  /** The dose as free text, e.g. `One capsule three times a day`. */
  dosageText?: string;
  /** Conditions or observations the medicine is for (used to withhold linked restricted items). */
  reasonReference?: Reference[];
  informationSource?: Reference;
}

/**
 * Builds a UK Core MedicationStatement for a dm+d medicine.
 *
 * @example
 * buildMedicationStatement({ patient: { reference: 'Patient/p1' }, medication: { code: assertSnomedCtId('323509004'), display: 'Amoxicillin 500mg capsules' }, status: 'active' });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoremedicationstatement
 */
export function buildMedicationStatement(input: MedicationStatementInput): MedicationStatement {
  checkDateTime('effectiveStart', input.effectiveStart);
  checkDateTime('effectiveEnd', input.effectiveEnd);
  checkDateTime('dateAsserted', input.dateAsserted);
  const statement: MedicationStatement = {
    resourceType: 'MedicationStatement',
    meta: profileMeta(UK_CORE_PROFILES.MedicationStatement),
    status: input.status,
    medicationCodeableConcept: dmdConcept(input.medication),
    subject: input.patient,
  };
  put(statement, 'id', input.id);
  if (input.effectiveStart !== undefined || input.effectiveEnd !== undefined) {
    statement.effectivePeriod = {};
    put(statement.effectivePeriod, 'start', input.effectiveStart);
    put(statement.effectivePeriod, 'end', input.effectiveEnd);
  }
  put(statement, 'dateAsserted', input.dateAsserted);
  put(statement, 'informationSource', input.informationSource);
  if (input.reasonReference && input.reasonReference.length > 0) {
    statement.reasonReference = input.reasonReference;
  }
  if (input.dosageText !== undefined) statement.dosage = [{ text: input.dosageText }];
  return statement;
}
