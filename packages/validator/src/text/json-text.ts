import { parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { ValidationLimits } from '../limits';
import { decodeUtf8Text } from './utf8-text';

/** A 1-based line and column in a text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Why a text is not a JSON document the validator will look at. */
export interface TextProblem {
  readonly code: 'structure' | 'too-costly';
  readonly diagnostics: string;
  readonly position?: TextPosition;
}

/** The result of {@link parseJsonText}. */
export type ParsedJsonText =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly locate: (pointer: string) => TextPosition;
      /**
       * JSON pointers of numbers written with a decimal point or an exponent: JSON.parse makes
       * `1.0` and `1` the same number, but only the second is a valid FHIR integer.
       */
      readonly fractionalNumbers: readonly string[];
    }
  | { readonly ok: false; readonly problem: TextProblem };

/**
 * Parses JSON text for validation, refusing what JSON.parse would accept silently or crash on:
 * text over `limits.maxBytes`, nesting deeper than `limits.maxDepth`, and duplicate property
 * names (JSON.parse keeps the last one: silent data loss). A leading byte order mark is ignored,
 * as RFC 8259 lets parsers do. Malformed JSON gives the line and column of the first error. On
 * success, `locate` maps a JSON pointer to the position of that property (or of its nearest
 * ancestor that exists) in the text.
 *
 * @example
 * const parsed = parseJsonText('{"resourceType": "Patient",}', DEFAULT_LIMITS);
 * // { ok: false, problem: { code: 'structure', diagnostics: 'Malformed JSON: …', position: { line: 1, column: 27 } } }
 */
export function parseJsonText(input: string, limits: ValidationLimits): ParsedJsonText {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (utf8Length(text, limits.maxBytes) > limits.maxBytes) return tooLarge(limits);
  return parseChecked(text, limits);
}

/**
 * As {@link parseJsonText}, for JSON given as bytes: they must be UTF-8 (see decodeUtf8Text).
 *
 * @example
 * parseJsonBytes(readFileSync('patient.json'), DEFAULT_LIMITS);
 */
export function parseJsonBytes(bytes: Uint8Array, limits: ValidationLimits): ParsedJsonText {
  if (bytes.length > limits.maxBytes) return tooLarge(limits);
  const decoded = decodeUtf8Text(bytes);
  return decoded.ok ? parseChecked(decoded.text, limits) : decoded;
}

function tooLarge(limits: ValidationLimits): ParsedJsonText {
  return problem(
    'too-costly',
    `The input is larger than the limit of ${String(limits.maxBytes)} bytes; raise maxBytes to validate it`,
  );
}

/** Parses text already known to be within the size limit. */
function parseChecked(text: string, limits: ValidationLimits): ParsedJsonText {
  const lines = lineStarts(text);
  const depth = maxDepth(text, limits.maxDepth);
  if (depth.exceeded !== undefined) {
    return problem(
      'too-costly',
      `The JSON is nested more than ${String(limits.maxDepth)} levels deep; raise maxDepth to validate it`,
      position(lines, depth.exceeded),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    return problem(
      'structure',
      `Malformed JSON: ${describeParseError(first === undefined ? 'InvalidSymbol' : printParseErrorCode(first.error))}`,
      first === undefined ? undefined : position(lines, first.offset),
    );
  }
  const { duplicate, fractionalNumbers } = scanText(text);
  if (duplicate !== undefined) {
    return problem(
      'structure',
      `Duplicate property name '${duplicate.name}': JSON objects must not repeat a name`,
      position(lines, duplicate.offset),
    );
  }
  let tree: JsonNode | undefined;
  const locate = (pointer: string): TextPosition => {
    tree ??= parseTree(text);
    return position(lines, offsetOf(tree, pointer));
  };
  return { ok: true, value, locate, fractionalNumbers };
}

function problem(
  code: TextProblem['code'],
  diagnostics: string,
  at?: TextPosition,
): ParsedJsonText {
  return {
    ok: false,
    problem: at === undefined ? { code, diagnostics } : { code, diagnostics, position: at },
  };
}

const PARSE_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: "a ':' was expected",
  CommaExpected: "a ',' was expected",
  CloseBraceExpected: "a '}' was expected",
  CloseBracketExpected: "a ']' was expected",
  EndOfFileExpected: 'the text continues after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

function describeParseError(code: string): string {
  return PARSE_ERRORS[code] ?? 'unexpected input';
}

/** UTF-8 length of `text`, stopping early once past `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length; // cannot exceed, even at 3 bytes a unit
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Scans brackets outside strings: the offset where nesting first goes past `limit`, if it does. */
function maxDepth(text: string, limit: number): { exceeded?: number } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limit) return { exceeded: i };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return {};
}

/** One pass over the text: the first duplicate property name, and numbers in non-integer form. */
function scanText(text: string): {
  duplicate: { name: string; offset: number } | undefined;
  fractionalNumbers: string[];
} {
  const stack: Set<string>[] = [];
  let found: { name: string; offset: number } | undefined;
  const fractionalNumbers: string[] = [];
  visit(text, {
    onLiteralValue: (value, offset, length, _line, _column, pathSupplier) => {
      if (typeof value !== 'number') return;
      const raw = text.slice(offset, offset + length);
      if (/[.eE]/.test(raw)) {
        fractionalNumbers.push(
          pathSupplier()
            .map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`)
            .join(''),
        );
      }
    },
    onObjectBegin: () => {
      if (found !== undefined) return false;
      stack.push(new Set());
      return undefined;
    },
    onObjectEnd: () => {
      stack.pop();
    },
    onObjectProperty: (name, offset) => {
      const keys = stack.at(-1);
      if (keys === undefined || found !== undefined) return;
      if (keys.has(name)) found = { name, offset };
      else keys.add(name);
    },
  });
  return { duplicate: found, fractionalNumbers };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): TextPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

function offsetOf(tree: JsonNode | undefined, pointer: string): number {
  if (tree === undefined) return 0;
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  // Walk down as far as the path exists: a missing property points at its parent.
  let node: JsonNode = tree;
  for (const segment of segments) {
    const next = childNode(node, segment);
    if (next === undefined) break;
    node = next;
  }
  return node.parent?.type === 'property' ? node.parent.offset : node.offset;
}

function childNode(node: JsonNode, segment: string): JsonNode | undefined {
  if (node.type === 'array') return node.children?.[Number(segment)];
  if (node.type !== 'object') return undefined;
  const property = node.children?.find((p) => p.children?.[0]?.value === segment);
  return property?.children?.[1];
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
