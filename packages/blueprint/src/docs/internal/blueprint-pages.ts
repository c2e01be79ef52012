import type { BlueprintDiff } from '../../diff-blueprints';
import type { Blueprint, BlueprintProfile, Requirement } from '../../model/types';
import { elementTable } from './element-table';
import { escapeHtml, href, inline, levelBadge, paragraphs, slug, table } from './html';
import type { NavLink } from './html';
import type { TraceabilityEntry } from '../traceability';

/** One page of the site before layout. */
export interface PageSpec {
  readonly path: string;
  readonly title: string;
  readonly body: string;
  readonly description?: string;
  readonly sectionNav?: { readonly label: string; readonly links: readonly NavLink[] };
  readonly search?: { readonly id: string; readonly kind: string; readonly text: string };
}

/** The inputs of one blueprint's pages. */
export interface BlueprintPagesInput {
  readonly blueprint: Blueprint;
  /** Folder of the blueprint's pages within the site, '' or ending in '/'. */
  readonly base: string;
  readonly diff?: BlueprintDiff;
  readonly traceability?: readonly TraceabilityEntry[];
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(values: readonly string[] | undefined): string {
  return (values ?? []).map((value) => escapeHtml(value)).join(', ');
}

/** Requirement ids as links to their pages. */
function requirementLinks(from: string, base: string, ids: readonly string[] | undefined): string {
  return (ids ?? [])
    .map(
      (id) =>
        `<a href="${escapeHtml(href(from, `${base}requirements/${slug(id)}.html`))}">${escapeHtml(id)}</a>`,
    )
    .join(', ');
}

function profileSlug(profile: BlueprintProfile): string {
  return slug(profile.resource.id ?? profile.resource.name);
}

function summaryList(items: readonly [string, string][]): string {
  return `<dl class="summary-list">${items.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

/** Every place a requirement id is cited, for the requirement's own page. */
function citations(blueprint: Blueprint): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const add = (ids: readonly string[] | undefined, where: string): void => {
    for (const id of ids ?? []) cited.set(id, [...(cited.get(id) ?? []), where]);
  };
  const capability = blueprint.capability;
  if (capability !== undefined) {
    for (const format of capability.formats)
      add(format.requirements, `capability: format ${format.mimeType}`);
    add(capability.paging?.requirements, 'capability: paging');
    add(capability.postSearch?.requirements, 'capability: POST _search');
    for (const param of capability.commonSearchParams ?? [])
      add(param.requirements, `capability: all resources, search parameter ${param.name}`);
    for (const resource of capability.resources) {
      add(resource.requirements, `capability: ${resource.type}`);
      for (const interaction of resource.interactions)
        add(interaction.requirements, `capability: ${resource.type} ${interaction.code}`);
      for (const param of resource.searchParams ?? [])
        add(param.requirements, `capability: ${resource.type} search parameter ${param.name}`);
      for (const combination of resource.combinations ?? [])
        add(
          combination.requirements,
          `capability: ${resource.type} search ${combination.params.join(' + ')}`,
        );
      for (const include of resource.includes ?? [])
        add(include.requirements, `capability: _include=${include.value}`);
      for (const operation of resource.operations ?? [])
        add(operation.requirements, `capability: ${resource.type} $${operation.name}`);
    }
    for (const operation of capability.systemOperations ?? [])
      add(operation.requirements, `capability: $${operation.name}`);
  }
  const security = blueprint.security;
  if (security !== undefined) {
    add(security.clientAuthentication.requirements, 'security: client authentication');
    add(security.accessToken.requirements, 'security: access tokens');
    for (const scope of security.scopes) add(scope.requirements, `security: scope ${scope.scope}`);
    add(security.purposeOfUse.requirements, 'security: purpose of use');
    for (const header of security.headers ?? [])
      add(header.requirements, `security: header ${header.name}`);
  }
  for (const codeList of blueprint.codeLists)
    add(codeList.requirements, `code list: ${codeList.title}`);
  add(blueprint.anonymisationPolicy?.requirements, 'anonymisation policy');
  for (const fixture of blueprint.fixtures) {
    for (const expectation of fixture.expectations)
      add(expectation.requirements, `fixture ${fixture.id}: expectation ${expectation.id}`);
  }
  return cited;
}

/** The pages of one blueprint. */
export function blueprintPages(input: BlueprintPagesInput): PageSpec[] {
  const { blueprint, base } = input;
  const p = (path: string): string => `${base}${path}`;
  const sectionNav = {
    label: `${blueprint.title} ${blueprint.version}`,
    links: [
      { label: 'Overview', path: p('index.html') },
      { label: 'Requirements', path: p('requirements/index.html') },
      { label: 'Profiles', path: p('profiles/index.html') },
      { label: 'Terminology', path: p('terminology.html') },
      { label: 'Capability', path: p('capability.html') },
      { label: 'Security', path: p('security.html') },
      { label: 'Opt-out decisions', path: p('opt-out.html') },
      { label: 'Anonymisation', path: p('anonymisation.html') },
      { label: 'Fixtures', path: p('fixtures.html') },
      { label: 'Traceability', path: p('traceability.html') },
      { label: 'Changes', path: p('changes.html') },
    ],
  };
  const pages: PageSpec[] = [];
  const page = (spec: Omit<PageSpec, 'sectionNav'>): void => {
    pages.push({ ...spec, sectionNav });
  };
  const tests = new Map<string, TraceabilityEntry[]>();
  for (const entry of input.traceability ?? []) {
    for (const id of entry.requirementIds) tests.set(id, [...(tests.get(id) ?? []), entry]);
  }
  const cited = citations(blueprint);
  const categoryTitle = new Map(
    blueprint.categories.map((category) => [category.id, category.title]),
  );

  // Overview
  {
    const path = p('index.html');
    const counts = (['MUST', 'SHOULD', 'MAY'] as const).map(
      (level) =>
        `${String(blueprint.requirements.filter((r) => r.level === level).length)} ${level}`,
    );
    page({
      path,
      title: `${blueprint.title} ${blueprint.version}`,
      description: blueprint.description ?? blueprint.title,
      search: {
        id: blueprint.id,
        kind: 'blueprint',
        text: `${blueprint.title} ${blueprint.description ?? ''}`,
      },
      body: `${blueprint.description === undefined ? '' : paragraphs(blueprint.description)}
${summaryList([
  ['Id', `<code>${escapeHtml(blueprint.id)}</code>`],
  ['Version', escapeHtml(blueprint.version)],
  ['Status', escapeHtml(blueprint.status)],
  ['FHIR version', escapeHtml(blueprint.fhirVersion)],
  ['Canonical', `<code>${escapeHtml(blueprint.canonical)}</code>`],
  ...(blueprint.packageName === undefined
    ? []
    : [['npm package', `<code>${escapeHtml(blueprint.packageName)}</code>`] as [string, string]]),
  ...(blueprint.publisher === undefined
    ? []
    : [['Publisher', escapeHtml(blueprint.publisher)] as [string, string]]),
  [
    'Builds on',
    blueprint.dependencies
      .map(
        (dependency) =>
          `<code>${escapeHtml(dependency.id)}#${escapeHtml(dependency.version)}</code>${dependency.title === undefined ? '' : ` (${escapeHtml(dependency.title)})`}`,
      )
      .join(', ') || 'base FHIR R4 only',
  ],
  ['Requirements', `${String(blueprint.requirements.length)} (${counts.join(', ')})`],
  [
    'Profiles',
    `${String(blueprint.profiles.length)} profiles, ${String(blueprint.extensions.length)} extensions`,
  ],
  ['Fixtures', `${String(blueprint.fixtures.length)} synthetic patients and shared records`],
])}
<h2>Requirement categories</h2>
${table(
  'Requirement categories',
  ['Category', 'Requirements', 'Description'],
  blueprint.categories.map((category) => [
    `<a href="${escapeHtml(href(path, `${p('requirements/index.html')}#${slug(category.id)}`))}">${escapeHtml(category.title)}</a>`,
    String(
      blueprint.requirements.filter((requirement) => requirement.category === category.id).length,
    ),
    inline(category.description ?? ''),
  ]),
)}
${blueprint.links.length === 0 ? '' : `<h2>Specifications</h2><ul>${blueprint.links.map((link) => `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.title)}</a></li>`).join('')}</ul>`}`,
    });
  }

  // Requirements index and pages
  {
    const path = p('requirements/index.html');
    const sections = blueprint.categories
      .map((category) => {
        const inCategory = blueprint.requirements.filter(
          (requirement) => requirement.category === category.id,
        );
        if (inCategory.length === 0) return '';
        return `<h2 id="${escapeHtml(slug(category.id))}">${escapeHtml(category.title)}</h2>
