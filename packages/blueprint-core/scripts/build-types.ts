import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Publishes the generated profile types as declaration files: the committed module holds only
 * types, so it is a declaration file as it stands. It is copied once for ESM (`.d.ts`) and once
 * for CommonJS (`.d.cts`) consumers, whose resolution picks a file by its extension.
 */
const SOURCE = fileURLToPath(new URL('../src/generated/profile-types.ts', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

mkdirSync(DIST, { recursive: true });
for (const name of ['profile-types.d.ts', 'profile-types.d.cts']) {
  copyFileSync(SOURCE, `${DIST}${name}`);
}
process.stdout.write(`wrote ${DIST}profile-types.d.ts and .d.cts\n`);
