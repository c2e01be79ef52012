/**
 * Canonical URLs and code systems of UK Core (FHIR R4) that shared care records exchange.
 * Identifier systems live beside their parsers in `identifiers/`.
 *
 * @see https://simplifier.net/hl7fhirukcorer4
 */

const PROFILE_BASE = 'https://fhir.hl7.org.uk/StructureDefinition/';

/**
 * UK Core profile canonical URLs, by resource type.
 *
 * @example
 * patient.meta = { profile: [UK_CORE_PROFILES.Patient] };
 */
export const UK_CORE_PROFILES = {
  AllergyIntolerance: `${PROFILE_BASE}UKCore-AllergyIntolerance`,
  Condition: `${PROFILE_BASE}UKCore-Condition`,
  Consent: `${PROFILE_BASE}UKCore-Consent`,
  Encounter: `${PROFILE_BASE}UKCore-Encounter`,
  MedicationStatement: `${PROFILE_BASE}UKCore-MedicationStatement`,
  Observation: `${PROFILE_BASE}UKCore-Observation`,
  Organization: `${PROFILE_BASE}UKCore-Organization`,
  Patient: `${PROFILE_BASE}UKCore-Patient`,
  Practitioner: `${PROFILE_BASE}UKCore-Practitioner`,
} as const;

/**
 * UK Core extension canonical URLs used by the builders.
 *
 * @example
 * getExtension(identifier, UK_CORE_EXTENSIONS.nhsNumberVerificationStatus);
 */
export const UK_CORE_EXTENSIONS = {
  nhsNumberVerificationStatus: `${PROFILE_BASE}Extension-UKCore-NHSNumberVerificationStatus`,
  nhsNumberUnavailableReason: `${PROFILE_BASE}Extension-UKCore-NHSNumberUnavailableReason`,
  ethnicCategory: `${PROFILE_BASE}Extension-UKCore-EthnicCategory`,
  birthSex: `${PROFILE_BASE}Extension-UKCore-BirthSex`,
  listWarningCode: `${PROFILE_BASE}Extension-UKCore-ListWarningCode`,
} as const;

/**
 * UK Core and HL7 code systems the builders write.
 *
 * @example
 * coding.system === UK_CORE_CODE_SYSTEMS.nhsNumberVerificationStatusEngland;
 */
export const UK_CORE_CODE_SYSTEMS = {
  nhsNumberVerificationStatusEngland:
    'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  ethnicCategoryEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
  listWarningCode: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-ListWarningCode',
  dmd: 'https://dmd.nhs.uk',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  ucum: 'http://unitsofmeasure.org',
} as const;

/**
 * NHS number verification status codes (England), with their meaning.
 * `01` is the only status on which records should be linked automatically.
 *
 * @example
 * NHS_NUMBER_VERIFICATION_STATUS['01']; // 'Number present and verified'
 */
export const NHS_NUMBER_VERIFICATION_STATUS = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - No match or multiple match found',
  '05': 'Trace needs to be resolved - (NHS Number or patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
} as const;

/**
 * A code of the NHS number verification status (England) code system.
 *
 * @example
 * const status: NhsNumberVerificationStatus = '01';
 */
export type NhsNumberVerificationStatus = keyof typeof NHS_NUMBER_VERIFICATION_STATUS;