${category.description === undefined ? '' : paragraphs(category.description)}
${table(
  `${category.title} requirements`,
  ['Id', 'Level', 'Title', 'Verified by'],
  inCategory.map((requirement) => [
    `<a href="${escapeHtml(href(path, p(`requirements/${slug(requirement.id)}.html`)))}">${escapeHtml(requirement.id)}</a>`,
    levelBadge(requirement.level),
    inline(requirement.title),
    requirement.verification.method === 'server-test'
      ? 'conformance test'
      : 'not testable over the API',
  ]),
  { rowHeader: true },
)}`;
      })
      .join('\n');
    page({
      path,
      title: 'Requirements',
      description: `The requirements of ${blueprint.title} ${blueprint.version}`,
      body: `<p>${String(blueprint.requirements.length)} requirements. MUST is required for conformance, SHOULD is expected unless there is a documented reason, MAY is optional. Each has a stable id; tightening a MUST is a major version.</p>\n${sections}`,
    });
    for (const requirement of blueprint.requirements) {
      pages.push(
        requirementPage(
          requirement,
          p(`requirements/${slug(requirement.id)}.html`),
          base,
          categoryTitle.get(requirement.category) ?? requirement.category,
          tests.get(requirement.id) ?? [],
          cited.get(requirement.id) ?? [],
          sectionNav,
        ),
      );
    }
  }

  // Profiles
  {
    const path = p('profiles/index.html');
    const rows = (profiles: readonly BlueprintProfile[]): string[][] =>
      profiles.map((profile) => [
        `<a href="${escapeHtml(href(path, p(`profiles/${profileSlug(profile)}.html`)))}">${escapeHtml(profile.resource.title ?? profile.resource.name)}</a>`,
        escapeHtml(profile.type),
        `<code>${escapeHtml(profile.resource.baseDefinition ?? '')}</code>`,
        String(
          blueprint.examples.filter((example) => example.profiles.includes(profile.url)).length,
        ),
      ]);
    page({
      path,
      title: 'Profiles and extensions',
      body: `${table('Profiles', ['Profile', 'Type', 'Based on', 'Examples'], rows(blueprint.profiles), { rowHeader: true })}
