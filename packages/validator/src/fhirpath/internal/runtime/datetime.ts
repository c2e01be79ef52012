/**
 * FHIRPath Date, DateTime, Instant and Time values with the comparison semantics of the
 * `fhirpath` package: values are compared at the lower of the two precisions, in the local time
 * zone of the process where the value has no offset, and a comparison that the shared
 * precision cannot decide is empty (`null` from `compare`, `undefined` from `equals`).
 */

const YEAR = '[0-9][0-9][0-9][0-9]';
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[1-2][0-9]|3[0-1])';
const HOUR = '(?:[0-1][0-9]|2[0-3])';
const MINUTE = '[0-5][0-9]';
const SECOND = '(?:[0-5][0-9]|60)';
const OFFSET = `(?:(?:0[0-9]|1[0-3])\\:${MINUTE}|14\\:00)`;
const TIME = `${HOUR}(\\:${MINUTE}(\\:${SECOND}(\\.[0-9]+)?)?)?`;
const ZONE = `(Z|(\\+|-)${OFFSET})?`;

const TIME_RE = new RegExp(`^T?${TIME}$`);
const DATE_TIME_RE = new RegExp(
  `^(?!.*T.*T)${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?(?:T)?$`,
);
const DATE_RE = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
const INSTANT_RE = new RegExp(
  `^${YEAR}(-${MONTH}(-${DAY}(T${HOUR}(\\:${MINUTE}(\\:${SECOND}(\\.[0-9]+)?))(Z|([+-])${OFFSET}))))$`,
);

const DAYS_PER_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

type Match = (string | undefined)[];

/** Splits the time part of a match (`[time, :mm…, :ss…, .ms, zone]`) into components. */
function timeParts(match: Match): string[] {
  const parts: string[] = [match[0] ?? ''];
  const zone = match[4];
  if (zone !== undefined && zone !== '') {
    const hours = parts[0] ?? '';
    parts[0] = hours.slice(0, hours.length - zone.length);
  }
  const min = match[1];
  if (min !== undefined && min !== '') {
    const hours = parts[0] ?? '';
    parts[0] = hours.slice(0, hours.length - min.length);
    parts[1] = min;
    const sec = match[2];
    if (sec !== undefined && sec !== '') {
      parts[1] = min.slice(0, min.length - sec.length);
      parts[2] = sec === ':60' ? ':59' : sec;
      const ms = match[3];
      if (ms !== undefined && ms !== '') {
        parts[2] = sec.slice(0, sec.length - ms.length);
        parts[3] = ms;
      }
    }
  }
  return parts;
}

function int(text: string | undefined): number {
  return parseInt(text ?? '', 10);
}

/** A Date for local components, shifted to the given offset (`Z`, `+01:00`) when there is one. */
function createDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minutes: number,
  seconds: number,
  ms: number,
  offset: string | undefined,
): Date {
  const d = new Date(year, month, day, hour, minutes, seconds, ms);
  if (offset === undefined || offset === '') return d;
  const local = d.getTimezoneOffset();
  let zoneMinutes = 0;
  if (offset !== 'Z') {
    const [h, m] = offset.split(':');
    const hours = int(h);
    zoneMinutes = int(m);
    if (hours < 0) zoneMinutes = -zoneMinutes;
    zoneMinutes += 60 * hours;
  }
  return new Date(d.getTime() + (-local - zoneMinutes) * 60000);
}

/** Common base of the date and time values. */
export abstract class FpTemporal {
  private match: Match | null | undefined;
  private precisionValue: number | undefined;
  private partsValue: string[] | undefined;
  private dateValue: Date | undefined;
  private readonly reduced: (number | undefined)[] = [];

  constructor(readonly text: string) {}

  protected abstract get pattern(): RegExp;
  protected abstract get maxPrecision(): number;
  protected abstract computeParts(match: Match): string[];
  /** A Date for this value reduced to `precision`. */
  abstract dateAtPrecision(precision: number): Date;

  /** The regular expression match, or null when the text is not of this type. */
  matchData(): Match | null {
    if (this.match === undefined) {
      const found = this.pattern.exec(this.text);
      this.match = found === null ? null : Array.from(found);
      if (this.match !== null) {
        for (let i = this.maxPrecision; i >= 0 && this.precisionValue === undefined; i -= 1) {
          const part = this.match[i];
          if (part !== undefined && part !== '') this.precisionValue = i;
        }
      }
    }
    return this.match;
  }

