/**
 * Example Region extends the national core blueprint with a local requirement and a profile
 * constraint: compose the region's blueprint, build its docs site, and run the conformance suite
 * with it against the bundled reference region serving it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeBlueprint } from './compose-blueprint';
import { useFhirPackages } from './fhir-packages';

const here = fileURLToPath(new URL('..', import.meta.url));

/** Runs an `lhcr` command line (installed with @lhcr/cli) in this folder; returns its exit code. */
function lhcr(commandLine: string): number {
  const manifest = createRequire(import.meta.url).resolve('@lhcr/cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { lhcr: string } };
  console.log(`\n$ lhcr ${commandLine}`);
  const args = [join(dirname(manifest), bin.lhcr), ...commandLine.split(' ')];
  return spawnSync(process.execPath, args, { cwd: here, stdio: 'inherit' }).status ?? 3;
}

const missing = useFhirPackages();
if (missing !== undefined) {
  console.error(missing);
  process.exit(2);
}

const composed = composeBlueprint(join(here, 'region'), join(here, 'dist/blueprint'));
console.log(
  `Composed dist/blueprint from region/ and ${composed.extends.title} ${composed.extends.version}`,
);
for (const { profile, replaces } of composed.replaced) {
  console.log(`  ${profile} takes the place of ${replaces}`);
}

const docs = lhcr('docs build dist/blueprint -o dist/site --since @lhcr/blueprint-core');
if (docs !== 0) process.exit(docs);
process.exitCode = lhcr(
  'conformance run --blueprint ./dist/blueprint --report console,json,junit,html --out dist/conformance-report',
);
