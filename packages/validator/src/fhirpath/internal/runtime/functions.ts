import { FpTemporal } from './datetime';
import type { IsType, TypeRef } from './values';
import { FpDec, FpNode, bail, convert, fail, toSingleString, typeOf, valData } from './values';

/** A type specifier (`Practitioner`, `FHIR.Patient`, `System.Boolean`). */
export interface TypeSpecifier {
  readonly namespace: 'FHIR' | 'System' | undefined;
  readonly name: string;
}

const FHIR_TO_SYSTEM: Readonly<Record<string, string>> = {
  boolean: 'Boolean',
  string: 'String',
  uri: 'String',
  code: 'String',
  oid: 'String',
  id: 'String',
  uuid: 'String',
  markdown: 'String',
  base64Binary: 'String',
  integer: 'Integer',
  unsignedInt: 'Integer',
  positiveInt: 'Integer',
  integer64: 'Long',
  decimal: 'Decimal',
  date: 'DateTime',
  dateTime: 'DateTime',
  instant: 'DateTime',
  time: 'Time',
  Quantity: 'Quantity',
};

/** `TypeInfo.is`: the item's type is the specified type or derives from it. */
export function typeIs(type: TypeRef, spec: TypeSpecifier, isType: IsType): boolean {
  if (
    type.namespace !== undefined &&
    spec.namespace !== undefined &&
    type.namespace !== spec.namespace
  ) {
    return false;
  }
  return type.namespace === undefined || type.namespace === 'FHIR'
    ? isType(type.name, spec.name)
    : type.name === spec.name;
}

/** `TypeInfo.isConvertibleTo`, which `ofType()` uses: `is`, or an automatic FHIR→System conversion. */
export function typeConvertibleTo(type: TypeRef, spec: TypeSpecifier, isType: IsType): boolean {
  if (
    (type.namespace === undefined || type.namespace === 'FHIR') &&
    (spec.namespace === undefined || spec.namespace === 'System') &&
    FHIR_TO_SYSTEM[type.name] === spec.name
  ) {
    return true;
  }
  return typeIs(type, spec, isType);
}

/** `is(type)` on a collection: empty for none, an error for several. */
export function isOfType(
  items: readonly unknown[],
  spec: TypeSpecifier,
  isType: IsType,
): boolean | undefined {
  if (items.length === 0) return undefined;
  if (items.length > 1) fail("'is' needs one item");
  return typeIs(typeOf(items[0]), spec, isType);
}

/** `as(type)` on a collection. */
export function asType(
  items: readonly unknown[],
  spec: TypeSpecifier,
  isType: IsType,
): readonly unknown[] {
  if (items.length === 0) return items;
  if (items.length > 1) fail("'as' needs one item");
  return typeIs(typeOf(items[0]), spec, isType) ? items : [];
}

/** `ofType(type)`. */
export function ofType(items: readonly unknown[], spec: TypeSpecifier, isType: IsType): unknown[] {
  return items.filter((item) => typeConvertibleTo(typeOf(item), spec, isType));
}

function singleItem(items: readonly unknown[], name: string): boolean {
  if (items.length > 1) fail(`${name}() needs one item`);
  return items.length === 1;
}

/** `toInteger()`: a number, or undefined (empty) when the value does not convert. */
export function toInteger(items: readonly unknown[]): unknown {
  if (!singleItem(items, 'toInteger')) return undefined;
  const item = items[0];
  const value = valData(item);
  if (value === false) return 0;
  if (value === true) return 1;
  if (item instanceof FpNode && typeof value === 'number') {
    return Number.isInteger(value) ? new FpDec(value, String(value)) : undefined;
  }
  if (value instanceof FpDec) return value.decimalPlaces() === 0 ? value : undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return parseInt(value, 10);
  return undefined;
}

/** `toString()`. */
export function toStringValue(items: readonly unknown[], isType: IsType): string | undefined {
  if (!singleItem(items, 'toString')) return undefined;
  const value = convert(items[0], isType);
  if (value === null || value === undefined) return undefined;
  // The package calls toString(): `[object Object]` for an object, as here.
  return (value as { toString(): string }).toString();
}

/**
 * A FHIRPath regular expression: with the Unicode flag, as the package builds it, or else
 * without it. The patterns of some R4 invariants (eld-19, eld-20) escape characters that need no
 * escape (`\'`, `\/`) or leave a `]` unescaped: errors with the Unicode flag, and the package
 * fails on them, while the reference validator (Java regular expressions) reads them as meant,
 * as JavaScript does without the flag.
 */
export function fhirPathRegex(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    if (!flags.includes('u')) throw error;
    return new RegExp(pattern, flags.replace('u', ''));
  }
}

/** Regular expressions compiled once per pattern. */
const regexCache = new Map<string, RegExp | Error>();

