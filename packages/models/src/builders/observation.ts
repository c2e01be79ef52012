import type { CodeableConcept, Coding, Observation, Reference } from '../generated/fhir-r4';
import { UK_CORE_CODE_SYSTEMS, UK_CORE_PROFILES } from '../uk-core';
import { snomedConcept } from './common';
import type { SnomedConcept } from './common';
import { checkDateTime, concept, profileMeta, put } from './internal';

/**
 * A measured value with a UCUM unit.
 *
 * @example
 * const weight: QuantityInput = { value: 72.5, unit: 'kg' };
 */
export interface QuantityInput {
  value: number;
  /** A UCUM unit code, e.g. `kg`, `mm[Hg]`, `/min`. */
  unit: string;
  display?: string;
}

/**
 * What {@link buildObservation} takes: a SNOMED CT code (plus other codings such as LOINC) and
 * one value.
 *
 * @example
 * const input: ObservationInput = { patient: referenceTo(patient), code: { code: assertSnomedCtId('27113001'), display: 'Body weight' }, value: { value: 72.5, unit: 'kg' } };
 */
export interface ObservationInput {
  id?: string;
  patient: Reference;
  status?: Observation['status'];
  code: SnomedConcept;
  /** Additional codings of the same observation, e.g. LOINC for vital signs. */
  additionalCodings?: Coding[];
  category?:
    | 'vital-signs'
    | 'laboratory'
    | 'social-history'
    | 'survey'
    | 'exam'
    | 'imaging'
    | 'procedure'
    | 'therapy'
    | 'activity';
  /** FHIR dateTime the observation applies to. */
  effective?: string;
  value?: QuantityInput | string | boolean | CodeableConcept;
  encounter?: Reference;
  performer?: Reference[];
}

/**
 * Builds a UK Core Observation. Status defaults to `final`.
 *
 * @example
 * buildObservation({ patient: { reference: 'Patient/p1' }, code: { code: assertSnomedCtId('27113001'), display: 'Body weight' }, value: { value: 72.5, unit: 'kg' } });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoreobservation
 */
export function buildObservation(input: ObservationInput): Observation {
  checkDateTime('effective', input.effective);
  const code = snomedConcept(input.code);
  if (input.additionalCodings && input.additionalCodings.length > 0) {
    code.coding = [...(code.coding ?? []), ...input.additionalCodings];
  }
  const observation: Observation = {
    resourceType: 'Observation',
    meta: profileMeta(UK_CORE_PROFILES.Observation),
    status: input.status ?? 'final',
    code,
    subject: input.patient,
  };
  put(observation, 'id', input.id);
  if (input.category !== undefined) {
    observation.category = [concept(UK_CORE_CODE_SYSTEMS.observationCategory, input.category)];
  }
  put(observation, 'encounter', input.encounter);
  put(observation, 'effectiveDateTime', input.effective);
  if (input.performer && input.performer.length > 0) observation.performer = input.performer;
  setValue(observation, input.value);
  return observation;
}

function setValue(observation: Observation, value: ObservationInput['value']): void {
  if (value === undefined) return;
  if (typeof value === 'string') observation.valueString = value;
  else if (typeof value === 'boolean') observation.valueBoolean = value;
  else if ('value' in value && 'unit' in value) {
    if (!Number.isFinite(value.value)) throw new TypeError('value.value must be a finite number.');
    observation.valueQuantity = {
      value: value.value,
      unit: value.display ?? value.unit,
      system: UK_CORE_CODE_SYSTEMS.ucum,
      code: value.unit,
    };
  } else observation.valueCodeableConcept = value;
}
