import { Option } from 'commander';
import type { Command } from 'commander';
import type { ConformanceRunOptions } from '../../commands/conformance/run';
import type { Dispatch } from '../command-context';

/** Collects a repeatable option, splitting comma-separated values. */
function collectList(value: string, previous: readonly string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
}

/**
 * Declares `lhcr conformance` and its subcommand `lhcr conformance run`; the body is imported
 * from `src/commands/conformance/run.ts` when it runs.
 *
 * @example
 * ```ts
 * declareConformance(program, dispatch);
 * ```
 */
export function declareConformance(program: Command, dispatch: Dispatch): void {
  const conformance = program
    .command('conformance')
    .summary('test a region against a blueprint')
    .description(
      "Test a region's FHIR server against a blueprint and write the evidence: console, JSON " +
        '(with a published schema), JUnit XML and a single-file HTML report.',
    );
  conformance
    .command('run')
    .summary('run the conformance suite (against the bundled reference region by default)')
    .description(
      "Run the blueprint's conformance suite against --target, or, without --target, against the " +
        'bundled reference region started on a free loopback port with the fixtures loaded. ' +
        'Progress goes to stderr; results, the summary and the report paths to stdout. Exits 0 ' +
        'when every MUST test passes, 1 when a MUST test fails or is not demonstrated, 2 on a ' +
        'usage or configuration error, 3 when the tester could not run a MUST test.',
    )
    .option(
      '--target <url>',
      'the FHIR base URL to test (env LHCR_TARGET); default: the bundled reference region',
    )
    .option(
      '--blueprint <id|path>',
      'the blueprint: a package name, folder or manifest (env LHCR_BLUEPRINT); default @lhcr/blueprint-core',
    )
    .option('--client-id <id>', 'the client id registered with the target (env LHCR_CLIENT_ID)')
    .option('--private-key <file>', "the client's private key, PEM (env LHCR_PRIVATE_KEY)")
    .option('--key-id <kid>', 'the kid of the registered public key (env LHCR_KEY_ID)')
    .addOption(
      new Option(
        '--algorithm <alg>',
        'the client assertion algorithm (default RS384 for RSA keys, ES384 for EC keys)',
      ).choices(['RS384', 'RS512', 'ES384']),
    )
    .option(
      '--token-url <url>',
      'the token endpoint (env LHCR_TOKEN_URL); default: discovered from the server',
    )
    .option(
      '--scope <scopes>',
      "scopes to ask for (repeatable or comma-separated; env LHCR_SCOPE); default: the blueprint's",
      collectList,
    )
    .addOption(
      new Option(
        '--fixtures <mode>',
        'load the fixtures (transaction), or they are preloaded, or none (default: load with --target, preloaded without)',
      ).choices(['load', 'preloaded', 'none']),
    )
    .option(
      '--only <ids>',
      'run only these tests, groups or requirement ids (* patterns allowed; repeatable or comma-separated)',
      collectList,
    )
    .option(
      '--skip <ids>',
      'leave out these tests, groups or requirement ids (repeatable or comma-separated)',
      collectList,
    )
    .option('--concurrency <n>', 'tests run at once, 1 to 64', '4')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '10000')
    .option(
      '--report <formats>',
      'reports to write: console, json, junit, html (comma-separated)',
      'console,json,junit,html',
    )
    .option('--out <dir>', 'the folder the reports are written to', 'conformance-report')
    .option(
      '--include-bodies',
      'keep patient data (bodies and search values) in the reports; credentials are always redacted',
    )
    .option(
      '--defect <id>',
      'without --target: start the bundled region with this seeded defect (repeatable), to see the suite catch it',
      collectList,
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr conformance run',
        '  $ lhcr conformance run --target https://region.example.org/fhir --client-id tester \\',
        '      --private-key keys/tester.pem --key-id tester-2026 --fixtures preloaded --out reports',
        '  $ lhcr conformance run --only security,opt-outs --report console,junit',
        '  $ lhcr conformance run --defect ignore-dissent',
        '',
        'Outcomes: pass; fail; not demonstrated (skip: data or a precondition missing); not applicable',
        '(omit: optional and not declared); error (the tester could not run the test).',
        'UK Core is found through LHCR_FHIR_PACKAGES (folders, path-separated) or ~/.fhir/packages.',
      ].join('\n'),
    )
    .action((options: ConformanceRunOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runConformanceCommand } = await import('../../commands/conformance/run');
        return runConformanceCommand(options, context);
      }),
    );
}