${blueprint.extensions.length === 0 ? '' : table('Extensions', ['Extension', 'Type', 'Based on', 'Examples'], rows(blueprint.extensions), { rowHeader: true })}`,
    });
    for (const profile of [...blueprint.profiles, ...blueprint.extensions]) {
      const profilePath = p(`profiles/${profileSlug(profile)}.html`);
      const examples = blueprint.examples.filter((example) =>
        example.profiles.includes(profile.url),
      );
      const resource = profile.resource;
      page({
        path: profilePath,
        title: resource.title ?? resource.name,
        description: resource.description ?? resource.title ?? resource.name,
        search: {
          id: resource.id ?? resource.name,
          kind: 'profile',
          text: `${resource.name} ${resource.type} ${resource.url} ${resource.description ?? ''}`,
        },
        body: `${resource.description === undefined ? '' : paragraphs(resource.description)}
${summaryList([
  ['Canonical URL', `<code>${escapeHtml(resource.url)}</code>`],
  ['Type', escapeHtml(resource.type)],
  ['Based on', `<code>${escapeHtml(resource.baseDefinition ?? '')}</code>`],
  ['Status', escapeHtml(resource.status)],
  ['Source file', `<code>${escapeHtml(profile.file)}</code>`],
])}
<h2>Elements</h2>
${elementTable(resource, profile.snapshot)}
<h2>Examples</h2>
${
  examples.length === 0
    ? '<p>No examples yet.</p>'
    : examples
        .map(
          (
            example,
          ) => `<h3>${escapeHtml(`${example.resource.resourceType}/${example.resource.id ?? ''}`)}</h3>
<p class="muted">From <code>${escapeHtml(example.file)}</code></p>
<pre tabindex="0"><code>${escapeHtml(JSON.stringify(example.resource, null, 2))}</code></pre>`,
        )
        .join('\n')
}`,
      });
    }
  }

  // Terminology
  page({
    path: p('terminology.html'),
    title: 'Terminology',
    body: `<h2>Code lists</h2>
${
  blueprint.codeLists.length === 0
    ? '<p>None.</p>'
    : blueprint.codeLists
        .map(
          (
            codeList,
          ) => `<h3 id="${escapeHtml(slug(codeList.id))}">${escapeHtml(codeList.title)}</h3>
${codeList.description === undefined ? '' : paragraphs(codeList.description)}
${summaryList([
  ['Purpose', escapeHtml(codeList.purpose)],
  ...(codeList.restrictedCategory === undefined
    ? []
    : [['Restricted category', escapeHtml(codeList.restrictedCategory)] as [string, string]]),
  ...(codeList.source === undefined
    ? []
    : [['Source', inline(codeList.source)] as [string, string]]),
  ...(codeList.requirements === undefined
    ? []
    : [
        ['Requirements', requirementLinks(p('terminology.html'), base, codeList.requirements)] as [
          string,
          string,
        ],
      ]),
])}
${table(
  `Codes in ${codeList.title}`,
  ['Code', 'Display', 'System', 'Descendants'],
  codeList.codes.map((code) => [
    `<code>${escapeHtml(code.code)}</code>`,
    inline(code.display) +
      (code.meaning === undefined ? '' : `<br><span class="muted">${inline(code.meaning)}</span>`),
    `<code>${escapeHtml(code.system)}</code>`,
    code.includeDescendants === true ? 'included' : 'not included',
  ]),
)}`,
        )
        .join('\n')
}
<h2>Value sets</h2>
${
  blueprint.valueSets.length === 0
    ? '<p>None.</p>'
    : table(
        'Value sets',
        ['Name', 'Canonical URL', 'Source file'],
        blueprint.valueSets.map((entry) => {
          const resource = entry.resource as unknown as Record<string, unknown>;
          return [
            escapeHtml(text(resource['title'] ?? resource['name'] ?? entry.resource.id ?? '')),
            `<code>${escapeHtml(text(resource['url']))}</code>`,
            `<code>${escapeHtml(entry.file)}</code>`,
          ];
        }),
      )
}
<h2>Code systems</h2>
${
  blueprint.codeSystems.length === 0
    ? '<p>None.</p>'
    : table(
        'Code systems',
        ['Name', 'Canonical URL', 'Source file'],
        blueprint.codeSystems.map((entry) => {
          const resource = entry.resource as unknown as Record<string, unknown>;
          return [
            escapeHtml(text(resource['title'] ?? resource['name'] ?? entry.resource.id ?? '')),
            `<code>${escapeHtml(text(resource['url']))}</code>`,
            `<code>${escapeHtml(entry.file)}</code>`,
          ];
        }),
      )
}`,
  });

  pages.push({ ...capabilityPage(blueprint, p('capability.html'), base), sectionNav });
  pages.push({ ...securityPage(blueprint, p('security.html'), base), sectionNav });
  pages.push({ ...optOutPage(blueprint, p('opt-out.html')), sectionNav });
  pages.push({ ...anonymisationPage(blueprint, p('anonymisation.html'), base), sectionNav });
  pages.push({ ...fixturesPage(blueprint, p('fixtures.html'), base), sectionNav });
  pages.push({
    ...traceabilityPage(
      blueprint,
      p('traceability.html'),
      base,
      tests,
      input.traceability !== undefined,
    ),
    sectionNav,
  });
  pages.push({ ...changesPage(blueprint, p('changes.html'), base, input.diff), sectionNav });
  return pages;
}

function requirementPage(
  requirement: Requirement,
  path: string,
  base: string,
  categoryTitle: string,
  tests: readonly TraceabilityEntry[],
  cited: readonly string[],
  sectionNav: NonNullable<PageSpec['sectionNav']>,
): PageSpec {
  const verification =
    requirement.verification.method === 'server-test'
      ? 'A conformance test against a FHIR server.'
      : `Not testable over the API: ${inline(requirement.verification.reason ?? '')}`;
  return {
    path,
    title: `${requirement.id}: ${requirement.title}`,
    description: requirement.text,
    sectionNav,
    search: {
      id: requirement.id,
      kind: `${requirement.level} requirement`,
      text: `${requirement.title} ${requirement.text} ${requirement.category}`,
    },
    body: `${summaryList([
      ['Level', levelBadge(requirement.level)],
      [
        'Category',
        `<a href="${escapeHtml(href(path, `${base}requirements/index.html#${slug(requirement.category)}`))}">${escapeHtml(categoryTitle)}</a>`,
      ],
      ...(requirement.appliesTo === undefined
        ? []
        : [['Applies to', list(requirement.appliesTo)] as [string, string]]),
      ...(requirement.replaces === undefined
        ? []
        : [['Replaces', escapeHtml(requirement.replaces)] as [string, string]]),
    ])}
