import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { defineConfig } from 'tsup';
import type { Options } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';
import { setAjvLoader } from './src/engine/internal/ajv-package';
import { precompileTypeSchemas } from './src/engine/precompile-schemas';
import { R4_MODEL } from './src/generated/r4-model';
import { writePrecompiledSchemaFiles } from './src/node/internal/precompiled-schema-files';
import { indexR4Bundles } from './src/node/internal/r4-bundle-index';
import { R4_DEFINITION_BUNDLES } from './src/node/r4-core-definitions';
import { r4CoreDefinitionsFolder } from './src/node/r4-core-package';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const GENERATED_TABLE = /[\\/]src[\\/]generated[\\/]r4-[a-z-]+\.ts$/;
const TABLE_EXPORT = /^export const (\w+): \w+ = JSON\.parse\((".*")\) as \w+;$/m;

/**
 * For Node, each generated R4 table (`src/generated/*.ts`, one `JSON.parse` of a string literal)
 * is written beside the bundle as a JSON file and read at start-up instead: V8 scans a
 * megabyte-long string literal far more slowly than Node reads a file, and it was a sixth of a
 * cold `lhcr validate`.
 */
function generatedTablesAsFiles(outDir: string): Plugin {
  return {
    name: 'generated-tables-as-files',
    setup(build) {
      build.onLoad({ filter: GENERATED_TABLE }, (args) => {
        const match = TABLE_EXPORT.exec(readFileSync(args.path, 'utf8'));
        if (match === null) throw new Error(`${args.path}: expected one exported JSON.parse table`);
        const [, name, literal] = match as unknown as [string, string, string];
        const file = `${basename(args.path, '.ts')}.json`;
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, file), JSON.parse(literal) as string);
        return {
          loader: 'js',
          contents: [
            `import { readFileSync } from 'node:fs';`,
            `export const ${name} = JSON.parse(readFileSync(new URL('./${file}', import.meta.url), 'utf8'));`,
          ].join('\n'),
        };
      });
    },
  };
}

const PRECOMPILED_MODULE = /[\\/]src[\\/]engine[\\/]r4-precompiled\.ts$/;

/**
 * For Node, every R4 type's schema is compiled with ajv at build time, and its standalone code
 * written beside the bundle (`r4-schemas.txt`, indexed by `r4-schemas.index.json`): a process
 * then reads and runs the code of the types it meets instead of compiling their schemas, which
 * was most of a cold `lhcr validate`. The module that says where the code is replaces
 * `src/engine/r4-precompiled.ts`, which has none.
 */
function precompiledSchemasAsFiles(outDir: string): Plugin {
  let written = false;
  return {
    name: 'precompiled-schemas-as-files',
    setup(build) {
      build.onLoad({ filter: PRECOMPILED_MODULE }, (args) => {
        if (!written) {
          // The build is an entry point of its own: it compiles with ajv as imported here.
          setAjvLoader({ Ajv: () => Ajv, standaloneCode: () => standaloneCode });
          mkdirSync(outDir, { recursive: true });
          writePrecompiledSchemaFiles(
            precompileTypeSchemas(R4_MODEL),
            join(outDir, 'r4-schemas.txt'),
            join(outDir, 'r4-schemas.index.json'),
          );
          written = true;
        }
        return {
          loader: 'ts',
          resolveDir: dirname(args.path),
          contents: [
            `import { readPrecompiledSchemaFiles } from '../node/internal/precompiled-schema-files';`,
            `export const R4_PRECOMPILED = readPrecompiledSchemaFiles(`,
            `  new URL('./r4-schemas.txt', import.meta.url),`,
            `  new URL('./r4-schemas.index.json', import.meta.url),`,
            `);`,
          ].join('\n'),
        };
      });
    },
  };
}

const BUNDLE_INDEX_MODULE = /[\\/]src[\\/]node[\\/]r4-bundle-index-file\.ts$/;

/**
 * For Node, the hl7.fhir.r4.core bundle files are indexed at build time (where each resource
 * with a URL lies) and the index written beside the bundle (`r4-bundles.index.json`): a process
 * then reads only the resources it looks up, not whole bundles of megabytes. The module that
 * reads it replaces `src/node/r4-bundle-index-file.ts`, which has none.
 */
function r4BundleIndexAsFile(outDir: string): Plugin {
  let written = false;
  return {
    name: 'r4-bundle-index-as-file',
    setup(build) {
      build.onLoad({ filter: BUNDLE_INDEX_MODULE }, () => {
        if (!written) {
          const files = [...new Set(Object.values(R4_DEFINITION_BUNDLES).flat())];
          mkdirSync(outDir, { recursive: true });
          writeFileSync(
            join(outDir, 'r4-bundles.index.json'),
            JSON.stringify(indexR4Bundles(r4CoreDefinitionsFolder(), files)),
          );
          written = true;
        }
        return {
          loader: 'js',
          contents: [
            `import { readFileSync } from 'node:fs';`,
            `let index;`,
            `export function r4BundleIndex() {`,
            `  if (index === undefined) {`,
            `    try {`,
            `      index = JSON.parse(readFileSync(new URL('./r4-bundles.index.json', import.meta.url), 'utf8'));`,
            `    } catch {`,
            `      index = null;`,
            `    }`,
            `  }`,
            `  return index ?? undefined;`,
            `}`,
          ].join('\n'),
        };
      });
    },
  };
}

/**
 * A hash of the package's sources: the Node build names the folder of compiled code it keeps
 * with it, so code compiled by one build is never run by another.
 */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(join('src', file)));
  return hash.digest('hex').slice(0, 16);
}

export default defineConfig([
  // Splitting for CJS too, so `./node` and `.` share one copy of the error classes (instanceof
  // works). The browser build is written at the same time, so it is kept from the clean.
  lhcrPackage(
    { index: 'src/index.ts', node: 'src/node.ts' },
    {
      splitting: true,
      clean: ['!browser.js', '!browser.js.map'],
      esbuildPlugins: [
        generatedTablesAsFiles('dist'),
        precompiledSchemasAsFiles('dist'),
        r4BundleIndexAsFile('dist'),
      ],
      define: { __LHCR_VALIDATOR_BUILD__: JSON.stringify(sourceHash()) },
    },
  ),
  // `.` for bundlers targeting browsers (the `browser` condition): the tables are inlined and
  // `fhirpath` is bundled. Its API is the main entry point's, so it shares its declarations.
  lhcrPackage({ browser: 'src/browser.ts' }, { format: ['esm'], dts: false, clean: false }),
]);
