/**
 * Why a snapshot could not be generated. The list is closed: adding, removing or renaming a code
 * is a breaking change.
 *
 * @example
 * SNAPSHOT_ERROR_CODES.includes('missing-base'); // true
 */
export const SNAPSHOT_ERROR_CODES = [
  'not-found',
  'missing-base',
  'circular',
  'unsupported',
  'unknown-element',
  'ambiguous-type',
] as const;

/**
 * - `not-found`: no StructureDefinition is loaded for the URL;
 * - `missing-base`: neither a snapshot nor a baseDefinition to build one from;
 * - `circular`: the definition builds on itself;
 * - `unsupported`: a specialization without a snapshot;
 * - `unknown-element`: a differential element names an element the base does not have;
 * - `ambiguous-type`: a differential constrains children of an element with several types.
 *
 * @example
 * const code: SnapshotErrorCode = 'unknown-element';
 */
export type SnapshotErrorCode = (typeof SNAPSHOT_ERROR_CODES)[number];

/**
 * Thrown when a StructureDefinition's snapshot cannot be generated. The message names the
 * definition and the differential element at fault.
 *
 * @example
 * try {
 *   generator.snapshot(url);
 * } catch (error) {
 *   if (error instanceof SnapshotError) console.error(error.code, error.message);
 * }
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';

  constructor(
    readonly code: SnapshotErrorCode,
    message: string,
    /** The canonical URL of the definition whose snapshot failed. */
    readonly url: string,
  ) {
    super(message);
  }
}
