/**
 * How much a FHIR date, dateTime, instant or time says: to the `year`, `month`, `day`, or to a
 * time of day (`time`).
 *
 * @example
 * ```ts
 * const precision: DatePrecision = datePrecision('2024-06') ?? 'year'; // 'month'
 * ```
 */
export type DatePrecision = 'year' | 'month' | 'day' | 'time';

const DATE_LIKE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const DAY_MS = 86_400_000;

interface ParsedDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
  /** Everything from `T` on, kept as written. */
  readonly timeSuffix?: string;
}

function parse(value: string): ParsedDate | undefined {
  const match = DATE_LIKE.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && month !== undefined) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > last) return undefined;
  }
  const tIndex = value.indexOf('T');
  return {
    year,
    ...(month === undefined ? {} : { month }),
    ...(day === undefined ? {} : { day }),
    ...(tIndex < 0 ? {} : { timeSuffix: value.slice(tIndex) }),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The precision of a FHIR date, dateTime or instant (or a time of day), or `undefined` when the
 * value is not one.
 *
 * @example
 * ```ts
 * datePrecision('1970'); // 'year'
 * datePrecision('2024-06-01T09:30:00Z'); // 'time'
 * datePrecision('09:30:00'); // 'time'
 * datePrecision('June 2024'); // undefined
 * ```
 */
export function datePrecision(value: string): DatePrecision | undefined {
  if (TIME.test(value)) return 'time';
  const parsed = parse(value);
  if (parsed === undefined) return undefined;
  if (parsed.timeSuffix !== undefined) return 'time';
  if (parsed.day !== undefined) return 'day';
  if (parsed.month !== undefined) return 'month';
  return 'year';
}

const ORDER: Readonly<Record<DatePrecision, number>> = { year: 0, month: 1, day: 2, time: 3 };

/**
 * Whether precision `a` says no more than precision `b` (`year` < `month` < `day` < `time`).
 *
 * @example
 * ```ts
 * isNoMorePrecise('month', 'day'); // true
 * ```
 */
export function isNoMorePrecise(a: DatePrecision, b: DatePrecision): boolean {
  return ORDER[a] <= ORDER[b];
}

/**
 * Truncates a FHIR date, dateTime or instant to its `month` (`YYYY-MM`) or `year` (`YYYY`), as
 * written (no time-zone conversion). A value already that coarse is returned unchanged; a value
 * that is not a date gives `undefined`.
 *
 * @see NHS-STANDARDS.md §5 (dates → month)
 * @example
 * ```ts
 * truncateDate('2024-06-15T09:30:00+01:00', 'month'); // '2024-06'
 * truncateDate('2024-06-15', 'year'); // '2024'
 * truncateDate('2024', 'month'); // '2024'
 * ```
 */
export function truncateDate(value: string, to: 'month' | 'year'): string | undefined {
  const parsed = parse(value);
  if (parsed === undefined) return undefined;
  if (to === 'year' || parsed.month === undefined) return pad(parsed.year, 4);
  return `${pad(parsed.year, 4)}-${pad(parsed.month, 2)}`;
}

/**
 * Moves a FHIR date, dateTime or instant by a whole number of days, keeping its precision and
 * any time of day and offset as written. A partial date (`YYYY`, `YYYY-MM`) is moved from its
 * first day and truncated back to its precision. Returns `undefined` for a value that is not a
 * date, or one moved outside the years 0001-9999.
 *
 * @example
 * ```ts
 * shiftDate('2024-03-01', -1); // '2024-02-29'
 * shiftDate('2024-06-15T09:30:00Z', 10); // '2024-06-25T09:30:00Z'
 * shiftDate('2024-06', 20); // '2024-06'
 * ```
 */
export function shiftDate(value: string, days: number): string | undefined {
  const parsed = parse(value);
  if (parsed === undefined) return undefined;
  const start = Date.UTC(parsed.year, (parsed.month ?? 1) - 1, parsed.day ?? 1);
  const moved = new Date(start + days * DAY_MS);
  const year = moved.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  if (parsed.month === undefined) return pad(year, 4);
  const month = `${pad(year, 4)}-${pad(moved.getUTCMonth() + 1, 2)}`;
  if (parsed.day === undefined) return month;
  return `${month}-${pad(moved.getUTCDate(), 2)}${parsed.timeSuffix ?? ''}`;
}

/**
 * A person's age in whole years on a date. Partial birth dates are taken at the middle of what
 * they allow (1 July for a year, the 15th for a month). `undefined` when either value is not a
 * date.
 *
 * @example
 * ```ts
 * ageOn('1970-03-01', '2025-02-28'); // 54
 * ageOn('1970-03-01', '2025-03-01'); // 55
 * ```
 */
export function ageOn(birthDate: string, date: string): number | undefined {
  const born = parse(birthDate);
  const on = parse(date);
  if (born === undefined || on === undefined) return undefined;
  const bornMonth = born.month ?? 7;
  const bornDay = born.day ?? (born.month === undefined ? 1 : 15);
  const onMonth = on.month ?? 12;
  const onDay = on.day ?? 31;
  let age = on.year - born.year;
  if (onMonth < bornMonth || (onMonth === bornMonth && onDay < bornDay)) age -= 1;
  return age;
}
