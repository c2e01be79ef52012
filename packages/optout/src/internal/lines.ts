import { OptOutError } from '../errors';

/** One line of text input: its text without the terminator, its 1-based number, and whether it ended with CRLF. */
export interface Line {
  readonly text: string;
  readonly number: number;
  readonly crlf: boolean;
}

/**
 * Splits text arriving in chunks into lines (LF or CRLF), keeping line numbers. A line longer
 * than `maxLineChars` throws an `OptOutError` with code `limit`, so that a file without line
 * breaks cannot exhaust memory.
 */
export class LineSplitter {
  private rest = '';
  private lineNumber = 0;

  constructor(
    private readonly maxLineChars: number,
    private readonly source: string,
  ) {}

  /** The lines completed by `chunk`. */
  push(chunk: string): Line[] {
    const lines: Line[] = [];
    let text = this.rest === '' ? chunk : this.rest + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      lines.push(this.line(text, start, end));
      start = end + 1;
    }
    text = start === 0 ? text : text.slice(start);
    if (text.length > this.maxLineChars) this.tooLong();
    this.rest = text;
    return lines;
  }

  /** The last line, when the input did not end with a line break. */
  end(): Line[] {
    if (this.rest === '') return [];
    const text = this.rest;
    this.rest = '';
    return [this.line(text, 0, text.length)];
  }

  private line(text: string, start: number, end: number): Line {
    this.lineNumber += 1;
    if (end - start > this.maxLineChars) this.tooLong();
    const crlf = end > start && text.charCodeAt(end - 1) === 13;
    return { text: text.slice(start, crlf ? end - 1 : end), number: this.lineNumber, crlf };
  }

  private tooLong(): never {
    throw new OptOutError(
      'limit',
      `${this.source}: line ${String(this.lineNumber + 1)} is longer than ${String(this.maxLineChars)} characters`,
    );
  }
}

/** All lines of a complete text. */
export function splitLines(text: string, maxLineChars: number, source: string): Line[] {
  const splitter = new LineSplitter(maxLineChars, source);
  return [...splitter.push(text), ...splitter.end()];
}