function regex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let compiled = regexCache.get(key);
  if (compiled === undefined) {
    try {
      compiled = fhirPathRegex(pattern, flags);
    } catch (error) {
      compiled = error instanceof Error ? error : new Error('invalid regular expression');
    }
    if (regexCache.size > 1024) regexCache.clear();
    regexCache.set(key, compiled);
  }
  if (compiled instanceof Error) fail(`invalid regular expression: ${compiled.message}`);
  compiled.lastIndex = 0;
  return compiled;
}

/** `matches(regex)`: the pattern is searched anywhere (not anchored), dot matching newlines. */
export function matches(
  input: readonly unknown[],
  pattern: string | undefined,
): boolean | undefined {
  const str = toSingleString(input);
  if (pattern === undefined || str === undefined) return undefined;
  return regex(pattern, 'us').test(str);
}

/** `replaceMatches(regex, substitution)`. */
export function replaceMatches(
  input: readonly unknown[],
  pattern: string | undefined,
  substitution: string | undefined,
): string | undefined {
  const str = toSingleString(input);
  if (pattern === undefined || substitution === undefined || str === undefined) return undefined;
  return str.replace(regex(pattern, 'gu'), substitution);
}

/** `startsWith(prefix)`. */
export function startsWith(
  input: readonly unknown[],
  prefix: string | undefined,
): boolean | undefined {
  const str = toSingleString(input);
  if (prefix === undefined || str === undefined) return undefined;
  return str.startsWith(prefix);
}

/** `contains(substring)` (the function, not the operator). */
export function containsText(
  input: readonly unknown[],
  part: string | undefined,
): boolean | undefined {
  const str = toSingleString(input);
  if (part === undefined || str === undefined) return undefined;
  return str.includes(part);
}

/** An Integer argument (`substring(1)`): the number, undefined when empty; an error otherwise. */
export function integerArgument(items: readonly unknown[]): number | undefined {
  if (items.length > 1) fail('a collection of several items where one integer is expected');
  if (items.length === 0) return undefined;
  const item = items[0];
  const value = valData(item);
  if (value === null || value === undefined) return undefined;
  if (value instanceof FpDec && value.decimalPlaces() === 0) return value.value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return fail('a value that is not an integer where an integer is expected');
}

/** `substring(start[, length])`. */
export function substring(
  input: readonly unknown[],
  start: number | undefined,
  length: number | undefined,
  lengthGiven: boolean,
): string | undefined {
  const str = toSingleString(input);
  if (str === undefined || start === undefined) return undefined;
  if (start < 0 || start >= str.length) return undefined;
  if (!lengthGiven || length === undefined) return str.substring(start);
  return str.substring(start, start + length);
}

