import { compileInvariant } from '../fhirpath/compile-invariant';
import { createFhirPathModel } from '../fhirpath/fhirpath-model';
import type { FhirPathModel } from '../fhirpath/fhirpath-model';
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
    const invariant = compileInvariant(expression, contextType, fhirPathModel);
    return (node, env) => invariant.evaluate(node, env);
  };
}
