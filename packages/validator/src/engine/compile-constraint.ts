import { compileInvariant } from '../fhirpath/compile-invariant';
import { createFhirPathModel } from '../fhirpath/fhirpath-model';
import type { FhirPathModel } from '../fhirpath/fhirpath-model';
import { R4_INVARIANTS } from '../generated/r4-invariants';
import { R4_MODEL } from '../generated/r4-model';
import type { CompactModel } from '../model/r4-model-types';
import type { InvariantCompiler } from './engine';

/**
 * The invariant compiler the validator runs on: FHIRPath compiled to JavaScript (exactly as the
 * `fhirpath` package evaluates it, which it falls back to for the few expressions it cannot
 * compile), against the FHIR model of `model`.
 *
 * @example
 * const compile = invariantCompiler(R4_MODEL);
 * const check = compile('start.hasValue().not() or end.hasValue().not() or (start <= end)', 'Period');
 */
export function invariantCompiler(model: CompactModel): InvariantCompiler {
  let fhirPathModel: FhirPathModel | undefined;
  return (expression, contextType) => {
    fhirPathModel ??= createFhirPathModel(model);
    const invariant = compileInvariant(
      expression,
      contextType,
      fhirPathModel,
      // R4's own invariants ship compiled (src/generated/r4-invariants.ts).
      model === R4_MODEL ? R4_INVARIANTS : undefined,
    );
    return (node, env) => invariant.evaluate(node, env);
  };
}
