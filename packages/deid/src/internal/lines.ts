import { DeidError } from '../errors';

/** One line of text input: its text without the terminator and its 1-based number. */
export interface Line {
  readonly text: string;
  readonly number: number;
}

/**
 * Splits text arriving in chunks into lines (LF or CRLF), keeping line numbers. A line longer
 * than `maxLineChars` throws a `DeidError` with code `limit`, so that input without line breaks
 * cannot exhaust memory.
 */
export class LineSplitter {
  private rest = '';
  private lineNumber = 0;

  constructor(
    private readonly maxLineChars: number,
    private readonly source: string,
  ) {}

  /** Calls `onLine` for each line completed by `chunk`. */
  push(chunk: string, onLine: (line: Line) => void): void {
    const parts = (this.rest === '' ? chunk : this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const part of parts) onLine(this.line(part));
    if (this.rest.length > this.maxLineChars) this.tooLong();
  }

  /** Calls `onLine` for the last line, when the input did not end with a line break. */
  end(onLine: (line: Line) => void): void {
    if (this.rest === '') return;
    const text = this.rest;
    this.rest = '';
    onLine(this.line(text));
  }

  private line(text: string): Line {
    if (text.length > this.maxLineChars) this.tooLong();
    this.lineNumber += 1;
    return {
      text: text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text,
      number: this.lineNumber,
    };
  }

  private tooLong(): never {
    throw new DeidError(
      'limit',
      `${this.source}: line ${String(this.lineNumber + 1)} is longer than ${String(this.maxLineChars)} characters`,
    );
  }
}
