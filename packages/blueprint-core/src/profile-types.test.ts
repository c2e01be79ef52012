import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateProfileTypes } from '../scripts/generate-profile-types';

/** A consumer of the types, as a vendor would write one. */
const CONSUMER = `import type { LhcrPatient, ProfileTypeMap } from '../generated/profile-types.js';

export const patient: LhcrPatient = {
  resourceType: 'Patient',
  identifier: [
    {
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9990000018',
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
          valueCodeableConcept: { coding: [{ code: '01' }] },
        },
      ],
    },
  ],
  name: [{ family: 'Example' }],
  gender: 'unknown',
  birthDate: '1980-01-01',
};
export type Practitioner = ProfileTypeMap['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner'];
`;

/**
 * Type-checks the generated module and a consumer of it as a project with settings other than
 * the repository's would: Node16 module resolution, no exactOptionalPropertyTypes, unused locals
 * reported, declaration files checked.
 */
function compileAsConsumer(): string[] {
  const consumer = join(dirname(GENERATED_FILE), '..', '__virtual__', 'consumer.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    exactOptionalPropertyTypes: false,
    noUnusedLocals: true,
    skipLibCheck: false,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === consumer || fileExists(name);
  host.getSourceFile = (name, language, onError) =>
    name === consumer
      ? ts.createSourceFile(name, CONSUMER, language)
      : getSourceFile(name, language, onError);
  const program = ts.createProgram([consumer, GENERATED_FILE], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' | ')}`,
    );
}

describe('the generated profile types', () => {
  it('are up to date with the profiles and UK Core (run npm run generate)', async () => {
    const text = await generateProfileTypes();
    expect(readFileSync(GENERATED_FILE, 'utf8') === text).toBe(true);
  }, 120_000);

  it('compile for consumers with other settings (Node16, exactOptionalPropertyTypes off)', () => {
    expect(compileAsConsumer()).toEqual([]);
  }, 60_000);

  it('type the NHS number slice of LhcrPatient and every profile of the blueprint', () => {
    const text = readFileSync(GENERATED_FILE, 'utf8');
    expect(text).toContain('identifier: [LhcrPatientIdentifierNhsNumber, ...fhir.Identifier[]];');
    const start = text.indexOf(
      'export interface LhcrPatientIdentifierNhsNumber extends fhir.Identifier {',
    );
    const slice = text.slice(start, text.indexOf('\n}\n', start));
    expect(start).toBeGreaterThan(0);
    expect(slice).toContain('system: "https://fhir.nhs.uk/Id/nhs-number";');
    expect(slice).toContain(
      'extension: [ExtensionUkCoreNhsNumberVerificationStatus, ...fhir.Extension[]];',
    );
    const lhcrProfiles = text.match(/^ {2}"https:\/\/lhcr\.github\.io\/[^"]+": Lhcr\w+;$/gm);
    expect(lhcrProfiles).toHaveLength(17);
  });
});
