/**
 * Naming rules shared by the FHIR R4 type generator (`scripts/generate-fhir-types.ts`) and the
 * profile type renderer, so profile types always name the base types the way `@lhcr/models`
 * exports them.
 */

/**
 * `text` with its first character in upper case.
 *
 * @example
 * upperFirst('dateTime'); // 'DateTime'
 */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The alias `@lhcr/models` exports for a FHIR primitive type.
 *
 * @example
 * primitiveAliasName('dateTime'); // 'FhirDateTime'
 */
export function primitiveAliasName(fhirType: string): string {
  return `Fhir${upperFirst(fhirType)}`;
}

/**
 * The interface `@lhcr/models` exports for a backbone element, named from its path in the base
 * definition.
 *
 * @example
 * backboneName('Patient.contact'); // 'PatientContact'
 * backboneName('Dosage.doseAndRate'); // 'DosageDoseAndRate'
 */
export function backboneName(path: string): string {
  return path
    .split('.')
    .map((segment) => upperFirst(segment.replace('[x]', '')))
    .join('');
}

/**
 * The words of an identifier-like text: split at non-alphanumerics, at lower-to-upper case
 * changes, before the last capital of a run of capitals (`NHSNumber` → `NHS`, `Number`) and
 * around digits.
 */
function words(text: string): string[] {
  return text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}

/**
 * A PascalCase type name from a FHIR name, slice name or path segment: each word capitalised,
 * runs of capitals treated as one word, everything but letters and digits dropped. Returns an
 * empty string when `text` has no letters or digits.
 *
 * @example
 * pascalCase('LHCRPatient'); // 'LhcrPatient'
 * pascalCase('nhsNumber'); // 'NhsNumber'
 * pascalCase('ExtensionUKCoreNHSNumberVerificationStatus'); // 'ExtensionUkCoreNhsNumberVerificationStatus'
 * pascalCase('patient-birthPlace'); // 'PatientBirthPlace'
 */
export function pascalCase(text: string): string {
  return words(text)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}
