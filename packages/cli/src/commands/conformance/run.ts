import { existsSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { readPrivateKeyPem } from '@lhcr/client/node';
import {
  REPORT_FILE_FORMATS,
  conformanceExitCode,
  createConsoleProgress,
  isConformanceError,
  loadConformanceBlueprint,
  renderConsoleReport,
  runConformance,
  startReferenceRegion,
  writeConformanceReports,
} from '@lhcr/conformance';
import type {
  ConformanceTarget,
  FixtureMode,
  ReferenceRegion,
  ReportFileFormat,
} from '@lhcr/conformance';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';

/**
 * The options of `lhcr conformance run`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: ConformanceRunOptions = { concurrency: '4', timeout: '10000', report: 'console,json', out: 'reports' };
 * ```
 */
export interface ConformanceRunOptions {
  readonly target?: string;
  readonly blueprint?: string;
  readonly clientId?: string;
  readonly privateKey?: string;
  readonly keyId?: string;
  readonly algorithm?: 'RS384' | 'RS512' | 'ES384';
  readonly tokenUrl?: string;
  readonly scope?: readonly string[];
  readonly fixtures?: FixtureMode;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly concurrency: string;
  readonly timeout: string;
  readonly report: string;
  readonly out: string;
  readonly includeBodies?: boolean;
  readonly defect?: readonly string[];
}

const REPORTS = ['console', ...REPORT_FILE_FORMATS] as const;

function wholeNumber(
  text: string,
  name: string,
  min: number,
  max: number,
  context: CommandContext,
): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    return context.usageError(
      `${name} must be a whole number from ${String(min)} to ${String(max)}; found "${text}"`,
    );
  }
  return value;
}

