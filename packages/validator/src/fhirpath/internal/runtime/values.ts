import { FpDate, FpDateTime, FpTemporal, FpTime, isTemporalType, parseTemporal } from './datetime';

/**
 * Thrown by compiled code when the data has a shape it does not handle exactly (a property that
 * should be an array and is not, a number where an object was expected …). The invariant then
 * evaluates the node with the `fhirpath` package, which defines the answer.
 */
export const BAIL: object = Object.freeze({ bail: true });

/** Hands the evaluation of the current node to the `fhirpath` package. */
export function bail(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught by the evaluator
  throw BAIL;
}

/** An evaluation error, as FHIRPath signals one (the `fhirpath` package throws on the same node). */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

/** Signals an evaluation error. */
export function fail(message: string): never {
  throw new EvaluationError(message);
}

/**
 * A node of the resource tree, as the `fhirpath` package's ResourceNode: the JSON value, the
 * `_name` sibling of a primitive, the node path and the FHIR data type.
 */
export class FpNode {
  readonly path: string | null;
  readonly type: string | null;
  readonly ext: unknown;

  constructor(
    readonly data: unknown,
    ext: unknown,
    path: string | null,
    type: string | null,
  ) {
    if (typeof data === 'object' && data !== null) {
      const resourceType = (data as { resourceType?: unknown }).resourceType;
      if (
        resourceType !== undefined &&
        resourceType !== null &&
        resourceType !== '' &&
        resourceType !== 0 &&
        resourceType !== false
      ) {
        if (typeof resourceType !== 'string') bail();
        path = resourceType;
        type = resourceType;
      }
    }
    this.path = path === '' ? null : path;
    this.type = type === '' ? null : type;
    this.ext = ext === 0 || ext === '' || ext === false || ext === undefined ? null : ext;
  }
}

/**
 * A FHIRPath decimal that the `fhirpath` package holds as an `FP_Decimal` (number literals and
 * results of arithmetic), as opposed to the plain numbers `count()` and friends return.
 */
export class FpDec {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }

  /** Digits after the point as the package counts them (`1.0` has one, `1e-7` seven). */
  decimalPlaces(): number {
    return decimalPlacesOf(this.text);
  }
}

