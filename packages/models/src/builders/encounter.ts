import type { CodeableConcept, Encounter, Reference } from '../generated/fhir-r4';
import { UK_CORE_CODE_SYSTEMS, UK_CORE_PROFILES } from '../uk-core';
import { checkDateTime, coding, profileMeta, put } from './internal';

/**
 * HL7 v3 ActCode encounter classes used in England.
 *
 * @example
 * ENCOUNTER_CLASSES.IMP; // 'inpatient encounter'
 */
export const ENCOUNTER_CLASSES = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
  ACUTE: 'inpatient acute',
  NONAC: 'inpatient non-acute',
  OBSENC: 'observation encounter',
  PRENC: 'pre-admission',
  SS: 'short stay',
  VR: 'virtual',
  HH: 'home health',
} as const;

/**
 * What {@link buildEncounter} takes.
 *
 * @example
 * const input: EncounterInput = { status: 'finished', class: 'AMB', patient: referenceTo(patient), start: '2025-01-01T09:00:00Z' };
 */
export interface EncounterInput {
  id?: string;
  status: Encounter['status'];
  class: keyof typeof ENCOUNTER_CLASSES;
  patient: Reference;
  type?: CodeableConcept;
  /** FHIR dateTime the encounter started. */
  start?: string;
  /** FHIR dateTime the encounter ended. */
  end?: string;
  serviceProvider?: Reference;
  reasonCode?: CodeableConcept[];
}

/**
 * Builds a UK Core Encounter.
 *
 * @example
 * buildEncounter({ status: 'finished', class: 'AMB', patient: { reference: 'Patient/p1' } });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoreencounter
 */
export function buildEncounter(input: EncounterInput): Encounter {
  checkDateTime('start', input.start);
  checkDateTime('end', input.end);
  const encounter: Encounter = {
    resourceType: 'Encounter',
    meta: profileMeta(UK_CORE_PROFILES.Encounter),
    status: input.status,
    class: coding(UK_CORE_CODE_SYSTEMS.v3ActCode, input.class, ENCOUNTER_CLASSES[input.class]),
    subject: input.patient,
  };
  put(encounter, 'id', input.id);
  if (input.type) encounter.type = [input.type];
  if (input.start !== undefined || input.end !== undefined) {
    encounter.period = {};
    put(encounter.period, 'start', input.start);
    put(encounter.period, 'end', input.end);
  }
  if (input.reasonCode && input.reasonCode.length > 0) encounter.reasonCode = input.reasonCode;
  put(encounter, 'serviceProvider', input.serviceProvider);
  return encounter;
}
