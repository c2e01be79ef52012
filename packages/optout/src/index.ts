export { OPTOUT_ERROR_CODES, OptOutError } from './errors';
export type { OptOutErrorCode } from './errors';
export { ISSUE_TYPES, formatIssue, hasErrors } from './issues';
export type { IssueType, OptOutIssue } from './issues';
export {
  DATA_ORIGINS,
  IDENTIFIABILITY_LEVELS,
  LEGAL_BASES,
  LOCAL_DISSENT_STATES,
  NATIONAL_OPT_OUT_STATES,
  NHS_NUMBER_PRESENCE,
  PURPOSES,
  PURPOSE_CATEGORIES,
  PURPOSE_CODES,
  REGISTER_KINDS,
  TYPE1_STATES,
  V3_ACT_REASON_SYSTEM,
  parseDataOrigin,
  parseIdentifiability,
  parseLegalBasis,
  parsePurpose,
  purposeForPurposeOfUse,
} from './vocabulary';
export type {
  DataOrigin,
  Identifiability,
  LegalBasis,
  LocalDissentState,
  NationalOptOutState,
  NhsNumberPresence,
  Purpose,
  PurposeCategory,
  PurposeInfo,
  RegisterKind,
  ResolvedPurpose,
  Type1State,
  VocabularyResult,
} from './vocabulary';
export { REASON_PLACEHOLDERS } from './policy/policy-types';
export type {
  OptOutPolicy,
  PolicyEffect,
  PolicyRegisterSettings,
  PolicyRule,
  ReasonPlaceholder,
  RegisterAgeLimit,
  RuleCondition,
} from './policy/policy-types';
export { OPTOUT_POLICY_SCHEMA, OPTOUT_POLICY_SCHEMA_ID } from './policy/policy-schema';
export { MAX_POLICY_CHARS, assertOptOutPolicy, parseOptOutPolicy } from './policy/parse-policy';
export type { PolicyParseResult } from './policy/parse-policy';
export { NATIONAL_DEFAULT_POLICY } from './policy/national-default';
export {
  ENGINE_RULE_IDS,
  compileOptOutPolicy,
  decideOptOut,
  prepareOptOutRequest,
} from './decision/decide';
export type {
  CompiledOptOutPolicy,
  OptOutDecision,
  OptOutRequest,
  PatientRegisterStates,
  PreparedRequest,
  RecordedLocalDissentState,
  RecordedNationalOptOutState,
  RecordedType1State,
  RegisterConsultation,
  RegisterReading,
  ResolvedRequest,
} from './decision/decide';
export { checkOptOut, readPatientStates } from './decision/check';
export type { OptOutCheck, OptOutRegisters } from './decision/check';
export { NhsNumberSet, NhsNumberSetBuilder, nhsNumberStem } from './registers/nhs-number-set';
export type { NhsNumberSetRepresentation } from './registers/nhs-number-set';
export { createNationalOptOutRegister } from './registers/national';
export type { NationalOptOutRegister, NationalOptOutRegisterInput } from './registers/national';
export {
  MAX_LIST_LINE_CHARS,
  NationalOptOutCsvReader,
  NhsNumberListReader,
  parseNationalOptOutCsv,
  parseNhsNumberList,
} from './registers/number-lists';
export type {
  NationalOptOutCsvOptions,
  NationalOptOutCsvResult,
  NhsNumberListFormat,
  NhsNumberListOptions,
  NhsNumberListResult,
} from './registers/number-lists';
export {
  MESH_CLIENT_MAX_BYTES,
  MESH_UI_MAX_BYTES,
  formatMeshRequest,
  meshRequestFileName,
  meshRequestLine,
} from './registers/mesh';
export type { MeshFileNameInput } from './registers/mesh';
export {
  ABSENT_PATIENT,
  UNRESOLVED_PATIENT,
  patientIdentityOf,
  referenceKey,
  resolveReference,
} from './registers/patient-identity';
export type { PatientIdentity, PatientLookup, ReferenceTarget } from './registers/patient-identity';
export {
  CTV3_SYSTEM,
  READ_V2_SYSTEM,
  TYPE1_CODES,
  Type1RegisterBuilder,
  createType1Register,
  type1EvidenceOf,
  type1MeaningOf,
  type1StateOf,
} from './registers/type1';
export type {
  Type1Code,
  Type1Evidence,
  Type1Meaning,
  Type1Register,
  Type1RegisterStats,
} from './registers/type1';
export {
  CONSENT_SCOPE_SYSTEM,
  LOCAL_SHARING_CODES,
  LocalDissentRegisterBuilder,
  createLocalDissentRegister,
  localDissentStateOf,
  sharingDecisionOf,
} from './registers/local-dissent';
export type {
  IgnoredConsentReason,
  LocalDissentRegister,
  LocalDissentRegisterStats,
  SharingDecision,
  SharingDecisionOptions,
} from './registers/local-dissent';
export {
  ILLUSTRATIVE_RESTRICTED_CODE_LISTS,
  KNOWN_RESTRICTED_REFSETS,
  RESTRICTED_CATEGORIES,
  RF2_SIMPLE_REFSET_HEADER,
  RefsetFileReader,
  createRestrictedCodeList,
  parseRefsetFile,
} from './restricted/code-lists';
export type {
  KnownRefset,
  RefsetFileOptions,
  RefsetFileResult,
  RestrictedCategory,
  RestrictedCodeList,
} from './restricted/code-lists';
export {
  CONFIDENTIAL_ITEMS_NOTE,
  UK_CORE_LIST_PROFILE,
  filterRestrictedBundle,
  findRestrictedCode,
  linkedWithheld,
  stripWithheldReferences,
  withheldItemsList,
  withholdRestrictedResources,
} from './restricted/withhold';
export type {
  RestrictedDataOptions,
  RestrictedFilterResult,
  RestrictedMatch,
  RestrictionAudit,
  WithheldItem,
  WithheldKeyInfo,
} from './restricted/withhold';
export {
  isPatientCompartmentType,
  patientReferencesOf,
  resourcePatients,
} from './bulk/patient-references';
export { FILTER_RULE_IDS, OptOutFilter } from './bulk/opt-out-filter';
export type {
  OptOutAuditSummary,
  OptOutFilterOptions,
  ResourceOutcome,
} from './bulk/opt-out-filter';
export { MAX_NDJSON_LINE_CHARS, NdjsonOptOutFilter, filterNdjson } from './bulk/ndjson';
export type { ChunkSink, NdjsonFilterOptions } from './bulk/ndjson';
export { filterBundle, filterOptOutBundle } from './bulk/bundle';
export { CsvOptOutFilter, filterCsv } from './bulk/csv-filter';
export type { CsvFilterOptions } from './bulk/csv-filter';
