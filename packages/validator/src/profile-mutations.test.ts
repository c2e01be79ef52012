// Profile validation proven on UK Core, data-driven.
//
// 1. Every UK Core example validates against the profile its file name matches (extension
//    examples, and examples matching no profile, against base R4 with the UK Core extension
//    definitions loaded), with no error. The few examples that are wrong by the FHIR rules are
//    listed below with the reason, and their specific error is asserted.
// 2. The mutation cases in __fixtures__/profile-mutations: each file is a JSON array of
//    { description, rule, example, profile?, patch, expect: { valid, issues?, absent? } }.
//    The runner applies the RFC 6902 patch to a copy of the example (a pointer that does not
//    exist fails the case loudly), validates it against the profile (by default the one the
//    example's file name matches), and checks that every expected issue is present: severity and
//    expression exactly, and code, ruleId and diagnostics text (case-insensitive) when given.
//    `absent` lists issues that must not be reported (severity and expression). The unmutated
//    example must be valid against the same profile and must not carry any expected issue, so
//    each expected issue is the mutation's doing.
//
// Where issues are located (FHIRPath `expression`), following the FHIR reference validator and
// the base spec cases:
// - a missing required element or slice, and too many of one (max, including max 0): the
//   element that should hold it, with the element or slice name in the diagnostics;
// - a wrong fixed value: the element carrying it; an item matching no slice of a closed
//   slicing: that item;
// - a type the profile does not allow for a choice element: that element in its type form
//   (`Observation.value.ofType(string)`), in resources and in extensions alike;
// - an extension in a context its definition does not allow, or unknown: the extension;
// - a binding: the coded element (the CodeableConcept, Coding or code);
// - an invariant: the element whose definition holds the constraint, with its key as ruleId;
// - a reference to a target the profile does not allow: the Reference.
//
// The profile is named in the resource's meta.profile, which the validator checks like the
// `profiles` option (one test below holds the two ways to the same result); one validator then
// serves every case.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ukCoreDefinitions, ukCoreExamples } from './__fixtures__/uk-core';
import type { UkCoreExample } from './__fixtures__/uk-core';
import { createValidator } from './index';
import type { ValidationIssue, ValidationResult } from './index';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: Json }
  | { op: 'remove'; path: string }
  | { op: 'copy' | 'move'; from: string; path: string };

interface ExpectedIssue {
  severity: ValidationIssue['severity'];
  expression: string;
  code?: string;
  ruleId?: string;
  diagnosticsIncludes?: string;
}

/** The rule classes the cases are filed under; the count test needs each at least once. */
const RULE_CLASSES = [
  'required-element',
  'max-cardinality',
  'fixed-value',
  'identifier-slice-system',
  'required-slice',
  'closed-slicing',
  'choice-type',
  'extension-value-type',
  'extension-binding',
  'extension-context',
  'complex-extension',
  'unknown-extension',
  'invariant',
  'required-binding',
  'extensible-binding',
  'preferred-binding',
  'reference-target',
] as const;
type RuleClass = (typeof RULE_CLASSES)[number];

interface MutationCase {
  description: string;
  rule: RuleClass;
  /** A file name in the UK Core package's examples folder. */
  example: string;
  /** Canonical URL; defaults to the profile the example's file name matches. */
  profile?: string;
  patch: PatchOperation[];
  expect: { valid: boolean; issues?: ExpectedIssue[]; absent?: ExpectedIssue[] };
}

const definitions = ukCoreDefinitions();
const examples = ukCoreExamples();
const validator = createValidator({ definitions, reportUnverifiedCodes: false });

const folder = new URL('./__fixtures__/profile-mutations/', import.meta.url);
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort();
const casesByFile = new Map(
  files.map((f) => [f, JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as MutationCase[]]),
);

/**
 * Examples that are wrong by the FHIR or UK Core rules, each with its reason and the error that
 * shows it. The positive test asserts exactly this error instead of validity.
 */
