import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { R4_MODEL } from '../generated/r4-model';
import { NodeArbitraries, hintsOf } from './__fixtures__/arbitraries';
import { testServices, walkResource } from './__fixtures__/corpus-walk';
import { loadInvariantCatalogue, readUkCoreExamples } from './__fixtures__/invariant-catalogue';
import type { Outcome } from './__fixtures__/oracle';
import { oracle, outcomeOf } from './__fixtures__/oracle';
import { compileInvariant } from './compile-invariant';
import type { FhirPathContext } from './fhirpath-model';
import { createFhirPathModel } from './fhirpath-model';
import type { InvariantEnv } from './invariant-env';
import { createPackageEvaluator } from './internal/fallback';
import { parseExpression } from './internal/parse';
import { PrimitiveNode } from './primitive-node';

const model = createFhirPathModel(R4_MODEL);
const catalogue = loadInvariantCatalogue();
const arbitraries = new NodeArbitraries(model);

/**
 * The invariants that run on the `fhirpath` package, each with why. rng-2 compares two
 * Quantities, which needs UCUM unit conversion (`1 'g' <= 500 'mg'`).
 */
const EXPECTED_FALLBACKS: Readonly<Record<string, string>> = {
  'rng-2': 'Quantity comparison (needs UCUM)',
};

/**
 * Invariants whose regular expressions the package rejects (it compiles them in Unicode mode)
 * and the compiler reads as the reference validator does (see `fhirPathRegex`). They are checked
 * against the package on the same patterns written so that Unicode mode takes them: needless
 * escapes removed, a lone `]` escaped.
 */
const UNICODE_MODE_REWRITES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'eld-16': [[String.raw`\\@`, '@']],
  'eld-19': [
    [String.raw`\\\'`, String.raw`\'`],
    [String.raw`\\:`, ':'],
  ],
  'eld-20': [[String.raw`(\\[x])`, String.raw`(\\[x\\])`]],
};

/** The package's answer, `'error'` when it signals one. */
function packageOutcome(
  evaluator: ReturnType<typeof createPackageEvaluator>,
  node: unknown,
  env: InvariantEnv,
): Outcome {
  try {
    return evaluator.evaluate(node, env);
  } catch {
    return 'error';
  }
}

/** The expression the package evaluates as the answer for an invariant. */
function referenceExpression(key: string, expression: string): string {
  let rewritten = expression;
  for (const [from, to] of UNICODE_MODE_REWRITES[key] ?? []) {
    if (!rewritten.includes(from)) throw new Error(`${key}: expected ${from} in ${expression}`);
    rewritten = rewritten.replaceAll(from, to);
  }
  return rewritten;
}

describe('compiled invariants give the fhirpath package’s answers', () => {
  it('reports which invariants compile and which fall back', () => {
    const rows: string[] = [];
    const fallbacks: Record<string, string> = {};
    for (const invariant of catalogue.invariants) {
      const kinds = new Set<string>();
      for (const context of invariant.contexts) {
        const compiled = compileInvariant(invariant.expression, context, model);
        kinds.add(compiled.kind);
        if (compiled.kind === 'fallback') fallbacks[invariant.key] = compiled.reason ?? '';
      }
      rows.push(
        `${invariant.key.padEnd(22)} ${[...kinds].join('+').padEnd(9)} ${String(invariant.contexts.size).padStart(5)} contexts  ${invariant.source}`,
      );
    }
    const compiledCount = catalogue.invariants.length - Object.keys(fallbacks).length;
    console.info(
      [
        `FHIRPath invariants: ${String(catalogue.invariants.length)} (R4 and UK Core), ` +
          `${String(compiledCount)} compiled, ${String(Object.keys(fallbacks).length)} on the fhirpath package`,
        ...Object.entries(fallbacks).map(([key, reason]) => `  fallback ${key}: ${reason}`),
        ...rows,
      ].join('\n'),
    );
    expect(catalogue.invariants.length).toBeGreaterThanOrEqual(249);
    expect(fallbacks).toEqual(EXPECTED_FALLBACKS);
  }, 120_000);

  it('on every node of every UK Core example, for every invariant that applies', () => {
    const examples = readUkCoreExamples();
    expect(examples).toHaveLength(215);
    const mismatches: string[] = [];
    let evaluations = 0;
    for (const { file, resource } of examples) {
      for (const visit of walkResource(model, resource)) {
        const constraints = [
          ...(catalogue.byPath.get(visit.elementPath) ?? []),
          ...(visit.typePath === visit.elementPath
            ? []
            : (catalogue.byPath.get(visit.typePath) ?? [])),
        ];
        const seen = new Set<string>();
        for (const constraint of constraints) {
          if (seen.has(constraint.key + constraint.expression)) continue;
          seen.add(constraint.key + constraint.expression);
          const expected = oracle(constraint.expression, visit.packageNode, visit.env, model);
          for (const context of new Set([visit.contextPath, visit.typePath])) {
            const compiled = compileInvariant(constraint.expression, context, model);
            const actual = outcomeOf(compiled, visit.node, visit.env);
            evaluations += 1;
            if (actual !== expected) {
              mismatches.push(
                `${file} ${constraint.key} at ${visit.elementPath} as ${context}: ${String(actual)}, package ${String(expected)}`,
              );
            }
          }
        }
      }
    }
    expect(evaluations).toBeGreaterThan(15000);
    expect(mismatches).toEqual([]);
  }, 180_000);
});

