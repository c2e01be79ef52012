import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUkCoreExamples } from './__fixtures__/uk-core-package';

// Every UK Core example, written out as an object literal checked with `satisfies` against the
// generated type of its resourceType, must compile; mutated copies must not. This checks the
// generated types against real-world records without copying the third-party examples here.

const GENERATED = resolve(import.meta.dirname, 'generated/fhir-r4.ts').replaceAll('\\', '/');
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lhcr-types-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function compile(literals: { name: string; json: unknown; type: string }[]): string[] {
  const file = join(workDir, `check-${String(Math.random()).slice(2)}.ts`);
  const body = literals
    .map((l) => `export const ${l.name} = ${JSON.stringify(l.json)} satisfies F.${l.type};`)
    .join('\n');
  writeFileSync(file, `import type * as F from '${GENERATED.replace(/\.ts$/, '')}';\n${body}\n`);
  const program = ts.createProgram([file], {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('generated FHIR R4 types against the UK Core examples', () => {
  const examples = readUkCoreExamples();

  it('finds all the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(215);
  });

  it('accepts every UK Core example as its resource type', () => {
    const errors = compile(
      examples.map((e, i) => ({
        name: `example${i}`,
        json: e.resource,
        type: e.resource.resourceType,
      })),
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('rejects a wrong resourceType, an unknown field and a wrong field type', () => {
    const patient = examples.find((e) => e.file.startsWith('UKCore-Patient-RichardSmith'));
    expect(patient).toBeDefined();
    const base = patient?.resource as Record<string, unknown>;
    const errors = compile([
      { name: 'wrongType', json: { ...base, resourceType: 'Practitioner' }, type: 'Patient' },
      { name: 'unknownField', json: { ...base, nickname: 'Rich' }, type: 'Patient' },
      { name: 'wrongFieldType', json: { ...base, birthDate: 19700301 }, type: 'Patient' },
      { name: 'wrongCode', json: { ...base, gender: 'M' }, type: 'Patient' },
      { name: 'singleForArray', json: { ...base, name: { family: 'Smith' } }, type: 'Patient' },
    ]);
    expect(errors).toHaveLength(5);
    expect(errors.join('\n')).toMatch(/"Practitioner"/);
    expect(errors.join('\n')).toMatch(/nickname/);
    expect(errors.join('\n')).toMatch(/number.*string|not assignable to type 'string'/s);
  }, 60_000);
});
