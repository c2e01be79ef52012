#!/usr/bin/env node
import module from 'node:module';

// On Node 22.1 and later, V8 keeps the compiled code of the modules between runs, which takes
// most of the parsing out of a cold start (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
module.enableCompileCache?.();
const { main } = await import('./dist/index.js');

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
