declare const brand: unique symbol;

/**
 * A nominal ("branded") type: `T` plus a compile-time-only tag `B`, so that, say, an
 * `NhsNumber` cannot be passed where an `OdsCode` is expected, and a plain `string` cannot be
 * passed as either. The tag has no runtime existence; only the `parseX`/`assertX` functions of
 * `@lhcr/models` create branded values.
 *
 * @example
 * ```ts
 * type NhsNumber = Brand<string, 'NhsNumber'>;
 * const ok: NhsNumber = assertNhsNumber('9434765919');
 * // const bad: NhsNumber = '9434765919'; // type error
 * ```
 */
export type Brand<T, B extends string> = T & { readonly [brand]: B };
