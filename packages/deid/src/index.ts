export { DEID_ERROR_CODES, DeidError } from './errors';
export type { DeidErrorCode } from './errors';
export type { DeidPolicy, DeidPolicyIssue } from './policy/deid-policy';
export { BUILT_IN_GENERALISERS, assertDeidPolicy, checkDeidPolicy } from './policy/check-policy';
export type { DeidPolicyContext, ElementGeneraliser } from './policy/check-policy';
export {
  MIN_KEY_BYTES,
  PseudonymKey,
  createPseudonymKey,
  decodePseudonymKey,
} from './pseudonym/key';
export type { PseudonymKeyOptions } from './pseudonym/key';
export { portableHmacSha256 } from './pseudonym/hmac';
export type { HmacSha256Factory } from './pseudonym/hmac';
export {
  PSEUDONYM_FORMAT_VERSION,
  PSEUDONYM_KINDS,
  createPseudonymiser,
} from './pseudonym/pseudonymiser';
export type {
  PseudonymEncoding,
  PseudonymKind,
  Pseudonymiser,
  PseudonymiserOptions,
} from './pseudonym/pseudonymiser';
export { ageOn, datePrecision, isNoMorePrecise, shiftDate, truncateDate } from './generalise/dates';
export type { DatePrecision } from './generalise/dates';
export { generaliseBirthDate } from './generalise/birth-date';
export type { BirthDateRule, GeneralisedBirthDate } from './generalise/birth-date';
export {
  PostcodeLookupReader,
  generalisePostcode,
  parsePostcodeLookup,
} from './generalise/postcode';
export type {
  GeneralisedPostcode,
  PostcodeLookup,
  PostcodeLookupOptions,
  PostcodeLookupResult,
  PostcodeRule,
} from './generalise/postcode';
export { ETHNIC_GROUPS, ETHNIC_GROUP_SYSTEM, ethnicGroupOf } from './generalise/ethnic-category';
export { AGE_BAND_EXTENSION_URL, LSOA_EXTENSION_URL } from './transform/deidentify-resource';
export { DATA_ABSENT_REASON_URL } from './transform/element-path';
export { RiskMeter, measureRisk, measureRiskNdjson } from './risk/risk-meter';
export type { KAnonymityResult, LDiversityResult, RiskPolicy, RiskReport } from './risk/risk-meter';
export {
  disclosedFigures,
  publishedPercentage,
  suppressCounts,
  suppressFigures,
  suppressTable,
} from './aggregates/suppress-table';
export type {
  CountTable,
  FigureSet,
  PublishedCount,
  PublishedList,
  PublishedTable,
  SmallNumberRule,
} from './aggregates/suppress-table';
export { DeidPipeline } from './pipeline/deid-pipeline';
export type { DeidOptions, OutputValidator } from './pipeline/deid-pipeline';
export { deidentifyNdjson, deidentifyResources } from './pipeline/deidentify';
export type { DeidIssue, DeidProgress, DeidReport } from './pipeline/report';
