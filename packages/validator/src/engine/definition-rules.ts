import { checkQuestionnaireResponse } from './questionnaire-response';
import { resolveCanonical } from './references';
import type { ResourceFinding } from './resource-rules';
import type { JsonObject, ValidationRun } from './run';
import { isJsonObject } from './run';

/**
 * The rules of a resource that depend on other resources it names by canonical URL, checked
 * when those can be found here: a QuestionnaireResponse against its Questionnaire, the search
 * parameters a CapabilityStatement declares against their definitions, and a SearchParameter
 * against the one it derives from.
 *
 * @example
 * checkAgainstDefinitions('CapabilityStatement', statement, run)[0]?.pointer; // '/rest/0/resource/0/searchParam/0/type'
 */
export function checkAgainstDefinitions(
  type: string,
  resource: JsonObject,
  run: ValidationRun,
): ResourceFinding[] {
  switch (type) {
    case 'QuestionnaireResponse':
      return checkQuestionnaireResponse(resource, run);
    case 'CapabilityStatement':
      return checkSearchParameterTypes(resource, run);
    case 'SearchParameter':
      return checkDerivedSearchParameter(resource, run);
    default:
      return [];
  }
}

/**
 * A search parameter a CapabilityStatement declares has the type of the SearchParameter its
 * `definition` names (R4: the type "is a convenience copy of the definition's type").
 */
function checkSearchParameterTypes(statement: JsonObject, run: ValidationRun): ResourceFinding[] {
  const findings: ResourceFinding[] = [];
  const check = (parameters: unknown, pointer: string): void => {
    if (!Array.isArray(parameters)) return;
    parameters.forEach((parameter: unknown, i) => {
      if (!isJsonObject(parameter)) return;
      const { definition, type } = parameter;
      if (typeof definition !== 'string' || typeof type !== 'string') return;
      const defined = resolveCanonical(definition, run, 'SearchParameter')?.type;
      if (typeof defined === 'string' && defined !== type) {
        findings.push({
          pointer: `${pointer}/searchParam/${String(i)}/type`,
          severity: 'error',
          code: 'value',
          diagnostics: `The search parameter is declared as ${type}, but its definition ${definition} is of type ${defined}`,
        });
      }
    });
  };
  each(statement.rest, '/rest', (rest, restPointer) => {
    check(rest.searchParam, restPointer);
    each(rest.resource, `${restPointer}/resource`, (resource, pointer) => {
      check(resource.searchParam, pointer);
    });
  });
  return findings;
}

/**
 * A search parameter derived from another (`derivedFrom`) keeps its type and applies to the
 * resource types it applies to (R4: it "constrains or extends" the one it derives from).
 */
function checkDerivedSearchParameter(parameter: JsonObject, run: ValidationRun): ResourceFinding[] {
  const { derivedFrom } = parameter;
  if (typeof derivedFrom !== 'string') return [];
  const parent = resolveCanonical(derivedFrom, run, 'SearchParameter');
  if (parent === undefined) return [];
  const findings: ResourceFinding[] = [];
  if (
    typeof parameter.type === 'string' &&
    typeof parent.type === 'string' &&
    parameter.type !== parent.type
  ) {
    findings.push({
      pointer: '/type',
      severity: 'error',
      code: 'value',
      diagnostics: `The type ${parameter.type} is not the type ${parent.type} of the search parameter it derives from (${derivedFrom})`,
    });
  }
  const bases = Array.isArray(parent.base) ? parent.base : [];
  // Resource and DomainResource parameters (_id, _text …) apply to every type below them.
  const everywhere = bases.some((b) => b === 'Resource' || b === 'DomainResource');
  if (Array.isArray(parameter.base) && !everywhere) {
    parameter.base.forEach((base: unknown, i) => {
      if (typeof base === 'string' && !bases.includes(base)) {
        findings.push({
          pointer: `/base/${String(i)}`,
          severity: 'error',
          code: 'value',
          diagnostics: `${base} is not a resource type the search parameter it derives from applies to (${derivedFrom}: ${bases.join(', ')})`,
        });
      }
    });
  }
  return findings;
}

function each(
  value: unknown,
  pointer: string,
  visit: (item: JsonObject, pointer: string) => void,
): void {
  if (!Array.isArray(value)) return;
  value.forEach((item: unknown, i) => {
    if (isJsonObject(item)) visit(item, `${pointer}/${String(i)}`);
  });
}
