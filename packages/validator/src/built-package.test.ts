import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { R4_FHIRPATH_TABLES } from './generated/r4-fhirpath-tables';
import { R4_INVARIANTS } from './generated/r4-invariants';
import { R4_MODEL } from './generated/r4-model';
import { createValidator } from './index';
import { indexR4Bundles } from './node/internal/r4-bundle-index';
import { R4_DEFINITION_BUNDLES } from './node/r4-core-definitions';
import { r4CoreDefinitionsFolder } from './node/r4-core-package';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file: string): string => join(packageDir, 'dist', file);

const SAMPLE = {
  resourceType: 'Patient',
  gender: 'unknown-gender',
  birthDate: '2020-02-30',
  name: [{ family: 'Smith', given: [''] }],
};

/** A differential profile with an invariant (p-1) and a tightened cardinality. */
const PROFILE = {
  resourceType: 'StructureDefinition',
  url: 'http://example.org/StructureDefinition/p',
  name: 'P',
  status: 'active',
  kind: 'resource',
  abstract: false,
  type: 'Patient',
  baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
  derivation: 'constraint',
  differential: {
    element: [
      {
        id: 'Patient',
        path: 'Patient',
        constraint: [
          { key: 'p-1', severity: 'error', human: 'a name', expression: 'name.exists()' },
        ],
      },
      { id: 'Patient.gender', path: 'Patient.gender', min: 1 },
    ],
  },
};

interface Built {
  createValidator: typeof createValidator;
}

const issuesOf = (built: Built): unknown =>
  built
    .createValidator()
    .validate(SAMPLE)
    .issues.map(({ severity, expression, code }) => ({
      severity,
      expression,
      code,
    }));