<h2>Requirement</h2>
${paragraphs(requirement.text)}
<h2>Rationale</h2>
${paragraphs(requirement.rationale)}
<h2>Verification</h2>
<p>${verification}</p>
${
  tests.length === 0
    ? '<p>No conformance tests verify this requirement yet.</p>'
    : table(
        'Conformance tests',
        ['Test', 'Title'],
        tests.map((test) => [
          `<code>${escapeHtml(test.testId)}</code>`,
          escapeHtml(test.title ?? ''),
        ]),
      )
}
${(requirement.verification.fixtures ?? []).length === 0 ? '' : `<p>Fixtures: ${(requirement.verification.fixtures ?? []).map((id) => `<a href="${escapeHtml(href(path, `${base}fixtures.html#${slug(id)}`))}">${escapeHtml(id)}</a>`).join(', ')}</p>`}
${cited.length === 0 ? '' : `<h2>Where the blueprint uses it</h2><ul>${cited.map((where) => `<li>${escapeHtml(where)}</li>`).join('')}</ul>`}
${(requirement.links ?? []).length === 0 ? '' : `<h2>Specifications</h2><ul>${(requirement.links ?? []).map((link) => `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.title)}</a></li>`).join('')}</ul>`}`,
  };
}

function capabilityPage(blueprint: Blueprint, path: string, base: string): PageSpec {
  const capability = blueprint.capability;
  if (capability === undefined)
    return {
      path,
      title: 'REST capability',
      body: '<p>This blueprint states no REST capability requirements.</p>',
    };
  const req = (ids: readonly string[] | undefined): string => requirementLinks(path, base, ids);
  const params = (
    items: readonly {
      name: string;
      type: string;
      level: string;
      comparators?: readonly string[];
      modifiers?: readonly string[];
      notes?: string;
      requirements?: readonly string[];
    }[],
  ): string[][] =>
    items.map((param) => [
      `<code>${escapeHtml(param.name)}</code>`,
      escapeHtml(param.type),
      levelBadge(param.level),
      [
        param.comparators === undefined ? '' : `prefixes: ${list(param.comparators)}`,
        param.modifiers === undefined ? '' : `modifiers: ${list(param.modifiers)}`,
        param.notes === undefined ? '' : inline(param.notes),
      ]
        .filter((text) => text !== '')
        .join('<br>'),
      req(param.requirements),
    ]);
  const resources = capability.resources
    .map((resource) => {
      const profile = blueprint.profiles.find((candidate) => candidate.url === resource.profile);
      return `<h3 id="${escapeHtml(slug(resource.type))}">${escapeHtml(resource.type)} ${levelBadge(resource.level)}</h3>
${profile === undefined ? '' : `<p>Profile: <a href="${escapeHtml(href(path, `${base}profiles/${profileSlug(profile)}.html`))}">${escapeHtml(profile.resource.title ?? profile.resource.name)}</a></p>`}
${table(
  `${resource.type} interactions`,
  ['Interaction', 'Level', 'Requirements'],
  resource.interactions.map((interaction) => [
    escapeHtml(interaction.code),
    levelBadge(interaction.level),
    req(interaction.requirements),
  ]),
)}
${(resource.searchParams ?? []).length === 0 ? '' : table(`${resource.type} search parameters`, ['Parameter', 'Type', 'Level', 'Notes', 'Requirements'], params(resource.searchParams ?? []))}
${
  (resource.combinations ?? []).length === 0
    ? ''
    : table(
        `${resource.type} search combinations`,
        ['Parameters', 'Level', 'Requirements'],
        (resource.combinations ?? []).map((combination) => [
          combination.params.map((name) => `<code>${escapeHtml(name)}</code>`).join(' + '),
          levelBadge(combination.level),
          req(combination.requirements),
        ]),
      )
}
${
  (resource.includes ?? []).length === 0
    ? ''
    : table(
        `${resource.type} _include values`,
        ['_include', 'Level', 'Requirements'],
        (resource.includes ?? []).map((include) => [
          `<code>${escapeHtml(include.value)}</code>`,
          levelBadge(include.level),
          req(include.requirements),
        ]),
      )
}
${
  (resource.operations ?? []).length === 0
    ? ''
    : table(
        `${resource.type} operations`,
        ['Operation', 'Level', 'Notes', 'Requirements'],
        (resource.operations ?? []).map((operation) => [
          `<code>$${escapeHtml(operation.name)}</code>`,
          levelBadge(operation.level),
          inline(operation.notes ?? ''),
          req(operation.requirements),
        ]),
      )
}`;
    })
    .join('\n');
  const overview = table(
    'Resources and interactions',
    ['Resource', 'Level', 'Interactions', 'Search parameters', 'Operations'],
    capability.resources.map((resource) => [
      `<a href="#${escapeHtml(slug(resource.type))}">${escapeHtml(resource.type)}</a>`,
      levelBadge(resource.level),
      resource.interactions
        .map((interaction) => `${escapeHtml(interaction.code)} (${escapeHtml(interaction.level)})`)
        .join(', '),
      (resource.searchParams ?? [])
        .map((param) => `<code>${escapeHtml(param.name)}</code>`)
        .join(' '),
      (resource.operations ?? [])
        .map((operation) => `<code>$${escapeHtml(operation.name)}</code>`)
        .join(' '),
    ]),
    { rowHeader: true },
  );
  return {
    path,
    title: 'REST capability',
    search: {
      id: 'capability',
      kind: 'capability',
      text: `REST capability search parameters interactions operations ${capability.resources.map((resource) => resource.type).join(' ')}`,
    },
    body: `<h2>Formats</h2>
