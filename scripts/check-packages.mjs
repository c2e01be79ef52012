// Checks every publishable workspace package as consumers will install it:
// publint (package.json and exports) and Are the Types Wrong (types for ESM and CJS resolution).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const publishable = readdirSync(packagesDir)
  .map((name) => join(packagesDir, name))
  .filter((dir) => {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true;
    } catch {
      return false;
    }
  });

let failed = 0;
for (const dir of publishable) {
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
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
