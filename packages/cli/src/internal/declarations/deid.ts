import { Option } from 'commander';
import type { Command } from 'commander';
import type { DeidCommandOptions } from '../../commands/deid/deid';
import type { Dispatch } from '../command-context';

const REGISTER_HELP =
  'opt-out registers, each <file> or <kind>[@<as-of YYYY-MM-DD>]=<file>; kinds: ndop-cleared, ndop-checked, ' +
  'ndop-opted-out, ndop-csv, type1, consents (as for lhcr optout). Without registers every patient ' +
  'fails closed for secondary use and the extract is empty';

/**
 * Declares `lhcr deid`; its body is imported from `src/commands/deid/deid.ts` when it runs.
 *
 * @example
 * ```ts
 * declareDeid(program, dispatch);
 * ```
 */
export function declareDeid(program: Command, dispatch: Dispatch): void {
  program
    .command('deid')
    .summary('make an anonymised planning extract from FHIR NDJSON')
    .description(
      'Make a planning extract: opt-outs first (national data opt-out, Type 1), then keyed ' +
        'HMAC-SHA-256 pseudonyms, removal of direct identifiers and free text, generalisation ' +
        'of quasi-identifiers and suppression for k-anonymity, as the anonymisation policy says; ' +
        'then k-anonymity and l-diversity measured on the output. Streams in two passes. Exits ' +
        '1, and writes no output, when k or l is below the policy threshold, a line is not JSON ' +
        'or (with --validate) a resource is not valid FHIR; 2 for usage, key and policy errors.',
    )
    .argument(
      '<input...>',
      'FHIR Bulk Data NDJSON files (any resource types; Patient files are read first)',
    )
    .requiredOption(
      '--policy <file|blueprint>',
      'the anonymisation policy: a policy file (YAML or JSON), or a blueprint folder, manifest or package name (e.g. @lhcr/blueprint-core)',
    )
    .requiredOption('-o, --output <file>', 'where to write the extract (NDJSON)')
    .option(
      '--key-file <file>',
      'the pseudonymisation key: hex digits, base64:<...>, or raw bytes (at least 32); else env LHCR_DEID_KEY',
    )
    .option(
      '--project <name>',
      "domain separation: pseudonyms of one project cannot be linked to another's",
    )
    .option(
      '--extract-date <YYYY-MM-DD>',
      'the extract date: age bands and opt-out decisions (default today)',
    )
    .addOption(new Option('--register <spec...>', REGISTER_HELP).default([]))
    .option('--as-of <YYYY-MM-DD>', 'as-of date for registers given without one')
    .option('--ndop-complete', 'the ndop-opted-out list holds every opt-out')
    .option('--purpose <code>', 'purpose of use for the opt-out decision (default planning)')
    .option('--basis <code>', 'legal basis or exemption (default none)')
    .option(
      '--origin <origin>',
      'gp-practice, non-gp or unknown (default; treated like GP data for Type 1)',
    )
    .option(
      '--optout-policy <file>',
      "an opt-out policy file (default: the blueprint's opt-out policy, else the national default)",
    )
    .option(
      '--postcode-lookup <csv>',
      'postcode to LSOA lookup CSV (needed when the policy uses lsoa)',
    )
    .option(
      '--no-suppress',
      'do not suppress for k-anonymity; only measure (the run fails if k is too small)',
    )
    .option('--validate', 'check every output resource against base FHIR R4 (slower)')
    .option('--report <file>', 'also write the report as JSON to this file')
    .addOption(
      new Option('--format <format>', 'report format on stdout')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ openssl rand -hex 32 > deid.key && chmod 600 deid.key',
        '  $ lhcr deid Patient.ndjson Observation.ndjson --policy @lhcr/blueprint-core \\',
        '      --key-file deid.key --project icb-frailty-2025 \\',
        '      --register ndop-checked@2025-02-28=request.dat --register ndop-cleared@2025-02-28=response.dat \\',
        '      -o extract.ndjson',
        '  $ LHCR_DEID_KEY=$(cat deid.key) lhcr deid export.ndjson --policy planning-policy.yaml -o extract.ndjson --no-suppress',
      ].join('\n'),
    )
    .action((inputs: string[], options: DeidCommandOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runDeid } = await import('../../commands/deid/deid');
        return runDeid(inputs, options, context);
      }),
    );
}