${table(
  'Formats',
  ['Media type', 'Level', 'Requirements'],
  capability.formats.map((format) => [
    `<code>${escapeHtml(format.mimeType)}</code>`,
    levelBadge(format.level),
    req(format.requirements),
  ]),
)}
${capability.paging === undefined ? '' : `<h2>Paging</h2><p>${levelBadge(capability.paging.level)} ${inline(capability.paging.notes ?? '')}${capability.paging.defaultPageSize === undefined ? '' : ` Default page size ${String(capability.paging.defaultPageSize)}.`}${capability.paging.maxPageSize === undefined ? '' : ` Largest page size at least ${String(capability.paging.maxPageSize)}.`} ${req(capability.paging.requirements)}</p>`}
${capability.postSearch === undefined ? '' : `<h2>Searching with POST</h2><p>${levelBadge(capability.postSearch.level)} ${inline(capability.postSearch.notes ?? '')} ${req(capability.postSearch.requirements)}</p>`}
${(capability.commonSearchParams ?? []).length === 0 ? '' : `<h2>Parameters for every resource type</h2>${table('Common search parameters', ['Parameter', 'Type', 'Level', 'Notes', 'Requirements'], params(capability.commonSearchParams ?? []))}`}
<h2>Resources</h2>
${overview}
${resources}
${
  (capability.systemOperations ?? []).length === 0
    ? ''
    : `<h2>System operations</h2>${table(
        'System operations',
        ['Operation', 'Level', 'Notes', 'Requirements'],
        (capability.systemOperations ?? []).map((operation) => [
          `<code>$${escapeHtml(operation.name)}</code>`,
          levelBadge(operation.level),
          inline(operation.notes ?? ''),
          req(operation.requirements),
        ]),
      )}`
}`,
  };
}

function securityPage(blueprint: Blueprint, path: string, base: string): PageSpec {
  const security = blueprint.security;
  if (security === undefined)
    return {
      path,
      title: 'Security',
      body: '<p>This blueprint states no security requirements.</p>',
    };
  const req = (ids: readonly string[] | undefined): string => requirementLinks(path, base, ids);
  const auth = security.clientAuthentication;
  return {
    path,
    title: 'Security',
    search: {
      id: 'security',
      kind: 'security',
      text: `security signed JWT client credentials scopes purpose of use ${security.purposeOfUse.header} ${security.purposeOfUse.assertionClaim}`,
    },
    body: `<h2>Client authentication</h2>
