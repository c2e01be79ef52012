import type { Outcome } from '../engine/outcome';
import { OUTCOMES } from '../engine/outcome';
import type { ConformanceReport, ReportExchange, ReportTest } from './conformance-report';

/** Largest body shown in the page, in characters. */
const MAX_SHOWN_BODY = 100_000;

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const LABELS: Readonly<Record<Outcome, string>> = {
  pass: 'pass',
  fail: 'fail',
  skip: 'not demonstrated',
  omit: 'not applicable',
  error: 'error',
};

const COLOURS: Readonly<Record<Outcome, string>> = {
  pass: '#1a7f37',
  fail: '#c62828',
  skip: '#8a6d00',
  omit: '#5f6b76',
  error: '#6a1b9a',
};

function badge(outcome: Outcome): string {
  return `<span class="badge badge-${outcome}">${escapeHtml(LABELS[outcome])}</span>`;
}

function body(value: unknown): string {
  if (value === undefined) return '<p class="muted">(no body)</p>';
  let text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (text.length > MAX_SHOWN_BODY) {
    text = `${text.slice(0, MAX_SHOWN_BODY)}\n… (${String(text.length - MAX_SHOWN_BODY)} more characters in the JSON report)`;
  }
  return `<pre>${escapeHtml(text)}</pre>`;
}

