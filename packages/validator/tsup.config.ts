import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Options } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';

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

export default defineConfig([
  // Splitting for CJS too, so `./node` and `.` share one copy of the error classes (instanceof
  // works). The browser build is written at the same time, so it is kept from the clean.
  lhcrPackage(
    { index: 'src/index.ts', node: 'src/node.ts' },
    {
      splitting: true,
      clean: ['!browser.js', '!browser.js.map'],
      esbuildPlugins: [generatedTablesAsFiles('dist')],
    },
  ),
  // `.` for bundlers targeting browsers (the `browser` condition): the tables are inlined and
  // `fhirpath` is bundled. Its API is the main entry point's, so it shares its declarations.
  lhcrPackage({ browser: 'src/browser.ts' }, { format: ['esm'], dts: false, clean: false }),
]);
