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
    const text = this.rest === '' ? chunk : this.rest + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      onLine(this.line(text, start, end));
      start = end + 1;
    }
    this.rest = start === 0 ? text : text.slice(start);
    if (this.rest.length > this.maxLineChars) this.tooLong();
  }

  /** Calls `onLine` for the last line, when the input did not end with a line break. */
  end(onLine: (line: Line) => void): void {
    if (this.rest === '') return;
    const text = this.rest;
    this.rest = '';
    onLine(this.line(text, 0, text.length));
  }

  private line(text: string, start: number, end: number): Line {
    this.lineNumber += 1;
    if (end - start > this.maxLineChars) this.tooLong();
    const crlf = end > start && text.charCodeAt(end - 1) === 13;
    return { text: text.slice(start, crlf ? end - 1 : end), number: this.lineNumber };
  }

  private tooLong(): never {
    throw new DeidError(
      'limit',
      `${this.source}: line ${String(this.lineNumber + 1)} is longer than ${String(this.maxLineChars)} characters`,
    );
  }
}