${summaryList([
  ['Grant', `<code>${escapeHtml(auth.grantType)}</code>`],
  [
    'Client authentication',
    `<code>${escapeHtml(auth.method)}</code> (signed JWT client assertion)`,
  ],
  ['Assertion type', `<code>${escapeHtml(auth.assertionType)}</code>`],
  ['Signing algorithms', list(auth.algorithms)],
  [
    'Required claims',
    auth.requiredClaims.map((claim) => `<code>${escapeHtml(claim)}</code>`).join(', '),
  ],
  ['Longest assertion lifetime', `${String(auth.maxAssertionLifetimeSeconds)} seconds`],
  ...(auth.keyDiscovery === undefined
    ? []
    : [['Keys', inline(auth.keyDiscovery)] as [string, string]]),
  ['Requirements', req(auth.requirements)],
])}
${auth.notes === undefined ? '' : paragraphs(auth.notes)}
<h2>Access tokens</h2>
<p>${escapeHtml(security.accessToken.tokenType)} tokens, valid for at most ${String(security.accessToken.maxLifetimeSeconds)} seconds. ${inline(security.accessToken.notes ?? '')} ${req(security.accessToken.requirements)}</p>
<h2>Scopes</h2>
${table(
  'Scopes',
  ['Scope', 'Resource types', 'Interactions', 'Purposes', 'Requirements'],
  security.scopes.map((scope) => [
    `<code>${escapeHtml(scope.scope)}</code>`,
    list(scope.resourceTypes),
    list(scope.interactions),
    list(scope.purposes),
    req(scope.requirements),
  ]),
)}
<h2>Purpose of use</h2>
<p>The client lists the purposes it asks for in the <code>${escapeHtml(security.purposeOfUse.assertionClaim)}</code> claim of its client assertion; the server carries the granted purposes in the token's <code>${escapeHtml(security.purposeOfUse.tokenClaim)}</code> claim. Each request names its purpose in the <code>${escapeHtml(security.purposeOfUse.header)}</code> header, which must be one of the granted purposes. ${security.purposeOfUse.whenMissing === 'reject' ? 'A request without the header is refused.' : 'A request without the header uses the single purpose granted, and is refused if more than one was granted.'} Codes come from <code>${escapeHtml(security.purposeOfUse.system)}</code>. ${req(security.purposeOfUse.requirements)}</p>
${table(
  'Purpose-of-use codes',
  ['Code', 'Display', 'Kind of use', 'Notes'],
  security.purposeOfUse.codes.map((code) => [
    `<code>${escapeHtml(code.code)}</code>`,
    escapeHtml(code.display),
    escapeHtml(code.use),
    inline(code.notes ?? ''),
  ]),
)}
${
  (security.headers ?? []).length === 0
    ? ''
    : `<h2>Request headers</h2>${table(
        'Request headers',
        ['Header', 'Level', 'Description', 'Requirements'],
        (security.headers ?? []).map((header) => [
          `<code>${escapeHtml(header.name)}</code>`,
          levelBadge(header.level),
          inline(header.description),
          req(header.requirements),
        ]),
      )}`
}`,
  };
}

function conditionText(condition: unknown): string {
  if (!isRecord(condition)) return '';
  const parts = Object.entries(condition).map(([field, value]) => {
    if (Array.isArray(value))
      return `${escapeHtml(field)} is ${value.map((item) => `<code>${escapeHtml(String(item))}</code>`).join(' or ')}`;
    if (isRecord(value))
      return `${escapeHtml(field)} ${Object.entries(value)
        .map(([key, item]) => `${escapeHtml(key)} ${escapeHtml(String(item))}`)
        .join(', ')}`;
    return `${escapeHtml(field)} is <code>${escapeHtml(String(value))}</code>`;
  });
  return parts.length === 0 ? 'always' : parts.join('; ');
}

function optOutPage(blueprint: Blueprint, path: string): PageSpec {
  const policy = blueprint.optOutPolicy;
  if (policy === undefined)
    return {
      path,
      title: 'Opt-out decisions',
      body: '<p>This blueprint has no opt-out policy.</p>',
    };
  const document = isRecord(policy.document) ? policy.document : {};
  const rules = Array.isArray(document['rules']) ? (document['rules'] as unknown[]) : [];
  const rows = rules.map((rule, index) => {
    const r = isRecord(rule) ? rule : {};
    const when = r['when'];
    const conditions = Array.isArray(when)
      ? when.map(conditionText).join('<br><strong>or</strong> ')
      : when === undefined
        ? 'always'
        : conditionText(when);
    const effect = text(r['effect']);
    return [
      String(index + 1),
      `<code>${escapeHtml(text(r['id']))}</code>${typeof r['description'] === 'string' ? `<br>${inline(r['description'])}` : ''}`,
      conditions,
      `<strong>${escapeHtml(effect)}</strong>`,
      (Array.isArray(r['reasons']) ? r['reasons'] : [])
        .map((reason) => inline(String(reason)))
        .join('<br>'),
      (Array.isArray(r['references']) ? r['references'] : [])
        .map((reference) => inline(String(reference)))
        .join('<br>'),
    ];
  });
  return {
    path,
    title: 'Opt-out decisions',
    search: {
      id: 'opt-out',
      kind: 'opt-out policy',
      text: 'opt-out national data opt-out type 1 local dissent decision table',
    },
    body: `<p>The decision table of the opt-out policy <code>${escapeHtml(text(document['id']))}</code> ${escapeHtml(text(document['version']))}, in the format of <code>@lhcr/optout</code>. Rules are tried in order and the first that matches decides.</p>
${typeof document['description'] === 'string' ? paragraphs(document['description']) : ''}
${table('Opt-out decision table (first match wins)', ['#', 'Rule', 'When', 'Effect', 'Reasons', 'References'], rows)}
<p class="muted">Source: <code>${escapeHtml(policy.file)}</code></p>`,
  };
}

function anonymisationPage(blueprint: Blueprint, path: string, base: string): PageSpec {
  const policy = blueprint.anonymisationPolicy;
  if (policy === undefined)
    return {
      path,
      title: 'Anonymisation',
      body: '<p>This blueprint has no anonymisation policy.</p>',
    };
  const pseudo = policy.pseudonymisation;
  const quasi = policy.quasiIdentifiers;
  const small = policy.smallNumbers;
  return {
    path,
    title: `Anonymisation: ${policy.title}`,
    search: {
      id: policy.id,
      kind: 'anonymisation policy',
      text: 'anonymisation pseudonymisation HMAC small number suppression k-anonymity l-diversity planning extract',
    },
    body: `${policy.description === undefined ? '' : paragraphs(policy.description)}
