import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValidatorFhirContext, formatBlueprintIssue, loadBlueprint } from '@lhcr/blueprint';
import type { Blueprint, BlueprintFhirContext, FhirValidationResult } from '@lhcr/blueprint';
import { createRestrictedCodeList } from '@lhcr/optout';
import type { OptOutPolicy, RestrictedCategory, RestrictedCodeList } from '@lhcr/optout';
import { ReferenceServerError } from './errors';

/** How a purpose of use is treated: the blueprint's `use`, reduced to what the server decides on. */
export type PurposeUse = 'direct-care' | 'secondary' | 'audit';

/** A scope rule of the blueprint's security requirements. */
export interface ScopeRule {
  readonly scope: string;
  readonly resourceTypes: readonly string[];
  readonly interactions: readonly string[];
  readonly purposes: readonly string[] | undefined;
}

/**
 * A blueprint loaded together with the FHIR context that validates against its profiles: what
 * {@link startReferenceServer} serves. Load it once with {@link loadServerBlueprint} and pass it
 * to many servers (tests start dozens).
 *
 * @example
 * ```ts
 * const blueprint = await loadServerBlueprint();
 * const a = await startReferenceServer({ blueprint });
 * const b = await startReferenceServer({ blueprint, defects: ['no-audit'] });
 * ```
 */
export interface ServerBlueprint {
  readonly blueprint: Blueprint;
  /** Validates a resource against base R4 and the given profiles (canonical URLs). */
  validate(resource: unknown, profiles: readonly string[]): Promise<FhirValidationResult>;
}

function moduleDirectory(): string {
  // The CommonJS build is given an import.meta.url too. A global __filename is no guide: `node -e`
  // defines one ('[eval]') that ES modules see.
  return dirname(fileURLToPath(import.meta.url));
}

let defaultBlueprint: Promise<ServerBlueprint> | undefined;

/**
 * Loads a blueprint (a folder, a manifest file or a package name; default
 * `@lhcr/blueprint-core`) with a validator built from its FHIR packages and profiles (UK Core is
 * found through `LHCR_FHIR_PACKAGES` or the FHIR package cache). The default blueprint is loaded
 * once per process and shared.
 *
 * @throws {ReferenceServerError} with code `config` when the blueprint cannot be loaded or has errors.
 * @example
 * ```ts
 * const blueprint = await loadServerBlueprint();
 * blueprint.blueprint.requirements.length; // 80
 * ```
 */
export function loadServerBlueprint(ref?: string): Promise<ServerBlueprint> {
  if (ref === undefined || ref === '@lhcr/blueprint-core') {
    defaultBlueprint ??= load('@lhcr/blueprint-core').catch((error: unknown) => {
      defaultBlueprint = undefined;
      throw error;
    });
    return defaultBlueprint;
  }
  return load(ref);
}

async function load(ref: string): Promise<ServerBlueprint> {
  const attempt = async (
    from: string,
  ): Promise<{ blueprint?: Blueprint; context: BlueprintFhirContext; messages: string[] }> => {
    const context = createValidatorFhirContext();
    const result = await loadBlueprint(ref, { from, fhirContext: context });
    if (result.ok) return { blueprint: result.blueprint, context, messages: [] };
    return {
      context,
      messages: result.issues
        .filter((issue) => issue.severity === 'error')
        .map((issue) => formatBlueprintIssue(issue)),
    };
  };
  let loaded = await attempt(process.cwd());
  if (loaded.blueprint === undefined) loaded = await attempt(moduleDirectory());
  const { blueprint, context } = loaded;
  if (blueprint === undefined) {
    throw new ReferenceServerError(
      'config',
      `the blueprint ${ref} cannot be loaded:\n${loaded.messages.slice(0, 20).join('\n')}`,
    );
  }
  if (!blueprint.validated) {
    throw new ReferenceServerError(
      'config',
      `the blueprint ${ref} was loaded without its FHIR packages, so resources cannot be validated; set LHCR_FHIR_PACKAGES to the folder holding ${blueprint.dependencies.map((d) => `${d.id}#${d.version}`).join(', ')}`,
    );
  }
  return {
    blueprint,
    validate: async (resource, profiles) => context.validate(resource, profiles),
  };
}

const CATEGORY: Readonly<Record<string, RestrictedCategory>> = {
  'assisted-conception': 'assisted-fertilisation',
  'gender-reassignment': 'gender-related',
  'sexual-health': 'sexually-transmitted-infection',
  'termination-of-pregnancy': 'termination-of-pregnancy',
};

