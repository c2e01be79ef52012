import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  formatBlueprintIssue,
  loadBlueprint,
  parseTraceability,
  renderBlueprintSite,
  writeSite,
  createValidatorFhirContext,
} from '@lhcr/blueprint';
import type { Blueprint, LoadBlueprintResult, TraceabilityEntry } from '@lhcr/blueprint';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';

/**
 * The options of `lhcr docs build`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: DocsBuildOptions = { output: 'site', since: './v1' };
 * ```
 */
export interface DocsBuildOptions {
  readonly output: string;
  readonly since?: string;
  readonly traceability?: string;
}

/** The largest traceability file read. */
const MAX_TRACEABILITY_BYTES = 20 * 1024 * 1024;

/**
 * Loads a blueprint from the current directory or, for a package name not installed there,
 * from where `lhcr` itself is installed (so `npx @lhcr/cli docs build @lhcr/blueprint-core`
 * works anywhere).
 *
 * @example
 * ```ts
 * const result = await loadFromCwdOrCli('@lhcr/blueprint-core', process.cwd());
 * ```
 */
export async function loadFromCwdOrCli(ref: string, cwd: string): Promise<LoadBlueprintResult> {
  const result = await loadBlueprint(ref, { from: cwd, fhirContext: createValidatorFhirContext() });
  const notFound =
    !result.ok &&
    result.issues.some((issue) => issue.code === 'not-found' && issue.file === undefined);
  const script = process.argv[1];
  if (!notFound || script === undefined || !existsSync(script)) return result;
  return loadBlueprint(ref, {
    from: dirname(realpathSync(script)),
    fhirContext: createValidatorFhirContext(),
  });
}

function report(
  context: CommandContext,
  label: string,
  result: LoadBlueprintResult,
): Blueprint | undefined {
  // Validation warnings on examples and fixtures (a missing narrative, say) are many and not the
  // docs' business: counted at the default level, listed at debug.
  let validationWarnings = 0;
  for (const issue of result.issues) {
    if (issue.severity === 'error') context.io.stderr(`${formatBlueprintIssue(issue)}\n`);
    else if (issue.severity === 'warning' && issue.code !== 'validation') {
      context.log('warn', formatBlueprintIssue(issue));
    } else {
      if (issue.severity === 'warning') validationWarnings++;
      context.log('debug', formatBlueprintIssue(issue));
    }
  }
  if (validationWarnings > 0) {
    context.log(
      'info',
      `${label}: ${String(validationWarnings)} validation warning(s) on examples and fixtures (--log-level debug lists them)`,
    );
  }
  if (result.ok) return result.blueprint;
  const errors = result.issues.filter((issue) => issue.severity === 'error').length;
  context.io.stderr(`${context.colour.red('✗')} ${label} has ${String(errors)} error(s)\n`);
  return undefined;
}

function readTraceability(file: string, context: CommandContext): readonly TraceabilityEntry[] {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    return context.usageError(`--traceability: no such file ${path}`);
  }
  if (statSync(path).size > MAX_TRACEABILITY_BYTES) {
    return context.usageError(
      `--traceability: ${path} is larger than ${String(MAX_TRACEABILITY_BYTES)} bytes`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return context.usageError(`--traceability: ${path} is not valid JSON`);
  }
  const parsed = parseTraceability(json);
  if (!parsed.ok) return context.usageError(`--traceability: ${path}: ${parsed.message}`);
  return parsed.value;
}

/**
 * The body of `lhcr docs build`: loads and checks the blueprint (and `--since`), reads the
 * traceability mapping, renders the site with `renderBlueprintSite` from `@lhcr/blueprint` and
 * writes it to `--output`. Resolves to 0 when the site was written, 1 when a blueprint has errors
 * (printed as `file:line:column` lines on stderr), 2 for a blueprint that cannot be found or a bad
 * option.
 *
 * @example
 * ```ts
 * // lhcr docs build @lhcr/blueprint-core -o site
 * await runDocsBuild('@lhcr/blueprint-core', { output: 'site' }, context); // 0
 * ```
 */
export async function runDocsBuild(
  ref: string,
  options: DocsBuildOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const cwd = process.cwd();
  const traceability =
    options.traceability === undefined
      ? undefined
      : readTraceability(options.traceability, context);
  const loaded = await loadFromCwdOrCli(ref, cwd);
  if (
    !loaded.ok &&
    loaded.issues.every((issue) => issue.code === 'not-found' && issue.file === undefined)
  ) {
    return context.usageError(loaded.issues.map((issue) => issue.diagnostics).join('; '));
  }
  const blueprint = report(context, ref, loaded);
  if (blueprint === undefined) return EXIT.failed;
  let since: Blueprint | undefined;
  if (options.since !== undefined) {
    const previous = await loadFromCwdOrCli(options.since, cwd);
    if (
      !previous.ok &&
      previous.issues.every((issue) => issue.code === 'not-found' && issue.file === undefined)
    ) {
      return context.usageError(
        `--since: ${previous.issues.map((issue) => issue.diagnostics).join('; ')}`,
      );
    }
    since = report(context, options.since, previous);
    if (since === undefined) return EXIT.failed;
  }
  const files = renderBlueprintSite(blueprint, {
    ...(since === undefined ? {} : { since }),
    ...(traceability === undefined ? {} : { traceability }),
  });
  const output = resolve(cwd, options.output);
  await writeSite(files, output);
  context.io.stdout(
    `${context.colour.green('✓')} ${blueprint.title} ${blueprint.version}: ${String(files.length)} files written to ${output}\n`,
  );
  return EXIT.ok;
}
