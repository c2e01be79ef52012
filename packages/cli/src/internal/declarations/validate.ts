import { Option } from 'commander';
import type { Command } from 'commander';
import type { ValidateCommandOptions } from '../../commands/validate';
import type { Dispatch } from '../command-context';

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Declares `lhcr validate`; its body is imported from `src/commands/validate.ts` when it runs.
 *
 * @example
 * ```ts
 * declareValidate(program, dispatch);
 * ```
 */
export function declareValidate(program: Command, dispatch: Dispatch): void {
  program
    .command('validate')
    .summary('validate FHIR R4 resources, against base R4 and profiles')
    .description(
      'Validate FHIR R4 JSON resources (files, folders of .json and .ndjson files, or - for ' +
        'standard input) against base R4, the profiles they claim in meta.profile, and any ' +
        '--profile given, with the definitions of the FHIR packages given by --package. ' +
        'Exits 0 when every resource is valid, 1 when any is invalid, 2 on a usage or I/O error.',
    )
    .argument('<inputs...>', 'files, folders (searched for .json and .ndjson files) or - for stdin')
    .option(
      '--package <source>',
      'a FHIR package: a .tgz, a package folder, or id#version from the FHIR package cache (repeatable)',
      collect,
    )
    .option(
      '--profile <url>',
      'validate every top-level resource against this profile too (repeatable)',
      collect,
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option(
      '--must-support',
      'also list absent must-support elements of the profiles (information)',
    )
    .option('--ndjson', 'read standard input as NDJSON (one resource per line)')
    .option(
      '--tx <url>',
      'a FHIR terminology server (such as the NHS England one) to check SNOMED CT, dm+d and value sets that do not expand locally (LHCR_TX_SERVER)',
    )
    .option('--no-unverified-codes', 'leave out the notes on SNOMED CT and dm+d codes not checked')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr validate patient.json',
        '  $ lhcr validate --package fhir.r4.ukcore.stu2#2.0.0 examples/',
        '  $ lhcr validate --format json export/Observation.ndjson > report.json',
        '  $ cat patient.json | lhcr validate -',
        '',
        'FHIR packages are looked for in LHCR_FHIR_PACKAGES (folders, path-separated) and ~/.fhir/packages.',
      ].join('\n'),
    )
    .action((inputs: string[], options: ValidateCommandOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runValidate } = await import('../../commands/validate');
        return runValidate(inputs, options, context);
      }),
    );
}
