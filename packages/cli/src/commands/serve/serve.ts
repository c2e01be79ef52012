import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as ReferenceServerModule from '@lhcr/reference-server';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';

/**
 * The options of `lhcr serve`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: ServeOptions = { port: '8080', host: '127.0.0.1', seed: true, defect: ['no-audit'] };
 * ```
 */
export interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly db?: string;
  readonly seed?: boolean;
  readonly defect?: readonly string[];
  readonly listDefects?: boolean;
  readonly keyFile?: string;
}

/**
 * Loads `@lhcr/reference-server` when the command runs. The package is private to the lhcr
 * repository (the published CLI does not depend on it), so it is imported by a name the bundler
 * leaves alone, and its absence is a configuration error, not a crash.
 *
 * @example
 * ```ts
 * const module = await loadReferenceServer();
 * if (module === undefined) console.error('not installed');
 * ```
 */
export async function loadReferenceServer(): Promise<typeof ReferenceServerModule | undefined> {
  const specifier = ['@lhcr', 'reference-server'].join('/');
  try {
    return (await import(specifier)) as typeof ReferenceServerModule;
  } catch {
    return undefined;
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveSignal(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * The body of `lhcr serve`: starts the reference region with `startReferenceServer`, prints its
 * URL and the synthetic test client (writing the private key to a 0600 file, never printing a
 * token), and stops cleanly on SIGINT or SIGTERM. Resolves to 0 after a clean stop, 2 for a bad
 * option, a port in use or a blueprint that cannot be loaded.
 *
 * @example
 * ```ts
 * // lhcr serve --port 0 --seed
 * await runServe({ port: '0', host: '127.0.0.1', seed: true }, context); // 0 once stopped
 * ```
 */
export async function runServe(options: ServeOptions, context: CommandContext): Promise<ExitCode> {
  const { io, colour } = context;
  const module = await loadReferenceServer();
  if (module === undefined) {
    io.stderr(
      'lhcr: lhcr serve needs @lhcr/reference-server, which is part of the lhcr repository and not published; run it from a clone (npm ci && npm run build)\n',
    );
    return EXIT.usage;
  }
  if (options.listDefects === true) {
    for (const defect of module.REFERENCE_SERVER_DEFECTS) {
      io.stdout(`${defect.id}\t${defect.breaks.join(',')}\t${defect.description}\n`);
    }
    return EXIT.ok;
  }
  if (!/^\d{1,5}$/.test(options.port) || Number(options.port) > 65_535) {
    return context.usageError(
      `--port must be a whole number from 0 to 65535; found ${JSON.stringify(options.port)}`,
    );
  }
  const defects = module.parseDefectIds(options.defect ?? []);
  if (!defects.ok) return context.usageError(`--defect: ${defects.message}`);

  let server: ReferenceServerModule.ReferenceServer;
  try {
    server = await module.startReferenceServer({
      port: Number(options.port),
      host: options.host,
      ...(options.db === undefined ? {} : { dbPath: resolve(options.db) }),
      seed: options.seed === true,
      defects: defects.value,
      logger: (level, message) => {
        context.log(level, message);
      },
    });
  } catch (error) {
    if (error instanceof module.ReferenceServerError && error.code !== 'internal') {
      io.stderr(`lhcr: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }

  const temporary =
    options.keyFile === undefined ? mkdtempSync(join(tmpdir(), 'lhcr-serve-')) : undefined;
  const keyFile =
    options.keyFile === undefined
      ? join(temporary as string, 'test-client.pem')
      : resolve(options.keyFile);
  try {
    writeFileSync(keyFile, server.testClient.privateKey, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  } catch (error) {
    await server.close();
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    io.stderr(
      `lhcr: cannot write the test client key to ${keyFile}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.usage;
  }

  const { testClient } = server;
  const lines = [
    `${colour.green('✓')} LHCR reference region for ${server.blueprint.title} ${server.blueprint.version}`,
    `  FHIR base     ${server.url}`,
    `  token URL     ${server.tokenUrl}`,
    `  test client   ${testClient.clientId} (${testClient.algorithm}, kid ${testClient.kid})`,
    `  private key   ${keyFile}`,
    `  scopes        ${testClient.scopes.join(' ')}`,
    `  purposes      ${testClient.purposes.join(' ')} (X-Purpose-Of-Use header and purpose_of_use claim)`,
    `  database      ${options.db === undefined ? 'in memory' : resolve(options.db)}${server.seeded === undefined ? '' : `, seeded with ${String(server.seeded.patients)} fixture patients`}`,
  ];
  if (server.defects.length > 0) {
    lines.push(`  ${colour.red(`SEEDED DEFECTS ON: ${server.defects.join(', ')}`)}`);
  }
  lines.push('Press Ctrl+C to stop.');
  io.stdout(`${lines.join('\n')}\n`);

  const signal = await waitForSignal();
  await server.close();
  if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
  context.log('info', `stopped (${signal})`);
  return EXIT.ok;
}
