import { ChoiceForms } from '../runtime/navigation';
import type { ChoiceForm } from '../runtime/navigation';
import { FpDec } from '../runtime/values';

/**
 * The constants of compiled invariants as JSON, so that precompiled invariants can ship in the
 * package and start without the compiler. Each value is tagged with its kind; arrays, sets and
 * objects keep whether they were frozen, objects keep keys whose value is `undefined`.
 */
type Encoded =
  | { readonly p: string | number | boolean | null }
  | { readonly u: 1 }
  | { readonly re: readonly [string, string] }
  | { readonly dec: readonly [number, string] }
  | { readonly forms: readonly ChoiceForm[] }
  | { readonly arr: readonly Encoded[]; readonly f: boolean }
  | { readonly set: readonly Encoded[]; readonly f: boolean }
  | { readonly obj: Readonly<Record<string, Encoded>>; readonly f: boolean };

function encode(value: unknown): Encoded {
  if (value === undefined) return { u: 1 };
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return { p: value };
  }
  if (value instanceof RegExp) return { re: [value.source, value.flags] };
  if (value instanceof FpDec) return { dec: [value.value, value.text] };
  if (value instanceof ChoiceForms) {
    return {
      forms: value.forms.map((form) => ({
        json: form.json,
        nodePath: form.nodePath,
        dataType: form.dataType,
      })),
    };
  }
  const frozen = Object.isFrozen(value);
  if (Array.isArray(value)) return { arr: value.map(encode), f: frozen };
  if (value instanceof Set) return { set: [...(value as Set<unknown>)].map(encode), f: frozen };
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const obj: Record<string, Encoded> = {};
    for (const [key, item] of Object.entries(value)) obj[key] = encode(item);
    return { obj, f: frozen };
  }
  const kind = value.constructor.name;
  throw new TypeError(`a compiled invariant has a constant that cannot be encoded: a ${kind}`);
}

function decode(encoded: Encoded): unknown {
  if ('p' in encoded) return encoded.p;
  if ('u' in encoded) return undefined;
  if ('re' in encoded) return new RegExp(encoded.re[0], encoded.re[1]);
  if ('dec' in encoded) return new FpDec(encoded.dec[0], encoded.dec[1]);
  if ('forms' in encoded) return new ChoiceForms(encoded.forms.map((form) => ({ ...form })));
  const freeze = <T extends object>(value: T): T => (encoded.f ? Object.freeze(value) : value);
  if ('arr' in encoded) return freeze(encoded.arr.map(decode));
  if ('set' in encoded) return freeze(new Set(encoded.set.map(decode)));
  const obj: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(encoded.obj)) obj[key] = decode(item);
  return freeze(obj);
}

/**
 * The constants of a compiled invariant as a JSON string.
 *
 * @throws TypeError for a constant of a kind the codec does not know (a generator error).
 * @example
 * encodeConstants([Object.freeze([true])]); // '[{"arr":[{"p":true}],"f":true}]'
 */
export function encodeConstants(constants: readonly unknown[]): string {
  return JSON.stringify(constants.map(encode));
}

/**
 * The constants of a compiled invariant from {@link encodeConstants}'s JSON.
 *
 * @example
 * decodeConstants('[{"arr":[{"p":true}],"f":true}]'); // [[true]] (frozen)
 */
export function decodeConstants(json: string): unknown[] {
  return (JSON.parse(json) as Encoded[]).map(decode);
}
