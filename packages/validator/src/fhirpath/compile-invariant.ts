import { FhirPathError, isFhirPathError } from './fhirpath-error';
import type { FhirPathModel } from './fhirpath-model';
import type { InvariantEnv } from './invariant-env';
import { Compiler } from './internal/codegen/compiler';
import { decodeConstants, encodeConstants } from './internal/codegen/constants-codec';
import { Unsupported } from './internal/codegen/values';
import { createPackageEvaluator, evaluationError } from './internal/fallback';
import type { PackageEvaluator } from './internal/fallback';
import { parseExpression } from './internal/parse';
import { createRuntime } from './internal/runtime/runtime';
import type { Runtime } from './internal/runtime/runtime';
import { BAIL, EvaluationError } from './internal/runtime/values';

/**
 * A FHIRPath invariant ready to evaluate on nodes of its context type.
 *
 * `evaluate` returns true when the invariant holds: when it evaluates to true. An empty result
 * (FHIRPath's answer where it cannot decide: two dates of different precision that agree as far
 * as both go, an absent operand of a comparison) does not hold, as the reference validator reads
 * it: an invariant states what must be true. One non-boolean value counts as true and several
 * values are an error (FHIRPath's singleton evaluation of a collection as a Boolean).
 *
 * `evaluate` throws a {@link FhirPathError} with code `evaluation` where FHIRPath signals an error
 * (the `fhirpath` package throws on the same node), and with code `environment` when the
 * expression needs a callback that `env` lacks. Report an evaluation error as an invariant that
 * could not be evaluated.
 *
 * The node is the JSON of the element: an object for a complex type, backbone element or
 * resource; for a primitive, a {@link PrimitiveNode} holding the value and its `_name` sibling,
 * or just the value when it has no `_name` sibling.
 *
 * @example
 * ```ts
 * const per1 = compileInvariant('start.hasValue().not() or end.hasValue().not() or (start <= end)', 'Period', model);
 * per1.kind; // 'compiled'
 * per1.evaluate({ start: '2024-01-02', end: '2024-01-01' }, { resource: patient, rootResource: patient }); // false
 * ```
 */
export interface CompiledInvariant {
  /** The FHIRPath expression. */
  readonly expression: string;
  /** The context type it was compiled for. */
  readonly contextType: string;
  /**
   * `compiled`: evaluated by generated JavaScript (which still hands a node whose JSON has an
   * unexpected shape to the `fhirpath` package); `fallback`: evaluated by the `fhirpath` package.
   */
  readonly kind: 'compiled' | 'fallback';
  /** For `fallback`: what the compiler does not handle exactly. */
  readonly reason: string | undefined;
  /** The generated JavaScript, for `compiled` (for inspection and tests). */
  readonly source: string | undefined;
  /** True when the invariant evaluates to true for the node. */
  readonly evaluate: (node: unknown, env: InvariantEnv) => boolean;
}

type Generated = (node: unknown, env: InvariantEnv) => boolean | undefined;

const runtimes = new WeakMap<FhirPathModel, Runtime>();
const caches = new WeakMap<FhirPathModel, Map<string, CompiledInvariant>>();

function runtimeFor(model: FhirPathModel): Runtime {
  let runtime = runtimes.get(model);
  if (runtime === undefined) {
    runtime = createRuntime(model);
    runtimes.set(model, runtime);
  }
  return runtime;
}

function instantiate(body: string, runtime: Runtime, constants: readonly unknown[]): Generated {
  // Generated code is the point of this compiler: built from the parse tree, never from data;
  // constants reach it by reference, strings only JSON-encoded.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(
    'rt',
    'K',
    `"use strict";\nreturn function evaluate(node, env) {\n${body}\n};`,
  ) as (rt: Runtime, k: readonly unknown[]) => Generated;
  return factory(runtime, constants);
}

function fallbackInvariant(
  expression: string,
  contextType: string,
  evaluator: PackageEvaluator,
  reason: string,
): CompiledInvariant {
  return {
    expression,
    contextType,
    kind: 'fallback',
    reason,
    source: undefined,
    evaluate: (node, env) => evaluator.evaluate(node, env),
  };
}

/**
 * Invariants compiled ahead of time, by {@link invariantKey}: the generated body and its
 * constants as {@link encodeConstants} writes them. Only valid for the model they were compiled
 * with.
 */
export type PrecompiledInvariants = Readonly<Record<string, readonly [string, string]>>;

/** The key of an invariant in {@link PrecompiledInvariants} and in the compile cache. */
export function invariantKey(contextType: string, expression: string): string {
  return `${contextType}\u0000${expression}`;
}

/** The model's node type for a context, or a `context` error. */
function contextOf(expression: string, contextType: string, model: FhirPathModel) {
  const context = model.context(contextType);
  if (context === undefined) {
    throw new FhirPathError(
      'context',
      expression,
      `"${contextType}" is not a type, backbone element or element path of the FHIR ${model.fhirVersion} model`,
    );
  }
  return context;
}

