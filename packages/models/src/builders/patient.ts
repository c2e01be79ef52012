import type { ContactPoint, Identifier, Patient, Reference } from '../generated/fhir-r4';
import { NHS_NUMBER_SYSTEM } from '../identifiers/nhs-number';
import type { NhsNumber } from '../identifiers/nhs-number';
import { ODS_ORGANIZATION_SYSTEM } from '../identifiers/ods-code';
import type { OdsCode } from '../identifiers/ods-code';
import { identifierReference } from '../references';
import {
  NHS_NUMBER_VERIFICATION_STATUS,
  UK_CORE_CODE_SYSTEMS,
  UK_CORE_EXTENSIONS,
  UK_CORE_PROFILES,
} from '../uk-core';
import type { NhsNumberVerificationStatus } from '../uk-core';
import { toAddress, toHumanName } from './common';
import type { AddressInput, NameInput } from './common';
import { checkDate, checkDateTime, concept, profileMeta, put } from './internal';

/**
 * What {@link buildPatient} takes. NHS numbers and ODS codes are branded: parse them first.
 *
 * @example
 * const input: PatientInput = { nhsNumber: assertNhsNumber('9449305552'), name: { family: 'Smith' } };
 */
export interface PatientInput {
  id?: string;
  nhsNumber?: NhsNumber;
  /** England verification status of the NHS number; only `01` should drive automatic linkage. */
  nhsNumberVerificationStatus?: NhsNumberVerificationStatus;
  name: NameInput | NameInput[];
  gender?: NonNullable<Patient['gender']>;
  /** FHIR date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthDate?: string;
  /** `true`, or the FHIR dateTime of death. */
  deceased?: boolean | string;
  address?: AddressInput | AddressInput[];
  telecom?: ContactPoint[];
  /** The registered GP practice, referenced by its ODS code. */
  gpPractice?: { odsCode: OdsCode; name?: string };
  managingOrganization?: Reference;
  /** An England ethnic category code (`A`…`S`, `Z`, `99`). */
  ethnicCategory?: { code: string; display?: string };
  active?: boolean;
}

/**
 * Builds a UK Core Patient: the NHS number identifier (with its verification-status extension),
 * names, birth date, gender, addresses and registered GP practice.
 *
 * @example
 * const patient = buildPatient({
 *   id: 'p1',
 *   nhsNumber: assertNhsNumber('943 476 5919'),
 *   nhsNumberVerificationStatus: '01',
 *   name: { family: 'Smith', given: ['Richard'] },
 *   gender: 'male',
 *   birthDate: '1970-03-01',
 *   gpPractice: { odsCode: assertOdsCode('B82005') },
 * });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcorepatient
 */
export function buildPatient(input: PatientInput): Patient {
  checkDate('birthDate', input.birthDate);
  if (typeof input.deceased === 'string') checkDateTime('deceased', input.deceased);

  const patient: Patient = { resourceType: 'Patient', meta: profileMeta(UK_CORE_PROFILES.Patient) };
  put(patient, 'id', input.id);
  if (input.ethnicCategory) {
    patient.extension = [
      {
        url: UK_CORE_EXTENSIONS.ethnicCategory,
        valueCodeableConcept: concept(
          UK_CORE_CODE_SYSTEMS.ethnicCategoryEngland,
          input.ethnicCategory.code,
          input.ethnicCategory.display,
        ),
      },
    ];
  }
  if (input.nhsNumber !== undefined) {
    patient.identifier = [nhsNumberIdentifier(input.nhsNumber, input.nhsNumberVerificationStatus)];
  }
  put(patient, 'active', input.active);
  patient.name = asList(input.name).map(toHumanName);
  if (input.telecom && input.telecom.length > 0) patient.telecom = input.telecom;
  put(patient, 'gender', input.gender);
  put(patient, 'birthDate', input.birthDate);
  if (typeof input.deceased === 'boolean') patient.deceasedBoolean = input.deceased;
  if (typeof input.deceased === 'string') patient.deceasedDateTime = input.deceased;
  if (input.address !== undefined) patient.address = asList(input.address).map(toAddress);
  if (input.gpPractice) {
    patient.generalPractitioner = [
      identifierReference(
        'Organization',
        ODS_ORGANIZATION_SYSTEM,
        input.gpPractice.odsCode,
        input.gpPractice.name,
      ),
    ];
  }
  put(patient, 'managingOrganization', input.managingOrganization);
  return patient;
}

/**
 * The UK Core `nhsNumber` identifier slice, with the verification status when known.
 *
 * @example
 * nhsNumberIdentifier(assertNhsNumber('9434765919'), '01');
 */
export function nhsNumberIdentifier(
  nhsNumber: NhsNumber,
  verificationStatus?: NhsNumberVerificationStatus,
): Identifier {
  const identifier: Identifier = { system: NHS_NUMBER_SYSTEM, value: nhsNumber };
  if (verificationStatus !== undefined) {
    identifier.extension = [
      {
        url: UK_CORE_EXTENSIONS.nhsNumberVerificationStatus,
        valueCodeableConcept: concept(
          UK_CORE_CODE_SYSTEMS.nhsNumberVerificationStatusEngland,
          verificationStatus,
          NHS_NUMBER_VERIFICATION_STATUS[verificationStatus],
        ),
      },
    ];
  }
  return identifier;
}

/**
 * The NHS number of a patient: the value of its identifier with the NHS number system.
 *
 * @example
 * patientNhsNumber(patient); // '9434765919'
 */
export function patientNhsNumber(patient: Patient): string | undefined {
  return patient.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value;
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