  precision(): number {
    if (this.precisionValue === undefined) this.matchData();
    return this.precisionValue ?? 0;
  }

  parts(): string[] {
    if (this.partsValue === undefined) {
      const match = this.matchData();
      this.partsValue = match === null ? [] : this.computeParts(match);
    }
    return this.partsValue;
  }

  dateObject(): Date {
    if (this.dateValue === undefined) this.dateValue = this.dateAtPrecision(this.precision());
    return this.dateValue;
  }

  toString(): string {
    return this.text;
  }

  /**
   * Equality as the `fhirpath` package defines it: true, false, or undefined when the values
   * agree to the shared precision but have different precisions.
   */
  equals(other: unknown): boolean | undefined {
    if (!(other instanceof FpTemporal)) return false;
    if (!(other instanceof this.constructor) && !(this instanceof other.constructor)) return false;
    let thisPrecision = this.precision();
    let otherPrecision = other.precision();
    if (thisPrecision === otherPrecision) {
      return this.dateObject().getTime() === other.dateObject().getTime();
    }
    let common = Math.min(thisPrecision, otherPrecision);
    const thisUtc = this.dateObject().toISOString();
    const otherUtc = other.dateObject().toISOString();
    if (this instanceof FpTime) {
      common += 3;
      thisPrecision += 3;
      otherPrecision += 3;
    }
    const thisAdjusted = thisPrecision > 2 ? new FpDateTime(thisUtc).parts() : this.parts();
    const otherAdjusted = otherPrecision > 2 ? new FpDateTime(otherUtc).parts() : other.parts();
    let result: boolean | undefined;
    for (let i = 0; i <= common && result !== false; i += 1) {
      result = thisAdjusted[i] === otherAdjusted[i];
    }
    return result === true ? undefined : result;
  }

  /** The time of this value reduced to `precision` (memoised: values are cached and reused). */
  timeAtPrecision(precision: number): number {
    let time = this.reduced[precision];
    if (time === undefined) {
      time =
        precision >= this.precision()
          ? this.dateObject().getTime()
          : this.dateAtPrecision(precision).getTime();
      this.reduced[precision] = time;
    }
    return time;
  }

  /** The package's `compare`: a number, or null when the shared precision cannot decide. */
  protected compareTemporal(other: FpTemporal): number | null {
    const thisPrecision = this.precision();
    const otherPrecision = other.precision();
    const thisTime = this.timeAtPrecision(Math.min(thisPrecision, otherPrecision));
    const otherTime = other.timeAtPrecision(Math.min(thisPrecision, otherPrecision));
    if (thisPrecision !== otherPrecision && thisTime === otherTime) return null;
    return thisTime - otherTime;
  }

  /** Compares with another value; throws (as the package does) for a value of another kind. */
  abstract compare(other: unknown): number | null;
}

/** A FHIRPath DateTime (and the base of Date and Instant). */
export class FpDateTime extends FpTemporal {
  protected get pattern(): RegExp {
    return DATE_TIME_RE;
  }

  protected get maxPrecision(): number {
    return 5;
  }

  protected computeParts(match: Match): string[] {
    const full = match[0] ?? '';
    const time = match[3];
    const year = time === undefined || time === '' ? full.replace(/T$/, '') : full;
    const parts: string[] = [year];
    const month = match[1];
    if (month !== undefined && month !== '') {
      parts[0] = year.slice(0, year.length - month.length);
      parts[1] = month;
      const day = match[2];
      if (day !== undefined && day !== '') {
        parts[1] = month.slice(0, month.length - day.length);
        parts[2] = day;
        if (time !== undefined && time !== '') {
          parts[2] = day.slice(0, day.length - time.length);
          const rest: Match = match.slice(3);
          rest[0] = time.startsWith('T') ? time.slice(1) : time;
          return parts.concat(timeParts(rest));
        }
      }
    }
    return parts;
  }

  dateAtPrecision(precision: number): Date {
    const parts = this.parts();
    const offset = this.matchData()?.[7];
    const own = this.precision();
    let year = int(parts[0]);
    let month = own > 0 ? int(parts[1]?.slice(1)) - 1 : 0;
    let day = own > 1 ? int(parts[2]?.slice(1)) : 1;
    let hour = own > 2 ? int(parts[3]) : 0;
    let minutes = own > 3 ? int(parts[4]?.slice(1)) : 0;
    const seconds = own > 4 ? int(parts[5]?.slice(1)) : 0;
    const ms = parts.length > 6 ? int(parts[6]?.slice(1)) : 0;
    let d = createDate(year, month, day, hour, minutes, seconds, ms, offset);
    if (precision < own) {
      year = d.getFullYear();
      month = precision > 0 ? d.getMonth() : 0;
      day = precision > 1 ? d.getDate() : 1;
      hour = precision > 2 ? d.getHours() : 0;
      minutes = precision > 3 ? d.getMinutes() : 0;
      d = new Date(year, month, day, hour, minutes);
    }
    return d;
  }

