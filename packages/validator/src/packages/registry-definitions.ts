import type { StructureDefinition } from '@lhcr/models';
import type { DefinitionSource } from '../profiles/profile-engine';
import type { CodeSystemLike, ValueSetLike } from '../terminology/expand-value-set';
import type { CanonicalRegistry } from './canonical-registry';

/**
 * The definitions of a canonical registry (loaded FHIR packages) as the validator reads them,
 * falling back to other sources (such as base R4) for what the registry does not hold.
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
    type: 'StructureDefinition' | 'ValueSet' | 'CodeSystem',
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
    structureDefinition: (url) =>
      find<StructureDefinition>(url, 'StructureDefinition', (s) => s.structureDefinition(url)),
    valueSet: (url) => find<ValueSetLike>(url, 'ValueSet', (s) => s.valueSet(url)),
    codeSystem: (url) => find<CodeSystemLike>(url, 'CodeSystem', (s) => s.codeSystem(url)),
  };
}