/** Distinct node typings among an invariant's contexts (ele-1 has thousands of contexts). */
function contextsOf(contexts: ReadonlySet<string>, limit: number): [string, FhirPathContext][] {
  const out: [string, FhirPathContext][] = [];
  const seen = new Set<string>();
  for (const name of contexts) {
    const context = model.context(name);
    if (context === undefined) throw new Error(`unknown context ${name}`);
    const signature = `${context.path}|${String(context.dataType)}|${String(context.resourceType)}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    out.push([name, context]);
    if (out.length >= limit) break;
  }
  return out;
}

function primitiveArbitrary(type: string, strings: readonly string[]): fc.Arbitrary<unknown> {
  const value = fc.constantFrom<unknown>(
    'a',
    '',
    '*',
    '0',
    '5',
    '-1',
    3,
    0.5,
    true,
    null,
    '<div>x</div>',
    ...strings,
  );
  const element = fc.constantFrom<unknown>(
    undefined,
    { id: 'x' },
    { extension: [{ url: 'u', valueString: 'v' }] },
    'bad',
  );
  return fc
    .tuple(value, element, fc.boolean())
    .map(([v, e, wrapped]) => (wrapped || e !== undefined ? new PrimitiveNode(v, e, type) : v));
}

describe.each(
  catalogue.invariants.map((invariant) => ({
    ...invariant,
    name: `${invariant.key} (${invariant.source})`,
  })),
)('generated nodes: $name', (invariant) => {
  const hints = hintsOf(parseExpression(invariant.expression));
  const contexts = contextsOf(invariant.contexts, 12);
  const runs = Math.max(20, Math.floor(240 / contexts.length));
  it.each([false, true])(
    'agree with the fhirpath package (bad JSON: %s)',
    { timeout: 60_000 },
    (malformed) => {
      for (const [name, context] of contexts) {
        const compiled = compileInvariant(invariant.expression, name, model);
        const rewritten = referenceExpression(invariant.key, invariant.expression);
        const reference = createPackageEvaluator(rewritten, context, model);
        const original =
          rewritten === invariant.expression
            ? undefined
            : createPackageEvaluator(invariant.expression, context, model);
        const node: fc.Arbitrary<unknown> =
          context.primitiveHost === undefined
            ? arbitraries.node(context.path, { hints, depth: 3, malformed })
            : primitiveArbitrary(context.path, hints.strings);
        const resource = arbitraries.resource(context.resourceType ?? 'Patient', {
          hints,
          depth: 2,
          malformed: false,
        });
        fc.assert(
          fc.property(node, resource, fc.boolean(), (generated, other, contained) => {
            const own = context.kind === 'resource' ? generated : other;
            const root = contained ? { resourceType: 'Patient', id: 'c', contained: [own] } : own;
            const env: InvariantEnv = {
              ...testServices(root as Record<string, unknown>),
              resource: own,
              rootResource: root,
            };
            const expected = packageOutcome(reference, generated, env);
            const actual = outcomeOf(compiled, generated, env);
            // On JSON of the wrong shape the compiled code hands over to the package, which
            // fails on the patterns it rejects: its own answer is then the one to give.
            const handedOver =
              malformed && original !== undefined && actual !== expected
                ? packageOutcome(original, generated, env)
                : expected;
            expect(actual).toBe(handedOver);
          }),
          { numRuns: runs, seed: 20261125 },
        );
      }
    },
  );
});
