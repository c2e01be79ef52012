/**
 * Builds the lhcr documentation site, offline: the hand-written guides in `src/guides/` (Markdown)
 * and the pages generated from the blueprints, into `docs/dist/` (or the folder given).
 *
 *   npm run build --workspace=@lhcr/docs                 # writes docs/dist
 *   npx tsx docs/src/build-site.ts --out /tmp/site --traceability conformance/traceability.json
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatBlueprintIssue,
  loadBlueprint,
  parseTraceability,
  renderDocsSite,
  writeSite,
  createValidatorFhirContext,
} from '@lhcr/blueprint';
import type { SitePage, TraceabilityEntry } from '@lhcr/blueprint';
import { marked } from 'marked';

const here = dirname(fileURLToPath(import.meta.url));

// Blueprint-core builds on UK Core: in a development checkout it lies beside the repository.
const sharedPackages = resolve(here, '../../../shared/fhir-packages');
if (process.env.LHCR_FHIR_PACKAGES === undefined && existsSync(sharedPackages)) {
  process.env.LHCR_FHIR_PACKAGES = sharedPackages;
}

function defaultTraceability(): string | undefined {
  const file = resolve(here, '../../conformance/traceability.json');
  return existsSync(file) ? file : undefined;
}

/** The blueprints the site documents, by npm package name. */
export const SITE_BLUEPRINTS = ['@lhcr/blueprint-core'] as const;

/** What {@link buildDocsSite} wrote. */
export interface DocsBuild {
  readonly outDir: string;
  readonly files: number;
}

/** Options of {@link buildDocsSite}. */
export interface DocsBuildOptions {
  readonly outDir?: string;
  /** A JSON file mapping conformance tests to requirement ids; absent until the suite exists. */
  readonly traceabilityFile?: string;
}

/** The guides, in the order of their file names, each titled by its first `# ` heading. */
export function readGuides(dir: string = join(here, 'guides')): SitePage[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const [first = '', ...rest] = text.split('\n');
      if (!first.startsWith('# '))
        throw new Error(`${file}: expected the first line to be a "# " title`);
      const body = rest.join('\n').trim();
      const summary = body
        .split('\n\n')[0]
        ?.replace(/\s+/g, ' ')
        .replace(/[*_`[\]]/g, '')
        .trim();
      const html = marked.parse(body, { async: false, gfm: true });
      return {
        path: `guides/${file.replace(/^\d+-/, '').replace(/\.md$/, '.html')}`,
        title: first.slice(2).trim(),
        html,
        ...(summary === undefined ? {} : { summary }),
      };
    });
}

function readTraceability(file: string): readonly TraceabilityEntry[] {
  const parsed = parseTraceability(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  return parsed.value;
}

/**
 * Builds the whole site: loads each blueprint (failing on any blueprint error), renders guides
 * and blueprint pages with one layout and one search index, and writes them to `outDir`
 * (emptied first).
 */
export async function buildDocsSite(options: DocsBuildOptions = {}): Promise<DocsBuild> {
  const outDir = resolve(options.outDir ?? join(here, '..', 'dist'));
  // The conformance suite's requirement-to-test mapping fills the traceability matrix.
  const traceabilityFile = options.traceabilityFile ?? defaultTraceability();
  const traceability =
    traceabilityFile === undefined ? undefined : readTraceability(traceabilityFile);
  const blueprints = [];
  for (const name of SITE_BLUEPRINTS) {
    const result = await loadBlueprint(name, {
      from: here,
      fhirContext: createValidatorFhirContext(),
    });
    if (!result.ok) {
      throw new Error(`${name} has errors:\n${result.issues.map(formatBlueprintIssue).join('\n')}`);
    }
    blueprints.push({
      blueprint: result.blueprint,
      ...(traceability === undefined ? {} : { traceability }),
    });
  }
  const files = renderDocsSite({
    title: 'lhcr',
    introduction: `<p>lhcr is an open-source toolkit for England's regional shared care records. These pages hold the guides for vendors, regions and standards teams, and the national blueprints: the requirements, profiles, policies and test data that every region follows, generated from the blueprint packages themselves.</p>`,
    pages: readGuides(),
    blueprints,
  });
  rmSync(outDir, { recursive: true, force: true });
  await writeSite(files, outDir);
  return { outDir, files: files.length };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = argument('--out');
  const traceabilityFile = argument('--traceability');
  const built = await buildDocsSite({
    ...(outDir === undefined ? {} : { outDir }),
    ...(traceabilityFile === undefined ? {} : { traceabilityFile }),
  });
  process.stdout.write(`docs: ${String(built.files)} files written to ${built.outDir}\n`);
}
