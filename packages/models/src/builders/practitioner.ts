import type { ContactPoint, Identifier, Practitioner } from '../generated/fhir-r4';
import { UK_CORE_PROFILES } from '../uk-core';
import { toHumanName } from './common';
import type { NameInput } from './common';
import { profileMeta, put } from './internal';

/**
 * Identifier systems for healthcare professionals in England.
 *
 * @example
 * PROFESSIONAL_IDENTIFIER_SYSTEMS.gmc; // 'https://fhir.hl7.org.uk/Id/gmc-number'
 */
export const PROFESSIONAL_IDENTIFIER_SYSTEMS = {
  sdsUserId: 'https://fhir.nhs.uk/Id/sds-user-id',
  gmc: 'https://fhir.hl7.org.uk/Id/gmc-number',
  gmp: 'https://fhir.hl7.org.uk/Id/gmp-number',
  nmc: 'https://fhir.hl7.org.uk/Id/nmc-number',
  gphc: 'https://fhir.hl7.org.uk/Id/gphc-number',
  hcpc: 'https://fhir.hl7.org.uk/Id/hcpc-number',
} as const;

/**
 * What {@link buildPractitioner} takes: professional numbers by register.
 *
 * @example
 * const input: PractitionerInput = { name: { family: 'Gose', given: ['Sandra'] }, identifiers: { gmc: '7654321' } };
 */
export interface PractitionerInput {
  id?: string;
  name: NameInput;
  identifiers?: Partial<Record<keyof typeof PROFESSIONAL_IDENTIFIER_SYSTEMS, string>>;
  telecom?: ContactPoint[];
  active?: boolean;
}

/**
 * Builds a UK Core Practitioner with its professional register numbers.
 *
 * @example
 * buildPractitioner({ id: 'dr-gose', name: { family: 'Gose', given: ['Sandra'], prefix: ['Dr'] }, identifiers: { gmc: '7654321' } });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcorepractitioner
 */
export function buildPractitioner(input: PractitionerInput): Practitioner {
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    meta: profileMeta(UK_CORE_PROFILES.Practitioner),
  };
  put(practitioner, 'id', input.id);
  const identifiers: Identifier[] = [];
  for (const [register, system] of Object.entries(PROFESSIONAL_IDENTIFIER_SYSTEMS)) {
    const value = input.identifiers?.[register as keyof typeof PROFESSIONAL_IDENTIFIER_SYSTEMS];
    if (value !== undefined) identifiers.push({ system, value });
  }
  if (identifiers.length > 0) practitioner.identifier = identifiers;
  put(practitioner, 'active', input.active);
  practitioner.name = [toHumanName(input.name)];
  if (input.telecom && input.telecom.length > 0) practitioner.telecom = input.telecom;
  return practitioner;
}
