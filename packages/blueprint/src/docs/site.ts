import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { diffBlueprints } from '../diff-blueprints';
import type { Blueprint } from '../model/types';
import { SEARCH_JS, SITE_CSS } from './internal/assets';
import { blueprintPages } from './internal/blueprint-pages';
import type { PageSpec } from './internal/blueprint-pages';
import { escapeHtml, href, layout, slug } from './internal/html';
import type { NavLink } from './internal/html';
import type { TraceabilityEntry } from './traceability';

/**
 * One file of a rendered site: its path relative to the site root (`/` separators) and content.
 *
 * @example
 * ```ts
 * const file: SiteFile = { path: 'index.html', content: '<!doctype html>...' };
 * ```
 */
export interface SiteFile {
  readonly path: string;
  readonly content: string;
}

/**
 * A hand-written page to include in a docs site (a guide), with its body already HTML.
 *
 * @example
 * ```ts
 * const guide: SitePage = { path: 'guides/vendors.html', title: 'For vendors', html: '<p>...</p>', summary: 'How to build records that regions accept.' };
 * ```
 */
export interface SitePage {
  readonly path: string;
  readonly title: string;
  readonly html: string;
  readonly summary?: string;
}

/**
 * One blueprint in a docs site, with what its pages compare it with and the conformance
 * tests mapped to its requirements.
 *
 * @example
 * ```ts
 * const entry: SiteBlueprint = { blueprint, since: previousVersion, traceability: [] };
 * ```
 */
export interface SiteBlueprint {
  readonly blueprint: Blueprint;
  /** An earlier version, for the "changes since" page. */
  readonly since?: Blueprint;
  /** Tests and the requirement ids they verify; absent until the conformance suite exists. */
  readonly traceability?: readonly TraceabilityEntry[];
}

/**
 * What {@link renderDocsSite} builds a site from.
 *
 * @example
 * ```ts
 * const input: DocsSiteInput = { title: 'lhcr', blueprints: [{ blueprint }], pages: [] };
 * ```
 */
export interface DocsSiteInput {
  readonly title: string;
  /** The home page's introduction, as HTML. */
  readonly introduction?: string;
  readonly pages?: readonly SitePage[];
  readonly blueprints: readonly SiteBlueprint[];
  /**
   * Where blueprint pages go: `'root'` puts a single blueprint's pages at the top of the site
   * (its overview is the home page); `'folders'` (default) puts each under `blueprints/<id>/`.
   */
  readonly blueprintPlacement?: 'root' | 'folders';
}

interface SearchEntry {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly url: string;
  readonly text: string;
}

const MAX_SEARCH_TEXT = 600;

/**
 * Renders a static, accessible, searchable docs site: for each blueprint a requirements index
 * and a page per requirement, profile pages with element tables and examples, terminology, the
 * REST capability table, security, the opt-out decision table, the anonymisation policy, the
 * fixtures with their expected behaviour, a traceability matrix with coverage and a "changes
 * since" page; plus any hand-written pages. Every page has a skip link, landmarks, one `h1`,
 * captioned tables with header cells and relative links (the site works from any folder and from
 * `file:`). Search runs in the browser from `search-index.js`; no server is needed. A pure
 * function: write the files with {@link writeSite}.
 *
 * @example
 * ```ts
 * const files = renderDocsSite({ title: 'LHCR standards', blueprints: [{ blueprint }] });
 * await writeSite(files, './site');
 * ```
 */
