import type { Command } from 'commander';
import type { Dispatch } from './command-context';
import { declareDeid } from './declarations/deid';
import { declareConformance } from './declarations/conformance';
import { declareDocs } from './declarations/docs';
import { declareNhsNumber } from './declarations/nhs-number';
import { declareOptOut } from './declarations/optout';
import { declareServe } from './declarations/serve';
import { declareValidate } from './declarations/validate';

/**
 * Declares every subcommand. Only the declarations (name, description, arguments, options) are
 * loaded up front, one file per command group in `declarations/`; each command's body lives in
 * `src/commands/` and is imported when the command runs. To add a command group, add its
 * declaration file and one line here.
 *
 * @example
 * ```ts
 * registerCommands(program, async (command, run) => {
 *   exitCode = await run(contextFor(command));
 * });
 * ```
 */
export function registerCommands(program: Command, dispatch: Dispatch): void {
  declareNhsNumber(program, dispatch);
  declareValidate(program, dispatch);
  declareOptOut(program, dispatch);
  declareDocs(program, dispatch);
  declareConformance(program, dispatch);
  declareServe(program, dispatch);
  declareDeid(program, dispatch);
}
