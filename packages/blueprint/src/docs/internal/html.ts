import { posix } from 'node:path';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text and renders `code` spans, the only inline markup requirement text uses. */
export function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Paragraphs from text with blank-line breaks. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${inline(paragraph)}</p>`)
    .join('\n');
}

/** The relative URL from the page at `from` to the file at `to` (both site-root relative). */
export function href(from: string, to: string): string {
  const target = to.split('#');
  const relativePath =
    posix.relative(posix.dirname(from), target[0] ?? '') || posix.basename(target[0] ?? '');
  return target.length > 1 ? `${relativePath}#${target[1] ?? ''}` : relativePath;
}

/** A safe file name from an id. */
export function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** A table with a caption and column headers, wrapped so that a wide table scrolls by itself. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { rowHeader?: boolean; id?: string } = {},
): string {
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, index) =>
            index === 0 && options.rowHeader === true
              ? `<th scope="row">${cell}</th>`
              : `<td>${cell}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const id = options.id === undefined ? '' : ` id="${escapeHtml(options.id)}"`;
  return `<div class="table-wrap" role="region" aria-label="${escapeHtml(caption)}" tabindex="0">
<table${id}>
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>`;
}

/** A level badge: the word, never colour alone. */
export function levelBadge(level: string): string {
  return `<span class="level level-${escapeHtml(level.toLowerCase())}">${escapeHtml(level)}</span>`;
}

/** A navigation link. */
export interface NavLink {
  readonly label: string;
  readonly path: string;
}

/** Everything the page layout needs. */
export interface LayoutInput {
  readonly siteTitle: string;
  readonly path: string;
  readonly title: string;
  readonly body: string;
  readonly nav: readonly NavLink[];
  readonly sectionNav?: { readonly label: string; readonly links: readonly NavLink[] };
  readonly description?: string;
}

/** A complete, accessible HTML page: skip link, landmarks, one h1, a search form, relative links only. */
export function layout(input: LayoutInput): string {
  const link = (target: NavLink, className = ''): string => {
    const current = target.path === input.path ? ' aria-current="page"' : '';
    return `<a href="${escapeHtml(href(input.path, target.path))}"${current}${className === '' ? '' : ` class="${className}"`}>${escapeHtml(target.label)}</a>`;
  };
  const section =
    input.sectionNav === undefined
      ? ''
      : `<nav class="section-nav" aria-label="${escapeHtml(input.sectionNav.label)}">
<h2 class="section-nav-title">${escapeHtml(input.sectionNav.label)}</h2>
<ul>${input.sectionNav.links.map((target) => `<li>${link(target)}</li>`).join('')}</ul>
</nav>`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title === input.siteTitle ? escapeHtml(input.title) : `${escapeHtml(input.title)} - ${escapeHtml(input.siteTitle)}`}</title>
${input.description === undefined ? '' : `<meta name="description" content="${escapeHtml(input.description)}">\n`}<link rel="stylesheet" href="${escapeHtml(href(input.path, 'assets/site.css'))}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="site-header-inner">
<a class="site-title" href="${escapeHtml(href(input.path, 'index.html'))}">${escapeHtml(input.siteTitle)}</a>
<nav aria-label="Main"><ul>${input.nav.map((target) => `<li>${link(target)}</li>`).join('')}</ul></nav>
<form class="site-search" role="search" action="${escapeHtml(href(input.path, 'search.html'))}" method="get">
<label for="site-search-q">Search</label>
<input id="site-search-q" name="q" type="search" autocomplete="off" placeholder="e.g. LHCR-PAT-01">
<button type="submit">Search</button>
</form>
</div>
</header>
<div class="page">
${section}
<main id="main" tabindex="-1">
<h1>${escapeHtml(input.title)}</h1>
${input.body}
</main>
</div>
<footer class="site-footer"><p>Generated by lhcr from blueprint data. FHIR&#174; is the registered trademark of HL7 and is used with permission.</p></footer>
</body>
</html>
`;
}