/** Types the server serves besides the blueprint's: Group, for Group-level Bulk Data export. */
export const EXTRA_TYPES = ['Group'] as const;

/** What the server takes from a blueprint. */
export interface ServerRules {
  readonly blueprint: Blueprint;
  /** The resource types served (the blueprint's capability resources and Group). */
  readonly types: ReadonlySet<string>;
  /** The blueprint profile every resource of the type must meet. */
  readonly profileOf: ReadonlyMap<string, string>;
  readonly blueprintProfiles: ReadonlySet<string>;
  readonly restrictedLists: readonly RestrictedCodeList[];
  /** Restricted codes whose list asks for descendants (matched exactly: no terminology server). */
  readonly descendantCodes: number;
  readonly optOutPolicy: OptOutPolicy;
  readonly purposes: ReadonlyMap<string, { readonly use: PurposeUse; readonly display: string }>;
  readonly purposeSystem: string;
  readonly purposeHeader: string;
  readonly purposeClaim: string;
  readonly scopeRules: readonly ScopeRule[];
  readonly algorithms: readonly string[];
  readonly maxAssertionLifetimeSeconds: number;
  readonly maxTokenLifetimeSeconds: number;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  readonly canonical: string;
  /** The blueprint's own CapabilityStatement canonical, for `instantiates`. */
  readonly capabilityCanonical: string;
}

/**
 * Reads the parts of a blueprint the server enforces.
 *
 * @throws {ReferenceServerError} with code `config` when a part the server needs is missing.
 */
export function serverRules(blueprint: Blueprint): ServerRules {
  const missing = (part: string): never => {
    throw new ReferenceServerError(
      'config',
      `the blueprint ${blueprint.id} has no ${part}; the reference server needs it`,
    );
  };
  const capability = blueprint.capability ?? missing('capability requirements');
  const security = blueprint.security ?? missing('security requirements');
  const optOutPolicy = blueprint.optOutPolicy?.policy ?? missing('opt-out policy');
  const types = new Set<string>([...capability.resources.map((r) => r.type), ...EXTRA_TYPES]);
  const profileOf = new Map<string, string>();
  for (const resource of capability.resources) {
    if (resource.profile !== undefined) profileOf.set(resource.type, resource.profile);
  }
  let descendantCodes = 0;
  const restrictedLists = blueprint.codeLists
    .filter((list) => list.purpose === 'restricted-data')
    .map((list) => {
      descendantCodes += list.codes.filter((code) => code.includeDescendants === true).length;
      return createRestrictedCodeList({
        id: list.id,
        title: list.title,
        category: CATEGORY[list.restrictedCategory ?? ''] ?? 'other',
        codes: list.codes.map((code) => ({ system: code.system, code: code.code })),
        source: `${blueprint.id} ${blueprint.version} ${list.file}`,
      });
    });
  const purposes = new Map<string, { use: PurposeUse; display: string }>();
  for (const code of security.purposeOfUse.codes) {
    const use: PurposeUse =
      code.use === 'direct-care' ? 'direct-care' : code.use === 'audit' ? 'audit' : 'secondary';
    purposes.set(code.code, { use, display: code.display });
  }
  return {
    blueprint,
    types,
    profileOf,
    blueprintProfiles: new Set(blueprint.profiles.map((profile) => profile.url)),
    restrictedLists,
    descendantCodes,
    optOutPolicy,
    purposes,
    purposeSystem: security.purposeOfUse.system,
    purposeHeader: security.purposeOfUse.header,
    purposeClaim: security.purposeOfUse.assertionClaim,
    scopeRules: security.scopes.map((rule) => ({
      scope: rule.scope,
      resourceTypes: rule.resourceTypes,
      interactions: rule.interactions,
      purposes: rule.purposes,
    })),
    algorithms: security.clientAuthentication.algorithms,
    maxAssertionLifetimeSeconds: security.clientAuthentication.maxAssertionLifetimeSeconds,
    maxTokenLifetimeSeconds: security.accessToken.maxLifetimeSeconds,
    defaultPageSize: capability.paging?.defaultPageSize ?? 50,
    maxPageSize: capability.paging?.maxPageSize ?? 100,
    canonical: blueprint.canonical,
    capabilityCanonical: `${blueprint.canonical}/CapabilityStatement/${blueprint.id}`,
  };
}
