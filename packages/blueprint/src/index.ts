export type { BlueprintIssue, BlueprintIssueCode, BlueprintIssueSeverity } from './issue';
export {
  BLUEPRINT_ISSUE_CODES,
  BlueprintError,
  formatBlueprintIssue,
  hasBlueprintErrors,
} from './issue';
export type {
  AnonymisationPolicy,
  Blueprint,
  BlueprintExample,
  BlueprintManifest,
  BlueprintProfile,
  CapabilityOperation,
  CapabilityRequirements,
  CapabilityResource,
  CapabilitySearchParam,
  CodeList,
  CodeListCode,
  ConformanceFile,
  FhirPackageRef,
  Fixture,
  FixtureExpectation,
  FixtureScenario,
  OptOutPolicyDocument,
  PurposeOfUseCode,
  Requirement,
  RequirementCategory,
  RequirementLevel,
  RequirementVerification,
  SecurityRequirements,
  SpecLink,
} from './model/types';
export { REQUIREMENT_LEVELS } from './model/types';
export type {
  BlueprintFhirContext,
  BlueprintFhirInput,
  FhirValidationIssue,
  FhirValidationResult,
} from './fhir-context';
export type { BlueprintLocation, BlueprintResolution } from './resolve-blueprint';
export { MANIFEST_FILE_NAMES, resolveBlueprint } from './resolve-blueprint';
export type { LoadBlueprintOptions, LoadBlueprintResult } from './load-blueprint';
export { assertBlueprint, loadBlueprint } from './load-blueprint';
export type { BlueprintFileKind, BlueprintFileResult } from './check-blueprint-file';
export { BLUEPRINT_FILE_KINDS, checkBlueprintFile } from './check-blueprint-file';
export type {
  BlueprintDiff,
  ElementChange,
  ElementPropertyChange,
  ProfileChange,
  RequirementChange,
  RequirementField,
  VersionBump,
} from './diff-blueprints';
export { diffBlueprints } from './diff-blueprints';
export type { DocsSiteInput, SiteBlueprint, SiteFile, SitePage } from './docs/site';
export { renderBlueprintSite, renderDocsSite, writeSite } from './docs/site';
export type { TraceabilityEntry, TraceabilityResult } from './docs/traceability';
export { parseTraceability } from './docs/traceability';
export type { ValidatorFhirContextOptions } from './validator-context';
export { createValidatorFhirContext } from './validator-context';
