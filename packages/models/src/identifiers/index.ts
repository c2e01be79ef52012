export type { Brand } from './brand';
export type {
  IdentifierErrorCode,
  IdentifierFailure,
  IdentifierResult,
  IdentifierSuccess,
} from './result';
export { IDENTIFIER_ERROR_CODES, IdentifierError } from './result';
export type { NhsNumber } from './nhs-number';
export {
  NHS_NUMBER_SYSTEM,
  assertNhsNumber,
  formatNhsNumber,
  generateTestNhsNumber,
  isNhsNumber,
  isTestRangeNhsNumber,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhs-number';
export type { OdsCode } from './ods-code';
export {
  ODS_ORGANIZATION_SYSTEM,
  ODS_SITE_SYSTEM,
  assertOdsCode,
  formatOdsCode,
  isOdsCode,
  parseOdsCode,
} from './ods-code';
export type {
  ParseSnomedCtIdOptions,
  SnomedCtId,
  SnomedCtIdDescription,
  SnomedCtIdFormat,
  SnomedCtPartition,
} from './snomed-ct-id';
export {
  SNOMED_CT_SYSTEM,
  assertSnomedCtId,
  describeSnomedCtId,
  formatSnomedCtId,
  isSnomedCtId,
  parseSnomedCtId,
  verhoeffCheckDigit,
} from './snomed-ct-id';
export type {
  ParseUkPostcodeOptions,
  PseudoPostcodeDescription,
  PseudoPostcodeKind,
  UkPostcode,
} from './uk-postcode';
export {
  assertUkPostcode,
  describePseudoPostcode,
  formatUkPostcode,
  isPseudoPostcode,
  isUkPostcode,
  parseUkPostcode,
  postcodeInwardCode,
  postcodeOutwardCode,
} from './uk-postcode';
