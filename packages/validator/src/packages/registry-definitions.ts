import type { StructureDefinition } from '@lhcr/models';
import type {
  CanonicalResource,
  DefinitionSource,
  GlobalProfile,
} from '../profiles/profile-engine';
import type { CodeSystemLike, ValueSetLike } from '../terminology/expand-value-set';
import type { CanonicalRegistry } from './canonical-registry';

const R4_CORE_ID = 'hl7.fhir.r4.core';
const R4_VERSION = '4.0.1';

/**
 * The definitions of a canonical registry (loaded FHIR packages) as the validator reads them,
 * falling back to other sources (such as base R4) for what the registry does not hold. A value
 * set or code system a package other than R4 holds in an edition of its own (terminology.hl7.org's
 * newer code systems) supersedes R4's.
 *
 * @example
 * ```ts
 * const registry = createCanonicalRegistry(set.packages);
 * const validator = createValidator({ definitions: definitionsFromRegistry(registry, r4CoreDefinitions()) });
 * ```
 */
export function definitionsFromRegistry(
  registry: CanonicalRegistry,
  ...fallbacks: readonly DefinitionSource[]
): DefinitionSource {
  const find = <T>(
    url: string,
    type: string | undefined,
    fallback: (source: DefinitionSource) => T | undefined,
  ): T | undefined => {
    const registered = registry.resolve(url, type);
    if (registered !== undefined) return registered.resource as T;
    for (const source of fallbacks) {
      const found = fallback(source);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    supersedesCore: (url) => {
      const registered = registry.resolve(url);
      return (
        registered !== undefined &&
        registered.packageId !== R4_CORE_ID &&
        registered.resource.version !== R4_VERSION
      );
    },
    structureDefinition: (url) =>
      find<StructureDefinition>(url, 'StructureDefinition', (s) => s.structureDefinition(url)),
    valueSet: (url) => find<ValueSetLike>(url, 'ValueSet', (s) => s.valueSet(url)),
    codeSystem: (url) => find<CodeSystemLike>(url, 'CodeSystem', (s) => s.codeSystem(url)),
    globalProfiles: () => [
      ...registry.list('ImplementationGuide').flatMap(({ resource }) => globalsOf(resource)),
      ...fallbacks.flatMap((source) => source.globalProfiles?.() ?? []),
    ],
    canonicalResource: (url, resourceType) =>
      find<CanonicalResource>(url, resourceType, (s) => s.canonicalResource?.(url, resourceType)),
  };
}

/** The `global` entries of an ImplementationGuide that name both a type and a profile. */
function globalsOf(guide: Record<string, unknown>): GlobalProfile[] {
  const global = guide.global;
  if (!Array.isArray(global)) return [];
  return global.flatMap((entry: unknown): GlobalProfile[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { type, profile } = entry as Record<string, unknown>;
    return typeof type === 'string' && typeof profile === 'string' ? [{ type, profile }] : [];
  });
}
