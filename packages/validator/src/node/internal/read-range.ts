import { closeSync, openSync, readSync } from 'node:fs';

/**
 * `length` bytes of a file from byte `offset`, read without reading the rest; undefined when
 * the file is shorter. Throws as `openSync` does when the file cannot be opened.
 */
export function readRange(path: string | URL, offset: number, length: number): Buffer | undefined {
  const bytes = Buffer.allocUnsafe(length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, bytes, 0, length, offset) === length ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}
