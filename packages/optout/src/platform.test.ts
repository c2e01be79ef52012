import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'node' || name === '__fixtures__' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.includes('.test') ? [path] : [];
  });
}

describe('the platform-neutral entry point', () => {
  it('imports no Node built-ins and uses no Node globals outside src/node', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      if (
        /from '(node:|fs|path|stream|crypto|os|url|buffer)/.test(text) ||
        /\b(Buffer|process|require)\b\s*[.(]/.test(text)
      ) {
        offenders.push(relative(src, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never imports the Node entry point from the core', () => {
    const offenders = sourceFiles(src).filter(
      (file) =>
        readFileSync(file, 'utf8').includes("from '../node") ||
        readFileSync(file, 'utf8').includes("from './node"),
    );
    expect(offenders).toEqual([]);
  });
});