function envOr(
  context: CommandContext,
  value: string | undefined,
  name: string,
): string | undefined {
  if (value !== undefined) return value;
  const fromEnv = context.io.env[name];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** The target and its credentials from the options (and `LHCR_*` variables). */
async function targetFrom(
  options: ConformanceRunOptions,
  baseUrl: string,
  context: CommandContext,
): Promise<ConformanceTarget> {
  const clientId = envOr(context, options.clientId, 'LHCR_CLIENT_ID');
  const keyFile = envOr(context, options.privateKey, 'LHCR_PRIVATE_KEY');
  const keyId = envOr(context, options.keyId, 'LHCR_KEY_ID');
  const tokenUrl = envOr(context, options.tokenUrl, 'LHCR_TOKEN_URL');
  const scopeText = context.io.env['LHCR_SCOPE'];
  const scopes =
    options.scope ??
    (scopeText === undefined || scopeText === ''
      ? undefined
      : scopeText.split(/[\s,]+/).filter((s) => s !== ''));
  const given = [clientId, keyFile, keyId].filter((value) => value !== undefined).length;
  if (given === 0) {
    context.log(
      'warn',
      'no client credentials (--client-id, --private-key, --key-id): tests that need a token will not be demonstrated',
    );
    return { baseUrl };
  }
  if (clientId === undefined || keyFile === undefined || keyId === undefined) {
    return context.usageError(
      '--client-id, --private-key and --key-id go together (or LHCR_CLIENT_ID, LHCR_PRIVATE_KEY, LHCR_KEY_ID)',
    );
  }
  let privateKey: string;
  try {
    privateKey = await readPrivateKeyPem(keyFile);
  } catch (thrown) {
    return context.usageError(
      `--private-key: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
  }
  return {
    baseUrl,
    credentials: {
      clientId,
      privateKey,
      keyId,
      ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
      ...(tokenUrl === undefined ? {} : { tokenUrl }),
      ...(scopes === undefined ? {} : { scopes }),
    },
  };
}

/**
 * The body of `lhcr conformance run`: loads the blueprint, starts the bundled reference region
 * when there is no `--target`, runs the suite with live progress on stderr, writes the reports
 * and prints the results. Resolves to 0 when every MUST test passes, 1 when one fails or is not
 * demonstrated, 2 for a usage or configuration error, 3 when the tester could not run a MUST
 * test.
 *
 * @example
 * ```ts
 * // lhcr conformance run --report console
 * await runConformanceCommand({ concurrency: '4', timeout: '10000', report: 'console', out: 'reports' }, context); // 0
 * ```
 */
export async function runConformanceCommand(
  options: ConformanceRunOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const { io, colour } = context;
  const concurrency = wholeNumber(options.concurrency, '--concurrency', 1, 64, context);
  const timeoutMs = wholeNumber(options.timeout, '--timeout', 100, 600_000, context);
  const reports = options.report
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknownReports = reports.filter((item) => !(REPORTS as readonly string[]).includes(item));
  if (unknownReports.length > 0) {
    return context.usageError(
      `--report: unknown format ${unknownReports.join(', ')}; expected ${REPORTS.join(', ')}`,
    );
  }
  const fileFormats = reports.filter((item): item is ReportFileFormat => item !== 'console');
  const targetUrl = envOr(context, options.target, 'LHCR_TARGET');
  if (targetUrl !== undefined && (options.defect ?? []).length > 0) {
    return context.usageError(
      '--defect seeds the bundled reference region; it cannot be used with --target',
    );
  }
  const blueprintRef =
    envOr(context, options.blueprint, 'LHCR_BLUEPRINT') ?? '@lhcr/blueprint-core';
  const given = targetUrl === undefined ? undefined : await targetFrom(options, targetUrl, context);
  let region: ReferenceRegion | undefined;
  try {
    // A package name not installed where lhcr runs is looked up where lhcr itself is installed.
    const script = process.argv[1];
    const places = [
      process.cwd(),
      ...(script === undefined || !existsSync(script) ? [] : [dirname(realpathSync(script))]),
    ];
    const loaded = await loadConformanceBlueprint(blueprintRef, { from: places });
    let target: ConformanceTarget;
    if (given === undefined) {
      region = await startReferenceRegion({ blueprint: loaded, defects: options.defect ?? [] });
      target = region.target;
      context.log(
        'info',
        `started the bundled reference region at ${target.baseUrl}${region.defects.length > 0 ? ` with seeded defects ${region.defects.join(', ')}` : ''}`,
      );
    } else {
      target = given;
    }
    const fixtures: FixtureMode = options.fixtures ?? (region === undefined ? 'load' : 'preloaded');
    const report = await runConformance({
      ...loaded,
      target,
      fixtures,
      concurrency,
      timeoutMs,
      ...(options.only === undefined ? {} : { only: options.only }),
      ...(options.skip === undefined ? {} : { skip: options.skip }),
      includeBodies: options.includeBodies === true,
      ...(region === undefined ? {} : { referenceRegion: { defects: region.defects } }),
      onProgress: createConsoleProgress(
        (text) => {
          io.stderr(text);
        },
        { colour: colour.enabled },
      ),
    });
    const recorded = { ...report, settings: { ...report.settings, reports } };
    const written = await writeConformanceReports(recorded, options.out, fileFormats);
    if (reports.includes('console'))
      io.stdout(renderConsoleReport(recorded, { colour: colour.enabled }));
    for (const format of fileFormats) {
      const path = written[format];
      if (path !== undefined) io.stdout(`${format.padEnd(6)} ${path}\n`);
    }
    return conformanceExitCode(recorded) === 0
      ? EXIT.ok
      : conformanceExitCode(recorded) === 1
        ? EXIT.failed
        : EXIT.internal;
  } catch (thrown) {
    if (isConformanceError(thrown) && thrown.code === 'config') {
      io.stderr(`${colour.red('error:')} ${thrown.message}\n`);
      return EXIT.usage;
    }
    throw thrown;
  } finally {
    await region?.close();
  }
}
