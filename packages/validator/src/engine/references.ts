import type { ValueFinding } from './primitive-values';
import type { JsonObject, ValidationRun } from './run';
import { isJsonObject } from './run';

const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';
/** An absolute URI's scheme (`http:`, `urn:`). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** A conditional reference, resolved by a server in a transaction (`Patient?identifier=…`). */
const CONDITIONAL = /^[A-Z][A-Za-z]+\?\S/;
/** `Patient/123`, `Patient/123/_history/2`, or the same after a base URL. */
const RESTFUL =
  /^(?:https?:\/\/\S+\/)?([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * The resource type a reference string names: the type segment of a RESTful reference, the type
 * of a contained resource for `#id`, or of the Bundle entry for a `urn:uuid:`/`urn:oid:` URL.
 * Undefined when it cannot be told.
 *
 * @example
 * referencedType('Patient/123', run); // 'Patient'
 */
export function referencedType(reference: string, run: ValidationRun): string | undefined {
  const restful = RESTFUL.exec(reference);
  if (restful !== null) return restful[1];
  if (reference.startsWith('#') && reference.length > 1) {
    const id = reference.slice(1);
    const contained = run.rootResource.contained;
    if (!Array.isArray(contained)) return undefined;
    const target: unknown = contained.find((c) => isJsonObject(c) && c.id === id);
    return isJsonObject(target) && typeof target.resourceType === 'string'
      ? target.resourceType
      : undefined;
  }
  return run.bundle?.targets.get(reference);
}

/**
 * Checks a Reference's `reference` on its own: a relative RESTful reference must name a real
 * resource type, and inside a Bundle a `urn:uuid:` or `urn:oid:` reference must resolve to an
 * entry (it cannot mean anything else), while a relative reference in a document or message
 * Bundle should.
 *
 * @see https://hl7.org/fhir/R4/references.html
 * @example
 * checkReference({ reference: 'Patinet/1' }, run)[0]?.diagnostics; // "… 'Patinet' is not a FHIR resource type"
 */
export function checkReference(
  reference: JsonObject,
  run: ValidationRun,
): (ValueFinding & { readonly property?: 'reference' })[] {
  const value = reference.reference;
  if (typeof value !== 'string') return [];
  if (/\s/.test(value)) {
    return [error('The reference must not contain whitespace')];
  }
  const restful = RESTFUL.exec(value);
  const type = restful?.[1];
  if (type !== undefined && !run.host.model.resourceTypes.includes(type)) {
    return [error(`The reference's resource type '${type}' is not a FHIR R4 resource type`)];
  }
  if (
    restful === null &&
    !value.startsWith('#') &&
    !SCHEME.test(value) &&
    !CONDITIONAL.test(value)
  ) {
    // A warning, not an error: UK Core's own examples refer to resources by bare id.
    return [
      {
        severity: 'warning',
        code: 'invalid',
        property: 'reference',
        diagnostics:
          'The reference is neither an absolute URL nor a relative one of the form [type]/[id] (ids: up to 64 letters, digits, "-" and ".")',
      },
    ];
  }
  const bundle = run.bundle;
  if (bundle === undefined || value.startsWith('#')) return [];
  if (value.startsWith('urn:uuid:') || value.startsWith('urn:oid:')) {
    return bundle.targets.has(value)
      ? []
      : [
          {
            ...error(
              `The reference ${value} does not resolve to any entry's fullUrl in the Bundle`,
            ),
            property: 'reference',
          },
        ];
  }
  if (
    restful !== null &&
    (bundle.type === 'document' || bundle.type === 'message') &&
    !bundle.targets.has(value) &&
    !value.startsWith('http')
  ) {
    return [
      {
        severity: 'warning',
        code: 'not-found',
        property: 'reference',
        diagnostics: `The reference ${value} cannot be resolved inside this ${bundle.type} Bundle`,
      },
    ];
  }
  return [];
}

/**
 * Checks that a Reference points at one of the resource types its element allows
 * (`type.targetProfile`), using the type the reference names and its `type` element.
 *
 * @example
 * checkReferenceTarget({ reference: 'Observation/1' }, ['Patient', 'Group'], run)?.severity; // 'error'
 */
export function checkReferenceTarget(
  reference: JsonObject,
  targets: readonly string[],
  run: ValidationRun,
): ValueFinding | undefined {
  const value = reference.reference;
  const named = typeof value === 'string' ? referencedType(value, run) : undefined;
  const declared =
    typeof reference.type === 'string'
      ? reference.type.startsWith(CORE_PREFIX)
        ? reference.type.slice(CORE_PREFIX.length)
        : reference.type
      : undefined;
  if (named !== undefined && declared !== undefined && named !== declared) {
    return error(`The reference points at a ${named}, but its type says ${declared}`);
  }
  const type = named ?? declared;
  if (type === undefined || targets.includes(type)) return undefined;
  return error(
    `The reference points at a ${type}, which is not allowed here (allowed: ${targets.join(', ')})`,
  );
}

/**
 * The resource a canonical reference points at, when it can be found here: a contained resource
 * for `#id`, else a resource of the loaded definitions with that URL (a `|version` suffix is
 * ignored), of `resourceType` when given.
 *
 * @example
 * resolveCanonical('http://hl7.org/fhir/ValueSet/example-extensional', run)?.resourceType; // 'ValueSet'
 */
export function resolveCanonical(
  value: string,
  run: ValidationRun,
  resourceType?: string,
): JsonObject | undefined {
  if (value.startsWith('#')) {
    const contained = run.rootResource.contained;
    const found: unknown = Array.isArray(contained)
      ? contained.find((c) => isJsonObject(c) && c.id === value.slice(1))
      : undefined;
    return isJsonObject(found) &&
      (resourceType === undefined || found.resourceType === resourceType)
      ? found
      : undefined;
  }
  const bar = value.indexOf('|');
  return run.host.canonicalResource(bar < 0 ? value : value.slice(0, bar), resourceType);
}

/**
 * Checks that a canonical reference points at one of the resource types its element allows
 * (`type.targetProfile`), when what it points at can be found here (contained, or in the loaded
 * definitions). One that cannot be found is not reported: canonical references need not resolve.
 *
 * @example
 * checkCanonicalTarget('http://hl7.org/fhir/ValueSet/example-extensional', ['Questionnaire'], run)?.severity; // 'error'
 */
export function checkCanonicalTarget(
  value: string,
  targets: readonly string[],
  run: ValidationRun,
): ValueFinding | undefined {
  // Targets named by a profile's URL rather than a type are checked by that profile.
  if (targets.some((t) => t.includes(':'))) return undefined;
  if (targets.some((t) => resolveCanonical(value, run, t) !== undefined)) return undefined;
  const found = resolveCanonical(value, run);
  if (found === undefined) return undefined;
  return error(
    `The canonical URL ${value} refers to a ${String(found.resourceType)}, which is not allowed here (allowed: ${targets.join(', ')})`,
  );
}

function error(diagnostics: string): ValueFinding {
  return { severity: 'error', code: 'invalid', diagnostics };
}
