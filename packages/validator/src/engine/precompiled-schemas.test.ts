import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ukCoreExamples } from '../__fixtures__/uk-core';
import { R4_MODEL } from '../generated/r4-model';
import {
  readPrecompiledSchemaFiles,
  writePrecompiledSchemaFiles,
} from '../node/internal/precompiled-schema-files';
import { invariantCompiler } from './compile-constraint';
import { ValidationEngine } from './engine';
import { schemaId } from './json-schemas';
import { precompileTypeSchemas } from './precompile-schemas';
import type { PrecompiledSchemas } from './precompiled-schemas';

const folder = mkdtempSync(join(tmpdir(), 'lhcr-precompiled-'));
const codeFile = join(folder, 'schemas.txt');
const indexFile = join(folder, 'schemas.index.json');
writePrecompiledSchemaFiles(precompileTypeSchemas(R4_MODEL), codeFile, indexFile);
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Every input of the spec cases, valid and invalid, and the UK Core examples. */
function corpus(): { name: string; input: unknown }[] {
  const cases = new URL('../__fixtures__/spec-cases/', import.meta.url);
  const out: { name: string; input: unknown }[] = [];
  for (const file of readdirSync(cases).filter((f) => f.endsWith('.json'))) {
    const list = JSON.parse(readFileSync(new URL(file, cases), 'utf8')) as {
      description: string;
      input?: unknown;
    }[];
    for (const c of list) {
      if (c.input !== undefined) out.push({ name: `${file}: ${c.description}`, input: c.input });
    }
  }
  for (const e of ukCoreExamples()) out.push({ name: e.file, input: e.resource });
  return out;
}

describe('precompiled schemas', () => {
  it('give the same issues as schemas compiled at run time, and compile nothing', () => {
    const compileInvariant = invariantCompiler(R4_MODEL);
    const files = readPrecompiledSchemaFiles(codeFile, indexFile);
    const asked = new Set<string>();
    const precompiled: PrecompiledSchemas = {
      code: (id) => {
        asked.add(id);
        return files.code(id);
      },
      require: (module) => files.require(module),
    };
    const compiling = new ValidationEngine(R4_MODEL, { compileInvariant });
    const ahead = new ValidationEngine(R4_MODEL, { compileInvariant }, { precompiled });
    const inputs = corpus();
    expect(inputs.length).toBeGreaterThan(400);
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const differing: string[] = [];
    let compiledAhead = 0;
    let withIssues = 0;
    try {
      for (const { name, input } of inputs) {
        const expected = compiling.validateDocument(input);
        const calls = compile.mock.calls.length;
        const actual = ahead.validateDocument(input);
        compiledAhead += compile.mock.calls.length - calls;
        if (JSON.stringify(actual) !== JSON.stringify(expected)) differing.push(name);
        if (expected.length > 0) withIssues++;
      }
    } finally {
      compile.mockRestore();
    }
    expect(differing).toEqual([]);
    expect(compiledAhead).toBe(0);
    expect(withIssues).toBeGreaterThan(200);
    expect(asked.has(schemaId('Patient'))).toBe(true);
    expect(asked.has(schemaId('Patient.contact'))).toBe(true);
  });

  it('fall back to compiling when the files are missing', () => {
    const missing = readPrecompiledSchemaFiles(join(folder, 'none.txt'), join(folder, 'none.json'));
    expect(missing.code(schemaId('Patient'))).toBeUndefined();
    const engine = new ValidationEngine(
      R4_MODEL,
      { compileInvariant: invariantCompiler(R4_MODEL) },
      { precompiled: missing },
    );
    expect(engine.validateDocument({ resourceType: 'Patient', gender: 'F' })).toContainEqual(
      expect.objectContaining({ severity: 'error', pointer: '/gender' }),
    );
  });

  it('let the code load only ajv run-time helpers', () => {
    const files = readPrecompiledSchemaFiles(codeFile, indexFile);
    expect(typeof files.require('ajv/dist/runtime/equal')).toBe('object');
    expect(() => files.require('node:child_process')).toThrow(/may not load node:child_process/);
  });
});