export function renderDocsSite(input: DocsSiteInput): SiteFile[] {
  const placement = input.blueprintPlacement ?? 'folders';
  if (placement === 'root' && input.blueprints.length !== 1) {
    throw new Error(
      `blueprintPlacement "root" needs exactly one blueprint; found ${String(input.blueprints.length)}`,
    );
  }
  const specs: PageSpec[] = [];
  const nav: NavLink[] = [{ label: 'Home', path: 'index.html' }];
  const blueprintBases = input.blueprints.map((entry) =>
    placement === 'root' ? '' : `blueprints/${slug(entry.blueprint.id)}/`,
  );
  input.blueprints.forEach((entry, index) => {
    const base = blueprintBases[index] ?? '';
    if (placement === 'folders')
      nav.push({ label: entry.blueprint.title, path: `${base}index.html` });
    nav.push({ label: 'Requirements', path: `${base}requirements/index.html` });
    specs.push(
      ...blueprintPages({
        blueprint: entry.blueprint,
        base,
        ...(entry.since === undefined
          ? {}
          : { diff: diffBlueprints(entry.since, entry.blueprint) }),
        ...(entry.traceability === undefined ? {} : { traceability: entry.traceability }),
      }),
    );
  });
  const guides = input.pages ?? [];
  if (guides.length > 0) nav.splice(1, 0, { label: 'Guides', path: 'guides/index.html' });
  for (const guide of guides) {
    specs.push({
      path: guide.path,
      title: guide.title,
      body: guide.html,
      ...(guide.summary === undefined ? {} : { description: guide.summary }),
      search: { id: guide.title, kind: 'guide', text: guide.summary ?? guide.title },
    });
  }
  if (guides.length > 0 && !guides.some((guide) => guide.path === 'guides/index.html')) {
    specs.push({
      path: 'guides/index.html',
      title: 'Guides',
      body: `<ul>${guides.map((guide) => `<li><a href="${escapeHtml(href('guides/index.html', guide.path))}">${escapeHtml(guide.title)}</a>${guide.summary === undefined ? '' : `: ${escapeHtml(guide.summary)}`}</li>`).join('')}</ul>`,
    });
  }
  if (placement === 'folders') {
    specs.push({
      path: 'index.html',
      title: input.title,
      body: `${input.introduction ?? ''}
${guides.length === 0 ? '' : `<h2>Guides</h2><ul>${guides.map((guide) => `<li><a href="${escapeHtml(href('index.html', guide.path))}">${escapeHtml(guide.title)}</a>${guide.summary === undefined ? '' : `: ${escapeHtml(guide.summary)}`}</li>`).join('')}</ul>`}
<h2>Blueprints</h2>
<ul>${input.blueprints.map((entry, index) => `<li><a href="${escapeHtml(href('index.html', `${blueprintBases[index] ?? ''}index.html`))}">${escapeHtml(entry.blueprint.title)} ${escapeHtml(entry.blueprint.version)}</a> (${escapeHtml(entry.blueprint.status)}, ${String(entry.blueprint.requirements.length)} requirements)</li>`).join('')}</ul>`,
    });
  }
  specs.push({
    path: 'search.html',
    title: 'Search',
    body: `<form id="search-form" role="search" action="search.html" method="get">
<label for="search-q">Search requirements, profiles and guides</label>
<input id="search-q" name="q" type="search" autocomplete="off">
<button type="submit">Search</button>
</form>
<p id="search-status" role="status" aria-live="polite">Search needs JavaScript; without it, use the requirements index.</p>
<ol id="search-results"></ol>
<script src="search-index.js"></script>
<script src="assets/search.js"></script>`,
  });

  const seen = new Set<string>();
  const files: SiteFile[] = [];
  const index: SearchEntry[] = [];
  for (const spec of specs) {
    if (seen.has(spec.path)) throw new Error(`two pages would be written to ${spec.path}`);
    seen.add(spec.path);
    files.push({
      path: spec.path,
      content: layout({
        siteTitle: input.title,
        path: spec.path,
        title: spec.title,
        body: spec.body,
        nav,
        ...(spec.sectionNav === undefined ? {} : { sectionNav: spec.sectionNav }),
        ...(spec.description === undefined ? {} : { description: spec.description }),
      }),
    });
    if (spec.search !== undefined) {
      const text = spec.search.text.replace(/\s+/g, ' ').trim();
      index.push({
        id: spec.search.id,
        title: spec.title,
        kind: spec.search.kind,
        url: spec.path,
        text: text.length > MAX_SEARCH_TEXT ? text.slice(0, MAX_SEARCH_TEXT) : text,
      });
    }
  }
  files.push({ path: 'assets/site.css', content: SITE_CSS });
  files.push({ path: 'assets/search.js', content: SEARCH_JS });
  // A script, not JSON, so that search works from file: URLs where fetch() is refused.
  files.push({
    path: 'search-index.js',
    content: `window.LHCR_SEARCH_INDEX = ${JSON.stringify(index).replace(/</g, '\\u003c')};\n`,
  });
  return files;
}

/**
 * Renders one blueprint as a site of its own, its overview as the home page: what
 * `lhcr docs build` writes.
 *
 * @example
 * ```ts
 * const files = renderBlueprintSite(blueprint, { since: previous, traceability });
 * await writeSite(files, './public');
 * ```
 */
export function renderBlueprintSite(
  blueprint: Blueprint,
  options: {
    readonly since?: Blueprint;
    readonly traceability?: readonly TraceabilityEntry[];
  } = {},
): SiteFile[] {
  return renderDocsSite({
    title: blueprint.title,
    blueprints: [{ blueprint, ...options }],
    blueprintPlacement: 'root',
  });
}

/**
 * Writes rendered files under `dir`, creating folders as needed. Refuses any path that would
 * land outside `dir`.
 *
 * @throws {Error} when a file path escapes `dir`.
 * @example
 * ```ts
 * await writeSite(renderBlueprintSite(blueprint), './public');
 * ```
 */
export async function writeSite(files: readonly SiteFile[], dir: string): Promise<void> {
  const root = resolve(dir);
  for (const file of files) {
    const target = resolve(root, file.path);
    if (!target.startsWith(`${root}${sep}`))
      throw new Error(`site file ${file.path} would be written outside ${root}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(join(target), file.content, 'utf8');
  }
}
