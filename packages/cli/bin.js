#!/usr/bin/env node
import { main } from './dist/index.js';

// A closed reader (`lhcr nhs-number --generate 10000 | head -1`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Pipes are asynchronous on macOS and Windows: wait until stdout and stderr have flushed
// everything written so far, then exit even if some library left a handle open.
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise((resolve) => (stream.writable ? stream.write('', resolve) : resolve())),
  ),
);
process.exit(code);
