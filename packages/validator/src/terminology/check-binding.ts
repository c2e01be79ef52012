import type { BindingModel, ValueSetExpansion } from '../model/r4-model-types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';

/** A binding finding: what to report, without the location (the caller knows it). */
export interface BindingFinding {
  severity: IssueSeverity;
  code: IssueCode;
  diagnostics: string;
}

interface Coded {
  system?: string;
  code?: string;
}

/**
 * Checks a coded value (a `code`, `Coding`, `CodeableConcept`, `Quantity`, or a `string`/`uri`
 * bound to a value set) against its binding, by strength (R4 §2.24.0.1, and the profiling rules
 * of issue #4):
 * - `required`: error when no code is in the value set;
 * - `extensible`: error for a code from a code system the value set draws on that is not in
 *   it; warning when none of the codes is in it;
 * - `preferred`: information when none of the codes is in it;
 * - `example`: nothing.
 *
 * Value sets that could not be expanded exactly here are never used to reject anything.
 *
 * @example
 * checkBinding('code', 'M', { strength: 'required', valueSet: vsUrl }, expansion);
 */
export function checkBinding(
  fhirType: string,
  value: unknown,
  binding: BindingModel,
  expansion: ValueSetExpansion | undefined,
  strictExtensible = false,
): BindingFinding | undefined {
  if (expansion === undefined || binding.strength === 'example') return undefined;
  const found = codingsOf(fhirType, value);
  if (found === undefined) return undefined;
  const codings = found.filter((c) => c.code !== undefined);
  const valueSet = binding.valueSet;
  if (codings.length === 0) {
    return binding.strength === 'required'
      ? {
          severity: 'error',
          code: 'code-invalid',
          diagnostics: `No code provided, and a code from the value set ${valueSet} is required`,
        }
      : undefined;
  }
  if (expansion.complete) {
    if (codings.some((c) => inCompleteExpansion(c, expansion))) return undefined;
  } else {
    // Not expandable here (SNOMED CT, BCP-47 languages…), but when every system the value set
    // draws on is known, a code of none of them is certainly outside it.
    const drawsOn = expansion.drawsOn;
    const decidable =
      drawsOn !== undefined &&
      codings.every((c) => c.system !== undefined && !drawsOn.includes(c.system));
    if (!decidable) return undefined;
  }
  const shown = codings
    .map((c) => (c.system === undefined ? `'${c.code ?? ''}'` : `'${c.system}#${c.code ?? ''}'`))
    .join(', ');
  switch (binding.strength) {
    case 'required':
      return {
        severity: 'error',
        code: 'code-invalid',
        diagnostics: `The code ${shown} is not in the value set ${valueSet}, which is required here`,
      };
    case 'extensible': {
      // Base rules: a code of a system the value set takes whole, yet not in it, is no code at
      // all; a code of a system it takes only some codes from (or of another system) is the
      // extension that extensible allows. Profiles (strict): any code of a system the value set
      // draws on must be one of its codes.
      const bound = strictExtensible
        ? (expansion.drawsOn ?? Object.keys(expansion.codes))
        : (expansion.wholeSystems ?? []);
      const fromBoundSystem = codings.some(
        (c) => c.system !== undefined && bound.includes(c.system),
      );
      return fromBoundSystem
        ? {
            severity: 'error',
            code: 'code-invalid',
            diagnostics: `The code ${shown} is from a code system of the extensible value set ${valueSet} but is not in it`,
          }
        : {
            severity: 'warning',
            code: 'code-invalid',
            diagnostics: `None of the codes ${shown} are in the extensible value set ${valueSet}; use a code from it where one fits`,
          };
    }
    case 'preferred':
      return {
        severity: 'information',
        code: 'code-invalid',
        diagnostics: `None of the codes ${shown} are in the preferred value set ${valueSet}`,
      };
  }
}

/**
 * Whether a coded value (as for {@link checkBinding}) has a code in a value set (FHIRPath's
 * `memberOf`), or undefined when that cannot be told here: the value is not of a coded type, or
 * the value set could not be expanded completely.
 *
 * @example
 * hasCodeIn('Coding', { system: 'http://loinc.org', code: '8867-4' }, vitalSignsExpansion); // true
 */
export function hasCodeIn(
  fhirType: string,
  value: unknown,
  expansion: ValueSetExpansion | undefined,
): boolean | undefined {
  if (expansion?.complete !== true) return undefined;
  const codings = codingsOf(fhirType, value);
  return codings?.some((c) => inCompleteExpansion(c, expansion));
}

function inCompleteExpansion(c: Coded, expansion: ValueSetExpansion): boolean {
  const { code } = c;
  if (code === undefined) return false;
  return c.system === undefined
    ? Object.values(expansion.codes).some((codes) => codes.includes(code))
    : (expansion.codes[c.system]?.includes(code) ?? false);
}

function codingsOf(fhirType: string, value: unknown): Coded[] | undefined {
  if (fhirType === 'code' || fhirType === 'string' || fhirType === 'uri') {
    return typeof value === 'string' ? [{ code: value }] : undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  switch (fhirType) {
    case 'Coding':
    case 'Quantity':
      return [coded(value)];
    case 'CodeableConcept': {
      const coding = (value as { coding?: unknown }).coding;
      return Array.isArray(coding)
        ? coding.filter((c): c is object => typeof c === 'object' && c !== null).map(coded)
        : [];
    }
    default:
      return undefined;
  }
}

function coded(value: object): Coded {
  const { system, code } = value as { system?: unknown; code?: unknown };
  const out: Coded = {};
  if (typeof system === 'string') out.system = system;
  if (typeof code === 'string') out.code = code;
  return out;
}
