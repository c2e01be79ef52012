import type { IssueCode, IssueSeverity } from '../outcome/issue';
import { checkXhtml } from './xhtml';

/** A problem with one value, without its location (the caller knows it). */
export interface ValueFinding {
  readonly severity: IssueSeverity;
  readonly code: IssueCode;
  readonly diagnostics: string;
  readonly ruleId?: string;
}

/**
 * Checks on a primitive's string value beyond its lexical regex: the characters FHIR strings may
 * hold, real calendar dates, surrounding whitespace, and narrative XHTML (txt-1, txt-2).
 * Messages never repeat the value: it may be patient data.
 *
 * @see https://hl7.org/fhir/R4/datatypes.html#primitive
 * @example
 * checkPrimitiveValue('date', '2023-02-30')[0]?.diagnostics; // 'Value is not a real calendar date …'
 */
export function checkPrimitiveValue(fhirType: string, value: string): ValueFinding[] {
  if (fhirType === 'xhtml') {
    return checkXhtml(value).map((problem) => {
      const key = problem.endsWith('(txt-2)') ? 'txt-2' : 'txt-1';
      return {
        severity: 'error',
        code: 'invariant',
        diagnostics: `Constraint failed: ${key}: ${problem}`,
        ruleId: key,
      };
    });
  }
  const findings: ValueFinding[] = [];
  if (CONTROL_CHARACTER.test(value)) {
    findings.push({
      severity: 'error',
      code: 'value',
      diagnostics:
        'Strings must not contain control characters other than tab, carriage return and line feed',
    });
  }
  switch (fhirType) {
    case 'date':
    case 'dateTime':
    case 'instant':
      if (!isRealDate(value)) {
        findings.push({
          severity: 'error',
          code: 'value',
          diagnostics: `Value is not a valid ${fhirType}: the day does not exist in that month`,
        });
      }
      if (LEAP_SECOND.test(value)) findings.push(leapSecond(fhirType));
      break;
    case 'time':
      if (/^\d{2}:\d{2}:60/.test(value)) findings.push(leapSecond(fhirType));
      break;
    case 'code':
      // Only single spaces may separate the parts of a code (R4 §2.24.0.1 code).
      if (/[^\S ]/.test(value)) {
        findings.push({
          severity: 'error',
          code: 'value',
          diagnostics:
            'Value is not a valid code: only single spaces may appear inside a code (no tabs or line breaks)',
        });
      }
      break;
    case 'uri':
    case 'url':
    case 'canonical': {
      // The name itself, without a query or fragment (RFC 3986) or a canonical's version.
      const name = value.replace(fhirType === 'canonical' ? /[?#|].*$/s : /[?#].*$/s, '');
      if (fhirType === 'canonical' && !isCanonicalUrl(value)) {
        findings.push(NOT_ABSOLUTE_CANONICAL);
      } else if (name.startsWith('urn:uuid:') && !UUID.test(name)) {
        findings.push({
          severity: 'error',
          code: 'value',
          diagnostics: 'A urn:uuid: URI must be urn:uuid: followed by a lower-case UUID',
        });
      } else if (name.startsWith('urn:oid:') && !OID.test(name)) {
        findings.push({
          severity: 'error',
          code: 'value',
          diagnostics: 'A urn:oid: URI must be urn:oid: followed by a dotted OID',
        });
      }
      break;
    }
    case 'string':
    case 'markdown':
      if (value.trim() === '') {
        findings.push({
          severity: 'warning',
          code: 'value',
          diagnostics: 'Value should contain some non-whitespace content',
        });
      } else if (fhirType === 'string' && value.trim() !== value) {
        findings.push({
          severity: 'warning',
          code: 'value',
          diagnostics: 'Value should not start or end with whitespace',
        });
      }
      break;
    default:
      break;
  }
  return findings;
}

/**
 * Whether a canonical URL is absolute (it has a scheme: `http:`, `urn:` …) or a fragment
 * reference to a contained resource (`#vs1`), as canonical references must be (R4 §2.3.0.1).
 *
 * @see https://hl7.org/fhir/R4/references.html#canonical
 * @example
 * isCanonicalUrl('ValueSet/vs1'); // false
 */
function isCanonicalUrl(value: string): boolean {
  return value.startsWith('#') || ABSOLUTE_URI.test(value);
}

/**
 * The finding for a canonical reference that {@link isCanonicalUrl} refuses. A warning: R4's own
 * examples refer to definitions as `Library/x`, which a server holding them can resolve, though
 * nothing else can (the reference validator has since made it an error).
 */
const NOT_ABSOLUTE_CANONICAL: ValueFinding = {
  severity: 'warning',
  code: 'value',
  diagnostics:
    'Canonical references should be absolute URLs (with a scheme such as http: or urn:) or fragment references (#id); a relative one can only be resolved by the server that holds it',
};

/** An absolute URI: a scheme, then something (`http://…`, `urn:uuid:…`). */
export const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

// Leap seconds: the R4 regex admits second 60, but xs:dateTime (and the reference validator)
// do not, and no real FHIR data needs them.
const LEAP_SECOND = /T\d{2}:\d{2}:60/;
const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;

function leapSecond(fhirType: string): ValueFinding {
  return {
    severity: 'error',
    code: 'value',
    diagnostics: `Value is not a valid ${fhirType}: seconds run from 00 to 59`,
  };
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match === null) return true; // a year or year-month: the regex has checked them
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
