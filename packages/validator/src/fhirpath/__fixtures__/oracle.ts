import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { FhirPathModel } from '../fhirpath-model';
import { isFhirPathError } from '../fhirpath-error';
import type { InvariantEnv } from '../invariant-env';
import type { CompiledInvariant } from '../compile-invariant';
import { invariantResult, packageFunctions, packageVariables } from '../internal/fallback';

/** What evaluating an invariant gives: the boolean, or an evaluation error. */
export type Outcome = boolean | 'error';

/** A node of the `fhirpath` package's tree (its ResourceNode), opaque here. */
export interface PackageNode {
  readonly data: unknown;
  readonly ctx: unknown;
}

type Evaluate = (data: unknown, vars?: Record<string, unknown>, options?: object) => unknown[];

const OPTIONS = { resolveInternalTypes: false, traceFn: (): void => undefined } as const;
const compiled = new Map<string, Evaluate>();

/** The package's node for a whole resource, as it builds it. */
export function packageRoot(resource: unknown): PackageNode {
  const [root] = fhirpath.evaluate(resource, '%context', {}, r4, OPTIONS) as PackageNode[];
  if (root === undefined) throw new Error('the fhirpath package gave no root node');
  return root;
}

/** The package's child nodes named `name` (its own `makeChildResNodes`). */
export function packageChildren(parent: PackageNode, name: string): PackageNode[] {
  const util = fhirpath.util as unknown as {
    makeChildResNodes: (
      ctx: unknown,
      parent: PackageNode,
      name: string,
      model: unknown,
    ) => PackageNode[];
  };
  return util.makeChildResNodes(parent.ctx, parent, name, r4);
}

/**
 * The reference answer: the `fhirpath` package evaluating the expression on the node it built
 * itself navigating from the root resource, with the same environment contract.
 */
export function oracle(
  expression: string,
  node: PackageNode,
  env: InvariantEnv,
  model: FhirPathModel,
): Outcome {
  let evaluate = compiled.get(expression);
  if (evaluate === undefined) {
    evaluate = fhirpath.compile(expression, r4, OPTIONS);
    compiled.set(expression, evaluate);
  }
  try {
    const result = evaluate(node, packageVariables(env), {
      userInvocationTable: packageFunctions(env, model),
    });
    return invariantResult(result, expression);
  } catch {
    return 'error';
  }
}

/** What a compiled invariant gives on a node. */
export function outcomeOf(invariant: CompiledInvariant, node: unknown, env: InvariantEnv): Outcome {
  try {
    return invariant.evaluate(node, env);
  } catch (error) {
    if (isFhirPathError(error) && error.code === 'evaluation') return 'error';
    throw error;
  }
}
