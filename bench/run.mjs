// Runs every benchmark suite in ./suites (or those named on the command line) and prints a table
// per suite with the peer's figure and ours, measured in the same run on the same inputs.
import { readdirSync } from 'node:fs';
import { printTable } from './lib/measure.mjs';

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
