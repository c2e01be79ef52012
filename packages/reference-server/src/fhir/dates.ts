/**
 * FHIR date, dateTime and instant values as ranges of milliseconds since the epoch, inclusive at
 * both ends: `2024` is every millisecond of 2024, `2024-03-01T10:15:00Z` one second. Values
 * without a time zone are read as UTC.
 */
export interface DateRange {
  readonly low: number;
  readonly high: number;
}

/** Stands for an open end of a Period (no start or no end). */
export const MIN_TIME = -8_640_000_000_000_000;
export const MAX_TIME = 8_640_000_000_000_000;

const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** ms at the start of a UTC day; unlike Date.UTC, years 0 to 99 are not moved to the 1900s. */
function utc(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/**
 * The range a FHIR date, dateTime or instant covers, or `undefined` when `text` is not one (a
 * search value may also stop at minutes). Month 13, 30 February and hour 25 are refused.
 */
export function parseDateRange(text: string): DateRange | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  if (mo === undefined) {
    return { low: utc(year, 0, 1), high: utc(year + 1, 0, 1) - 1 };
  }
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) {
    return { low: utc(year, month - 1, 1), high: utc(year, month, 1) - 1 };
  }
  const day = Number(d);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const dayStart = utc(year, month - 1, day);
  if (h === undefined) return { low: dayStart, high: dayStart + 86_400_000 - 1 };
  const hour = Number(h);
  const minute = Number(mi);
  if (hour > 23 || minute > 59) return undefined;
  let offsetMs = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const zoneHours = Number(zone.slice(1, 3));
    const zoneMinutes = Number(zone.slice(4, 6));
    if (zoneHours > 14 || zoneMinutes > 59) return undefined;
    offsetMs = sign * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  const base = dayStart + hour * 3_600_000 + minute * 60_000 - offsetMs;
  if (s === undefined) return { low: base, high: base + 60_000 - 1 };
  const second = Number(s);
  if (second > 59) return undefined;
  const start = base + second * 1000;
  if (fraction === undefined) return { low: start, high: start + 999 };
  const millis = Math.floor(Number(`0${fraction}`) * 1000);
  return { low: start + millis, high: start + millis };
}

/** Whether `text` is a FHIR instant (a dateTime to the second with a time zone). */
export function isInstant(text: string): boolean {
  return (
    /T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(text) &&
    parseDateRange(text) !== undefined
  );
}

/** The current time as a FHIR instant with milliseconds. */
export function nowInstant(now: number = Date.now()): string {
  return new Date(now).toISOString();
}

/** Today's date (UTC) as a FHIR date. */
export function todayDate(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}
