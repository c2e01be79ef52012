import type { Command } from 'commander';
import type { DocsBuildOptions } from '../../commands/docs/build';
import type { Dispatch } from '../command-context';

/**
 * Declares `lhcr docs` and its subcommand `lhcr docs build`; the body is imported from
 * `src/commands/docs/build.ts` when it runs.
 *
 * @example
 * ```ts
 * declareDocs(program, dispatch);
 * ```
 */
export function declareDocs(program: Command, dispatch: Dispatch): void {
  const docs = program
    .command('docs')
    .summary('build documentation sites from blueprints')
    .description('Build static, accessible, searchable documentation sites from blueprints.');
  docs
    .command('build')
    .summary('render a blueprint as a static docs site')
    .description(
      'Load a blueprint (a folder, a manifest file or an npm package name), check it, and write ' +
        'its docs site: requirements, profiles with element tables and examples, the opt-out ' +
        'decision table, the capability table, a traceability matrix and a "changes since" page. ' +
        'Exits 1 when the blueprint has errors.',
    )
    .argument(
      '<blueprint>',
      'a blueprint folder, manifest file, or package name such as @lhcr/blueprint-core',
    )
    .requiredOption('-o, --output <dir>', 'the folder to write the site to (created if missing)')
    .option(
      '--since <blueprint>',
      'an earlier version of the blueprint, for the "changes since" page',
    )
    .option(
      '--traceability <file>',
      'a JSON file mapping conformance tests to requirement ids ([{ "testId", "requirementIds" }])',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ lhcr docs build @lhcr/blueprint-core -o site',
        '  $ lhcr docs build ./my-blueprint -o public --since ./previous-release',
      ].join('\n'),
    )
    .action((blueprint: string, options: DocsBuildOptions, command: Command) =>
      dispatch(command, async (context) => {
        const { runDocsBuild } = await import('../../commands/docs/build');
        return runDocsBuild(blueprint, options, context);
      }),
    );
}
