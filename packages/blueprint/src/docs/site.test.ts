import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureBlueprint } from '../__fixtures__/temp-blueprint';
import { assertBlueprint } from '../load-blueprint';
import { renderBlueprintSite, renderDocsSite, writeSite } from './site';
import type { SiteFile } from './site';
import { parseTraceability } from './traceability';

function file(files: readonly SiteFile[], path: string): string {
  const found = files.find((candidate) => candidate.path === path);
  if (found === undefined) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return found.content;
}

describe('renderBlueprintSite', () => {
  it('writes an index, a page per requirement and per profile, and the policy pages', async () => {
    const blueprint = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const files = renderBlueprintSite(blueprint);
    expect(files.map((f) => f.path).sort()).toEqual([
      'anonymisation.html',
      'assets/search.js',
      'assets/site.css',
      'capability.html',
      'changes.html',
      'fixtures.html',
      'index.html',
      'opt-out.html',
      'profiles/Demo-Patient.html',
      'profiles/index.html',
      'requirements/DEMO-OPT-01.html',
      'requirements/DEMO-PAT-01.html',
      'requirements/DEMO-PAT-02.html',
      'requirements/index.html',
      'search-index.js',
      'search.html',
      'security.html',
      'terminology.html',
      'traceability.html',
    ]);
    const requirement = file(files, 'requirements/DEMO-PAT-01.html');
    expect(requirement).toContain('<h1>DEMO-PAT-01: One NHS number</h1>');
    expect(requirement).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(requirement).toContain('href="../assets/site.css"');
    expect(requirement).toContain('capability: Patient search parameter identifier');
    expect(requirement).toContain('fixture demo-patient: expectation demo-treat');
    expect(requirement).toContain('No conformance tests verify this requirement yet.');
  });

  it('escapes text from the blueprint and renders profile element tables from the differential', async () => {
    const blueprint = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const profile = file(renderBlueprintSite(blueprint), 'profiles/Demo-Patient.html');
    expect(profile).toContain('A patient with a birth date &lt;required&gt;.');
    expect(profile).not.toContain('<required>');
    expect(profile).toContain('<th scope="col">Cardinality</th>');
    expect(profile).toContain('<code class="indent-1">Patient.identifier:nhsNumber</code>');
    expect(profile).toContain('This table lists the <strong>differential</strong>');
    expect(profile).toContain('&quot;resourceType&quot;: &quot;Patient&quot;');
  });

  it('renders element tables from the snapshot when a FHIR context made one', async () => {
    const blueprint = await assertBlueprint(fixtureBlueprint('demo-v1'), {
      fhirContext: {
        prepare: () => [],
        snapshot: (url) => ({
          resourceType: 'StructureDefinition',
          url,
          name: 'DemoPatient',
          status: 'draft',
          kind: 'resource',
          abstract: false,
          type: 'Patient',
          snapshot: {
            element: [
              { id: 'Patient', path: 'Patient', min: 0, max: '*' },
              {
                id: 'Patient.birthDate',
                path: 'Patient.birthDate',
                min: 0,
                max: '1',
                type: [{ code: 'date' }],
                mustSupport: true,
              },
              {
                id: 'Patient.id',
                path: 'Patient.id',
                min: 0,
                max: '1',
                type: [{ code: 'http://hl7.org/fhirpath/System.String' }],
              },
            ],
          },
        }),
        validate: () => ({ valid: true, issues: [] }),
      },
    });
    const profile = file(renderBlueprintSite(blueprint), 'profiles/Demo-Patient.html');
    expect(profile).toContain('Paths in bold are the ones this profile constrains.');
    expect(profile).toContain('<strong><code class="indent-1">Patient.birthDate</code></strong>');
    expect(profile).toContain('<td>0..1</td><td>System.String</td>');
    expect(profile).not.toContain('(differential)');
  });

  it('shows the opt-out decision table, capability, fixtures and the search index', async () => {
    const files = renderBlueprintSite(await assertBlueprint(fixtureBlueprint('demo-v1')));
    const optOut = file(files, 'opt-out.html');
    expect(optOut).toContain('<caption>Opt-out decision table (first match wins)</caption>');
    expect(optOut).toContain('purposeCategory is <code>direct-care</code>');
    expect(file(files, 'capability.html')).toContain('<code>identifier</code>');
    expect(file(files, 'fixtures.html')).toContain('<code>9992202025</code>');
    const index = file(files, 'search-index.js');
    expect(index.startsWith('window.LHCR_SEARCH_INDEX = ')).toBe(true);
    const entries = JSON.parse(
      index.slice('window.LHCR_SEARCH_INDEX = '.length).trim().replace(/;$/, ''),
    ) as { id: string; url: string }[];
    expect(entries).toContainEqual(
      expect.objectContaining({ id: 'DEMO-PAT-01', url: 'requirements/DEMO-PAT-01.html' }),
    );
  });

  it('computes traceability coverage from the test mapping, and says when there is none', async () => {
    const blueprint = await assertBlueprint(fixtureBlueprint('demo-v1'));
    expect(file(renderBlueprintSite(blueprint), 'traceability.html')).toContain(
      'No conformance tests yet',
    );
    const mapping = parseTraceability({
      tests: [{ testId: 'patient.nhs-number', requirementIds: ['DEMO-PAT-01'] }],
    });
    expect(mapping.ok).toBe(true);
    if (!mapping.ok) return;
    const page = file(
      renderBlueprintSite(blueprint, { traceability: mapping.value }),
      'traceability.html',
    );
    expect(page).toContain('50% (1 of 2)');
    expect(page).toContain('100% (1 of 1)');
    expect(page).toContain('<code>patient.nhs-number</code>');
  });

  it('renders the changes since an earlier version', async () => {
    const v1 = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const v2 = await assertBlueprint(fixtureBlueprint('demo-v2'));
    const changes = file(renderBlueprintSite(v2, { since: v1 }), 'changes.html');
    expect(changes).toContain('<h1>Changes since version 1.0.0</h1>');
    expect(changes).toContain('level MUST &#8594;'.replace('MUST', 'SHOULD'));
    expect(changes).toContain('min: 0 &#8594; 1');
    expect(changes).toContain('call for a <strong>major</strong> version');
  });

  it('puts blueprints in folders beside hand-written pages, and writes the files', async () => {
    const blueprint = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const files = renderDocsSite({
      title: 'Site',
      blueprints: [{ blueprint }],
      pages: [
        { path: 'guides/a.html', title: 'Guide A', html: '<p>Hello</p>', summary: 'A guide.' },
      ],
    });
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'index.html',
        'guides/index.html',
        'guides/a.html',
        'blueprints/demo/requirements/DEMO-PAT-01.html',
      ]),
    );
    expect(file(files, 'blueprints/demo/requirements/DEMO-PAT-01.html')).toContain(
      'href="../../../assets/site.css"',
    );
    const dir = mkdtempSync(join(tmpdir(), 'lhcr-site-'));
    try {
      await writeSite(files, dir);
      expect(readFileSync(join(dir, 'guides', 'a.html'), 'utf8')).toContain('<p>Hello</p>');
      await expect(writeSite([{ path: '../escape.html', content: '' }], dir)).rejects.toThrow(
        'outside',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseTraceability', () => {
  it('accepts an array or an object with tests, and rejects anything else with a reason', () => {
    expect(parseTraceability([{ testId: 't', title: 'T', requirementIds: [] }])).toEqual({
      ok: true,
      value: [{ testId: 't', title: 'T', requirementIds: [] }],
    });
    expect(parseTraceability('x')).toEqual({
      ok: false,
      message: 'expected an array of tests, or an object with a "tests" array',
    });
    expect(parseTraceability({ tests: [{ testId: '', requirementIds: [] }] })).toEqual({
      ok: false,
      message: 'tests[0].testId: expected a non-empty string',
    });
    expect(parseTraceability([{ testId: 't', requirementIds: [1] }])).toEqual({
      ok: false,
      message: 'tests[0].requirementIds: expected an array of requirement ids',
    });
  });
});
