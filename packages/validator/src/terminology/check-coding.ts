import { parseSnomedCtId, SNOMED_CT_SYSTEM } from '@lhcr/models';
import type { BindingFinding } from './check-binding';

/** The dm+d code system: its codes are SNOMED CT identifiers (UK drug extension). */
export const DMD_SYSTEM = 'https://dmd.nhs.uk';

/** A Coding finding, with the Coding property it is about. */
export interface CodingFinding extends BindingFinding {
  readonly property?: 'code' | 'system' | 'display';
  /** The note that a well-formed code could not be checked here (a server may check it). */
  readonly unverified?: true;
}

/** What a Coding check needs to know. */
export interface CodingContext {
  /** True or false when the code system is known here with complete content, else undefined. */
  codeInSystem(system: string, code: string): boolean | undefined;
  /** When `system` is a loaded CodeSystem supplement: the code system it supplements. */
  supplementOf?(system: string): string | undefined;
  /** The displays a code system known here gives a code (display and designations), if any. */
  codeDisplays?(system: string, code: string): readonly string[] | undefined;
  /** A resource of the loaded definitions by canonical URL, of `resourceType` when given. */
  canonicalResource?(url: string, resourceType?: string): unknown;
  /** Whether to add an information note for codes that cannot be verified here. */
  readonly reportUnverifiedCodes: boolean;
}

/**
 * Checks one Coding on its own, whatever it is bound to: a code of a code system known here
 * with complete content must be defined in it (error otherwise), and its display must be one the
 * code system gives it (warning otherwise); SNOMED CT and dm+d codes must be well-formed SCTIDs
 * (Verhoeff check digit, partition), and since membership cannot be checked without a
 * terminology server they get an information note saying so.
 *
 * @see NHS-STANDARDS.md §2.2
 * @example
 * checkCoding({ system: 'http://snomed.info/sct', code: '404684004' }, context)[0]?.severity; // 'error'
 */
export function checkCoding(
  coding: Record<string, unknown>,
  context: CodingContext,
): CodingFinding[] {
  const { system, code } = coding;
  if (typeof system !== 'string' || typeof code !== 'string') return [];
  if (system === SNOMED_CT_SYSTEM || system === DMD_SYSTEM)
    return checkSnomedCode(system, code, context);
  const supplemented = context.supplementOf?.(system);
  if (supplemented !== undefined) {
    // A supplement only adds designations and properties to another code system's codes.
    return [
      {
        severity: 'error',
        code: 'invalid',
        property: 'system',
        diagnostics: `The code system ${system} is a supplement of ${supplemented}, so it cannot be a Coding's system (use ${supplemented})`,
      },
    ];
  }
  const known = context.codeInSystem(system, code);
  if (known === undefined && isValueSetOnly(system, context)) {
    return [
      {
        severity: 'error',
        code: 'invalid',
        property: 'system',
        diagnostics: `${system} is a value set, not a code system: a Coding's system names the code system its code is defined in`,
      },
    ];
  }
  if (known === undefined && isUnknownHl7System(system, context)) {
    return [
      {
        severity: 'error',
        code: 'code-invalid',
        property: 'system',
        diagnostics: `Unknown code system ${system}: FHIR R4 defines no code system of that URL in HL7's namespace (R4's own are http://hl7.org/fhir/[name] or http://terminology.hl7.org/CodeSystem/[name])`,
      },
    ];
  }
  if (known === false) {
    return [
      {
        severity: 'error',
        code: 'code-invalid',
        property: 'code',
        diagnostics: `Unknown code '${code}' in the code system ${system}`,
      },
    ];
  }
  return checkDisplay(coding.display, system, code, context);
}

const HL7_NAMESPACE = 'http://hl7.org/fhir/';
/** Naming systems HL7 gives URLs in its namespace without defining CodeSystems (ICD-10, NDC …). */
const HL7_NAMING_SYSTEMS = 'http://hl7.org/fhir/sid/';

/**
 * Whether `system` is in HL7's FHIR namespace and names no code system R4 (or a loaded package)
 * defines there: a URL from another FHIR version (`http://hl7.org/fhir/v2/0203`) or a typo. Only
 * said when the definitions at hand hold R4's code systems.
 */
function isUnknownHl7System(system: string, context: CodingContext): boolean {
  const find = context.canonicalResource?.bind(context);
  return (
    find !== undefined &&
    system.startsWith(HL7_NAMESPACE) &&
    !system.startsWith(HL7_NAMING_SYSTEMS) &&
    find(system, 'CodeSystem') === undefined &&
    find(R4_KNOWN_SYSTEM, 'CodeSystem') !== undefined
  );
}

/** A code system every copy of R4's definitions holds: tells whether they are at hand. */
const R4_KNOWN_SYSTEM = 'http://hl7.org/fhir/administrative-gender';

/** Whether `system` is the URL of a loaded value set, and of no code system. */
function isValueSetOnly(system: string, context: CodingContext): boolean {
  const find = context.canonicalResource?.bind(context);
  return (
    find !== undefined &&
    find(system, 'ValueSet') !== undefined &&
    find(system, 'CodeSystem') === undefined
  );
}

/**
 * A display must be one the code system gives the code (its display or a designation), compared
 * as the reference validator does: regardless of case and of runs of whitespace. Otherwise it is
 * a warning, since the display is only for people and the code carries the meaning.
 */
function checkDisplay(
  display: unknown,
  system: string,
  code: string,
  context: CodingContext,
): CodingFinding[] {
  if (typeof display !== 'string') return [];
  const known = context.codeDisplays?.(system, code);
  // Most displays are the code system's own, word for word: no need to normalise those.
  if (known === undefined || known.length === 0 || known.includes(display)) return [];
  const wanted = normalDisplay(display);
  if (known.some((d) => normalDisplay(d) === wanted)) return [];
  const [first] = known;
  return [
    {
      severity: 'warning',
      code: 'invalid',
      property: 'display',
      diagnostics: `Wrong display '${display}' for ${system}#${code}: the code system's display is '${first ?? ''}'`,
    },
  ];
}

function normalDisplay(display: string): string {
  return display.trim().replace(/\s+/g, ' ').toLowerCase();
}

const EXPRESSION = /[|:=+{}()]/;

function checkSnomedCode(system: string, code: string, context: CodingContext): CodingFinding[] {
  const name = system === DMD_SYSTEM ? 'dm+d' : 'SNOMED CT';
  if (EXPRESSION.test(code)) {
    return context.reportUnverifiedCodes
      ? [
          {
            severity: 'information',
            code: 'informational',
            property: 'code',
            diagnostics: `${name} expression not verified: no terminology server is configured`,
            unverified: true,
          },
        ]
      : [];
  }
  // A Coding's code is a concept id; description and relationship ids are not codes.
  const parsed = parseSnomedCtId(code, { partition: 'concept' });
  if (!parsed.ok) {
    return [
      {
        severity: 'error',
        code: 'code-invalid',
        property: 'code',
        diagnostics: `The code is not a valid ${name} identifier: ${parsed.message}`,
      },
    ];
  }
  return context.reportUnverifiedCodes
    ? [
        {
          severity: 'information',
          code: 'informational',
          property: 'code',
          diagnostics: `${name} code ${code} not verified: its identifier is well-formed, but no terminology server is configured to check it exists`,
          unverified: true,
        },
      ]
    : [];
}
