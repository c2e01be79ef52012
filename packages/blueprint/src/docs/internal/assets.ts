/**
 * The site's one stylesheet. Colours meet WCAG 2.2 AA contrast (text #1b1b1b and links #0b4f9c
 * on white; white on the #0a3a6b header), focus is always visible, and nothing relies on colour
 * alone.
 */
export const SITE_CSS = `:root { color-scheme: light; --text: #1b1b1b; --muted: #4a4a4a; --link: #0b4f9c; --header: #0a3a6b; --border: #b1b4b6; --shade: #f3f2f1; --focus: #ffdd00; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: var(--text); background: #fff; }
body { margin: 0; }
a { color: var(--link); }
a:hover { text-decoration-thickness: 3px; }
a:focus, button:focus, input:focus, [tabindex]:focus { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 6px var(--text); }
.skip-link { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--text); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; }
.site-header { background: var(--header); color: #fff; }
.site-header-inner { max-width: 80rem; margin: 0 auto; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; }
.site-header a { color: #fff; }
.site-title { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
.site-header nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.site-header a[aria-current="page"] { text-decoration-thickness: 3px; }
.site-search { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; }
.site-search label { font-weight: 600; }
.site-search input { font: inherit; padding: 0.25rem 0.5rem; border: 2px solid #fff; min-width: 12rem; }
button { font: inherit; padding: 0.25rem 0.75rem; border: 2px solid #fff; background: #fff; color: var(--header); font-weight: 600; cursor: pointer; }
.page { max-width: 80rem; margin: 0 auto; padding: 1rem; display: flex; gap: 2rem; align-items: flex-start; }
main { flex: 1; min-width: 0; }
.section-nav { flex: 0 0 14rem; border-right: 1px solid var(--border); padding-right: 1rem; }
.section-nav ul { list-style: none; padding: 0; margin: 0; }
.section-nav li { margin: 0.35rem 0; }
.section-nav-title { font-size: 1rem; margin: 0 0 0.5rem; }
@media (max-width: 48rem) { .page { flex-direction: column; } .section-nav { border-right: 0; border-bottom: 1px solid var(--border); flex-basis: auto; } .site-search { margin-left: 0; } }
h1 { font-size: 2rem; line-height: 1.2; margin-top: 0.5rem; }
h2 { font-size: 1.5rem; margin-top: 2rem; }
h3 { font-size: 1.2rem; margin-top: 1.5rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--shade); padding: 0 0.2em; }
pre { background: var(--shade); padding: 1rem; overflow-x: auto; border: 1px solid var(--border); }
pre code { background: none; padding: 0; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; padding: 0.5rem 0; }
th, td { border: 1px solid var(--border); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--shade); }
.level { display: inline-block; font-weight: 700; padding: 0 0.4em; border: 2px solid currentColor; font-size: 0.85em; }
.level-must { color: #8a1c0f; }
.level-should { color: #6b4a00; }
.level-may { color: #1f5130; }
.muted { color: var(--muted); }
.summary-list { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.summary-list dt { font-weight: 700; }
.summary-list dd { margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.indent-1 { padding-left: 1rem; } .indent-2 { padding-left: 2rem; } .indent-3 { padding-left: 3rem; } .indent-4 { padding-left: 4rem; }
.notice { border-left: 6px solid var(--header); background: var(--shade); padding: 0.75rem 1rem; }
.site-footer { border-top: 1px solid var(--border); margin-top: 3rem; padding: 1rem; color: var(--muted); text-align: center; }
#search-results li { margin: 0.75rem 0; }
`;

/**
 * The client-side search, run on `search.html`: reads `?q=`, matches every word against the
 * index loaded from `search-index.js` (no server, works from `file:` too), puts exact id matches
 * first, and announces the result count to screen readers.
 */
export const SEARCH_JS = `(function () {
  'use strict';
  var index = window.LHCR_SEARCH_INDEX || [];
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list) return;
  function words(text) { return text.toLowerCase().split(/\\s+/).filter(Boolean); }
  function run(query) {
    list.textContent = '';
    var terms = words(query);
    if (terms.length === 0) { status.textContent = 'Type a requirement id, a resource type or any words.'; return; }
    var exact = query.trim().toLowerCase();
    var hits = index.filter(function (entry) {
      var haystack = (entry.id + ' ' + entry.title + ' ' + entry.text).toLowerCase();
      return terms.every(function (term) { return haystack.indexOf(term) !== -1; });
    });
    hits.sort(function (a, b) {
      var ea = a.id.toLowerCase() === exact ? 0 : 1;
      var eb = b.id.toLowerCase() === exact ? 0 : 1;
      return ea - eb || a.title.localeCompare(b.title);
    });
    status.textContent = hits.length === 1 ? '1 result for "' + query + '"' : hits.length + ' results for "' + query + '"';
    hits.slice(0, 100).forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = entry.url;
      link.textContent = entry.title;
      var kind = document.createElement('span');
      kind.className = 'muted';
      kind.textContent = ' (' + entry.kind + ')';
      var text = document.createElement('p');
      text.textContent = entry.text.length > 200 ? entry.text.slice(0, 197) + '...' : entry.text;
      item.appendChild(link);
      item.appendChild(kind);
      item.appendChild(text);
      list.appendChild(item);
    });
  }
  var params = new URLSearchParams(window.location.search);
  var initial = params.get('q') || '';
  input.value = initial;
  run(initial);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    try { window.history.replaceState(null, '', url.toString()); } catch (error) { /* file: pages may refuse */ }
    run(input.value);
  });
})();
`;