/** Digits after the decimal point of a number's text, as the package counts them. */
export function decimalPlacesOf(text: string): number {
  const match = /^([+-]?\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return 0;
  const fraction = match[2];
  const exponent = match[3];
  const digits = fraction === '0' ? (exponent === undefined ? 1 : 0) : (fraction ?? '').length;
  return Math.max(0, digits - Number(exponent ?? 0));
}

/** Whether a value is one the package holds as an `FP_Type` (decimal or date/time). */
function isFpValue(value: unknown, fromNode: boolean): boolean {
  return (
    value instanceof FpDec || value instanceof FpTemporal || (fromNode && typeof value === 'number')
  );
}

const UCUM = 'http://unitsofmeasure.org';

/** Whether `path` is Quantity or derives from it, per the package's R4 model. */
export type IsType = (type: string, superType: string) => boolean;

/**
 * The value of an item as the package compares it (`valDataConverted`): date/time strings of
 * date/time nodes become date/time values; UCUM quantities would become FHIRPath quantities,
 * which need unit conversion, so they hand the evaluation over.
 */
export function convert(item: unknown, isType: IsType): unknown {
  if (!(item instanceof FpNode)) return item;
  const data = item.data;
  if (data === null || data === undefined) return data;
  const path = item.path;
  if (isTemporalType(path)) {
    if (typeof data !== 'string') bail();
    return parseTemporal(path, data) ?? data;
  }
  if (path !== null && typeof data === 'object' && isType(path, 'Quantity')) {
    const q = data as { system?: unknown; value?: unknown; code?: unknown };
    if (q.system === UCUM && typeof q.value === 'number' && typeof q.code === 'string') bail();
  }
  return data;
}

/** The raw value of an item (`valData`). */
export function valData(item: unknown): unknown {
  return item instanceof FpNode ? item.data : item;
}

const MAX_PRECISION_STEP = 1e-8;

/** Rounds to the package's maximum decimal precision (8 places). */
function roundToMaxPrecision(x: number): number {
  return Math.round(x / MAX_PRECISION_STEP) * MAX_PRECISION_STEP;
}

/** Numeric equality, as the package decides it (rounded to 8 places). */
function numbersEqual(a: number, b: number): boolean {
  return roundToMaxPrecision(a) === roundToMaxPrecision(b);
}

/** The number of an FP decimal value (an FpDec, or a number held by a node). */
function fpNumber(value: unknown): number | undefined {
  if (value instanceof FpDec) return value.value;
  if (typeof value === 'number') return value;
  return undefined;
}

/** `FP_Decimal.equals` / `FP_DateTime.equals` of the package, for an FP value `a`. */
function fpEquals(a: unknown, b: unknown, bIsFp: boolean): boolean | undefined {
  if (a instanceof FpTemporal) return a.equals(b);
  const av = fpNumber(a) ?? 0;
  if (b instanceof FpTemporal) return undefined;
  if (bIsFp || typeof b === 'number') return numbersEqual(av, fpNumber(b) ?? 0);
  if (typeof b === 'string' && /^\s*[+-]?([0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$/.test(b)) {
    return numbersEqual(av, parseFloat(b));
  }
  return undefined;
}

function typeOfFp(value: unknown, fp: boolean): string {
  return fp ? 'object' : typeof value;
}

/**
 * FHIRPath equality of two items or two JSON values, as the package's `deepEqual`: true, false,
 * or undefined where FHIRPath's answer is empty.
 */
export function deepEqual(v1: unknown, v2: unknown, isType: IsType): boolean | undefined {
  const n1 = v1 instanceof FpNode;
  const n2 = v2 instanceof FpNode;
  const a = n1 ? convert(v1, isType) : v1;
  const b = n2 ? convert(v2, isType) : v2;
  if (a === b) {
    return !n1 || !n2 || deepEqual(v1.ext, v2.ext, isType);
  }
  const aFp = isFpValue(a, n1);
  const bFp = isFpValue(b, n2);
  const ta = typeOfFp(a, aFp);
  const tb = typeOfFp(b, bFp);
  if (ta === 'number' && tb === 'number') return numbersEqual(a as number, b as number);
  if (
    a === null ||
    a === undefined ||
    b === null ||
    b === undefined ||
    (ta !== 'object' && tb !== 'object')
  ) {
    return false;
  }
  if (aFp && bFp) {
    const result = fpEquals(a, b, true);
    if (result === true) {
      return !n1 || !n2 || deepEqual(v1.ext, v2.ext, isType) === true;
    }
    return result;
  }
  if (aFp || bFp) {
    if (ta === 'number') return fpEquals(b, a, false);
    if (tb === 'number') return fpEquals(a, b, false);
    return false;
  }
  return objectsEqual(a, b, isType);
}

function objectsEqual(a: unknown, b: unknown, isType: IsType): boolean | undefined {
  const protoA = (a as { prototype?: unknown }).prototype;
  const protoB = (b as { prototype?: unknown }).prototype;
  if (protoA !== protoB) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  ka.sort();
  kb.sort();
  for (let i = ka.length - 1; i >= 0; i -= 1) {
    if (ka[i] !== kb[i]) return false;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  if (ka.length === 1) {
    const key = ka[0] ?? '';
    return deepEqual(ra[key], rb[key], isType);
  }
  for (let i = ka.length - 1; i >= 0; i -= 1) {
    const key = ka[i] ?? '';
    if (deepEqual(ra[key], rb[key], isType) !== true) return false;
  }
  return typeof a === typeof b;
}

/**
 * `=` on two non-empty collections: the package compares them as arrays (same length, each item
 * equal in order; one pair undecided makes a single-item comparison empty).
 */
export function collectionsEqual(
  a: readonly unknown[],
  b: readonly unknown[],
  isType: IsType,
): boolean | undefined {
  if (a.length !== b.length) return false;
  if (a.length === 1) return deepEqual(a[0], b[0], isType);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    if (deepEqual(a[i], b[i], isType) !== true) return false;
  }
  return true;
}

/** The comparison class of a value (`getClassForComparison`). */
function comparisonClass(value: unknown, fp: boolean): unknown {
  if (fp) return FpTemporal;
  if (typeof value === 'bigint') return Number;
  return (value as { constructor?: unknown }).constructor;
}

/** Inequality operators. */
export type Relation = '<' | '<=' | '>' | '>=';

function relate(relation: Relation, c: number): boolean {
  switch (relation) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

function jsRelate(relation: Relation, a: unknown, b: unknown): boolean {
  const x = a as number;
  const y = b as number;
  switch (relation) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** `FP_Type.compare` for an FP value: a number, null when undecidable; throws across kinds. */
function fpCompare(a: unknown, b: unknown): number | null {
  if (a instanceof FpTemporal) return a.compare(b);
  const av = fpNumber(a) ?? 0;
  let bv: number;
  if (b instanceof FpDec || typeof b === 'number') bv = fpNumber(b) ?? 0;
  else return null;
  const ra = roundToMaxPrecision(av);
  const rb = roundToMaxPrecision(bv);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/**
 * `<`, `<=`, `>`, `>=` on two non-empty collections: each must hold one item, of comparable
 * types (an error otherwise); the result is empty when FHIRPath cannot decide (dates of
 * different precision that agree to the shared precision).
 */
export function compareCollections(
  relation: Relation,
  left: readonly unknown[],
  right: readonly unknown[],
  isType: IsType,
): boolean | undefined {
  if (left.length !== 1 || right.length !== 1) fail('a comparison needs one item on each side');
  return compareItems(relation, left[0], right[0], isType);
}

/** The comparison of two single items (see {@link compareCollections}). */
function compareItems(
  relation: Relation,
  l: unknown,
  r: unknown,
  isType: IsType,
): boolean | undefined {
  const a = convert(l, isType);
  const b = convert(r, isType);
  return compareConverted(relation, a, l instanceof FpNode, b, r instanceof FpNode);
}

/**
 * The comparison of two converted values. `leftNode`/`rightNode` say whether a plain number on
 * that side is one the package holds as an `FP_Decimal` (a node's number, a literal, a sum)
 * rather than a plain number (`count()`).
 */
export function compareConverted(
  relation: Relation,
  left: unknown,
  leftNode: boolean,
  right: unknown,
  rightNode: boolean,
): boolean | undefined {
  if (typeof left === 'number' && typeof right === 'number') {
    // Two numbers: rounded to 8 places when either is a decimal the package holds as FP_Decimal.
    if (leftNode || rightNode)
      return jsRelate(relation, roundToMaxPrecision(left), roundToMaxPrecision(right));
    return jsRelate(relation, left, right);
  }
  let a = left;
  let b = right;
  let aFp = isFpValue(a, leftNode);
  const rightFp = isFpValue(b, rightNode);
  let exchanged = false;
  if (a !== null && a !== undefined && b !== null && b !== undefined) {
    const lc = comparisonClass(a, aFp);
    const rc = comparisonClass(b, rightFp);
    if (lc !== rc) {
      if (lc === Number && rc === FpTemporal) {
        exchanged = true;
      } else if (!(lc === FpTemporal && rc === Number)) {
        fail('the two sides of a comparison have different types');
      }
    }
  }
  if (exchanged) {
    [a, b] = [b, a];
    aFp = rightFp;
  }
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (aFp) {
    const c = fpCompare(a, b);
    if (c === null) return undefined;
    return relate(relation, exchanged ? -c : c);
  }
  return jsRelate(relation, a, b);
}

/** Singleton evaluation as Boolean: empty, the boolean, `true` for any other single value. */
export function toBoolean(items: readonly unknown[]): boolean | undefined {
  if (items.length > 1) fail('a collection of several items where one boolean is expected');
  if (items.length === 0) return undefined;
  const value = valData(items[0]);
  if (value === null || value === undefined) return undefined;
  return typeof value === 'boolean' ? value : true;
}

/** Singleton evaluation as String: empty, or the string; an error for any other value. */
export function toSingleString(items: readonly unknown[]): string | undefined {
  if (items.length > 1) fail('a collection of several items where one string is expected');
  if (items.length === 0) return undefined;
  const value = valData(items[0]);
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') fail('a value that is not a string where a string is expected');
  return value;
}

/** The FHIRPath type of an item, as the package's `TypeInfo`. */
export interface TypeRef {
  readonly namespace: 'FHIR' | 'System' | undefined;
  readonly name: string;
}

function typeByValue(value: unknown): TypeRef {
  let name: string;
  if (typeof value === 'bigint') name = 'long';
  else if (typeof value === 'number') name = Number.isInteger(value) ? 'integer' : 'decimal';
  else if (value instanceof FpDec) name = value.decimalPlaces() === 0 ? 'integer' : 'decimal';
  else if (value instanceof FpDate) name = 'date';
  else if (value instanceof FpDateTime) name = 'dateTime';
  else if (value instanceof FpTime) name = 'time';
  else name = typeof value;
  return { namespace: 'System', name: name.charAt(0).toUpperCase() + name.slice(1) };
}

/** The type of an item (`TypeInfo.fromValue`). */
export function typeOf(item: unknown): TypeRef {
  if (item instanceof FpNode) {
    const type = item.type;
    if (type !== null) {
      if (type.startsWith('System.')) return { namespace: 'System', name: type.slice(7) };
      return { namespace: 'FHIR', name: type };
    }
    return typeByValue(item.data);
  }
  return typeByValue(item);
}

const PRIMITIVE_TYPE_NAMES: ReadonlySet<string> = new Set([
  'instant',
  'time',
  'date',
  'dateTime',
  'base64Binary',
  'decimal',
  'integer64',
  'boolean',
  'string',
  'code',
  'markdown',
  'id',
  'integer',
  'unsignedInt',
  'positiveInt',
  'uri',
  'oid',
  'uuid',
  'canonical',
  'url',
  'Integer',
  'Long',
  'Decimal',
  'String',
  'Date',
  'DateTime',
  'Time',
]);

/** Whether a type name is one the package counts as primitive (`xhtml` is not). */
export function isPrimitiveTypeName(name: string): boolean {
  return PRIMITIVE_TYPE_NAMES.has(name);
}

/** `TypeInfo.isPrimitiveValue`. */
export function isPrimitiveItem(item: unknown): boolean {
  if (item instanceof FpNode) return PRIMITIVE_TYPE_NAMES.has(typeOf(item).name);
  return typeof item !== 'object' || item instanceof FpDec || item instanceof FpTemporal;
}

/** `hasValue()`: one item, with a value, of a primitive type. */
export function hasValue(items: readonly unknown[]): boolean {
  if (items.length !== 1) return false;
  const item = items[0];
  const value = valData(item);
  return value !== null && value !== undefined && isPrimitiveItem(item);
}

/** Converts a value to JSON for hashing, as the package's `hashObject`. */
function prepare(value: unknown, isType: IsType): unknown {
  const v = convert(value, isType);
  if (v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    return value instanceof FpNode ? String(v) : roundToMaxPrecision(v);
  }
  if (v instanceof FpDec || v instanceof FpTemporal) return v.toString();
  if (typeof v === 'object') {
    if (Array.isArray(v)) return v.map((x) => prepare(x, isType));
    const record = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) out[key] = prepare(record[key], isType);
    return out;
  }
  return v;
}

/** The package's `hashObject`: a JSON key under which equal items collide. */
export function hashItem(item: unknown, isType: IsType): string {
  return stringify(prepare(item, isType)) ?? 'undefined';
}

/** `JSON.stringify`, which gives undefined for undefined (the package keys that as 'undefined'). */
function stringify(value: unknown): string | undefined {
  return JSON.stringify(value);
}