/** The generated body and constants of an invariant, or why it is left to the package. */
function generate(
  expression: string,
  contextType: string,
  model: FhirPathModel,
): { readonly body: string; readonly constants: readonly unknown[] } | { readonly reason: string } {
  let parsed;
  try {
    parsed = parseExpression(expression);
  } catch (error) {
    throw new FhirPathError(
      'syntax',
      expression,
      `"${expression}" is not a valid FHIRPath expression`,
      error,
    );
  }
  try {
    const compiler = new Compiler(model, contextOf(expression, contextType, model));
    const body = compiler.compileInvariant(parsed);
    return { body, constants: compiler.e.constants };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { reason: error.message };
  }
}

/**
 * Compiles an invariant ahead of time: its generated body and its constants as JSON, or
 * `undefined` when the `fhirpath` package evaluates it. Used by the generator of the validator's
 * precompiled R4 invariants.
 *
 * @throws {@link FhirPathError} as {@link compileInvariant}.
 * @example
 * const [body, constants] = precompileInvariant('start.exists() or end.exists()', 'Period', model) ?? [];
 */
export function precompileInvariant(
  expression: string,
  contextType: string,
  model: FhirPathModel,
): readonly [string, string] | undefined {
  const generated = generate(expression, contextType, model);
  return 'reason' in generated ? undefined : [generated.body, encodeConstants(generated.constants)];
}

function build(
  expression: string,
  contextType: string,
  model: FhirPathModel,
  precompiled: PrecompiledInvariants | undefined,
): CompiledInvariant {
  // Ahead-of-time code skips the parse and the compiler, which dominate a cold start.
  const ready = precompiled?.[invariantKey(contextType, expression)];
  const generated =
    ready === undefined
      ? generate(expression, contextType, model)
      : { body: ready[0], constants: decodeConstants(ready[1]) };
  const context = contextOf(expression, contextType, model);
  let evaluator: PackageEvaluator | undefined;
  const packageEvaluator = (): PackageEvaluator => {
    evaluator ??= createPackageEvaluator(expression, context, model);
    return evaluator;
  };
  if ('reason' in generated) {
    return fallbackInvariant(expression, contextType, packageEvaluator(), generated.reason);
  }
  const { body, constants } = generated;
  const run = instantiate(body, runtimeFor(model), constants);
  return {
    expression,
    contextType,
    kind: 'compiled',
    reason: undefined,
    source: body,
    evaluate(node, env) {
      let result: boolean | undefined;
      try {
        result = run(node, env);
      } catch (error) {
        if (error === BAIL) return packageEvaluator().evaluate(node, env);
        if (error instanceof EvaluationError) {
          throw new FhirPathError(
            'evaluation',
            expression,
            `FHIRPath signals an error evaluating "${expression}": ${error.message}`,
          );
        }
        if (isFhirPathError(error)) {
          throw new FhirPathError(error.code, expression, error.message, error.cause);
        }
        throw evaluationError(error, expression);
      }
      return result === true;
    },
  };
}

/**
 * Compiles a FHIRPath invariant (a `constraint.expression` of a StructureDefinition) for nodes of
 * a context type, to JavaScript with the semantics of the `fhirpath` package, typed with the
 * model. What it cannot compile exactly (Quantity comparisons, which need UCUM unit conversion;
 * constructs outside those the R4 and UK Core invariants use) is evaluated by the `fhirpath`
 * package instead, decided here, once. Results are cached per model, context type and
 * expression; the cache holds one entry per pair compiled.
 *
 * Exactness: a compiled invariant gives the `fhirpath` package's answer (or raises its error) on
 * every node. Where the JSON has a shape the generated code does not handle (a value of the
 * wrong JSON kind, an array where one value belongs), it hands that node to the package. The
 * package's date comparisons depend on the process time zone; so do the compiled ones, equally.
 *
 * `contextType` is a type of the model (`Period`, `Patient`, `dateTime`), a backbone element
 * path (`Patient.contact`, `Bundle.entry`), an element path (`Narrative.div`,
 * `RiskAssessment.prediction.probabilityRange`, with the JSON name for a choice form), or the
 * abstract `Element` (then pass primitives as {@link PrimitiveNode}s with their type; only
 * expressions that do not depend on the node's type, such as ele-1, compile for it, others use
 * the package with the declared type `Element`).
 *
 * The generated code is instantiated with `new Function`, as ajv does: a Content Security Policy
 * without `unsafe-eval` rejects it.
 *
 * `precompiled` holds invariants compiled ahead of time for this model (the validator ships
 * them for R4): those start without parsing or compiling.
 *
 * @throws {@link FhirPathError} with code `syntax` for an invalid expression, `context` for an
 *   unknown context type.
 *
 * @example
 * ```ts
 * const model = createFhirPathModel(R4_MODEL);
 * const ref1 = compileInvariant(
 *   "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))",
 *   'Reference',
 *   model,
 * );
 * ref1.evaluate({ reference: '#org1' }, { resource: patient, rootResource: patient });
 * ```
 */
export function compileInvariant(
  expression: string,
  contextType: string,
  model: FhirPathModel,
  precompiled?: PrecompiledInvariants,
): CompiledInvariant {
  let cache = caches.get(model);
  if (cache === undefined) {
    cache = new Map();
    caches.set(model, cache);
  }
  const key = invariantKey(contextType, expression);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = build(expression, contextType, model, precompiled);
    cache.set(key, compiled);
  }
  return compiled;
}