function toNumberOrFail(value: unknown): number {
  if (value instanceof FpDec) return value.value;
  if (typeof value === 'number') return value;
  if (
    typeof value === 'string' &&
    /^\s*[+-]?([0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$/.test(value)
  ) {
    return parseFloat(value);
  }
  return fail('a value that is not a number in an addition');
}

function isFpNumber(value: unknown, fromNode: boolean): boolean {
  return value instanceof FpDec || (fromNode && typeof value === 'number');
}

/** `+` on two non-empty collections. */
export function add(left: readonly unknown[], right: readonly unknown[], isType: IsType): unknown {
  if (left.length !== 1 || right.length !== 1) fail("'+' needs one item on each side");
  const l = left[0];
  const r = right[0];
  const x = convert(l, isType);
  const y = convert(r, isType);
  if (x === null || x === undefined || y === null || y === undefined) return undefined;
  if (typeof x === 'string' && typeof y === 'string') return x + y;
  if (x instanceof FpTemporal || y instanceof FpTemporal) {
    return fail('date/time arithmetic needs a time-valued quantity');
  }
  const xNode = l instanceof FpNode;
  const yNode = r instanceof FpNode;
  let sum: number;
  if (isFpNumber(x, xNode)) sum = toNumberOrFail(x) + toNumberOrFail(y);
  else if (isFpNumber(y, yNode)) sum = toNumberOrFail(y) + toNumberOrFail(x);
  else if (typeof x === 'number') sum = x + toNumberOrFail(y);
  else if (typeof x === 'string' && /^\s*[+-]?([0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$/.test(x)) {
    sum = parseFloat(x) + toNumberOrFail(y);
  } else {
    return fail('a value that is not a number in an addition');
  }
  return new FpDec(sum, String(sum));
}

/** `extension(url)`: the extensions with that url, on the items' elements. */
export function extensionsWithUrl(items: readonly unknown[], url: string | undefined): FpNode[] {
  const result: FpNode[] = [];
  if (url === undefined || url === '') return result;
  for (const item of items) {
    let data: unknown;
    let ext: unknown;
    if (item instanceof FpNode) {
      data = item.data;
      ext = item.ext;
    } else {
      if (typeof item === 'object' && item !== null) bail();
      data = item;
      ext = null;
    }
    let extensions: unknown;
    if (typeof data === 'object' && data !== null) {
      extensions = (data as { extension?: unknown }).extension;
      if (extensions === undefined && 'extension' in data) bail();
    }
    if (!extensions && typeof ext === 'object' && ext !== null) {
      extensions = (ext as { extension?: unknown }).extension;
    }
    if (!extensions) continue;
    if (!Array.isArray(extensions)) bail();
    for (const extension of extensions as unknown[]) {
      if (extension === null || extension === undefined) fail('an extension that is null');
      if (typeof extension !== 'object') bail();
      if ((extension as { url?: unknown }).url === url) {
        result.push(new FpNode(extension, null, 'Extension', 'Extension'));
      }
    }
  }
  return result;
}

/** The text `resolve()` looks up for an item, by its type. */
export function referenceText(item: unknown, isType: IsType): string | undefined {
  const type = typeOf(item);
  const value = valData(item);
  if (typeIs(type, { namespace: 'FHIR', name: 'Reference' }, isType)) {
    const reference =
      typeof value === 'object' && value !== null
        ? (value as { reference?: unknown }).reference
        : undefined;
    return typeof reference === 'string' && reference !== '' ? reference : undefined;
  }
  const text =
    typeIs(type, { namespace: 'FHIR', name: 'uri' }, isType) ||
    typeIs(type, { namespace: 'FHIR', name: 'string' }, isType) ||
    typeIs(type, { namespace: 'System', name: 'String' }, isType);
  return text && typeof value === 'string' && value !== '' ? value : undefined;
}

/** `resolve()` with the environment's resolver: the resources found, as nodes. */
export function resolveReferences(
  items: readonly unknown[],
  resolver: ((reference: string) => unknown) | undefined,
  isType: IsType,
): FpNode[] {
  const result: FpNode[] = [];
  if (resolver === undefined) return result;
  for (const item of items) {
    const reference = referenceText(item, isType);
    if (reference === undefined) continue;
    const target = resolver(reference);
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
      result.push(new FpNode(target, null, null, null));
    }
  }
  return result;
}

/** The XHTML `htmlChecks()` looks at, or undefined when its answer is empty. */
export function htmlChecksInput(items: readonly unknown[], isType: IsType): string | undefined {
  if (items.length !== 1) return undefined;
  const item = items[0];
  const value = valData(item);
  if (typeof value !== 'string') return undefined;
  if (!(item instanceof FpNode)) return value;
  const type = typeOf(item);
  if (type.namespace === 'FHIR') {
    if (type.name === 'xhtml' || type.name === 'string' || isType(type.name, 'string'))
      return value;
    return undefined;
  }
  return type.namespace === 'System' && type.name === 'String' ? value : undefined;
}

/**
 * The coded value `memberOf()` looks at, with its FHIR type (`code`, `Coding`,
 * `CodeableConcept` …; a System string as `string`), or undefined when its answer is empty: the
 * input is not one item, as the `fhirpath` package answers.
 */
export function memberOfInput(
  items: readonly unknown[],
): { readonly value: unknown; readonly type: string } | undefined {
  if (items.length !== 1) return undefined;
  const item = items[0];
  const value = valData(item);
  if (value === null || value === undefined) return undefined;
  const type = typeOf(item);
  if (type.namespace === 'FHIR') return { value, type: type.name };
  return typeof value === 'string' ? { value, type: 'string' } : undefined;
}

/** Parses a type specifier's text; undefined when FHIRPath would reject it. */
export function parseTypeSpecifier(
  text: string,
  isTypeName: (name: string) => boolean,
  isFhirType: (name: string) => boolean,
): TypeSpecifier | undefined {
  const parts = text
    .split('.')
    .map((part) =>
      part.length >= 2 && part.startsWith('`') && part.endsWith('`') ? part.slice(1, -1) : part,
    );
  let spec: TypeSpecifier;
  if (parts.length === 1) spec = { namespace: undefined, name: parts[0] ?? '' };
  else if (parts.length === 2 && (parts[0] === 'FHIR' || parts[0] === 'System')) {
    spec = { namespace: parts[0], name: parts[1] ?? '' };
  } else return undefined;
  const valid =
    spec.namespace === 'System'
      ? SYSTEM_TYPE_NAMES.has(spec.name)
      : spec.namespace === 'FHIR'
        ? isFhirType(spec.name)
        : isTypeName(spec.name);
  return valid ? spec : undefined;
}

const SYSTEM_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Boolean',
  'String',
  'Integer',
  'Long',
  'Decimal',
  'Date',
  'DateTime',
  'Time',
  'Quantity',
]);
