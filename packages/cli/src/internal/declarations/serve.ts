import type { Command } from 'commander';
import type { ServeOptions } from '../../commands/serve/serve';
import type { Dispatch } from '../command-context';

/** Collects a repeated option's values (kept here so declaring commands loads no command body). */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Declares `lhcr serve`; its body is imported from `src/commands/serve/serve.ts` when it runs.
 *
 * @example
 * ```ts
 * declareServe(program, dispatch);
 * ```
 */
export function declareServe(program: Command, dispatch: Dispatch): void {
  program
    .command('serve')
    .summary('run the reference region: a FHIR server for the blueprint, on loopback')
    .description(
      'Run the reference region (@lhcr/reference-server): a FHIR R4 server for ' +
        '@lhcr/blueprint-core on SQLite, with a signed-JWT token endpoint, opt-outs, restricted ' +
        'data, audit and Bulk Data export. It listens on loopback only unless --host says ' +
        'otherwise, prints its URL and a synthetic test client generated at start (never a token), ' +
        'and stops cleanly on Ctrl+C (SIGINT) or SIGTERM. --defect switches on seeded defects for ' +
        'testing conformance tests; never use them for anything else.',
    )
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite database file (default: in memory, gone when the server stops)')
    .option('--seed', "load the blueprint's fixtures and their national opt-out register")
    .option(
      '--defect <id>',
      'switch on a seeded defect (repeatable; --list-defects shows them)',
      collect,
    )
    .option(
      '--list-defects',
      'print the seeded defects and the requirements each breaks, then exit',
    )
    .option(
      '--key-file <file>',
      "where to write the test client's private key (PEM, mode 0600); default a temporary file removed on stop",
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr serve --seed',
        '  $ lhcr serve --port 8081 --db region.db --seed',
        '  $ lhcr serve --seed --defect ignore-dissent --defect no-audit',
        '',
        'UK Core is looked for in LHCR_FHIR_PACKAGES and ~/.fhir/packages.',
      ].join('\n'),
    )
    .action((options: ServeOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runServe } = await import('../../commands/serve/serve');
        return runServe(options, context);
      }),
    );
}
