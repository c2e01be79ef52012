import {
  NHS_NUMBER_SYSTEM,
  ODS_ORGANIZATION_SYSTEM,
  ODS_SITE_SYSTEM,
  parseNhsNumber,
} from '@lhcr/models';
import type { IssueCode, IssueSeverity } from '../outcome/issue';

/** A finding on one Identifier, with the property it is about. */
export interface IdentifierFinding {
  readonly severity: IssueSeverity;
  readonly code: IssueCode;
  readonly property: 'system' | 'value';
  readonly diagnostics: string;
}

/** The misspelling of the ODS organisation system that UK Core's own pages once showed. */
const ODS_ORGANISATION_MISSPELT = 'https://fhir.nhs.uk/Id/ods-organisation-code';
const TEN_DIGITS = /^\d{10}$/;
const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** The shapes of UK professional registration numbers (NHS-STANDARDS.md §1.2). */
const PROFESSIONAL_NUMBERS: ReadonlyMap<string, { name: string; shape: RegExp; says: string }> =
  new Map([
    [
      'https://fhir.hl7.org.uk/Id/gmc-number',
      { name: 'GMC number', shape: /^(?:\d{7}|L\d{6})$/, says: '7 digits, or L and 6 digits' },
    ],
    [
      'https://fhir.hl7.org.uk/Id/gmp-number',
      { name: 'GMP (GP PPD) code', shape: /^G\d{7}$/, says: 'G and 7 digits' },
    ],
    [
      'https://fhir.hl7.org.uk/Id/nmc-number',
      { name: 'NMC PIN', shape: /^[0-9A-Z]{8}$/, says: '8 letters and digits' },
    ],
    [
      'https://fhir.hl7.org.uk/Id/gphc-number',
      { name: 'GPhC number', shape: /^2\d{6}$/, says: '7 digits starting with 2' },
    ],
    [
      'https://fhir.hl7.org.uk/Id/hcpc-number',
      { name: 'HCPC number', shape: /^[A-Z]{2}\d{1,6}$/, says: '2 letters and up to 6 digits' },
    ],
  ]);

/**
 * Checks an Identifier in an NHS or UK professional namespace: an NHS number must be ten digits
 * that pass the modulus 11 check, an ODS code three to ten upper-case letters and digits, and a
 * professional registration number its register's shape. These are national rules, not FHIR's,
 * so a value that breaks them is a warning (UK Core's own BabyPatient example has an NHS number
 * that fails the check); the ODS system misspelt `ods-organisation-code` names no identifier
 * system at all, and is an error. Diagnostics never contain the value, which may identify a
 * patient.
 *
 * @see NHS-STANDARDS.md §1.2 and §2
 * @example
 * checkNationalIdentifier({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765918' });
 * // [{ severity: 'warning', code: 'value', property: 'value', diagnostics: 'NHS number fails the modulus 11 check…' }]
 */
export function checkNationalIdentifier(identifier: Record<string, unknown>): IdentifierFinding[] {
  const { system, value } = identifier;
  if (typeof system !== 'string') return [];
  if (system === ODS_ORGANISATION_MISSPELT) {
    return [
      {
        severity: 'error',
        code: 'value',
        property: 'system',
        diagnostics: `The ODS organisation code system is ${ODS_ORGANIZATION_SYSTEM}, spelt with a z; ${ODS_ORGANISATION_MISSPELT} is not an identifier system`,
      },
    ];
  }
  if (typeof value !== 'string') return [];
  if (system === NHS_NUMBER_SYSTEM) {
    if (!TEN_DIGITS.test(value)) {
      return [
        valueFinding(
          'warning',
          'An NHS number in an Identifier is exactly 10 digits, without spaces',
        ),
      ];
    }
    const parsed = parseNhsNumber(value);
    return parsed.ok ? [] : [valueFinding('warning', parsed.message)];
  }
  if (system === ODS_ORGANIZATION_SYSTEM || system === ODS_SITE_SYSTEM) {
    return ODS_CODE.test(value)
      ? []
      : [valueFinding('warning', 'An ODS code is 3 to 10 upper-case letters and digits')];
  }
  const professional = PROFESSIONAL_NUMBERS.get(system);
  if (professional !== undefined && !professional.shape.test(value)) {
    return [
      valueFinding(
        'warning',
        `${professional.name}: expected ${professional.says}, and this value has another shape`,
      ),
    ];
  }
  return [];
}

function valueFinding(severity: IssueSeverity, diagnostics: string): IdentifierFinding {
  return { severity, code: 'value', property: 'value', diagnostics };
}
