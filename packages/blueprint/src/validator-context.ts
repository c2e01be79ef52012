import type { StructureDefinition } from '@lhcr/models';
import { createValidator, SnapshotGenerator } from '@lhcr/validator';
import type { DefinitionSource, Validator } from '@lhcr/validator';
import { loadDefinitions } from '@lhcr/validator/node';
import type { LoadFhirPackageOptions } from '@lhcr/validator/node';
import type { BlueprintFhirContext, FhirValidationIssue } from './fhir-context';

/** Options for {@link createValidatorFhirContext}. */
export interface ValidatorFhirContextOptions {
  /** Where FHIR packages are looked for (besides `LHCR_FHIR_PACKAGES` and the package cache). */
  readonly packages?: Pick<LoadFhirPackageOptions, 'searchFolders' | 'packageCache'>;
}

/**
 * The FHIR context a blueprint loads with, built on `@lhcr/validator`: the blueprint's FHIR
 * package dependencies are loaded (with base R4 behind them, offline), its own profiles and
 * extensions are registered ahead of them, snapshots are generated from differentials, and
 * examples and fixtures are validated against base R4 and their profiles.
 *
 * @example
 * ```ts
 * const result = await loadBlueprint('@lhcr/blueprint-core', { fhirContext: createValidatorFhirContext() });
 * ```
 */
export function createValidatorFhirContext(
  options: ValidatorFhirContextOptions = {},
): BlueprintFhirContext {
  let validator: Validator | undefined;
  let snapshots: SnapshotGenerator | undefined;
  return {
    async prepare(input) {
      const issues: FhirValidationIssue[] = [];
      const sources = input.dependencies.map((d) => `${d.id}#${d.version}`);
      let base: DefinitionSource;
      try {
        const loaded = await loadDefinitions(sources, options.packages ?? {});
        base = loaded.definitions;
        for (const warning of loaded.warnings) {
          issues.push({
            severity: warning.code === 'missing-dependency' ? 'error' : 'warning',
            code: 'not-found',
            diagnostics: warning.message,
          });
        }
      } catch (error) {
        return [
          {
            severity: 'error',
            code: 'not-found',
            diagnostics: `The blueprint's FHIR packages could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
          },
        ];
      }
      const definitions = withOwnResources(input.resources, base);
      validator = createValidator({ definitions, reportUnverifiedCodes: false });
      snapshots = new SnapshotGenerator(definitions);
      return issues;
    },
    snapshot(url) {
      try {
        return snapshots?.snapshot(url);
      } catch {
        return undefined;
      }
    },
    validate(resource, profiles) {
      if (validator === undefined) {
        return {
          valid: false,
          issues: [
            {
              severity: 'fatal',
              code: 'exception',
              diagnostics: 'The FHIR context was not prepared',
            },
          ],
        };
      }
      const result = validator.validate(resource, { profiles });
      return { valid: result.ok, issues: result.issues };
    },
  };
}

/** The blueprint's own conformance resources, found ahead of its dependencies. */
function withOwnResources(
  resources: readonly { resourceType: string }[],
  base: DefinitionSource,
): DefinitionSource {
  const own = new Map<string, unknown>();
  for (const r of resources) {
    const url = (r as { url?: unknown }).url;
    if (typeof url === 'string') own.set(`${r.resourceType}|${url}`, r);
  }
  const find = (type: string, url: string): unknown =>
    own.get(`${type}|${url.split('|')[0] ?? url}`);
  return {
    structureDefinition: (url) =>
      (find('StructureDefinition', url) as StructureDefinition | undefined) ??
      base.structureDefinition(url),
    valueSet: (url) =>
      (find('ValueSet', url) as ReturnType<DefinitionSource['valueSet']>) ?? base.valueSet(url),
    codeSystem: (url) =>
      (find('CodeSystem', url) as ReturnType<DefinitionSource['codeSystem']>) ??
      base.codeSystem(url),
  };
}
