import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValidatorFhirContext, formatBlueprintIssue, loadBlueprint } from '@lhcr/blueprint';
import type { BlueprintFhirContext } from '@lhcr/blueprint';
import type { StructureDefinition } from '@lhcr/models';
import { renderProfileTypes } from '@lhcr/models/typegen';
import type { BaseDefinitionInput, ProfileDefinitionInput } from '@lhcr/models/typegen';

/** The blueprint-core package folder. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the profile types live, relative to this script. */
export const GENERATED_FILE = fileURLToPath(
  new URL('../src/generated/profile-types.ts', import.meta.url),
);

const BANNER = [
  "This file is generated from the blueprint's profiles and the UK Core definitions they use.",
  'Do not edit it by hand: run `npm run generate --workspace=@lhcr/blueprint-core`',
  '(packages/blueprint-core/scripts/generate-profile-types.ts).',
];

const BASE_URL = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * The folder FHIR packages (UK Core) are read from: `LHCR_FHIR_PACKAGES` when set, else
 * `shared/fhir-packages` beside the repository.
 *
 * @throws {Error} naming where it looked, when neither is there.
 */
export function fhirPackagesFolder(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['LHCR_FHIR_PACKAGES'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const beside = resolve(ROOT, '../../../shared/fhir-packages');
  if (!existsSync(beside)) {
    throw new Error(
      `FHIR packages not found: LHCR_FHIR_PACKAGES is not set and ${beside} does not exist. ` +
        'The profile types are generated from UK Core (fhir.r4.ukcore.stu2 2.0.0); set ' +
        'LHCR_FHIR_PACKAGES to a folder laid out like the FHIR package cache that holds it.',
    );
  }
  return beside;
}

function toInput(definition: StructureDefinition): ProfileDefinitionInput {
  return {
    url: definition.url,
    version: definition.version,
    name: definition.name,
    type: definition.type,
    title: definition.title,
    description: definition.description,
    baseDefinition: definition.baseDefinition,
    snapshot: definition.snapshot?.element ?? [],
  };
}

/**
 * The definitions the profiles' elements name as type profiles (extensions, SimpleQuantity),
 * and the ones those name in turn, with their snapshots, ordered by URL. Ones the packages do
 * not have are left out: their slices are typed from the base type.
 */
async function referencedDefinitions(
  context: BlueprintFhirContext,
  profiles: readonly StructureDefinition[],
): Promise<StructureDefinition[]> {
  const seen = new Set(profiles.map((profile) => profile.url));
  const found: StructureDefinition[] = [];
  const queue = [...profiles];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const element of next.snapshot?.element ?? []) {
      for (const url of (element.type ?? []).flatMap((type) => type.profile ?? [])) {
        if (seen.has(url)) continue;
        seen.add(url);
        const definition = await context.snapshot(url);
        if (definition?.derivation !== 'constraint') continue;
        found.push(definition);
        queue.push(definition);
      }
    }
  }
  return found.sort((a, b) => a.url.localeCompare(b.url));
}

/** The base R4 definitions of the types whose choice elements the profiles constrain. */
async function baseDefinitions(
  context: BlueprintFhirContext,
  definitions: readonly StructureDefinition[],
): Promise<BaseDefinitionInput[]> {
  const types = new Set<string>();
  for (const definition of definitions) {
    for (const element of definition.snapshot?.element ?? []) {
      const root = element.base?.path.split('.')[0];
      if (element.path.endsWith('[x]') && root !== undefined) types.add(root);
    }
  }
  const out: BaseDefinitionInput[] = [];
  for (const type of [...types].sort()) {
    const definition = await context.snapshot(`${BASE_URL}${type}`);
    const snapshot = definition?.snapshot?.element;
    if (snapshot !== undefined) out.push({ type, snapshot });
  }
  return out;
}

/**
 * Loads blueprint-core with the validator (UK Core from {@link fhirPackagesFolder}, never the
 * user's package cache, so the output is the same everywhere), and renders the types of its
 * profiles and of the extensions and data-type profiles they use.
 *
 * @throws {Error} when UK Core is not found or the blueprint does not load.
 */
export async function generateProfileTypes(): Promise<string> {
  const folder = fhirPackagesFolder();
  const context = createValidatorFhirContext({
    packages: { searchFolders: [folder], packageCache: false },
  });
  const result = await loadBlueprint(ROOT, { fhirContext: context });
  const errors = result.issues.filter((issue) => issue.severity === 'error');
  if (!result.ok || errors.length > 0) {
    throw new Error(
      `blueprint-core did not load (FHIR packages read from ${folder}):\n` +
        errors.map(formatBlueprintIssue).join('\n'),
    );
  }
  const { blueprint } = result;
  const own = [...blueprint.profiles, ...blueprint.extensions].map((profile) => {
    if (profile.snapshot === undefined) {
      throw new Error(`${profile.url} has no snapshot (FHIR packages read from ${folder})`);
    }
    return profile.snapshot;
  });
  const referenced = await referencedDefinitions(context, own);
  const all = [...own, ...referenced];
  return renderProfileTypes({
    profiles: all.map(toInput),
    baseDefinitions: await baseDefinitions(context, all),
    baseImport: '@lhcr/models',
    banner: BANNER,
  });
}

async function main(argv: readonly string[]): Promise<number> {
  let text: string;
  try {
    text = await generateProfileTypes();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (argv.includes('--check')) {
    const current = existsSync(GENERATED_FILE) ? readFileSync(GENERATED_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${GENERATED_FILE} is out of date: run npm run generate.\n`);
      return 1;
    }
    return 0;
  }
  writeFileSync(GENERATED_FILE, text);
  process.stdout.write(`wrote ${GENERATED_FILE} (${text.split('\n').length} lines)\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