const WRONG_EXAMPLES: Record<string, { reason: string; error: ExpectedIssue }> = {
  'Extension-UKCore-ConditionEpisode-Example.json': {
    reason:
      'the extension carries both valueCode and valueCodeableConcept; an element has one value[x] form at most (and the definition allows CodeableConcept only)',
    error: { severity: 'error', expression: 'Condition.extension[0]' },
  },
  'UKCore-Bundle-NEWS2Observations-Example.json': {
    reason:
      'its entries have relative fullUrls such as "Observation/…"; Bundle.entry.fullUrl is the absolute URL of the resource',
    error: {
      severity: 'error',
      expression: 'Bundle.entry[0].fullUrl',
      diagnosticsIncludes: 'absolute',
    },
  },
};

function matches(actual: ValidationIssue, wanted: ExpectedIssue): boolean {
  return (
    actual.severity === wanted.severity &&
    actual.expression === wanted.expression &&
    (wanted.code === undefined || actual.code === wanted.code) &&
    (wanted.ruleId === undefined || actual.ruleId === wanted.ruleId) &&
    (wanted.diagnosticsIncludes === undefined ||
      actual.diagnostics.toLowerCase().includes(wanted.diagnosticsIncludes.toLowerCase()))
  );
}

function summary(result: ValidationResult): string {
  if (result.issues.length === 0) return '(no issues)';
  return result.issues
    .map(
      (i) =>
        `${i.severity} ${i.code} ${i.expression}${i.ruleId === undefined ? '' : ` [${i.ruleId}]`} :: ${i.diagnostics}`,
    )
    .join('\n');
}

function isErrorOrFatal(issue: ValidationIssue): boolean {
  return issue.severity === 'error' || issue.severity === 'fatal';
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exampleNamed(file: string): UkCoreExample {
  const found = examples.find((e) => e.file === file);
  if (found === undefined) throw new Error(`No UK Core example named ${file}`);
  return found;
}

/** The profile an example is validated against by default: none for extension examples. */
function matchedProfile(example: UkCoreExample): string | undefined {
  return example.isExtensionExample ? undefined : example.definitionUrl;
}

/** A copy of the resource that names the profile in meta.profile (besides any it names). */
function claiming(resource: Json, profile: string | undefined): Json {
  if (profile === undefined || !isObject(resource)) return resource;
  const meta = isObject(resource.meta) ? resource.meta : {};
  const claimed = Array.isArray(meta.profile) ? meta.profile : [];
  return {
    ...resource,
    meta: { ...meta, profile: claimed.includes(profile) ? claimed : [...claimed, profile] },
  };
}

// ---- RFC 6902 JSON Patch (the operations the cases use), with loud failures ----

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`'${pointer}' is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function arrayIndex(array: Json[], token: string, pointer: string, forAdd: boolean): number {
  if (forAdd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new Error(`${pointer}: '${token}' is not an array index`);
  }
  const index = Number(token);
  const limit = forAdd ? array.length : array.length - 1;
  if (index > limit) {
    throw new Error(`${pointer} does not exist (the array has ${array.length} items)`);
  }
  return index;
}

/** The value a pointer names; throws when any step of it does not exist. */
function resolvePointer(document: Json, pointer: string): Json {
  let node: Json = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, pointer, false)] as Json;
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token] as Json;
    else throw new Error(`${pointer} does not exist (no '${token}')`);
  }
  return node;
}

/** The container a pointer's last step is in, and that step. */
function parentOf(document: Json, pointer: string): { parent: Json; token: string } {
  const tokens = parsePointer(pointer);
  const token = tokens.pop();
  if (token === undefined) throw new Error('The patch may not replace the whole resource');
  const parentPointer = tokens.map((t) => `/${t.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  return { parent: resolvePointer(document, parentPointer.join('')), token };
}

function addAt(document: Json, pointer: string, value: Json): void {
  const { parent, token } = parentOf(document, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, pointer, true), 0, value);
  else if (isObject(parent)) parent[token] = value;
  else throw new Error(`${pointer}: the parent is not an object or array`);
}

