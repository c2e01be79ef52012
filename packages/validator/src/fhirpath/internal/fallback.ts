import type { UserInvocationTable } from 'fhirpath';
import { FhirPathError, isFhirPathError } from '../fhirpath-error';
import type { FhirPathContext, FhirPathModel } from '../fhirpath-model';
import type { InvariantEnv } from '../invariant-env';
import { PrimitiveNode } from '../primitive-node';
import { fhirpathApi, fhirpathR4 } from './fhirpath-package';
import { htmlChecksInput, memberOfInput, referenceText } from './runtime/functions';
import { FpNode } from './runtime/values';

/** Evaluates an invariant with the `fhirpath` package. */
export interface PackageEvaluator {
  evaluate(node: unknown, env: InvariantEnv): boolean;
}

type Evaluate = (data: unknown, vars?: Record<string, unknown>, options?: object) => unknown[];

const BASE_OPTIONS = { resolveInternalTypes: false, traceFn: (): void => undefined } as const;

function compile(path: string | { base: string; expression: string }): Evaluate {
  return fhirpathApi().compile(path, fhirpathR4(), BASE_OPTIONS);
}

/** A node of the package's results, as the runtime's node (for typing). */
function asNode(item: unknown): unknown {
  if (
    typeof item !== 'object' ||
    item === null ||
    !('fhirNodeDataType' in item) ||
    !('data' in item)
  ) {
    return item;
  }
  // The package's nodes hold numbers as decimal objects; typing and strings are what matter here.
  const node = item as {
    data: unknown;
    _data: unknown;
    path: string | null;
    fhirNodeDataType: string | null;
  };
  return new FpNode(node.data, node._data, node.path, node.fhirNodeDataType);
}

/** The environment variables the package sees. */
export function packageVariables(env: InvariantEnv): Record<string, unknown> {
  const vars: Record<string, unknown> = { resource: env.resource, rootResource: env.rootResource };
  if (env.ucum !== undefined) vars.ucum = env.ucum;
  return vars;
}

/**
 * The functions whose meaning comes from the environment, for the package: `resolve()` with
 * `env.resolve` and `htmlChecks()` with `env.htmlChecks`, as compiled invariants define them, and
 * `memberOf()` with `env.memberOf` (the package itself asks a terminology server, asynchronously).
 */
export function packageFunctions(env: InvariantEnv, model: FhirPathModel): UserInvocationTable {
  return {
    resolve: {
      fn: (items: unknown[]): unknown[] => {
        const found: unknown[] = [];
        const resolver = env.resolve;
        if (resolver === undefined) return found;
        for (const item of items) {
          const reference = referenceText(asNode(item), model.isType);
          if (reference === undefined) continue;
          const target = resolver(reference);
          if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
            const evaluated = fhirpathApi().evaluate(
              target,
              '%context',
              undefined,
              fhirpathR4(),
              BASE_OPTIONS,
            ) as unknown[];
            found.push(...evaluated);
          }
        }
        return found;
      },
      arity: { 0: [] },
      internalStructures: true,
    },
    htmlChecks: {
      fn: (items: unknown[]): unknown => {
        const xhtml = htmlChecksInput(items.map(asNode), model.isType);
        if (xhtml === undefined) return [];
        const check = env.htmlChecks;
        if (check === undefined) {
          throw new FhirPathError(
            'environment',
            'htmlChecks()',
            'htmlChecks() needs env.htmlChecks, which was not given',
          );
        }
        return check(xhtml);
      },
      arity: { 0: [] },
      internalStructures: true,
    },
    memberOf: {
      fn: (items: unknown[], valueSet: unknown): unknown => {
        const input = memberOfInput(items.map(asNode));
        if (input === undefined || typeof valueSet !== 'string') return [];
        const member = env.memberOf;
        if (member === undefined) {
          throw new FhirPathError(
            'environment',
            'memberOf()',
            'memberOf() needs env.memberOf, which was not given',
          );
        }
        const answer = member(input.value, input.type, valueSet);
        if (answer === undefined) {
          throw new FhirPathError(
            'evaluation',
            'memberOf()',
            `memberOf('${valueSet}') cannot be answered here: the value set is not loaded, or cannot be expanded without a terminology server`,
          );
        }
        return answer;
      },
      arity: { 1: ['String'] },
      internalStructures: true,
    },
  };
}

/**
 * The boolean contract of an invariant: an empty result holds; one boolean is the answer; one
 * other value counts as true (FHIRPath's singleton evaluation); several values are an error.
 */
export function invariantResult(result: readonly unknown[], expression: string): boolean {
  if (result.length > 1) {
    throw new FhirPathError(
      'evaluation',
      expression,
      `The invariant "${expression}" gave several values, not one boolean`,
    );
  }
  if (result.length === 0) return false;
  const value: unknown = fhirpathApi().util.valData(result[0]);
  if (value === null || value === undefined) return true;
  return typeof value === 'boolean' ? value : true;
}

/** Turns whatever the package threw into an evaluation error, keeping it as the cause. */
export function evaluationError(error: unknown, expression: string): FhirPathError {
  if (isFhirPathError(error)) return error;
  return new FhirPathError(
    'evaluation',
    expression,
    `FHIRPath signals an error evaluating "${expression}" on this node`,
    error,
  );
}

/**
 * Evaluates with the `fhirpath` package, giving it the node as it would find it navigating the
 * resource: a complex node with the context's path and type, and a primitive with its `_name`
 * sibling (through a synthetic parent, as the package reads primitives from their parent).
 */
export function createPackageEvaluator(
  expression: string,
  context: FhirPathContext,
  model: FhirPathModel,
): PackageEvaluator {
  const host = context.primitiveHost;
  let run: (node: unknown, env: InvariantEnv) => unknown[];
  if (host === undefined) {
    const evaluate = compile({ base: context.path, expression });
    run = (node, env) => {
      const data = node instanceof PrimitiveNode ? node.value : node;
      return evaluate(data, packageVariables(env), {
        userInvocationTable: packageFunctions(env, model),
      });
    };
  } else {
    const name = model.node(host.parent).childrenByJson.get(host.json)?.child.name ?? host.json;
    const navigate = compile({ base: host.parent, expression: `\`${name}\`` });
    const evaluate = compile(expression);
    run = (node, env) => {
      const primitive = node instanceof PrimitiveNode ? node : new PrimitiveNode(node);
      const parent: Record<string, unknown> = {};
      if (primitive.value !== undefined) parent[host.json] = primitive.value;
      if (primitive.element !== undefined) parent[`_${host.json}`] = primitive.element;
      const nodes = navigate(parent);
      return evaluate(nodes, packageVariables(env), {
        userInvocationTable: packageFunctions(env, model),
      });
    };
  }
  return {
    evaluate(node, env) {
      let result: unknown[];
      try {
        result = run(node, env);
      } catch (error) {
        throw evaluationError(error, expression);
      }
      return invariantResult(result, expression);
    },
  };
}
