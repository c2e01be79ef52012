import { Option } from 'commander';
import type { Command } from 'commander';
import type { OptOutCheckOptions } from '../../commands/optout/check';
import type { OptOutFilterCommandOptions } from '../../commands/optout/filter';
import type { MeshRequestOptions } from '../../commands/optout/mesh-request';
import type { Dispatch } from '../command-context';

const REGISTER_HELP =
  'registers, each <file> or <kind>[@<as-of YYYY-MM-DD>]=<file>; kinds: ndop-cleared (the cleaned list the ' +
  'national check service returned), ndop-checked (the request sent), ndop-opted-out, ndop-csv ' +
  '(NHS number and status columns), type1 (GP record FHIR resources), consents (FHIR Consents). ' +
  "A bare file is read by its content; the as-of date defaults to the file's modification time";

/** Collects a repeated option's values (kept here so declaring commands loads no command body). */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options `check` and `filter` share: what is asked, the registers, the policy. */
function decisionOptions(command: Command): Command {
  return command
    .requiredOption(
      '--purpose <code>',
      'purpose of use: direct-care, emergency-care, research, planning, commissioning, invoice-validation, public-health, population-health, clinical-audit, or an HL7 v3 PurposeOfUse code (TREAT, HRESCH, ...)',
    )
    .option(
      '--basis <code>',
      'legal basis or exemption, e.g. explicit-consent, s251-standard-condition, s251-cag-exempt (default none)',
    )
    .option('--identifiability <level>', 'identifiable (default), pseudonymised or anonymised')
    .option(
      '--origin <origin>',
      'gp-practice, non-gp or unknown (default; treated like GP data for Type 1)',
    )
    .option('--date <YYYY-MM-DD>', 'the decision date (default today)')
    .addOption(new Option('--register <spec...>', REGISTER_HELP).default([]))
    .option('--as-of <YYYY-MM-DD>', 'as-of date for registers given without one')
    .option(
      '--ndop-complete',
      'the ndop-opted-out list holds every opt-out (other numbers have none)',
    )
    .option('--policy <file>', 'an opt-out policy (YAML or JSON) instead of the national default')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    );
}

/**
 * Declares `lhcr optout` and its subcommands `check`, `filter` and `mesh-request`; their bodies
 * are imported from `src/commands/optout/` when they run.
 *
 * @example
 * ```ts
 * declareOptOut(program, dispatch);
 * ```
 */
export function declareOptOut(program: Command, dispatch: Dispatch): void {
  const optout = program
    .command('optout')
    .summary('explained opt-out decisions, bulk filtering and national check requests')
    .description(
      'National data opt-out, Type 1 and local dissent decisions that say why; filters for FHIR ' +
        'Bulk Data NDJSON, Bundles and CSV; request files for the Check for National Data ' +
        'Opt-outs service.',
    );

  decisionOptions(
    optout
      .command('check')
      .summary('decide and explain for one NHS number')
      .description(
        'Decide whether data about one patient may be used for a purpose, and explain why: the ' +
          'deciding rule, the reasons and the registers consulted with their as-of dates. ' +
          'Exits 0 on permit, 1 on deny.',
      )
      .argument('<nhs-number>', 'the NHS number (spaces or dashes allowed)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr optout check 9434765919 --purpose research --basis s251-standard-condition \\',
        '      --register ndop-checked@2025-02-28=X26AB001-280225-0001.dat \\',
        '      --register ndop-cleared@2025-02-28=X26AB001-280225-0001-response.dat',
        '  $ lhcr optout check "943 476 5919" --purpose direct-care --register consents@2025-03-01=consents.ndjson --format json',
      ].join('\n'),
    )
    .action((nhsNumber: string, options: OptOutCheckOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runOptOutCheck } = await import('../../commands/optout/check');
        return runOptOutCheck(nhsNumber, options, context);
      }),
    );

  decisionOptions(
    optout
      .command('filter')
      .summary('filter NDJSON, a Bundle or CSV against the registers')
      .description(
        'Remove the records of patients whose data may not be used, streaming, with an audit ' +
          'summary (counts by deciding rule; no NHS numbers unless --audit-nhs-numbers). ' +
          'Optionally withhold restricted data listed in RF2 refset files. Exits 1 when the ' +
          'input has malformed lines (reported by line number).',
      )
      .argument('<input>', 'NDJSON (.ndjson), a Bundle (.json) or CSV (.csv)'),
  )
    .option('-o, --output <file>', 'where to write the filtered data (default stdout)')
    .addOption(
      new Option('--input-format <format>', 'input format (default: from the extension)').choices([
        'ndjson',
        'bundle',
        'csv',
        'auto',
      ]),
    )
    .option(
      '--nhs-number-column <header>',
      'CSV: the NHS number column (default: nhs_number, NHS Number, ...)',
    )
    .addOption(
      new Option(
        '--patients <file>',
        'a file of the Patient resources the input references (Patient.ndjson of a Bulk Data export); repeat for several',
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '--restricted <refset-file>',
        'an RF2 simple refset file of restricted codes to withhold; repeat for several',
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '--restricted-refset <sctid=category>',
        'take this refset from the files, as this category; repeat for several',
      ).argParser(collect),
    )
    .option(
      '--restricted-illustrative',
      'withhold using the small illustrative code lists (demonstration only)',
    )
    .option('--audit <file>', 'also write the audit summary as JSON to this file')
    .option('--audit-nhs-numbers', 'list the NHS numbers of removed records in the audit summary')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr optout filter --purpose research --basis s251-standard-condition --origin non-gp \\',
        '      --register ndop-checked@2025-02-28=request.dat --register ndop-cleared@2025-02-28=response.dat \\',
        '      Observation.ndjson -o filtered/Observation.ndjson',
        '  $ lhcr optout filter --purpose direct-care --register consents@2025-03-01=consents.ndjson \\',
        '      --restricted der2_Refset_SimpleSnapshot.txt record.json -o shared.json',
      ].join('\n'),
    )
    .action((input: string, options: OptOutFilterCommandOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runOptOutFilter } = await import('../../commands/optout/filter');
        return runOptOutFilter(input, options, context);
      }),
    );

  optout
    .command('mesh-request')
    .summary('write a request file for the Check for National Data Opt-outs service')
    .description(
      'Write the request file for the national check service (one NHS number per line ending ' +
        '"," and LF, no header) from a cohort in CSV or NDJSON. Duplicates are written once; ' +
        'lines without a usable NHS number are left out and reported (exit 1).',
    )
    .argument(
      '<input>',
      'a cohort: CSV with an NHS number column, or NDJSON (Patients, NHS number references)',
    )
    .option('-o, --output <file>', 'the request file (default stdout)')
    .option(
      '--mailbox <id>',
      'name the file <mailbox>-<DDMMYY>-<sequence>.dat in the current folder',
    )
    .option('--sequence <n>', 'with --mailbox: the file sequence number this month (1 to 9999)')
    .option('--date <YYYY-MM-DD>', 'with --mailbox: the date in the file name (default today)')
    .addOption(
      new Option('--input-format <format>', 'input format (default: from the extension)').choices([
        'csv',
        'ndjson',
        'auto',
      ]),
    )
    .option('--nhs-number-column <header>', 'CSV: the NHS number column')
    .addOption(
      new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr optout mesh-request cohort.csv --mailbox X26AB001 --sequence 1',
        '  $ lhcr optout mesh-request Patient.ndjson -o request.dat',
      ].join('\n'),
    )
    .action((input: string, options: MeshRequestOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runMeshRequest } = await import('../../commands/optout/mesh-request');
        return runMeshRequest(input, options, context);
      }),
    );
}