function removeAt(document: Json, pointer: string): Json {
  const { parent, token } = parentOf(document, pointer);
  if (Array.isArray(parent)) {
    return parent.splice(arrayIndex(parent, token, pointer, false), 1)[0] as Json;
  }
  if (isObject(parent) && Object.hasOwn(parent, token)) {
    const value = parent[token] as Json;
    Reflect.deleteProperty(parent, token);
    return value;
  }
  throw new Error(`${pointer} does not exist`);
}

function applyPatch(document: Json, patch: readonly PatchOperation[]): Json {
  const out = structuredClone(document);
  patch.forEach((operation, n) => {
    try {
      switch (operation.op) {
        case 'add':
          addAt(out, operation.path, structuredClone(operation.value));
          break;
        case 'remove':
          removeAt(out, operation.path);
          break;
        case 'replace':
          resolvePointer(out, operation.path);
          removeAt(out, operation.path);
          addAt(out, operation.path, structuredClone(operation.value));
          break;
        case 'copy':
          addAt(out, operation.path, structuredClone(resolvePointer(out, operation.from)));
          break;
        case 'move':
          addAt(out, operation.path, removeAt(out, operation.from));
          break;
        case 'test': {
          const actual = resolvePointer(out, operation.path);
          if (JSON.stringify(actual) !== JSON.stringify(operation.value)) {
            throw new Error(
              `${operation.path} is ${JSON.stringify(actual)}, not ${JSON.stringify(operation.value)}`,
            );
          }
          break;
        }
      }
    } catch (error) {
      throw new Error(
        `patch operation ${n} (${operation.op} ${operation.path}) failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  return out;
}

/** What a mutation case found, in a shape a passing case makes equal to {@link passing}. */
interface Verdict {
  readonly missingProfile: string | undefined;
  readonly baselineErrors: readonly string[];
  readonly valid: boolean;
  /** Expected issues the unmutated example already has: the mutation is not what they show. */
  readonly alreadyInBaseline: readonly ExpectedIssue[];
  readonly missing: readonly ExpectedIssue[];
  readonly unwanted: readonly ExpectedIssue[];
  /** Every issue found, for the reader of a failure. */
  readonly found: readonly string[];
}

function lines(result: ValidationResult): string[] {
  return summary(result).split('\n');
}

function judge(mutation: MutationCase): Verdict {
  const example = exampleNamed(mutation.example);
  const profile = mutation.profile ?? matchedProfile(example);
  const original = example.resource as Json;
  const baseline = validator.validate(claiming(original, profile));
  const result = validator.validate(claiming(applyPatch(original, mutation.patch), profile));
  const wanted = mutation.expect.issues ?? [];
  return {
    missingProfile:
      profile !== undefined && definitions.structureDefinition(profile) === undefined
        ? profile
        : undefined,
    baselineErrors: baseline.issues
      .filter(isErrorOrFatal)
      .map((i) => `${i.expression} ${i.diagnostics}`),
    valid: result.ok,
    alreadyInBaseline: wanted.filter((w) => baseline.issues.some((a) => matches(a, w))),
    missing: wanted.filter((w) => !result.issues.some((a) => matches(a, w))),
    unwanted: (mutation.expect.absent ?? []).filter((u) =>
      result.issues.some((a) => a.severity === u.severity && a.expression === u.expression),
    ),
    found: lines(result),
  };
}

function passing(mutation: MutationCase, verdict: Verdict): Verdict {
  return {
    missingProfile: undefined,
    baselineErrors: [],
    valid: mutation.expect.valid,
    alreadyInBaseline: [],
    missing: [],
    unwanted: [],
    found: verdict.found,
  };
}

// ---- 1. every example against its profile ----

describe('UK Core examples against their matching profiles', () => {
  it('finds the 215 examples', () => {
    expect(examples).toHaveLength(215);
  });

  const positives = examples.map((example) => {
    const profile = matchedProfile(example);
    const against = profile?.split('/').pop() ?? 'base R4 with the UK Core extensions';
    const wrong = WRONG_EXAMPLES[example.file];
    const title =
      wrong === undefined
        ? `${example.file} is valid against ${against}`
        : `${example.file} is wrong: ${wrong.reason}`;
    return [title, { example, profile, wrong }] as const;
  });

  it.each(positives)('%s', (_title, { example, profile, wrong }) => {
    const result = validator.validate(claiming(example.resource as Json, profile));
    const errors = lines(result).filter((l) => /^(error|fatal) /.test(l));
    const wrongErrorFound =
      wrong !== undefined && result.issues.some((i) => matches(i, wrong.error));
    // A wrong example fails with its known error; every other example has no error at all.
    expect({ errors, wrongErrorFound }).toEqual({
      errors: wrong === undefined ? [] : errors,
      wrongErrorFound: wrong !== undefined,
    });
  });
});

// ---- 2. mutation cases ----

describe('profile mutation cases', () => {
  const all = [...casesByFile.values()].flat();

  it('has at least 60 cases, with every rule class covered', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(all.map((c) => c.rule));
    expect(RULE_CLASSES.filter((r) => !covered.has(r))).toEqual([]);
    expect(all.filter((c) => !(RULE_CLASSES as readonly string[]).includes(c.rule))).toEqual([]);
  });

  it('has distinct descriptions', () => {
    const seen = all.map((c) => c.description);
    expect(seen.filter((d, i) => seen.indexOf(d) !== i)).toEqual([]);
  });

  it('gets the same issues from meta.profile as from the profiles option', () => {
    const example = exampleNamed('UKCore-Patient-RichardSmith-Example.json');
    const profile = matchedProfile(example) ?? '';
    const mutated = applyPatch(example.resource as Json, [
      { op: 'remove', path: '/identifier/0/value' },
    ]);
    const byOption = createValidator({
      definitions,
      profiles: [profile],
      reportUnverifiedCodes: false,
    });
    const key = (i: ValidationIssue): string => `${i.severity} ${i.expression} ${i.diagnostics}`;
    const viaOption = byOption.validate(mutated).issues.map(key).sort();
    const viaMeta = validator.validate(claiming(mutated, profile)).issues.map(key).sort();
    expect(viaOption.length).toBeGreaterThan(0);
    expect(viaMeta).toEqual(viaOption);
  });

  it('fails loudly on a patch pointer that does not exist', () => {
    const resource: Json = { resourceType: 'Patient', identifier: [{ value: 'x' }] };
    expect(() => applyPatch(resource, [{ op: 'remove', path: '/identifier/1' }])).toThrow(
      /does not exist/,
    );
    expect(() => applyPatch(resource, [{ op: 'replace', path: '/gender', value: 'male' }])).toThrow(
      /does not exist/,
    );
    expect(() =>
      applyPatch(resource, [{ op: 'test', path: '/identifier/0/value', value: 'y' }]),
    ).toThrow(/not "y"/);
    expect(
      applyPatch(resource, [
        { op: 'copy', from: '/identifier/0', path: '/identifier/-' },
        { op: 'move', from: '/identifier/0/value', path: '/identifier/0/system' },
      ]),
    ).toEqual({ resourceType: 'Patient', identifier: [{ system: 'x' }, { value: 'x' }] });
  });

  const groups = [...casesByFile].map(
    ([file, cases]) => [file.replace(/\.json$/, ''), cases] as const,
  );
  describe.each(groups)('%s', (_name, cases) => {
    it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, mutation) => {
      const verdict = judge(mutation);
      expect(verdict).toEqual(passing(mutation, verdict));
    });
  });
});
