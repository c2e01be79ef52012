import { loaderSlot } from '../internal/loader-slot';

/** The UCUM code system, as FHIR names it. */
export const UCUM_SYSTEM_URL = 'http://unitsofmeasure.org';

/** What the validator asks of a UCUM library: whether a unit code is valid. */
export interface UcumValidator {
  validateUnitString(code: string): { readonly status: 'valid' | 'invalid' | 'error' };
  /** Converts a value between commensurable units. */
  convertUnitTo?(
    from: string,
    value: number,
    to: string,
  ): { readonly status: string; readonly toVal: number | null };
}

const slot = loaderSlot<() => UcumValidator>('UCUM library');
let ucum: UcumValidator | undefined;

/**
 * Sets how the UCUM library (`@lhncbc/ucum-lhc`, which the `fhirpath` package also uses) is
 * obtained. Each entry point sets it: on Node it is required when a UCUM code is first checked
 * (its tables take a tenth of a second to build); in browsers it is bundled.
 */
export function setUcumLoader(load: () => UcumValidator): void {
  slot.set(load);
}

/** Answers kept per unit code: units repeat, and a parse takes tens of microseconds. */
const answers = new Map<string, string | undefined>();
const MAX_ANSWERS = 10_000;

/**
 * The longest unit code parsed. Real UCUM codes are a few dozen characters; the library's parse
 * time grows faster than the length (a 30,000-character code takes seconds), so longer codes are
 * refused unparsed.
 */
export const MAX_UCUM_CODE_LENGTH = 256;

/**
 * Why a unit code is not valid UCUM, or undefined when it is. The unit expression is parsed by
 * the UCUM library (units, prefixes, powers, annotations); codes with whitespace are refused, as
 * UCUM has none, and so are codes longer than {@link MAX_UCUM_CODE_LENGTH}.
 *
 * @see https://ucum.org/ucum
 * @example
 * ucumProblem('mm[Hg]'); // undefined
 * ucumProblem('mmHg'); // "'mmHg' is not a valid UCUM unit code"
 */
export function ucumProblem(code: string): string | undefined {
  if (code.length > MAX_UCUM_CODE_LENGTH) {
    return `A UCUM unit code of ${String(code.length)} characters is longer than any this validator parses (${String(MAX_UCUM_CODE_LENGTH)})`;
  }
  if (answers.has(code)) return answers.get(code);
  let answer: string | undefined;
  if (/\s/.test(code)) {
    answer = `'${code}' is not a valid UCUM unit code: UCUM codes contain no spaces`;
  } else if (!isUcum(code)) {
    // The library's suggestions are left out: its first is often wrong ('a_t' for 'years').
    answer = `'${code}' is not a valid UCUM unit code`;
  }
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(code, answer);
  return answer;
}

/**
 * A value in UCUM unit `from` converted to unit `to` (`1000 g` to `kg` is 1), or undefined when
 * the units are not both valid UCUM or measure different things.
 *
 * @example
 * convertUcum(1500, 'g', 'kg'); // 1.5
 */
export function convertUcum(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  if (ucumProblem(from) !== undefined || ucumProblem(to) !== undefined) return undefined;
  const converted = quietly((library) => library.convertUnitTo?.(from, value, to));
  return converted?.status === 'succeeded' && typeof converted.toVal === 'number'
    ? converted.toVal
    : undefined;
}

function isUcum(code: string): boolean {
  return quietly((library) => library.validateUnitString(code).status === 'valid') ?? false;
}

/** Asks the library, which logs the input to the console when its parser throws: not here. */
function quietly<T>(ask: (library: UcumValidator) => T): T | undefined {
  ucum ??= slot.get()();
  const library = ucum;
  const log = console.log;
  console.log = () => undefined;
  try {
    return ask(library);
  } catch {
    return undefined;
  } finally {
    console.log = log;
  }
}
