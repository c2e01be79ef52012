import { Option } from 'commander';
import type { Command } from 'commander';
import type { NhsNumberOptions } from '../../commands/nhs-number';
import type { Dispatch } from '../command-context';

/**
 * Declares `lhcr nhs-number`; its body is imported from `src/commands/nhs-number.ts` when it runs.
 *
 * @example
 * ```ts
 * declareNhsNumber(program, dispatch);
 * ```
 */
export function declareNhsNumber(program: Command, dispatch: Dispatch): void {
  program
    .command('nhs-number')
    .summary('check NHS numbers, or generate test-range ones')
    .description(
      'Check NHS numbers (modulus 11 check digit, length, repeated digits), or generate valid ' +
        'synthetic NHS numbers from the test range 999 000 0000 to 999 999 9999. ' +
        'Exits 0 when every number is valid, 1 when any is invalid.',
    )
    .argument('[numbers...]', 'NHS numbers to check; quote numbers that contain spaces')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--generate <count>', 'print <count> (1 to 10000) valid test-range NHS numbers instead')
    .option('--display', 'with --generate, print numbers as 999 123 4567 instead of 10 digits')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr nhs-number 9434765919 "943 476 5919"',
        '  $ lhcr nhs-number --format json 943-476-5919',
        '  $ lhcr nhs-number --generate 5 --display',
      ].join('\n'),
    )
    .action((numbers: string[], options: NhsNumberOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runNhsNumber } = await import('../../commands/nhs-number');
        return runNhsNumber(numbers, options, context);
      }),
    );
}
