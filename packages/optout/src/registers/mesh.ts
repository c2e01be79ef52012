import type { NhsNumber } from '@lhcr/models';
import type { VocabularyResult } from '../vocabulary';

/**
 * One line of a request file for the Check for National Data Opt-outs service: the ten digits,
 * a comma and LF (never CRLF).
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * meshRequestLine(assertNhsNumber('943 476 5919')); // '9434765919,\n'
 * ```
 */
export function meshRequestLine(nhsNumber: NhsNumber): string {
  return `${nhsNumber},\n`;
}

/**
 * A whole request file for the Check for National Data Opt-outs service: one number per line,
 * each line ending `,` and LF, no header. Use a streaming writer (`writeMeshRequestFile` in
 * `@lhcr/optout/node`) for large cohorts.
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * formatMeshRequest([assertNhsNumber('9990000018'), assertNhsNumber('9990000026')]);
 * // '9990000018,\n9990000026,\n'
 * ```
 */
export function formatMeshRequest(numbers: Iterable<NhsNumber>): string {
  let text = '';
  for (const nhsNumber of numbers) text += meshRequestLine(nhsNumber);
  return text;
}

/**
 * The largest file the MESH user interface accepts, in bytes (100 MB); the MESH client and API
 * accept up to 20 GB.
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * if (bytes > MESH_UI_MAX_BYTES) console.warn('send this file with the MESH client, not the UI');
 * ```
 */
export const MESH_UI_MAX_BYTES = 100 * 1000 * 1000;

/**
 * The largest file the MESH client or API accepts, in bytes (20 GB).
 *
 * @example
 * ```ts
 * if (bytes > MESH_CLIENT_MAX_BYTES) console.error('split the cohort');
 * ```
 */
export const MESH_CLIENT_MAX_BYTES = 20 * 1000 * 1000 * 1000;

/**
 * What {@link meshRequestFileName} needs: the sending MESH mailbox id, the date the file is
 * produced (`YYYY-MM-DD`) and its sequence number within that month (1 to 9999).
 *
 * @example
 * ```ts
 * const input: MeshFileNameInput = { mailboxId: 'X26AB001', date: '2025-06-03', sequence: 1 };
 * ```
 */
export interface MeshFileNameInput {
  readonly mailboxId: string;
  readonly date: string;
  readonly sequence: number;
}

const MAILBOX = /^[A-Za-z0-9]{1,20}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The suggested name of a request file: `<mailbox id>-<DDMMYY>-<4-digit monthly sequence>.dat`.
 * The mailbox id may hold only letters and digits (a `:` anywhere in a MESH message's fields
 * stops the service answering).
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * meshRequestFileName({ mailboxId: 'X26AB001', date: '2025-06-03', sequence: 1 });
 * // { ok: true, value: 'X26AB001-030625-0001.dat' }
 * ```
 */
export function meshRequestFileName(input: MeshFileNameInput): VocabularyResult<string> {
  if (!MAILBOX.test(input.mailboxId)) {
    return { ok: false, message: 'the MESH mailbox id must be 1 to 20 letters and digits' };
  }
  const date = ISO_DATE.exec(input.date);
  if (!date) return { ok: false, message: 'the date must be written YYYY-MM-DD' };
  if (!Number.isInteger(input.sequence) || input.sequence < 1 || input.sequence > 9999) {
    return {
      ok: false,
      message: 'the monthly sequence number must be a whole number from 1 to 9999',
    };
  }
  const [, year, month, day] = date as unknown as [string, string, string, string];
  const sequence = String(input.sequence).padStart(4, '0');
  return { ok: true, value: `${input.mailboxId}-${day}${month}${year.slice(2)}-${sequence}.dat` };
}