<h2>Pseudonymisation</h2>
${summaryList([
  [
    'Algorithm',
    `<code>${escapeHtml(pseudo.algorithm)}</code> over the validated, normalised ${escapeHtml(pseudo.input)}`,
  ],
  ['Key scope', escapeHtml(pseudo.key.scope)],
  ['Key custody', escapeHtml(pseudo.key.custody)],
  ['Smallest key', `${String(pseudo.key.minimumBytes)} bytes`],
  ...(pseudo.key.rotation === undefined
    ? []
    : [['Rotation', inline(pseudo.key.rotation)] as [string, string]]),
  [
    'Pseudonym',
    `<code>${escapeHtml(pseudo.output.system)}</code>, ${escapeHtml(pseudo.output.encoding)}${pseudo.output.truncateToBytes === undefined ? '' : `, first ${String(pseudo.output.truncateToBytes)} bytes`}`,
  ],
])}
<h2>Direct identifiers removed</h2>
<ul>${policy.directIdentifiers.remove.map((element) => `<li><code>${escapeHtml(element)}</code></li>`).join('')}</ul>
<p>Free text: ${escapeHtml(policy.directIdentifiers.freeText ?? 'remove')}. Other identifiers: ${escapeHtml(policy.directIdentifiers.otherIdentifiers ?? 'remove')}.</p>
<h2>Quasi-identifiers</h2>
${table(
  'Generalisation of quasi-identifiers',
  ['Quasi-identifier', 'Method', 'Settings'],
  [
    [
      'Birth date',
      escapeHtml(quasi.birthDate.method),
      [
        quasi.birthDate.bandYears === undefined
          ? ''
          : `bands of ${String(quasi.birthDate.bandYears)} years`,
        quasi.birthDate.topBandFrom === undefined
          ? ''
          : `one band from ${String(quasi.birthDate.topBandFrom)}`,
      ]
        .filter((text) => text !== '')
        .join(', '),
    ],
    [
      'Postcode',
      escapeHtml(quasi.postcode.method),
      quasi.postcode.pseudoPostcodes === undefined
        ? ''
        : `pseudo-postcodes: ${escapeHtml(quasi.postcode.pseudoPostcodes)}`,
    ],
    [
      'Other dates',
      escapeHtml(quasi.dates.method),
      quasi.dates.maxShiftDays === undefined
        ? ''
        : `shift of up to ${String(quasi.dates.maxShiftDays)} days, the same for all of one person's dates`,
    ],
    ...(quasi.other ?? []).map((item) => [
      `<code>${escapeHtml(item.element)}</code>`,
      escapeHtml(item.method),
      inline(item.notes ?? ''),
    ]),
  ],
)}
<h2>Small numbers</h2>
<p>Counts from ${String(small.suppressFrom)} to ${String(small.suppressTo)}${small.includeZero ? ' and zero' : ''} are shown as <code>${escapeHtml(small.symbol)}</code>${small.rounding === undefined ? '' : `; other counts are rounded to the nearest ${String(small.rounding.base)} (${escapeHtml(small.rounding.order)})`}. Secondary suppression is always applied, so a suppressed cell cannot be recovered from totals.${small.percentagesFromRounded === true ? ' Percentages are computed from rounded figures.' : ''} ${inline(small.appliesTo ?? '')}</p>
<h2>k-anonymity and l-diversity</h2>
<p>Every combination of ${policy.kAnonymity.quasiIdentifiers.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ')} must be shared by at least <strong>${String(policy.kAnonymity.k)}</strong> records (${escapeHtml(policy.kAnonymity.strategy)})${policy.kAnonymity.reportMinimumClassSize === true ? '; the smallest class size is reported' : ''}.${policy.lDiversity === undefined ? '' : ` Each class holds at least ${String(policy.lDiversity.l)} distinct values of ${policy.lDiversity.sensitiveAttributes.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ')}.`}</p>
${policy.requirements === undefined ? '' : `<p>Requirements: ${requirementLinks(path, base, policy.requirements)}</p>`}`,
  };
}

function fixturesPage(blueprint: Blueprint, path: string, base: string): PageSpec {
  const body = blueprint.fixtures
    .map(
      (fixture) => `<h2 id="${escapeHtml(slug(fixture.id))}">${escapeHtml(fixture.title)}</h2>
${fixture.description === undefined ? '' : paragraphs(fixture.description)}
${summaryList([
  ['Fixture id', `<code>${escapeHtml(fixture.id)}</code>`],
  ['Scenario', escapeHtml(fixture.scenario)],
  ...(fixture.patient === undefined
    ? []
    : [
        ['Test-range NHS number', `<code>${escapeHtml(fixture.patient.nhsNumber)}</code>`] as [
          string,
          string,
        ],
      ]),
  ...(fixture.registers?.nationalDataOptOut === undefined
    ? []
    : [
        ['National data opt-out', fixture.registers.nationalDataOptOut ? 'yes' : 'no'] as [
          string,
          string,
        ],
      ]),
  [
    'Resources',
    fixture.resources
      .map(
        (resource) => `<code>${escapeHtml(`${resource.resourceType}/${resource.id ?? ''}`)}</code>`,
      )
      .join(', '),
  ],
])}
${
  fixture.expectations.length === 0
    ? ''
    : table(
        `Expected behaviour for ${fixture.title}`,
        ['Expectation', 'Purpose', 'Access', 'Outcome', 'Details', 'Requirements'],
        fixture.expectations.map((expectation) => [
          `<code>${escapeHtml(expectation.id)}</code>${expectation.description === undefined ? '' : `<br>${inline(expectation.description)}`}`,
          `<code>${escapeHtml(expectation.purposeOfUse)}</code>`,
          escapeHtml(
            `${expectation.access}${expectation.resourceType === undefined ? '' : ` ${expectation.resourceType}`}`,
          ),
          `<strong>${escapeHtml(expectation.outcome)}</strong>${expectation.httpStatus === undefined ? '' : ` (HTTP ${String(expectation.httpStatus)})`}`,
          [
            expectation.include === undefined
              ? ''
              : `returned: ${expectation.include.map((ref) => `<code>${escapeHtml(ref)}</code>`).join(', ')}`,
            expectation.exclude === undefined
              ? ''
              : `withheld: ${expectation.exclude.map((ref) => `<code>${escapeHtml(ref)}</code>`).join(', ')}`,
            expectation.operationOutcome === undefined
              ? ''
              : `OperationOutcome <code>${escapeHtml(expectation.operationOutcome.code)}</code>${expectation.operationOutcome.detailsCode === undefined ? '' : ` / <code>${escapeHtml(expectation.operationOutcome.detailsCode)}</code>`}`,
            expectation.maskedElements === undefined
              ? ''
              : `absent: ${expectation.maskedElements.map((element) => `<code>${escapeHtml(element)}</code>`).join(', ')}`,
          ]
            .filter((text) => text !== '')
            .join('<br>'),
          requirementLinks(path, base, expectation.requirements),
        ]),
      )
}`,
    )
    .join('\n');
  return {
    path,
    title: 'Fixtures',
    search: {
      id: 'fixtures',
      kind: 'fixtures',
      text: `fixtures synthetic patients ${blueprint.fixtures.map((fixture) => `${fixture.id} ${fixture.scenario} ${fixture.title}`).join(' ')}`,
    },
    body: `<p>Synthetic patients (NHS numbers from the test range 999 000 0000 to 999 999 9999) and shared records that a test region loads, with the behaviour the blueprint expects for each purpose of use. The conformance suite reads these expectations.</p>\n${body}`,
  };
}

