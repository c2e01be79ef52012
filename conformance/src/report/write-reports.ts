import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConformanceError } from '../engine/errors';
import type { ConformanceReport } from './conformance-report';
import { renderHtmlReport } from './html-report';
import { renderJunitReport } from './junit-report';

/**
 * The report formats that are written to files.
 *
 * @example
 * ```ts
 * REPORT_FILE_FORMATS.includes('junit'); // true
 * ```
 */
export const REPORT_FILE_FORMATS = ['json', 'junit', 'html'] as const;

/**
 * One of {@link REPORT_FILE_FORMATS}.
 *
 * @example
 * ```ts
 * const format: ReportFileFormat = 'html';
 * ```
 */
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

/**
 * The file name each format is written to.
 *
 * @example
 * ```ts
 * REPORT_FILE_NAMES.junit; // 'conformance-junit.xml'
 * ```
 */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFileFormat, string>> = {
  json: 'conformance-report.json',
  junit: 'conformance-junit.xml',
  html: 'conformance-report.html',
};

/**
 * Renders a report in one file format.
 *
 * @example
 * ```ts
 * const xml = renderReport(report, 'junit');
 * ```
 */
export function renderReport(report: ConformanceReport, format: ReportFileFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'junit':
      return renderJunitReport(report);
    case 'html':
      return renderHtmlReport(report);
  }
}

/**
 * Writes a report in each format to a folder (created when missing) and returns the paths
 * written, by format.
 *
 * @throws {ConformanceError} `config` when the folder cannot be written.
 * @example
 * ```ts
 * const written = await writeConformanceReports(report, 'out', ['json', 'junit', 'html']);
 * written.html; // '/abs/out/conformance-report.html'
 * ```
 */
export async function writeConformanceReports(
  report: ConformanceReport,
  folder: string,
  formats: readonly ReportFileFormat[],
): Promise<Partial<Record<ReportFileFormat, string>>> {
  const dir = resolve(folder);
  const written: Partial<Record<ReportFileFormat, string>> = {};
  try {
    await mkdir(dir, { recursive: true });
    for (const format of formats) {
      const path = join(dir, REPORT_FILE_NAMES[format]);
      await writeFile(path, renderReport(report, format), 'utf8');
      written[format] = path;
    }
  } catch (thrown) {
    throw new ConformanceError(
      'config',
      `cannot write the reports to ${dir}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      {
        cause: thrown,
      },
    );
  }
  return written;
}
