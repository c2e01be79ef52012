import { resolve } from 'node:path';
import type { Blueprint } from '@lhcr/blueprint';
import { loadConformanceBlueprint } from '../run-conformance';
import type { ConformanceBlueprint } from '../run-conformance';

/** UK Core for tests: LHCR_FHIR_PACKAGES, or shared/fhir-packages beside the repository. */
export function useSharedFhirPackages(): void {
  process.env['LHCR_FHIR_PACKAGES'] ??= resolve(
    import.meta.dirname,
    '../../../../shared/fhir-packages',
  );
}

let loaded: Promise<ConformanceBlueprint> | undefined;

/** `@lhcr/blueprint-core` with its FHIR context, loaded once per test file. */
export function coreBlueprint(): Promise<ConformanceBlueprint> {
  useSharedFhirPackages();
  loaded ??= loadConformanceBlueprint('@lhcr/blueprint-core', { from: import.meta.dirname });
  return loaded;
}

/** A minimal blueprint object for engine tests: the requirements given, nothing else. */
export function miniBlueprint(
  requirements: readonly { id: string; level: 'MUST' | 'SHOULD' | 'MAY'; category?: string }[],
): Blueprint {
  return {
    root: '/',
    manifestFile: 'blueprint.yaml',
    manifest: {} as Blueprint['manifest'],
    id: 'mini',
    version: '0.0.1',
    title: 'Mini blueprint',
    status: 'draft',
    fhirVersion: '4.0.1',
    canonical: 'https://example.org/fhir/mini',
    dependencies: [],
    categories: [
      { id: 'security', title: 'Security' },
      { id: 'search', title: 'Search' },
    ],
    requirements: requirements.map((requirement) => ({
      id: requirement.id,
      level: requirement.level,
      category: requirement.category ?? 'security',
      title: `Requirement ${requirement.id}`,
      text: 'text',
      rationale: 'rationale',
      verification: { method: 'server-test' },
    })),
    profiles: [],
    extensions: [],
    valueSets: [],
    codeSystems: [],
    codeLists: [],
    fixtures: [],
    examples: [],
    links: [],
    validated: false,
  };
}
