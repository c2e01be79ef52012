import type { Address, CodeableConcept, HumanName } from '../generated/fhir-r4';
import { SNOMED_CT_SYSTEM } from '../identifiers/snomed-ct-id';
import type { SnomedCtId } from '../identifiers/snomed-ct-id';
import type { UkPostcode } from '../identifiers/uk-postcode';
import { UK_CORE_CODE_SYSTEMS } from '../uk-core';
import { concept, put } from './internal';

/**
 * A SNOMED CT concept: a checked concept id and its display term.
 *
 * @example
 * const asthma: SnomedConcept = { code: assertSnomedCtId('195967001'), display: 'Asthma' };
 */
export interface SnomedConcept {
  code: SnomedCtId;
  display: string;
}

/**
 * A dm+d concept (VTM, VMP, AMP, VMPP or AMPP): its SNOMED-form id and name.
 *
 * @example
 * const amoxicillin: DmdConcept = { code: assertSnomedCtId('323509004'), display: 'Amoxicillin 500mg capsules' };
 */
export interface DmdConcept {
  code: SnomedCtId;
  display: string;
}

/**
 * A person's name as the builders take it.
 *
 * @example
 * const name: NameInput = { family: 'Smith', given: ['Richard'], prefix: ['Mr'] };
 */
export interface NameInput {
  family: string;
  given?: string[];
  prefix?: string[];
  use?: HumanName['use'];
}

/**
 * A UK address as the builders take it.
 *
 * @example
 * const home: AddressInput = { lines: ['1 Trevelyan Square'], city: 'Leeds', postcode: assertUkPostcode('LS1 6AE') };
 */
export interface AddressInput {
  lines?: string[];
  city?: string;
  district?: string;
  postcode?: UkPostcode;
  use?: Address['use'];
}

/**
 * A SNOMED CT CodeableConcept.
 *
 * @example
 * snomedConcept({ code: assertSnomedCtId('22298006'), display: 'Myocardial infarction' });
 */
export function snomedConcept(value: SnomedConcept): CodeableConcept {
  return concept(SNOMED_CT_SYSTEM, value.code, value.display);
}

/**
 * A dm+d CodeableConcept (system `https://dmd.nhs.uk`).
 *
 * @example
 * dmdConcept({ code: assertSnomedCtId('323509004'), display: 'Amoxicillin 500mg capsules' });
 */
export function dmdConcept(value: DmdConcept): CodeableConcept {
  return concept(UK_CORE_CODE_SYSTEMS.dmd, value.code, value.display);
}

/**
 * A FHIR HumanName from a {@link NameInput}.
 *
 * @example
 * toHumanName({ family: 'Smith', given: ['Richard'] });
 */
export function toHumanName(input: NameInput): HumanName {
  if (input.family.trim() === '') throw new TypeError('name.family must not be empty.');
  const name: HumanName = { family: input.family };
  put(name, 'use', input.use);
  if (input.given && input.given.length > 0) name.given = input.given;
  if (input.prefix && input.prefix.length > 0) name.prefix = input.prefix;
  return name;
}

/**
 * A FHIR Address from an {@link AddressInput}; the postcode is already normalised by its parser.
 *
 * @example
 * toAddress({ lines: ['1 Trevelyan Square'], city: 'Leeds', postcode: assertUkPostcode('ls16ae') });
 */
export function toAddress(input: AddressInput): Address {
  const address: Address = {};
  put(address, 'use', input.use);
  if (input.lines && input.lines.length > 0) address.line = input.lines;
  put(address, 'city', input.city);
  put(address, 'district', input.district);
  put(address, 'postalCode', input.postcode);
  if (Object.keys(address).length === 0)
    throw new TypeError('address must have at least one part.');
  return address;
}
