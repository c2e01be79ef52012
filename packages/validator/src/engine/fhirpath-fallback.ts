import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { InvariantCheck } from './run';

/**
 * Compiles an invariant with the `fhirpath` package: exact, but slow. The result must be a single
 * `true`; an empty result (a comparison FHIRPath cannot decide) counts as holding.
 *
 * @example
 * const check = compileWithFhirpath('start.hasValue().not() or end.hasValue().not() or (start <= end)', 'Period');
 */
export function compileWithFhirpath(expression: string, contextType: string): InvariantCheck {
  const evaluate = fhirpath.compile({ base: contextType, expression }, r4, {
    traceFn: () => undefined,
  });
  return (node, env) => {
    const result = evaluate(node, {
      resource: env.resource,
      rootResource: env.rootResource,
    }) as unknown[];
    return result.length === 0 || result[0] === true;
  };
}
