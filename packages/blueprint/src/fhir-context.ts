import type { Resource, StructureDefinition } from '@lhcr/models';
import type { FhirPackageRef } from './model/types';

/**
 * One finding of {@link BlueprintFhirContext.validate}, in the shape of an OperationOutcome issue.
 *
 * @example
 * ```ts
 * const issue: FhirValidationIssue = {
 *   severity: 'error',
 *   code: 'required',
 *   expression: 'Patient.identifier[0].value',
 *   diagnostics: 'Patient.identifier:nhsNumber.value: minimum required = 1, but only found 0',
 * };
 * ```
 */
export interface FhirValidationIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  /** An IssueType code (http://hl7.org/fhir/issue-type): `required`, `value`, `invariant`, ... */
  readonly code: string;
  /** FHIRPath of the element the issue is about. */
  readonly expression?: string;
  readonly diagnostics: string;
}

/**
 * The result of {@link BlueprintFhirContext.validate}.
 *
 * @example
 * ```ts
 * const result: FhirValidationResult = { valid: true, issues: [] };
 * ```
 */
export interface FhirValidationResult {
  /** False when any issue is an error or fatal. */
  readonly valid: boolean;
  readonly issues: readonly FhirValidationIssue[];
}

/**
 * What the loader hands a {@link BlueprintFhirContext} before asking it for snapshots and
 * validation: the FHIR packages the blueprint depends on and the blueprint's own conformance
 * resources (profiles and extensions as differentials, value sets, code systems).
 *
 * @example
 * ```ts
 * const input: BlueprintFhirInput = { fhirVersion: '4.0.1', dependencies: [{ id: 'fhir.r4.ukcore.stu2', version: '2.0.0' }], resources: [] };
 * ```
 */
export interface BlueprintFhirInput {
  readonly fhirVersion: '4.0.1';
  readonly dependencies: readonly FhirPackageRef[];
  readonly resources: readonly Resource[];
}

/**
 * How the blueprint loader reaches FHIR definitions. The loader itself knows no FHIR semantics
 * beyond shapes: resolving FHIR packages, generating snapshots from differentials and validating
 * resources against profiles come through this interface, which `@lhcr/validator` implements.
 * Without a context a blueprint still loads (its examples and fixtures are then reported as
 * not validated) and its docs render element tables from the differentials.
 *
 * Calls happen in this order: `prepare` once, then `snapshot` for each blueprint profile and
 * extension, then `validate` for each example and fixture resource. Each method may return a
 * promise.
 *
 * @example
 * ```ts
 * // A context that knows no FHIR: every snapshot is missing and every resource passes.
 * // @lhcr/validator provides the real one.
 * const context: BlueprintFhirContext = {
 *   prepare: () => [],
 *   snapshot: () => undefined,
 *   validate: () => ({ valid: true, issues: [] }),
 * };
 * const result = await loadBlueprint('@lhcr/blueprint-core', { fhirContext: context });
 * ```
 */
export interface BlueprintFhirContext {
  /**
   * Loads the FHIR packages the blueprint depends on (and their dependencies) and registers the
   * blueprint's own conformance resources, so later calls can resolve them by canonical URL.
   * Returns one message per problem (a dependency not found, a resource it cannot use); an
   * empty list means ready.
   */
  prepare(
    input: BlueprintFhirInput,
  ): Promise<readonly FhirValidationIssue[]> | readonly FhirValidationIssue[];
  /**
   * The snapshot of the StructureDefinition with canonical `url` (a blueprint profile or any
   * definition in the dependencies), generated from its differential and base definitions, or
   * `undefined` when it cannot be made.
   */
  snapshot(url: string): Promise<StructureDefinition | undefined> | StructureDefinition | undefined;
  /**
   * Validates `resource` against the base FHIR definition of its type and every profile in
   * `profiles` (canonical URLs). Never throws for bad input: problems are issues.
   */
  validate(
    resource: unknown,
    profiles: readonly string[],
  ): Promise<FhirValidationResult> | FhirValidationResult;
}
