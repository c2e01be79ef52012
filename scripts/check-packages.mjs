// Checks every publishable workspace package as consumers will install it:
// publint (package.json and exports) and Are the Types Wrong (types for ESM and CJS resolution).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const publishable = [
  ...readdirSync(packagesDir).map((name) => join(packagesDir, name)),
  join(root, 'conformance'),
].filter((dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true;
  } catch {
    return false;
  }
});

let failed = 0;
/** Export subpaths that are data (JSON Schemas, a blueprint manifest), not modules: attw skips them. */
function dataEntrypoints(dir) {
  const exports = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports ?? {};
  return Object.entries(exports)
    .filter(
      ([key, target]) =>
        key !== './package.json' && typeof target === 'string' && !/\.(c|m)?js$/.test(target),
    )
    .map(([key]) => key);
}

for (const dir of publishable) {
  const excluded = dataEntrypoints(dir);
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    [
      'attw',
      [
        '--pack',
        dir,
        '--format',
        'table-flipped',
        ...(excluded.length > 0 ? ['--exclude-entrypoints', ...excluded] : []),
      ],
    ],
  ]) {
    const run = spawnSync('npx', ['--no-install', tool, ...args], { stdio: 'inherit', cwd: root });
    if (run.status !== 0) {
      failed += 1;
      process.stderr.write(`check-packages: ${tool} failed for ${dir}\n`);
    }
  }
}
process.stdout.write(`check-packages: ${publishable.length} packages, ${failed} failures\n`);
process.exitCode = failed === 0 ? 0 : 1;
