import type { CapabilityStatement, Resource } from '@lhcr/models';
import { defineFact } from '../../engine/fact';

/** The server's CapabilityStatement. */
export const CAPABILITY = defineFact<CapabilityStatement>(
  'capability',
  'the server CapabilityStatement',
);

/** The token endpoint works: tokens can be had. */
export const ACCESS = defineFact<{ readonly tokenUrl: string }>(
  'access',
  'an access token from the token endpoint',
);

/** The fixtures are on the server (loaded by the suite or preloaded). */
export const FIXTURES = defineFact<{ readonly mode: 'load' | 'preloaded' }>(
  'fixtures',
  "the blueprint's fixtures on the server",
);

/** A fixture patient as the server knows it. */
export interface ServerPatient {
  readonly fixtureId: string;
  /** The server's id for the Patient (from the NHS number search). */
  readonly id: string;
  readonly nhsNumber: string;
  /** The Patient as returned to a direct-care search; `undefined` when the search was refused. */
  readonly resource: Resource | undefined;
}

/** The fixture patients found by NHS number, by fixture id. */
export const PATIENTS = defineFact<ReadonlyMap<string, ServerPatient>>(
  'patients',
  'the fixture patients found by NHS number',
);

/** The baseline patient's records by resource type, from `patient` searches (every page). */
export const RECORDS = defineFact<ReadonlyMap<string, readonly Resource[]>>(
  'records',
  "the baseline patient's records from patient searches",
);

/** One finished Bulk Data export. */
export interface ExportResult {
  readonly purpose: string;
  /** The operation that made it: `$export`, or the planning extract's name. */
  readonly operation: string;
  readonly transactionTime: string | undefined;
  /** Every resource of every file, with the file's declared type. */
  readonly resources: readonly Resource[];
  /** Every line of every file as text (for scans). */
  readonly text: string;
}

/** The planning extract for a purpose of use (the server's planning-extract operation, else its `$export`). */
export function extractFact(purpose: string): ReturnType<typeof defineFact<ExportResult>> {
  return defineFact<ExportResult>(
    `extract-${purpose.toLowerCase()}`,
    `a finished planning extract for purpose ${purpose}`,
  );
}

/** The export for a purpose of use. */
export function exportFact(purpose: string): ReturnType<typeof defineFact<ExportResult>> {
  return defineFact<ExportResult>(
    `export-${purpose.toLowerCase()}`,
    `a finished $export for purpose ${purpose}`,
  );
}
