/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const FHIR_DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The instants a FHIR date, dateTime or instant can stand for: `[low, high]` in ms since 1970. */
export interface InstantRange {
  readonly low: number;
  readonly high: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses a FHIR `date`, `dateTime` or `instant` (`2024`, `2024-05`, `2024-05-01`,
 * `2024-05-01T10:00:00Z`) into the range of instants it covers. Values without a time zone are
 * read as UTC. Returns `undefined` for anything else, including impossible dates.
 */
export function parseFhirDateTime(value: unknown): InstantRange | undefined {
  if (typeof value !== 'string') return undefined;
  const match = FHIR_DATE_TIME.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && month !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    return undefined;
  }
  if (month === undefined) {
    return { low: Date.UTC(year, 0, 1), high: Date.UTC(year + 1, 0, 1) - 1 };
  }
  if (day === undefined) {
    return { low: Date.UTC(year, month - 1, 1), high: Date.UTC(year, month, 1) - 1 };
  }
  if (match[4] === undefined) {
    const low = Date.UTC(year, month - 1, day);
    return { low, high: low + DAY_MS - 1 };
  }
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  let at = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + fraction;
  const zone = match[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const zoneHours = Number(zone.slice(1, 3));
    const zoneMinutes = Number(zone.slice(4, 6));
    if (zoneHours > 14 || zoneMinutes > 59) return undefined;
    at -= sign * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  const precision = match[6] === undefined ? 60_000 : match[7] === undefined ? 1000 : 1;
  return { low: at, high: at + precision - 1 };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return (
    typeof value === 'string' && ISO_DATE.test(value) && parseFhirDateTime(value) !== undefined
  );
}

/** The UTC calendar date (`YYYY-MM-DD`) of an instant in ms. */
export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from the start of `from` to the start of `to` (negative when `to` is earlier). */
export function wholeDaysBetween(from: InstantRange, to: InstantRange): number {
  return Math.floor((to.low - from.low) / DAY_MS);
}
