// Runs every benchmark suite in ./suites (or those named on the command line) and prints a table
// per suite with the peer's figure and ours, measured in the same run on the same inputs.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib/measure.mjs';

// UK Core (third-party, kept beside the repository) for the suites that need it.
const shared = fileURLToPath(new URL('../../shared/fhir-packages', import.meta.url));
if (process.env.LHCR_FHIR_PACKAGES === undefined && existsSync(shared)) {
  process.env.LHCR_FHIR_PACKAGES = shared;
}

const only = process.argv.slice(2);
const files = readdirSync(new URL('./suites/', import.meta.url))
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
  .sort();

process.stdout.write(`node ${process.version}, ${new Date().toISOString()}\n`);
for (const file of files) {
  const suite = await import(`./suites/${file}`);
  printTable(suite.title, await suite.run());
}
