import { ProfileTypesError } from '../profile-types-error';

/** A property name as written in a type literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `type[]`, with parentheses when `type` is a union or intersection. */
export function arrayOf(type: string): string {
  return /[|&]/.test(type) ? `(${type})[]` : `${type}[]`;
}

/** The distinct members of a union, in order, joined. */
export function unionOf(types: readonly string[]): string {
  return [...new Set(types)].join(' | ');
}

/** Item types of base properties that patterns name often, written by name for readability. */
const KNOWN_ITEM_TYPES: ReadonlyMap<string, string> = new Map([
  ['fhir.CodeableConcept.coding', 'fhir.Coding'],
]);

/** `NonNullable<Base["name"]>`, and `[number]` of it for a repeating element. */
export function propertyOf(base: string, name: string, item: boolean): string {
  const known = KNOWN_ITEM_TYPES.get(`${base}.${name}`);
  if (known !== undefined) return item ? known : `${known}[]`;
  const type = `NonNullable<${base}[${JSON.stringify(name)}]>`;
  return item ? `${type}[number]` : type;
}

/**
 * The type of a repeating element: required items first (`prefix`, then `rest` until `min`
 * items), then up to `max` items in all when that is at most `maxItems` (a union of tuples, one
 * per length, since optional tuple items would admit `undefined`), else any number of `rest`.
 * FHIR JSON never has empty arrays, so a bounded array has at least one item.
 */
export function arrayType(
  prefix: readonly string[],
  rest: string,
  min: number,
  max: string,
  maxItems: number,
): string {
  const upper = max === '*' ? Number.POSITIVE_INFINITY : Number(max);
  const items = prefix.slice(0, maxItems);
  const required = Math.min(Math.max(min, prefix.length), maxItems);
  while (items.length < required) items.push(rest);
  if (Number.isFinite(upper) && upper <= maxItems) {
    if (items.length === 0) items.push(rest);
    const tuples = [`[${items.join(', ')}]`];
    while (items.length < upper) {
      items.push(rest);
      tuples.push(`[${items.join(', ')}]`);
    }
    return tuples.join(' | ');
  }
  if (items.length === 0) return arrayOf(rest);
  return `[${items.join(', ')}, ...${arrayOf(rest)}]`;
}

/** Limits on fixed and pattern values. */
export interface ValueLimits {
  readonly maxDepth: number;
  readonly where: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function containsArray(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return isObject(value) && Object.values(value).some(containsArray);
}

/** A JSON primitive as a literal type. */
function literalOf(value: unknown, limits: ValueLimits): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ProfileTypesError(
    'invalid-input',
    `${limits.where}: a fixed or pattern value holds ${value === null ? 'null' : typeof value}; expected JSON strings, numbers, booleans, objects and arrays`,
  );
}

function checkDepth(depth: number, limits: ValueLimits): void {
  if (depth > limits.maxDepth) {
    throw new ProfileTypesError(
      'too-large',
      `${limits.where}: a fixed or pattern value is nested more than ${limits.maxDepth} deep`,
    );
  }
}

/** An object value as a type literal of its properties, relying on an intersection for the rest. */
function shapeOf(value: Record<string, unknown>, depth: number, limits: ValueLimits): string {
  checkDepth(depth, limits);
  const members = Object.entries(value).map(
    ([key, item]) =>
      `${propertyKey(key)}: ${isObject(item) ? shapeOf(item, depth + 1, limits) : literalOf(item, limits)}`,
  );
  return `{ ${members.join('; ')} }`;
}

/**
 * The type of a value matching a FHIR `fixed[x]` (`exact`) or `pattern[x]` value on top of
 * `base`: primitives become literal types; objects keep `base` and narrow the properties the
 * value names; arrays become tuples whose first items match the value's items (a pattern also
 * allows further items). Properties holding arrays are replaced (`Omit`) rather than intersected,
 * since TypeScript does not check intersected array and tuple types reliably. A fixed object's
 * other properties are not forbidden.
 */
export function valueType(
  base: string,
  value: unknown,
  exact: boolean,
  limits: ValueLimits,
  depth = 0,
): string {
  checkDepth(depth, limits);
  if (!isObject(value)) {
    if (Array.isArray(value)) {
      throw new ProfileTypesError(
        'invalid-input',
        `${limits.where}: a fixed or pattern value is an array; expected one value per element`,
      );
    }
    return literalOf(value, limits);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return base;
  const replaced = entries.filter(([, item]) => containsArray(item)).map(([key]) => key);
  const members = entries.map(([key, item]) => {
    const name = propertyKey(key);
    if (Array.isArray(item)) {
      const itemBase = propertyOf(base, key, true);
      const items = (item as Json[]).map((entry) =>
        isObject(entry)
          ? valueType(itemBase, entry, exact, limits, depth + 1)
          : literalOf(entry, limits),
      );
      return exact
        ? `${name}: [${items.join(', ')}]`
        : `${name}: [${[...items, `...${arrayOf(itemBase)}`].join(', ')}]`;
    }
    if (isObject(item)) {
      return containsArray(item)
        ? `${name}: ${valueType(propertyOf(base, key, false), item, exact, limits, depth + 1)}`
        : `${name}: ${shapeOf(item, depth + 1, limits)}`;
    }
    return `${name}: ${literalOf(item, limits)}`;
  });
  const kept =
    replaced.length === 0
      ? base
      : `Omit<${base}, ${replaced.map((key) => JSON.stringify(key)).join(' | ')}>`;
  return `${kept} & { ${members.join('; ')} }`;
}

/** A TSDoc block; `*\/` in the text is escaped so it cannot end the comment. */
export function docBlock(lines: readonly string[], indent: string): string {
  const text = lines
    .flatMap((line) => line.split(/\r?\n/))
    .map((line) => line.replaceAll('*/', '*\\/').trimEnd());
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0] ?? ''} */`;
  return [
    `${indent}/**`,
    ...text.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)),
    `${indent} */`,
  ].join('\n');
}