  compare(other: unknown): number | null {
    if (!(other instanceof FpDateTime)) {
      throw new TypeError('Invalid comparison of a DateTime with something else');
    }
    return this.compareTemporal(other);
  }
}

/** A FHIRPath Date. */
export class FpDate extends FpDateTime {
  protected override get pattern(): RegExp {
    return DATE_RE;
  }

  protected override get maxPrecision(): number {
    return 2;
  }
}

/** A FHIR instant (a DateTime to the second, with an offset). */
class FpInstant extends FpDateTime {
  protected override get pattern(): RegExp {
    return INSTANT_RE;
  }
}

/** A FHIRPath Time. */
export class FpTime extends FpTemporal {
  constructor(text: string) {
    super(text.startsWith('T') ? text.slice(1) : text);
  }

  protected get pattern(): RegExp {
    return TIME_RE;
  }

  protected get maxPrecision(): number {
    return 2;
  }

  protected computeParts(match: Match): string[] {
    return timeParts(match);
  }

  dateAtPrecision(precision: number): Date {
    const parts = this.parts();
    const offset = this.matchData()?.[4];
    const own = this.precision();
    const year = 2010;
    const month = 0;
    const day = 1;
    let hour = int(parts[0]);
    let minutes = own > 0 ? int(parts[1]?.slice(1)) : 0;
    const seconds = own > 1 ? int(parts[2]?.slice(1)) : 0;
    const ms = parts.length > 3 ? int(parts[3]?.slice(1)) : 0;
    let d = createDate(year, month, day, hour, minutes, seconds, ms, offset);
    if (offset !== undefined && offset !== '') {
      d.setFullYear(year);
      d.setMonth(month);
      d.setDate(day);
    }
    if (precision < own) {
      hour = d.getHours();
      minutes = precision > 0 ? d.getMinutes() : 0;
      d = new Date(year, month, day, hour, minutes);
    }
    return d;
  }

  compare(other: unknown): number | null {
    if (!(other instanceof FpTime)) {
      throw new TypeError('Invalid comparison of a time with something else');
    }
    return this.compareTemporal(other);
  }
}

function hasValidDay(value: FpTemporal): boolean {
  const parts = value.parts();
  if (parts.length < 3) return true;
  const year = int(parts[0]);
  const month = int(parts[1]?.slice(1));
  const day = int(parts[2]?.slice(1));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_PER_MONTH[month - 1] ?? 0);
  return day <= days;
}

/** The FHIR primitive types the package converts to date/time values before comparing. */
export type TemporalType = 'date' | 'dateTime' | 'instant' | 'time';

const caches: Record<TemporalType, Map<string, FpTemporal | null>> = {
  date: new Map(),
  dateTime: new Map(),
  instant: new Map(),
  time: new Map(),
};
const CACHE_LIMIT = 65536;

/**
 * The value of a FHIR date/dateTime/instant/time string, or null when the string is not of that
 * type (the package then compares the raw string). Results are cached: the same dates recur.
 */
export function parseTemporal(type: TemporalType, text: string): FpTemporal | null {
  const cache = caches[type];
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  let value: FpTemporal | null;
  switch (type) {
    case 'date':
      value = new FpDate(text);
      break;
    case 'dateTime':
      value = new FpDateTime(text);
      break;
    case 'instant':
      value = new FpInstant(text);
      break;
    case 'time':
      value = new FpTime(text);
      break;
  }
  if (value.matchData() === null || (type !== 'time' && !hasValidDay(value))) value = null;
  else value.dateObject();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, value);
  return value;
}

/**
 * Forgets the cached date/time values. Their instants depend on the process time zone (as the
 * package's do): call this after changing `process.env.TZ` at run time.
 */
export function clearTemporalCache(): void {
  for (const cache of Object.values(caches)) cache.clear();
}

/** Whether a node path is one of the types converted to date/time values. */
export function isTemporalType(path: string | null): path is TemporalType {
  return path === 'date' || path === 'dateTime' || path === 'instant' || path === 'time';
}