describe('the built package', () => {
  beforeAll(() => {
    for (const file of [
      'index.js',
      'index.cjs',
      'browser.js',
      'r4-model.json',
      'r4-schemas.txt',
      'r4-schemas.index.json',
      'r4-bundles.index.json',
    ]) {
      if (!existsSync(dist(file))) {
        throw new Error(
          `packages/validator/dist/${file} is missing; build first: npx turbo run build --filter=@lhcr/validator`,
        );
      }
    }
  });

  it('reads the same R4 tables on Node as the source embeds', () => {
    expect(JSON.parse(readFileSync(dist('r4-model.json'), 'utf8'))).toEqual(R4_MODEL);
    expect(JSON.parse(readFileSync(dist('r4-invariants.json'), 'utf8'))).toEqual(R4_INVARIANTS);
    expect(JSON.parse(readFileSync(dist('r4-fhirpath-tables.json'), 'utf8'))).toEqual(
      R4_FHIRPATH_TABLES,
    );
  });

  it('indexes the installed hl7.fhir.r4.core bundles, every one the definitions read', () => {
    const files = [...new Set(Object.values(R4_DEFINITION_BUNDLES).flat())];
    expect(JSON.parse(readFileSync(dist('r4-bundles.index.json'), 'utf8'))).toEqual(
      indexR4Bundles(r4CoreDefinitionsFolder(), files),
    );
  });

  it('validates alike from the ESM, CommonJS and browser builds and from source', async () => {
    const expected = issuesOf({ createValidator });
    expect(expected).not.toEqual([]);
    const esm = (await import(pathToFileURL(dist('index.js')).href)) as Built;
    const cjs = createRequire(import.meta.url)(dist('index.cjs')) as Built;
    const browser = (await import(pathToFileURL(dist('browser.js')).href)) as Built;
    for (const built of [esm, cjs, browser]) expect(issuesOf(built)).toEqual(expected);
    // Loading three builds of a 3 MB bundle takes seconds on a busy machine.
  }, 30_000);

  it('keeps the browser build free of Node modules and of the JSON table files', () => {
    const source = readFileSync(dist('browser.js'), 'utf8');
    expect(source).not.toMatch(/from ['"](node:)?(fs|module|path|url)['"]/);
    expect(source).not.toContain('r4-model.json');
    expect(source).not.toContain('r4-schemas.txt');
  });

  it('runs profile schemas and invariants kept by an earlier process, without the fhirpath package', () => {
    const folder = mkdtempSync(join(tmpdir(), 'lhcr-built-cache-'));
    const script = `
      import { createRequire } from 'node:module';
      const { Ajv } = createRequire(import.meta.url)('ajv');
      let compiled = 0;
      const compile = Ajv.prototype.compile;
      Ajv.prototype.compile = function (...args) { compiled++; return compile.apply(this, args); };
      const { createValidator } = await import(${JSON.stringify(pathToFileURL(dist('index.js')).href)});
      const { r4CoreDefinitions, compiledCodeCache } = await import(${JSON.stringify(pathToFileURL(dist('node.js')).href)});
      const r4 = r4CoreDefinitions();
      const profile = ${JSON.stringify(PROFILE)};
      const validator = createValidator({
        compiledCode: compiledCodeCache(process.argv[1]),
        definitions: {
          structureDefinition: (url) => (url === profile.url ? profile : r4.structureDefinition(url)),
          valueSet: r4.valueSet, codeSystem: r4.codeSystem } });
      const result = validator.validate({ resourceType: 'Patient' }, { profiles: [profile.url] });
      const fhirpath = Object.keys(createRequire(import.meta.url).cache)
        .some((file) => /fhirpath[\\/]src[\\/]fhirpath\\.js$/.test(file));
      console.log(JSON.stringify({ compiled, fhirpath,
        failed: result.issues.filter((i) => i.severity === 'error').map((i) => i.diagnostics.slice(0, 40)) }));
    `;
    const run = (): unknown => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, folder], {
        cwd: packageDir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return child.stderr === '' ? JSON.parse(child.stdout) : child.stderr;
    };
    try {
      const failed = [
        expect.stringContaining('minimum required = 1') as string,
        expect.stringContaining('Constraint failed: p-1') as string,
      ];
      expect(run()).toEqual({ compiled: 1, fhirpath: true, failed });
      expect(run()).toEqual({ compiled: 0, fhirpath: false, failed });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);

  it('runs the R4 schemas precompiled at build time on Node, compiling none', () => {
    const index = JSON.parse(readFileSync(dist('r4-schemas.index.json'), 'utf8')) as object;
    expect(Object.keys(index)).toHaveLength(Object.keys(R4_MODEL.types).length);
    const reports: Record<string, unknown> = {};
    for (const entry of ['index.js', 'index.cjs']) {
      const script = `
        const { Ajv } = require('ajv');
        let compiled = 0;
        const compile = Ajv.prototype.compile;
        Ajv.prototype.compile = function (...args) { compiled++; return compile.apply(this, args); };
        import(${JSON.stringify(pathToFileURL(dist(entry)).href)}).then(({ createValidator }) => {
          const result = createValidator().validate({ resourceType: 'Bundle', type: 'collection',
            entry: [{ fullUrl: 'urn:uuid:7f1b0c4e-0d7e-4b8a-9f0e-6c2d7a9e1b11', resource: {
              resourceType: 'Observation', status: 'final', code: { text: 'x' },
              valueQuantity: { value: 1, unit: 'mg' }, extension: [{ url: 'http://e.org/x', valueString: 's' }] } }] });
          console.log(JSON.stringify({ compiled, issues: result.issues.length }));
        });
      `;
      const run = spawnSync(process.execPath, ['-e', script], {
        cwd: packageDir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      reports[entry] = run.stderr === '' ? JSON.parse(run.stdout) : run.stderr;
    }
    const expected = { compiled: 0, issues: expect.any(Number) as number };
    expect(reports).toEqual({ 'index.js': expected, 'index.cjs': expected });
  }, 30_000);

  it('loads the fhirpath package (API and R4 model) on Node only when an expression needs it', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { createValidator } = await import(${JSON.stringify(pathToFileURL(dist('index.js')).href)});
      const { r4CoreDefinitions } = await import(${JSON.stringify(pathToFileURL(dist('node.js')).href)});
      const r4 = r4CoreDefinitions();
      const loaded = () => Object.keys(createRequire(import.meta.url).cache)
        .some((file) => /fhirpath[\\/](src[\\/]fhirpath|fhir-context[\\/]r4[\\/]index)\\.js$/.test(file));
      const validator = createValidator();
      validator.validate({ resourceType: 'Patient', gender: 'female' });
      const afterBase = loaded();
      const profile = ${JSON.stringify(PROFILE)};
      const withProfile = createValidator({ definitions: {
        structureDefinition: (url) => (url === profile.url ? profile : r4.structureDefinition(url)),
        valueSet: r4.valueSet, codeSystem: r4.codeSystem } });
      const result = withProfile.validate({ resourceType: 'Patient' }, { profiles: [profile.url] });
      console.log(JSON.stringify({ afterBase, afterProfile: loaded(),
        keys: result.issues.map((issue) => issue.diagnostics ?? '') }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      afterBase: boolean;
      afterProfile: boolean;
      keys: string[];
    };
    expect(report.afterBase).toBe(false);
    expect(report.afterProfile).toBe(true);
    expect(report.keys.some((text) => text.includes('p-1'))).toBe(true);
  }, 30_000);

  it("loads ajv's compiler on Node only when a schema is compiled, from ESM and CommonJS", () => {
    // Run by `node -e`, which defines a global __filename ('[eval]') the ESM build must not use.
    const reports: Record<string, unknown> = {};
    for (const entry of ['index.js', 'index.cjs']) {
      const script = `
        const loaded = () => Object.keys(require.cache)
          .some((file) => /ajv[\\/]dist[\\/](ajv|core)\\.js$/.test(file));
        Promise.all([
          import(${JSON.stringify(pathToFileURL(dist(entry)).href)}),
          import(${JSON.stringify(pathToFileURL(dist(entry.replace('index', 'node'))).href)}),
        ]).then(([{ createValidator }, { r4CoreDefinitions }]) => {
          const validator = createValidator();
          validator.validate({ resourceType: 'Patient', gender: 'female', name: [{ family: 'x' }] });
          const afterBase = loaded();
          const r4 = r4CoreDefinitions();
          const profile = ${JSON.stringify(PROFILE)};
          const withProfile = createValidator({ definitions: {
            structureDefinition: (url) => (url === profile.url ? profile : r4.structureDefinition(url)),
            valueSet: r4.valueSet, codeSystem: r4.codeSystem } });
          withProfile.validate({ resourceType: 'Patient' }, { profiles: [profile.url] });
          console.log(JSON.stringify({ afterBase, afterProfile: loaded() }));
        });
      `;
      const run = spawnSync(process.execPath, ['-e', script], {
        cwd: packageDir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      reports[entry] = run.stderr === '' ? JSON.parse(run.stdout) : run.stderr;
    }
    const expected = { afterBase: false, afterProfile: true };
    expect(reports).toEqual({ 'index.js': expected, 'index.cjs': expected });
  }, 30_000);
});