function traceabilityPage(
  blueprint: Blueprint,
  path: string,
  base: string,
  tests: ReadonlyMap<string, readonly TraceabilityEntry[]>,
  haveInput: boolean,
): PageSpec {
  const testable = blueprint.requirements.filter(
    (requirement) => requirement.verification.method === 'server-test',
  );
  const covered = testable.filter((requirement) => (tests.get(requirement.id) ?? []).length > 0);
  const must = testable.filter((requirement) => requirement.level === 'MUST');
  const mustCovered = must.filter((requirement) => (tests.get(requirement.id) ?? []).length > 0);
  const percent = (part: number, whole: number): string =>
    whole === 0 ? '0%' : `${String(Math.round((part / whole) * 1000) / 10)}%`;
  return {
    path,
    title: 'Traceability',
    search: {
      id: 'traceability',
      kind: 'traceability',
      text: 'traceability coverage conformance tests matrix',
    },
    body: `${haveInput ? '' : '<p class="notice">No conformance tests yet: the conformance suite has not been mapped to this blueprint. Coverage is 0% until it is.</p>'}
${summaryList([
  [
    'Coverage of testable requirements',
    `${percent(covered.length, testable.length)} (${String(covered.length)} of ${String(testable.length)})`,
  ],
  [
    'Coverage of testable MUST requirements',
    `${percent(mustCovered.length, must.length)} (${String(mustCovered.length)} of ${String(must.length)})`,
  ],
  ['Not testable over the API', String(blueprint.requirements.length - testable.length)],
])}
${table(
  'Requirements and the conformance tests that verify them',
  ['Requirement', 'Level', 'Verification', 'Tests', 'Status'],
  blueprint.requirements.map((requirement) => {
    const found = tests.get(requirement.id) ?? [];
    const status =
      requirement.verification.method === 'untestable'
        ? 'not testable'
        : found.length === 0
          ? 'no tests yet'
          : 'covered';
    return [
      `<a href="${escapeHtml(href(path, `${base}requirements/${slug(requirement.id)}.html`))}">${escapeHtml(requirement.id)}</a>`,
      levelBadge(requirement.level),
      requirement.verification.method === 'server-test' ? 'conformance test' : 'untestable',
      found.map((test) => `<code>${escapeHtml(test.testId)}</code>`).join(', '),
      status,
    ];
  }),
  { rowHeader: true },
)}`,
  };
}

function changesPage(
  blueprint: Blueprint,
  path: string,
  base: string,
  diff: BlueprintDiff | undefined,
): PageSpec {
  if (diff === undefined) {
    return {
      path,
      title: 'Changes',
      body: `<p>No earlier version was given when these pages were built, so there is nothing to compare ${escapeHtml(blueprint.version)} with. Build with <code>lhcr docs build --since &lt;earlier blueprint&gt;</code> to list the changes.</p>`,
    };
  }
  const requirementRows = diff.requirements.map((change) => [
    change.kind === 'removed'
      ? escapeHtml(change.id)
      : `<a href="${escapeHtml(href(path, `${base}requirements/${slug(change.id)}.html`))}">${escapeHtml(change.id)}</a>`,
    escapeHtml(change.kind),
    change.kind === 'changed'
      ? change.fields
          .map((field) =>
            field === 'level'
              ? `level ${escapeHtml(change.before?.level ?? '')} &#8594; ${escapeHtml(change.after?.level ?? '')}`
              : escapeHtml(field),
          )
          .join(', ')
      : levelBadge((change.after ?? change.before)?.level ?? ''),
    change.tightened ? 'tightened' : change.loosened ? 'loosened' : '',
  ]);
  const profileSections = diff.profiles
    .map(
      (change) => `<h3>${escapeHtml(change.name)} (${escapeHtml(change.kind)})</h3>
<p><code>${escapeHtml(change.url)}</code></p>
${
  change.elements.length === 0
    ? ''
    : table(
        `Element changes in ${change.name}`,
        ['Element', 'Change', 'Properties', 'Tightened'],
        change.elements.map((element) => [
          `<code>${escapeHtml(element.elementId)}</code>`,
          escapeHtml(element.kind),
          element.changes
            .map(
              (property) =>
                `${escapeHtml(property.property)}: ${escapeHtml(property.before ?? '(none)')} &#8594; ${escapeHtml(property.after ?? '(none)')}`,
            )
            .join('<br>'),
          element.tightened ? 'yes' : 'no',
        ]),
      )
}`,
    )
    .join('\n');
  return {
    path,
    title: `Changes since version ${diff.from.version}`,
    search: { id: 'changes', kind: 'changes', text: `changes since ${diff.from.version} diff` },
    body: `<p>From ${escapeHtml(diff.from.id)} ${escapeHtml(diff.from.version)} to ${escapeHtml(diff.to.version)}. These changes call for a <strong>${escapeHtml(diff.suggestedBump)}</strong> version.</p>
<h2>Requirements</h2>
${requirementRows.length === 0 ? '<p>No requirement changed.</p>' : table('Requirement changes', ['Requirement', 'Change', 'What changed', 'Effect'], requirementRows, { rowHeader: true })}
<h2>Profiles</h2>
${diff.profiles.length === 0 ? '<p>No profile changed.</p>' : profileSections}
<h2>Why this version bump</h2>
<ul>${diff.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`,
  };
}
