import type { ElementDefinition } from '@lhcr/models';
import type { ValueFinding } from '../engine/primitive-values';
import { isJsonObject } from '../engine/run';
import { convertUcum, UCUM_SYSTEM_URL } from '../terminology/ucum';

/** An element's `minValue[x]` and `maxValue[x]`, as a profile's schema carries them. */
export interface ValueRange {
  readonly profile: string;
  readonly min?: unknown;
  readonly max?: unknown;
}

/**
 * The bounds a profile sets on an element's values (`minValueInteger`, `maxValueQuantity` …), or
 * undefined when it sets none.
 */
export function valueRangeOf(
  definition: ElementDefinition,
  profile: string,
): ValueRange | undefined {
  const fields = definition as unknown as Record<string, unknown>;
  const bound = (prefix: string): unknown =>
    Object.entries(fields).find(
      ([key]) => key.startsWith(prefix) && key.length > prefix.length,
    )?.[1];
  const min = bound('minValue');
  const max = bound('maxValue');
  if (min === undefined && max === undefined) return undefined;
  return {
    profile,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}

/**
 * Checks a value against a profile's inclusive bounds (R4 ElementDefinition.minValue[x] and
 * maxValue[x]: dates, times, numbers and Quantities). Quantities in different UCUM units are
 * converted; ones that cannot be compared are reported as a warning. The message names the
 * bound, never the value.
 *
 * @example
 * checkValueRange(-1, { profile: 'P', min: 0 })?.diagnostics; // 'The value is less than the minimum 0 that P allows'
 */
export function checkValueRange(value: unknown, range: ValueRange): ValueFinding | undefined {
  for (const [bound, side] of [
    [range.min, 'min'],
    [range.max, 'max'],
  ] as const) {
    if (bound === undefined) continue;
    const order = compare(value, bound);
    if (order === 'incomparable') {
      return {
        severity: 'warning',
        code: 'business-rule',
        diagnostics: `The value could not be compared with the ${side === 'min' ? 'minimum' : 'maximum'} ${show(bound)} that ${range.profile} allows (units that do not convert)`,
      };
    }
    if (order !== undefined && (side === 'min' ? order < 0 : order > 0)) {
      return {
        severity: 'error',
        code: 'value',
        diagnostics: `The value is ${side === 'min' ? 'less than the minimum' : 'greater than the maximum'} ${show(bound)} that ${range.profile} allows`,
      };
    }
  }
  return undefined;
}

/** Negative, zero or positive as `value` is below, at or above `bound`; undefined when not of a kind. */
function compare(value: unknown, bound: unknown): number | 'incomparable' | undefined {
  if (typeof value === 'number' && typeof bound === 'number') return value - bound;
  if (typeof value === 'string' && typeof bound === 'string') {
    if (TIME.test(value) && TIME.test(bound)) return value < bound ? -1 : value > bound ? 1 : 0;
    const a = instant(value);
    const b = instant(bound);
    return a === undefined || b === undefined ? undefined : a - b;
  }
  if (isJsonObject(value) && isJsonObject(bound) && typeof value.value === 'number') {
    if (typeof bound.value !== 'number') return undefined;
    const converted = inUnitOf(value, bound);
    return converted === undefined ? 'incomparable' : converted - bound.value;
  }
  return undefined;
}

/** A Quantity's value in the unit of another, converting UCUM units. */
function inUnitOf(
  value: Record<string, unknown>,
  bound: Record<string, unknown>,
): number | undefined {
  const amount = value.value as number;
  if (value.code === bound.code && value.system === bound.system) {
    return value.code !== undefined || value.unit === bound.unit ? amount : undefined;
  }
  const ucum = (q: Record<string, unknown>): boolean =>
    q.system === UCUM_SYSTEM_URL && typeof q.code === 'string';
  return ucum(value) && ucum(bound)
    ? convertUcum(amount, value.code as string, bound.code as string)
    : undefined;
}

const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The start of a date, dateTime or instant, in milliseconds (UTC where no zone is given). */
function instant(value: string): number | undefined {
  const padded = /^\d{4}$/.test(value)
    ? `${value}-01-01`
    : /^\d{4}-\d{2}$/.test(value)
      ? `${value}-01`
      : value;
  const time = Date.parse(
    /T.*(Z|[+-]\d{2}:\d{2})$/.test(padded) || !padded.includes('T') ? padded : `${padded}Z`,
  );
  return Number.isNaN(time) ? undefined : time;
}

function show(bound: unknown): string {
  if (isJsonObject(bound)) {
    const unit = typeof bound.code === 'string' ? bound.code : bound.unit;
    return `${String(bound.value)}${typeof unit === 'string' ? ` ${unit}` : ''}`;
  }
  return String(bound);
}
