export { createValidator } from './validator';
export type { ValidateOptions, ValidationResult, Validator, ValidatorOptions } from './validator';
export { DEFAULT_LIMITS } from './limits';
export type { ValidationLimits } from './limits';
export { hasErrors, toOperationOutcome } from './outcome/issue';
export type { IssueCode, IssueSeverity, ValidationIssue } from './outcome/issue';
export type { DefinitionSource } from './profiles/profile-engine';
export type { CompiledCodeCache } from './engine/compiled-code-cache';
export type { PrecompiledSchemas } from './engine/precompiled-schemas';
export { SnapshotGenerator } from './snapshot/generate-snapshot';
export type { SnapshotSource } from './snapshot/generate-snapshot';
export { SNAPSHOT_ERROR_CODES, SnapshotError } from './snapshot/snapshot-error';
export type { SnapshotErrorCode } from './snapshot/snapshot-error';
export { validateNdjson } from './stream/validate-ndjson';
export type { NdjsonLineResult } from './stream/validate-ndjson';
export { readLines } from './stream/read-lines';
export type { TextLine } from './stream/read-lines';
export { definitionsFromRegistry } from './packages/registry-definitions';
export type { FhirPackage, LoadedResource } from './packages/fhir-package';
export type { FhirPackageWarning, FhirPackageWarningCode } from './packages/fhir-package-warning';
export { FHIR_PACKAGE_WARNING_CODES } from './packages/fhir-package-warning';
export type { FhirPackageErrorCode, FhirPackageErrorOptions } from './packages/fhir-package-error';
export {
  FHIR_PACKAGE_ERROR_CODES,
  FhirPackageError,
  isFhirPackageError,
} from './packages/fhir-package-error';
export type { FhirPackageLimits } from './packages/fhir-package-limits';
export { DEFAULT_FHIR_PACKAGE_LIMITS } from './packages/fhir-package-limits';
export type {
  FhirPackageReference,
  FhirPackageReferenceResult,
} from './packages/fhir-package-reference';
export {
  assertFhirPackageReference,
  formatFhirPackageReference,
  isFhirPackageId,
  isFhirPackageVersion,
  parseFhirPackageReference,
} from './packages/fhir-package-reference';
export type { CreateFhirPackageOptions, FhirPackageFile } from './packages/create-fhir-package';
export { createFhirPackage } from './packages/create-fhir-package';
export type {
  FhirPackageBundle,
  FhirPackageBundleManifest,
} from './packages/create-fhir-package-from-bundles';
export { createFhirPackageFromBundles } from './packages/create-fhir-package-from-bundles';
export type {
  FhirPackageCandidate,
  FhirPackageLoadOptions,
  FhirPackageSource,
} from './packages/fhir-package-source';
export type {
  FhirPackageSet,
  LoadFhirPackageDependenciesOptions,
  MissingFhirPackage,
} from './packages/load-fhir-package-dependencies';
export { loadFhirPackageDependencies } from './packages/load-fhir-package-dependencies';
export type { CanonicalReference } from './packages/canonical-reference';
export { parseCanonical } from './packages/canonical-reference';
export type { RegisteredResource, ResourceOrigin } from './packages/canonical-registry';
export { CanonicalRegistry, createCanonicalRegistry } from './packages/canonical-registry';
export type {
  TerminologyCallOptions,
  TerminologyClient,
  TerminologyClientOptions,
} from './terminology/remote/terminology-client';
export { createTerminologyClient } from './terminology/remote/terminology-client';
export type {
  TerminologyErrorCode,
  TerminologyErrorOptions,
} from './terminology/remote/terminology-error';
export {
  TERMINOLOGY_ERROR_CODES,
  TerminologyError,
  isTerminologyError,
} from './terminology/remote/terminology-error';
export type {
  CodeSystemValidateCodeInput,
  ExpandedConcept,
  TerminologyExpansionResult,
  TerminologyServerInfo,
  TerminologyValidateCodeResult,
  ValueSetExpandInput,
  ValueSetValidateCodeInput,
} from './terminology/remote/terminology-results';
