import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelInvariants } from '../src/engine/model-invariants';
import { compileInvariant, invariantKey } from '../src/fhirpath/compile-invariant';
import { createFhirPathModel } from '../src/fhirpath/fhirpath-model';
import { R4_INVARIANTS } from '../src/generated/r4-invariants';
import { R4_MODEL } from '../src/generated/r4-model';
import {
  FHIRPATH_TABLES_FILE,
  GENERATED_FILE,
  INVARIANTS_FILE,
  buildR4Model,
  fhirpathTableData,
  renderFhirpathTables,
  precompileR4Invariants,
  renderR4Invariants,
  renderR4Model,
} from './generate-r4-model';

describe('the generated R4 model and invariants', { timeout: 120_000 }, () => {
  const model = buildR4Model();

  it('are up to date with the generator, the FHIR R4 definitions and the fhirpath package (run npm run generate)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === renderR4Model(model)).toBe(true);
    expect(
      readFileSync(INVARIANTS_FILE, 'utf8') === renderR4Invariants(precompileR4Invariants(model)),
    ).toBe(true);
    expect(
      readFileSync(FHIRPATH_TABLES_FILE, 'utf8') === renderFhirpathTables(fhirpathTableData()),
    ).toBe(true);
  });

  it('hold every R4 invariant the compiler handles, and only those', () => {
    const fhirPathModel = createFhirPathModel(R4_MODEL);
    const pairs = modelInvariants(R4_MODEL);
    const compiled = pairs.filter(
      ([expression, context]) =>
        compileInvariant(expression, context, fhirPathModel).kind === 'compiled',
    );
    expect(pairs.length).toBeGreaterThan(200);
    expect(Object.keys(R4_INVARIANTS)).toHaveLength(compiled.length);
    expect(compiled.length).toBeGreaterThanOrEqual(pairs.length - 2);
  });

  it('give the same answers as invariants compiled at run time', () => {
    const ahead = createFhirPathModel(R4_MODEL);
    const now = createFhirPathModel(R4_MODEL);
    const cases: [string, string, unknown, boolean][] = [
      ['Period', 'start', { start: '2024-01-02', end: '2024-01-01' }, false],
      ['Period', 'start', { start: '2024-01-01', end: '2024-01-02' }, true],
      ['Quantity', 'code', { code: 'mg' }, false],
      ['Quantity', 'code', { code: 'mg', system: 'http://unitsofmeasure.org' }, true],
    ];
    for (const [context, mentions, node, holds] of cases) {
      const [expression] =
        modelInvariants(R4_MODEL).find(
          ([text, type]) =>
            type === context &&
            text.includes(mentions) &&
            R4_INVARIANTS[invariantKey(type, text)] !== undefined,
        ) ?? [];
      if (expression === undefined) throw new Error(`no ${context} invariant on ${mentions}`);
      const env = { resource: {}, rootResource: {} };
      const precompiled = compileInvariant(expression, context, ahead, R4_INVARIANTS);
      const fresh = compileInvariant(expression, context, now);
      expect(precompiled.source).toBe(fresh.source);
      expect([precompiled.evaluate(node, env), fresh.evaluate(node, env)]).toEqual([holds, holds]);
    }
  });
});