function headers(values: Readonly<Record<string, string>> | undefined): string {
  if (values === undefined || Object.keys(values).length === 0)
    return '<p class="muted">(none)</p>';
  const rows = Object.entries(values)
    .map(
      ([name, value]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<table class="headers"><tbody>${rows}</tbody></table>`;
}

function exchange(item: ReportExchange): string {
  const status =
    item.status === undefined ? (item.error?.code ?? 'no response') : String(item.status);
  return [
    '<details class="exchange">',
    `<summary><code>${escapeHtml(item.method)} ${escapeHtml(item.url)}</code> → <strong>${escapeHtml(status)}</strong> <span class="muted">(${String(item.durationMs)} ms, ${escapeHtml(item.kind)})</span></summary>`,
    item.error === undefined ? '' : `<p class="error-text">${escapeHtml(item.error.message)}</p>`,
    '<h5>Request headers</h5>',
    headers(item.requestHeaders),
    '<h5>Request body</h5>',
    body(item.requestBody),
    '<h5>Response headers</h5>',
    headers(item.responseHeaders),
    '<h5>Response body</h5>',
    body(item.responseBody),
    '</details>',
  ].join('\n');
}

function testBlock(test: ReportTest): string {
  const checks = test.checks
    .map(
      (check) =>
        `<li class="check check-${check.status}"><span class="check-status">${escapeHtml(check.status)}</span> ${escapeHtml(check.message)}</li>`,
    )
    .join('');
  const issues =
    test.issues.length === 0
      ? ''
      : `<h4>Validation issues (${String(test.issues.length)})</h4><table class="issues"><thead><tr><th scope="col">Resource</th><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Issue</th></tr></thead><tbody>${test.issues
          .slice(0, 500)
          .map(
            (issue) =>
              `<tr><td>${escapeHtml(issue.resource)}</td><td>${escapeHtml(issue.severity)}</td><td><code>${escapeHtml(issue.expression ?? '')}</code></td><td>${escapeHtml(issue.diagnostics)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const log =
    test.exchanges.length === 0
      ? '<p class="muted">No requests.</p>'
      : test.exchanges.map((item) => exchange(item)).join('\n');
  return [
    `<details class="test" id="test-${escapeHtml(test.id)}" data-outcome="${test.outcome}" data-category="${escapeHtml(test.category ?? 'setup')}" data-level="${escapeHtml(test.level ?? 'setup')}" data-search="${escapeHtml(`${test.id} ${test.title} ${test.requirementIds.join(' ')}`.toLowerCase())}">`,
    `<summary>${badge(test.outcome)} <span class="level">${escapeHtml(test.level ?? 'setup')}</span> <code>${escapeHtml(test.id)}</code> ${escapeHtml(test.title)} <span class="reqs">${escapeHtml(test.requirementIds.join(', '))}</span></summary>`,
    '<div class="test-body">',
    test.reason === undefined
      ? ''
      : `<p class="reason"><strong>${escapeHtml(LABELS[test.outcome])}:</strong> ${escapeHtml(test.reason)}</p>`,
    test.description === undefined ? '' : `<p>${escapeHtml(test.description)}</p>`,
    test.inputs === undefined ? '' : `<p><strong>Inputs:</strong> ${escapeHtml(test.inputs)}</p>`,
    test.preconditions.length === 0
      ? ''
      : `<p><strong>Preconditions:</strong> ${escapeHtml(test.preconditions.join('; '))}</p>`,
    `<p class="muted">${String(test.durationMs)} ms${test.startedAt === undefined ? '' : `, started ${escapeHtml(test.startedAt)}`}</p>`,
    checks === '' ? '' : `<h4>Checks</h4><ul class="checks">${checks}</ul>`,
    issues,
    `<details class="log"><summary>Request log (${String(test.exchanges.length)})</summary>${log}</details>`,
    '</div>',
    '</details>',
  ].join('\n');
}

/** A horizontal stacked bar of outcome counts, as an accessible SVG. */
function bar(counts: Readonly<Record<Outcome, number>>, width: number, label: string): string {
  const total = OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0);
  if (total === 0)
    return `<svg width="${String(width)}" height="18" role="img" aria-label="${escapeHtml(label)}: no tests"></svg>`;
  let x = 0;
  const parts = OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => {
    const w = Math.max(1, Math.round((counts[outcome] / total) * width));
    const rect = `<rect x="${String(x)}" y="0" width="${String(w)}" height="18" fill="${COLOURS[outcome]}"><title>${escapeHtml(`${LABELS[outcome]}: ${String(counts[outcome])}`)}</title></rect>`;
    x += w;
    return rect;
  });
  const description = OUTCOMES.filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${String(counts[outcome])} ${LABELS[outcome]}`)
    .join(', ');
  return `<svg class="bar" width="${String(width)}" height="18" viewBox="0 0 ${String(width)} 18" role="img" aria-label="${escapeHtml(`${label}: ${description}`)}">${parts.join('')}</svg>`;
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;color:#1b1f24}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
.muted{color:#57606a}.verdict{font-size:1.2rem}
.badge{display:inline-block;min-width:6.5em;text-align:center;border-radius:.3rem;padding:0 .4rem;color:#fff;font-weight:600;font-size:.85rem}
.badge-pass{background:${COLOURS.pass}}.badge-fail{background:${COLOURS.fail}}.badge-skip{background:${COLOURS.skip}}.badge-omit{background:${COLOURS.omit}}.badge-error{background:${COLOURS.error}}
.level{display:inline-block;min-width:3.8em;font-size:.8rem;font-weight:600;color:#57606a}
.reqs{color:#57606a;font-size:.85rem}
details.test{border:1px solid #d0d7de;border-radius:.4rem;margin:.35rem 0;padding:.3rem .6rem}
details.test>summary{cursor:pointer}details.test[hidden]{display:none}
.test-body{padding:.3rem 0 .3rem 1rem}
.checks{padding-left:1.2rem}.check-status{font-weight:600;display:inline-block;min-width:3em}
.check-fail{color:${COLOURS.fail}}.check-warn{color:${COLOURS.skip}}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem;font-size:.8rem}
table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid #d0d7de;padding:.2rem .4rem;text-align:left;vertical-align:top;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;border:1px solid #d0d7de;border-radius:.4rem;padding:.6rem}
.filters fieldset{border:0;margin:0;padding:0}.filters legend{font-weight:600}
.chart td{border:0}.chart th{border:0;font-weight:normal}
.error-text{color:${COLOURS.error}}
a{color:#0550ae}
`;

const SCRIPT = `
(function(){
  var form=document.getElementById('filters');
  var status=document.getElementById('filter-status');
  function apply(){
    var outcomes={};
    form.querySelectorAll('input[name=outcome]').forEach(function(box){outcomes[box.value]=box.checked;});
    var category=form.querySelector('select[name=category]').value;
    var level=form.querySelector('select[name=level]').value;
    var text=form.querySelector('input[name=search]').value.trim().toLowerCase();
    var shown=0,total=0;
    document.querySelectorAll('details.test').forEach(function(test){
      total++;
      var ok=outcomes[test.dataset.outcome]&&(category===''||test.dataset.category===category)&&(level===''||test.dataset.level===level)&&(text===''||test.dataset.search.indexOf(text)>=0);
      test.hidden=!ok;if(ok)shown++;
    });
    document.querySelectorAll('section.group').forEach(function(group){
      group.hidden=group.querySelectorAll('details.test:not([hidden])').length===0;
    });
    status.textContent='Showing '+shown+' of '+total+' tests';
  }
  form.addEventListener('input',apply);form.addEventListener('change',apply);
  form.addEventListener('submit',function(event){event.preventDefault();});
  apply();
})();
`;

/**
 * The report as one self-contained HTML file: the verdict, a summary chart (overall, by level and
 * by category), what each outcome means, filters by outcome, category and level, every test with
 * its checks, validation issues and redacted request log, and the result per requirement.
 * No external resources; opens from disk.
 *
 * @example
 * ```ts
 * writeFileSync('conformance-report.html', renderHtmlReport(report));
 * ```
 */
export function renderHtmlReport(report: ConformanceReport): string {
  const counts = report.summary.tests;
  const categories = report.summary.byCategory.filter((row) => row.counts.total > 0);
  const chartRows = [
    ['All tests', counts] as const,
    ...(['MUST', 'SHOULD', 'MAY'] as const).map(
      (level) => [`${level} tests`, report.summary.byLevel[level]] as const,
    ),
    ...categories.map((row) => [row.title, row.counts] as const),
  ]
    .filter(([, rowCounts]) => rowCounts.total > 0)
    .map(
      ([label, rowCounts]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td>${bar(rowCounts, 420, label)}</td><td>${OUTCOMES.filter(
          (outcome) => rowCounts[outcome] > 0,
        )
          .map((outcome) => `${String(rowCounts[outcome])} ${escapeHtml(LABELS[outcome])}`)
          .join(', ')}</td></tr>`,
    )
    .join('');
  const meanings = OUTCOMES.map(
    (outcome) =>
      `<dt>${badge(outcome)}</dt><dd>${escapeHtml(report.outcomeMeanings[outcome].meaning)}</dd>`,
  ).join('');
  const groups = report.groups
    .map((group) => {
      const tests = report.tests.filter((test) => test.group === group.id);
      return `<section class="group" id="group-${escapeHtml(group.id)}" aria-labelledby="heading-${escapeHtml(group.id)}"><h3 id="heading-${escapeHtml(group.id)}">${badge(group.outcome)} ${escapeHtml(group.title)} <span class="muted">(${String(tests.length)})</span></h3>${tests.map((test) => testBlock(test)).join('\n')}</section>`;
    })
    .join('\n');
  const requirementRows = report.requirements
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.id)}</code></td><td>${escapeHtml(row.level)}</td><td>${escapeHtml(row.category)}</td><td>${escapeHtml(row.title)}</td><td>${
          row.outcome === 'untestable' || row.outcome === 'not-covered' || row.outcome === 'not-run'
            ? `<span class="muted">${escapeHtml(row.outcome)}</span>${row.reason === undefined ? '' : `: ${escapeHtml(row.reason)}`}`
            : badge(row.outcome)
        }</td><td>${row.tests.map((id) => `<a href="#test-${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(', ')}</td></tr>`,
    )
    .join('');
  const categoryOptions = [
    ...categories.map(
      (row) => `<option value="${escapeHtml(row.id)}">${escapeHtml(row.title)}</option>`,
    ),
    report.summary.byLevel.setup.total > 0 ? '<option value="setup">Setup</option>' : '',
  ].join('');
  const outcomeBoxes = OUTCOMES.map(
    (outcome) =>
      `<label><input type="checkbox" name="outcome" value="${outcome}" checked> ${escapeHtml(LABELS[outcome])} (${String(counts[outcome])})</label>`,
  ).join(' ');
  const verdictText =
    report.verdict === 'pass' || report.verdict === 'omit'
      ? 'Every MUST test passed'
      : report.verdict === 'fail'
        ? 'A MUST test failed'
        : report.verdict === 'skip'
          ? 'A MUST test was not demonstrated'
          : 'The tester could not run a MUST test';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report: ${escapeHtml(report.blueprint.title)} ${escapeHtml(report.blueprint.version)}</title>
<style>${STYLE}</style>
</head>
<body>
<a href="#results">Skip to the results</a>
<header>
<h1>Conformance report: ${escapeHtml(report.blueprint.title)} ${escapeHtml(report.blueprint.version)}</h1>
<p class="verdict" id="verdict">${badge(report.verdict)} <strong>${escapeHtml(verdictText)}</strong></p>
<p>Target <code>${escapeHtml(report.target.baseUrl)}</code>${report.target.software?.name === undefined ? '' : ` (${escapeHtml(report.target.software.name)} ${escapeHtml(report.target.software.version ?? '')})`}; run ${escapeHtml(report.startedAt)} in ${(report.durationMs / 1000).toFixed(1)} s; ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}.</p>
</header>
<main>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<table class="chart" id="summary-chart"><caption class="muted">Outcomes of ${String(counts.total)} tests</caption><tbody>${chartRows}</tbody></table>
<p>Requirements: ${String(report.coverage.tested)} tested, ${String(report.coverage.untestable)} untestable over the API (with the blueprint's reason), ${String(report.coverage.notCovered)} not covered, of ${String(report.coverage.total)}.</p>
</section>
<section aria-labelledby="meanings-heading">
<h2 id="meanings-heading">What the outcomes mean</h2>
<dl class="meanings">${meanings}</dl>
<p>Groups and requirements take the strongest outcome of their tests: error, then fail, then not demonstrated, then pass, then not applicable. The run passes when every MUST test passes or is not applicable; SHOULD and MAY failures are reported but do not fail it.</p>
</section>
<section aria-labelledby="results-heading" id="results">
<h2 id="results-heading">Tests</h2>
<form id="filters" class="filters" aria-label="Filter tests">
<fieldset><legend>Outcome</legend>${outcomeBoxes}</fieldset>
<div><label for="filter-category">Category</label> <select id="filter-category" name="category"><option value="">All categories</option>${categoryOptions}</select></div>
<div><label for="filter-level">Level</label> <select id="filter-level" name="level"><option value="">All levels</option><option value="MUST">MUST</option><option value="SHOULD">SHOULD</option><option value="MAY">MAY</option><option value="setup">setup</option></select></div>
<div><label for="filter-search">Search</label> <input id="filter-search" type="search" name="search" placeholder="test id, title or requirement"></div>
</form>
<p id="filter-status" role="status" aria-live="polite"></p>
${groups}
</section>
<section aria-labelledby="requirements-heading">
<h2 id="requirements-heading">Requirements</h2>
<table class="requirements"><thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Category</th><th scope="col">Title</th><th scope="col">Result</th><th scope="col">Tests</th></tr></thead><tbody>${requirementRows}</tbody></table>
</section>
<section aria-labelledby="evidence-heading">
<h2 id="evidence-heading">Evidence</h2>
<table><tbody>
<tr><th scope="row">Blueprint</th><td>${escapeHtml(`${report.blueprint.id} ${report.blueprint.version}${report.blueprint.packageName === undefined ? '' : ` (${report.blueprint.packageName})`}`)}</td></tr>
<tr><th scope="row">FHIR packages</th><td>${escapeHtml(report.blueprint.fhirPackages.map((p) => `${p.id}#${p.version}`).join(', ') || '(none)')}</td></tr>
<tr><th scope="row">Validator</th><td>${escapeHtml(`${report.validator.name} ${report.validator.version}`)}</td></tr>
<tr><th scope="row">Terminology</th><td>${escapeHtml(report.terminology.note)}</td></tr>
<tr><th scope="row">Packages</th><td>${escapeHtml(report.packages.map((p) => `${p.name} ${p.version}`).join(', '))}</td></tr>
<tr><th scope="row">Settings</th><td><code>${escapeHtml(JSON.stringify(report.settings))}</code></td></tr>
<tr><th scope="row">Node</th><td>${escapeHtml(`${report.tool.node} (${report.tool.platform})`)}</td></tr>
</tbody></table>
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
