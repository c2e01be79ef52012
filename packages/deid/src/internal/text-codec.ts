/**
 * The WHATWG text codecs, present in Node and every browser but typed only by the DOM and Node
 * type libraries, which the platform-neutral core does not load.
 */
interface TextCodecs {
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (
    label: string,
    options: { readonly fatal: boolean },
  ) => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as TextCodecs;

/** UTF-8 bytes of a string. */
export function utf8Encoder(): { encode(text: string): Uint8Array } {
  return new codecs.TextEncoder();
}

/** The string of UTF-8 bytes, or `undefined` when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new codecs.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
