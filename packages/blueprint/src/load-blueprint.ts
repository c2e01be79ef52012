import { resolve } from 'node:path';
import { isTestRangeNhsNumber, parseNhsNumber } from '@lhcr/models';
import type { Resource, StructureDefinition } from '@lhcr/models';
import type { BlueprintFhirContext } from './fhir-context';
import { BlueprintError, formatBlueprintIssue, hasBlueprintErrors } from './issue';
import type { BlueprintIssue } from './issue';
import { checkOptOutPolicy } from './internal/opt-out-policy';
import type { LocatedDocument } from './internal/located-document';
import { BlueprintReader } from './internal/read-files';
import { schemaIssues } from './internal/schemas';
import type { SchemaKind } from './internal/schemas';
import type {
  AnonymisationPolicy,
  Blueprint,
  BlueprintExample,
  BlueprintManifest,
  BlueprintProfile,
  CapabilityRequirements,
  CodeList,
  Fixture,
  OptOutPolicyDocument,
  Requirement,
  SecurityRequirements,
} from './model/types';
import { resolveBlueprint } from './resolve-blueprint';
import type { BlueprintLocation } from './resolve-blueprint';

/**
 * Options of {@link loadBlueprint}.
 *
 * @example
 * ```ts
 * const options: LoadBlueprintOptions = { from: process.cwd(), fhirContext };
 * ```
 */
export interface LoadBlueprintOptions {
  /** Where relative paths and package names are resolved from; the current directory by default. */
  readonly from?: string;
  /**
   * FHIR package resolution, snapshots and validation. Without it the blueprint loads, its
   * examples and fixtures are not validated (an `information` issue says so) and profiles have
   * no snapshots.
   */
  readonly fhirContext?: BlueprintFhirContext;
}

/**
 * The outcome of {@link loadBlueprint}: the blueprint with any warnings, or every error found.
 *
 * @example
 * ```ts
 * const result: LoadBlueprintResult = await loadBlueprint('./blueprint');
 * if (!result.ok) console.error(result.issues.map(formatBlueprintIssue).join('\n'));
 * ```
 */
export type LoadBlueprintResult =
  | { readonly ok: true; readonly blueprint: Blueprint; readonly issues: readonly BlueprintIssue[] }
  | { readonly ok: false; readonly issues: readonly BlueprintIssue[] };

const MAX_ISSUES_PER_RESOURCE = 20;

/** A fixture as written: shared fixtures may have no expectations. */
type FixtureFile = Omit<Fixture, 'file' | 'expectations'> & {
  readonly expectations?: Fixture['expectations'];
};
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

interface Located<T> {
  readonly document: LocatedDocument;
  readonly value: T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Loader {
  readonly issues: BlueprintIssue[];
  private readonly reader: BlueprintReader;

  constructor(
    private readonly location: BlueprintLocation,
    private readonly context: BlueprintFhirContext | undefined,
  ) {
    this.reader = new BlueprintReader(location.root);
    this.issues = this.reader.issues;
  }

  private at(
    document: LocatedDocument,
    path: (string | number)[],
    issue: Omit<BlueprintIssue, 'file' | 'line' | 'column' | 'path'>,
    key = false,
  ): void {
    const position = document.locate(path, key);
    this.issues.push({
      ...issue,
      file: document.file,
      line: position.line,
      column: position.column,
      path: path.length === 0 ? '' : `/${path.map(String).join('/')}`,
    });
  }

  /** Reads a file and checks it against its schema; `undefined` when unusable. */
  private readChecked<T>(absolute: string, kind: SchemaKind): Located<T> | undefined {
    const document = this.reader.read(absolute);
    if (document === undefined) return undefined;
    const problems = schemaIssues(document, kind);
    if (problems.length > 0) {
      this.issues.push(...problems);
      return undefined;
    }
    return { document, value: document.value as T };
  }

  private readFiles<T>(
    manifest: LocatedDocument,
    field: string,
    entries: readonly string[] | undefined,
    kind: SchemaKind | 'resource',
  ): Located<T>[] {
    const out: Located<T>[] = [];
    (entries ?? []).forEach((entry, index) => {
      for (const absolute of this.reader.expand(entry, {
        file: manifest.file,
        path: [field, index],
        locate: manifest.locate,
      })) {
        if (kind === 'resource') {
          const document = this.reader.read(absolute);
          if (document === undefined) continue;
          if (!isRecord(document.value) || typeof document.value['resourceType'] !== 'string') {
            this.at(document, [], {
              severity: 'error',
              code: 'conformance',
              diagnostics: 'expected a FHIR resource in JSON: an object with a "resourceType"',
            });
            continue;
          }
          out.push({ document, value: document.value as T });
        } else {
          const checked = this.readChecked<T>(absolute, kind);
          if (checked !== undefined) out.push(checked);
        }
      }
    });
    return out;
  }

  private readOne<T>(
    manifest: LocatedDocument,
    field: string,
    entry: string | undefined,
    kind: SchemaKind | 'any',
  ): Located<T> | undefined {
    if (entry === undefined) return undefined;
    const [absolute] = this.reader.expand(entry, {
      file: manifest.file,
      path: [field],
      locate: manifest.locate,
    });
    if (absolute === undefined) return undefined;
    if (kind === 'any') {
      const document = this.reader.read(absolute);
      return document === undefined ? undefined : { document, value: document.value as T };
    }
    return this.readChecked<T>(absolute, kind);
  }

  async load(): Promise<Blueprint | undefined> {
    const { root, manifestFile } = this.location;
    const manifestLocated = this.readChecked<BlueprintManifest>(
      resolve(root, manifestFile),
      'manifest',
    );
    if (manifestLocated === undefined) return undefined;
    const manifestDoc = manifestLocated.document;
    const manifest = manifestLocated.value;

    const version = this.version(manifestDoc, manifest);
    const categoryIds = new Set<string>();
    manifest.categories.forEach((category, index) => {
      if (categoryIds.has(category.id)) {
        this.at(manifestDoc, ['categories', index, 'id'], {
          severity: 'error',
          code: 'duplicate',
          diagnostics: `category ${category.id} is declared twice`,
        });
      }
      categoryIds.add(category.id);
    });

    const requirements = this.requirements(manifestDoc, manifest, categoryIds);
    const requirementIds = new Set(requirements.map((entry) => entry.value.id));

    const profiles = this.structureDefinitions(manifestDoc, manifest, 'profiles');
    const extensions = this.structureDefinitions(manifestDoc, manifest, 'extensions');
    const valueSets = this.terminology(manifestDoc, manifest, 'valueSets', 'ValueSet');
    const codeSystems = this.terminology(manifestDoc, manifest, 'codeSystems', 'CodeSystem');
    this.uniqueUrls([...profiles, ...extensions, ...valueSets, ...codeSystems]);

    const codeLists = this.readFiles<Omit<CodeList, 'file'>>(
      manifestDoc,
      'codeLists',
      manifest.codeLists,
      'code-list',
    );
    const codeListIds = new Set<string>();
    for (const list of codeLists) {
      if (codeListIds.has(list.value.id)) {
        this.at(list.document, ['id'], {
          severity: 'error',
          code: 'duplicate',
          diagnostics: `code list ${list.value.id} is declared twice`,
        });
      }
      codeListIds.add(list.value.id);
    }

    const capability = this.readOne<Omit<CapabilityRequirements, 'file'>>(
      manifestDoc,
      'capability',
      manifest.capability,
      'capability',
    );
    const security = this.readOne<Omit<SecurityRequirements, 'file'>>(
      manifestDoc,
      'security',
      manifest.security,
      'security',
    );
    const anonymisation = this.readOne<Omit<AnonymisationPolicy, 'file'>>(
      manifestDoc,
      'anonymisationPolicy',
      manifest.anonymisationPolicy,
      'anonymisation-policy',
    );
    const optOut = this.readOne<unknown>(manifestDoc, 'optOutPolicy', manifest.optOutPolicy, 'any');
    const fixtures = this.readFiles<FixtureFile>(
      manifestDoc,
      'fixtures',
      manifest.fixtures,
      'fixture',
    );
    const examples = this.readFiles<Resource>(
      manifestDoc,
      'examples',
      manifest.examples,
      'resource',
    );

    for (const resource of capability?.value.resources ?? []) {
      if (resource.profile !== undefined) this.defaultProfiles.set(resource.type, resource.profile);
    }
    if (anonymisation !== undefined) this.anonymisationChecks(anonymisation);
    const purposes = new Set(security?.value.purposeOfUse.codes.map((code) => code.code) ?? []);
    this.fixtureChecks(fixtures, purposes, security !== undefined);

    // Every requirement id mentioned anywhere must exist.
    const fixtureIds = new Set(fixtures.map((fixture) => fixture.value.id));
    this.requirementReferences(
      requirementIds,
      [
        ...(capability === undefined ? [] : [capability]),
        ...(security === undefined ? [] : [security]),
        ...(anonymisation === undefined ? [] : [anonymisation]),
        ...codeLists,
        ...fixtures,
      ],
      new Set(fixtures.map((fixture) => fixture.document)),
    );
    for (const requirement of requirements) {
      (requirement.value.verification.fixtures ?? []).forEach((id, index) => {
        if (!fixtureIds.has(id)) {
          this.at(requirement.document, [...requirement.path, 'verification', 'fixtures', index], {
            severity: 'error',
            code: 'reference',
            diagnostics: `${requirement.value.id}: no fixture with id ${JSON.stringify(id)}`,
            requirementId: requirement.value.id,
          });
        }
      });
    }
    const profileUrls = new Set(profiles.map((profile) => profile.value.url));
    capability?.value.resources.forEach((resource, index) => {
      if (resource.profile !== undefined && !profileUrls.has(resource.profile)) {
        this.at(capability.document, ['resources', index, 'profile'], {
          severity: 'warning',
          code: 'reference',
          diagnostics: `resources[${String(index)}].profile: ${resource.profile} is not one of this blueprint's profiles`,
        });
      }
    });

    let optOutPolicy: OptOutPolicyDocument | undefined;
    if (optOut !== undefined) {
      const checked = checkOptOutPolicy(optOut.document.text, optOut.document.file);
      for (const problem of checked.issues) {
        this.issues.push({
          severity: problem.severity,
          code: 'policy',
          file: optOut.document.file,
          line: problem.line ?? 1,
          column: problem.column ?? 1,
          diagnostics: problem.diagnostics,
        });
      }
      optOutPolicy = {
        file: optOut.document.file,
        document: optOut.value,
        ...(checked.parsed === undefined ? {} : { policy: checked.parsed }),
      };
    }

    const exampleList: BlueprintExample[] = examples.map((example) => ({
      file: example.document.file,
      resource: example.value,
      profiles: this.profilesFor(
        example.value,
        profiles.map((profile) => profile.value),
      ),
    }));
    for (const profile of profiles) {
      if (!exampleList.some((example) => example.profiles.includes(profile.value.url))) {
        this.at(profile.document, ['url'], {
          severity: 'warning',
          code: 'reference',
          diagnostics: `profile ${profile.value.url} has no example`,
        });
      }
    }

    const built: BlueprintProfile[] = [];
    const builtExtensions: BlueprintProfile[] = [];
    let validated = false;
    if (this.context !== undefined) {
      validated = await this.withContext(
        this.context,
        manifest,
        version,
        profiles,
        extensions,
        valueSets,
        codeSystems,
        exampleList,
        examples,
        fixtures,
        built,
        builtExtensions,
      );
    } else {
      built.push(...profiles.map((profile) => toProfile(profile)));
      builtExtensions.push(...extensions.map((extension) => toProfile(extension)));
      this.issues.push({
        severity: 'information',
        code: 'validation',
        diagnostics:
          'examples and fixtures were not validated against the profiles: no FHIR context was given (snapshots and validation come from @lhcr/validator)',
      });
    }

    if (version === undefined || hasBlueprintErrors(this.issues)) return undefined;

    return {
      root: this.location.root,
      manifestFile: this.location.manifestFile,
      ...(this.location.packageName === undefined
        ? {}
        : { packageName: this.location.packageName }),
      manifest,
      id: manifest.id,
      version,
      title: manifest.title,
      status: manifest.status,
      ...(manifest.description === undefined ? {} : { description: manifest.description }),
      ...(manifest.publisher === undefined ? {} : { publisher: manifest.publisher }),
      fhirVersion: manifest.fhirVersion,
      canonical: manifest.canonical,
      dependencies: manifest.dependencies ?? [],
      categories: manifest.categories,
      requirements: requirements.map((entry) => entry.value),
      profiles: built,
      extensions: builtExtensions,
      valueSets: valueSets.map((entry) => ({ file: entry.document.file, resource: entry.value })),
      codeSystems: codeSystems.map((entry) => ({
        file: entry.document.file,
        resource: entry.value,
      })),
      codeLists: codeLists.map((entry) => ({ file: entry.document.file, ...entry.value })),
      ...(capability === undefined
        ? {}
        : { capability: { file: capability.document.file, ...capability.value } }),
      ...(security === undefined
        ? {}
        : { security: { file: security.document.file, ...security.value } }),
      ...(optOutPolicy === undefined ? {} : { optOutPolicy }),
      ...(anonymisation === undefined
        ? {}
        : { anonymisationPolicy: { file: anonymisation.document.file, ...anonymisation.value } }),
      fixtures: fixtures.map((entry) => ({
        file: entry.document.file,
        ...entry.value,
        expectations: entry.value.expectations ?? [],
      })),
      examples: exampleList,
      links: manifest.links ?? [],
      validated,
    };
  }

  private version(document: LocatedDocument, manifest: BlueprintManifest): string | undefined {
    const fromPackage = this.location.packageVersion;
    if (
      manifest.version !== undefined &&
      fromPackage !== undefined &&
      manifest.version !== fromPackage
    ) {
      this.at(document, ['version'], {
        severity: 'error',
        code: 'schema',
        diagnostics: `version ${manifest.version} differs from the package.json version ${fromPackage}; leave the manifest's version out so the package version is used, or make them equal`,
      });
      return undefined;
    }
    const version = manifest.version ?? fromPackage;
    if (version === undefined) {
      this.at(document, [], {
        severity: 'error',
        code: 'schema',
        diagnostics:
          'missing required property "version" (it may be left out only when the blueprint folder has a package.json with a version)',
      });
    }
    return version;
  }

  private requirements(
    manifestDoc: LocatedDocument,
    manifest: BlueprintManifest,
    categories: ReadonlySet<string>,
  ): { document: LocatedDocument; path: (string | number)[]; value: Requirement }[] {
    const files = this.readFiles<{ requirements: Requirement[] }>(
      manifestDoc,
      'requirements',
      manifest.requirements,
      'requirements',
    );
    const out: { document: LocatedDocument; path: (string | number)[]; value: Requirement }[] = [];
    const seen = new Map<string, string>();
    for (const file of files) {
      file.value.requirements.forEach((requirement, index) => {
        const path = ['requirements', index];
        if (!requirement.id.startsWith(`${manifest.requirementPrefix}-`)) {
          this.at(file.document, [...path, 'id'], {
            severity: 'error',
            code: 'schema',
            diagnostics: `requirements[${String(index)}].id: expected an id starting ${manifest.requirementPrefix}- (the manifest's requirementPrefix); found ${JSON.stringify(requirement.id)}`,
            requirementId: requirement.id,
          });
        }
        const previous = seen.get(requirement.id);
        if (previous !== undefined) {
          this.at(file.document, [...path, 'id'], {
            severity: 'error',
            code: 'duplicate',
            diagnostics: `requirement ${requirement.id} is already defined in ${previous}`,
            requirementId: requirement.id,
          });
        }
        seen.set(requirement.id, file.document.file);
        if (!categories.has(requirement.category)) {
          this.at(file.document, [...path, 'category'], {
            severity: 'error',
            code: 'reference',
            diagnostics: `requirements[${String(index)}].category: expected one of the manifest's categories (${[...categories].join(', ')}); found ${JSON.stringify(requirement.category)}`,
            requirementId: requirement.id,
          });
        }
        out.push({ document: file.document, path, value: requirement });
      });
    }
    return out;
  }

  private structureDefinitions(
    manifestDoc: LocatedDocument,
    manifest: BlueprintManifest,
    field: 'profiles' | 'extensions',
  ): Located<StructureDefinition>[] {
    const files = this.readFiles<StructureDefinition>(
      manifestDoc,
      field,
      manifest[field],
      'resource',
    );
    const prefix = `${manifest.canonical}/StructureDefinition/`;
    return files.filter((file) => {
      const sd = file.value as Omit<Partial<StructureDefinition>, 'resourceType'> & {
        resourceType: string;
      };
      const problems: [(string | number)[], string][] = [];
      if (sd.resourceType !== 'StructureDefinition')
        problems.push([
          ['resourceType'],
          `expected a StructureDefinition; found ${sd.resourceType}`,
        ]);
      else {
        if (typeof sd.url !== 'string' || !sd.url.startsWith(prefix))
          problems.push([['url'], `expected a url starting ${prefix}`]);
        if (sd.derivation !== 'constraint')
          problems.push([
            ['derivation'],
            'expected derivation "constraint" (a profile of an existing definition)',
          ]);
        if (typeof sd.baseDefinition !== 'string' || !/^https?:\/\//.test(sd.baseDefinition))
          problems.push([
            ['baseDefinition'],
            'expected the canonical URL of the definition this one constrains',
          ]);
        if (typeof sd.type !== 'string')
          problems.push([['type'], 'expected the FHIR type the definition constrains']);
        if (field === 'extensions' && sd.type !== 'Extension')
          problems.push([
            ['type'],
            `expected type "Extension" in an extension definition; found ${String(sd.type)}`,
          ]);
        if (field === 'profiles' && sd.kind !== 'resource')
          problems.push([['kind'], 'expected kind "resource" in a profile']);
        if (sd.fhirVersion !== undefined && sd.fhirVersion !== '4.0.1')
          problems.push([['fhirVersion'], `expected fhirVersion 4.0.1; found ${sd.fhirVersion}`]);
        const elements = sd.differential?.element;
        if (!Array.isArray(elements) || elements.length === 0)
          problems.push([['differential'], 'expected a differential with at least one element']);
        else {
          elements.forEach((element, index) => {
            const id = (element as { id?: unknown }).id;
            const path = (element as { path?: unknown }).path;
            if (
              typeof path !== 'string' ||
              (typeof sd.type === 'string' && path.split('.')[0] !== sd.type)
            ) {
              problems.push([
                ['differential', 'element', index, 'path'],
                `expected an element path starting ${String(sd.type)}`,
              ]);
            }
            if (typeof id !== 'string')
              problems.push([['differential', 'element', index], 'expected an element id']);
          });
        }
        if (sd.snapshot !== undefined) {
          this.at(file.document, ['snapshot'], {
            severity: 'warning',
            code: 'conformance',
            diagnostics:
              'a snapshot in the source is ignored; snapshots are generated from the differential',
          });
        }
      }
      for (const [path, diagnostics] of problems) {
        this.at(file.document, path, {
          severity: 'error',
          code: 'conformance',
          diagnostics: `${path.map(String).join('.')}: ${diagnostics}`,
        });
      }
      return problems.length === 0;
    });
  }

  private terminology(
    manifestDoc: LocatedDocument,
    manifest: BlueprintManifest,
    field: 'valueSets' | 'codeSystems',
    resourceType: 'ValueSet' | 'CodeSystem',
  ): Located<Resource & { url?: string }>[] {
    const files = this.readFiles<Resource & { url?: string }>(
      manifestDoc,
      field,
      manifest[field],
      'resource',
    );
    const prefix = `${manifest.canonical}/${resourceType}/`;
    return files.filter((file) => {
      if (file.value.resourceType !== resourceType) {
        this.at(file.document, ['resourceType'], {
          severity: 'error',
          code: 'conformance',
          diagnostics: `resourceType: expected ${resourceType}; found ${file.value.resourceType}`,
        });
        return false;
      }
      if (typeof file.value.url !== 'string' || !file.value.url.startsWith(prefix)) {
        this.at(file.document, ['url'], {
          severity: 'error',
          code: 'conformance',
          diagnostics: `url: expected a url starting ${prefix}`,
        });
        return false;
      }
      return true;
    });
  }

  private uniqueUrls(files: readonly Located<{ url?: string }>[]): void {
    const seen = new Map<string, string>();
    for (const file of files) {
      const url = file.value.url;
      if (url === undefined) continue;
      const previous = seen.get(url);
      if (previous !== undefined) {
        this.at(file.document, ['url'], {
          severity: 'error',
          code: 'duplicate',
          diagnostics: `url ${url} is already used by ${previous}`,
        });
      }
      seen.set(url, file.document.file);
    }
  }

  private anonymisationChecks(policy: Located<Omit<AnonymisationPolicy, 'file'>>): void {
    const small = policy.value.smallNumbers;
    if (small.suppressTo < small.suppressFrom) {
      this.at(policy.document, ['smallNumbers', 'suppressTo'], {
        severity: 'error',
        code: 'policy',
        diagnostics: `smallNumbers.suppressTo: expected a number >= suppressFrom (${String(small.suppressFrom)}); found ${String(small.suppressTo)}`,
      });
    }
    const quasi = new Set([
      'birthDate',
      'postcode',
      'dates',
      ...(policy.value.quasiIdentifiers.other ?? []).map((item) => item.element),
    ]);
    policy.value.kAnonymity.quasiIdentifiers.forEach((name, index) => {
      if (!quasi.has(name) && !/^[A-Z][A-Za-z]+\./.test(name)) {
        this.at(policy.document, ['kAnonymity', 'quasiIdentifiers', index], {
          severity: 'warning',
          code: 'policy',
          diagnostics: `kAnonymity.quasiIdentifiers[${String(index)}]: ${JSON.stringify(name)} is neither a quasi-identifier of this policy nor an element path`,
        });
      }
    });
  }

  private fixtureChecks(
    fixtures: readonly Located<FixtureFile>[],
    purposes: ReadonlySet<string>,
    haveSecurity: boolean,
  ): void {
    const fixtureIds = new Map<string, string>();
    const resourceKeys = new Map<string, string>();
    for (const fixture of fixtures) {
      const { document, value } = fixture;
      const previousFixture = fixtureIds.get(value.id);
      if (previousFixture !== undefined) {
        this.at(document, ['id'], {
          severity: 'error',
          code: 'duplicate',
          diagnostics: `fixture ${value.id} is already defined in ${previousFixture}`,
        });
      }
      fixtureIds.set(value.id, document.file);
      value.resources.forEach((resource, index) => {
        const key = `${resource.resourceType}/${resource.id ?? ''}`;
        const previous = resourceKeys.get(key);
        if (previous !== undefined) {
          this.at(document, ['resources', index, 'id'], {
            severity: 'error',
            code: 'duplicate',
            diagnostics: `${key} is already defined in ${previous}; fixture resource ids must be unique across the blueprint`,
          });
        }
        resourceKeys.set(key, document.file);
        this.nhsNumbersInTestRange(document, ['resources', index], resource);
      });
    }
    for (const fixture of fixtures) {
      const { document, value } = fixture;
      const own = new Set(
        value.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`),
      );
      if (value.patient !== undefined) {
        const parsed = parseNhsNumber(value.patient.nhsNumber);
        if (!parsed.ok) {
          this.at(document, ['patient', 'nhsNumber'], {
            severity: 'error',
            code: 'fixture',
            diagnostics: `patient.nhsNumber: ${parsed.message}`,
          });
        } else if (!isTestRangeNhsNumber(parsed.value)) {
          this.at(document, ['patient', 'nhsNumber'], {
            severity: 'error',
            code: 'fixture',
            diagnostics:
              'patient.nhsNumber: expected a number from the test range 999 000 0000 to 999 999 9999',
          });
        }
        const patientIndex = value.resources.findIndex(
          (resource) =>
            resource.resourceType === 'Patient' && resource.id === value.patient?.resourceId,
        );
        const patient = value.resources[patientIndex] as
          (Resource & { identifier?: { system?: string; value?: string }[] }) | undefined;
        if (patient === undefined) {
          this.at(document, ['patient', 'resourceId'], {
            severity: 'error',
            code: 'fixture',
            diagnostics: `patient.resourceId: expected the id of a Patient in this fixture's resources; found ${JSON.stringify(value.patient.resourceId)}`,
          });
        } else if (
          !(patient.identifier ?? []).some(
            (identifier) =>
              identifier.system === NHS_NUMBER_SYSTEM &&
              identifier.value === value.patient?.nhsNumber,
          )
        ) {
          this.at(document, ['resources', patientIndex, 'identifier'], {
            severity: 'error',
            code: 'fixture',
            diagnostics:
              "the fixture's Patient must carry its patient.nhsNumber as an identifier with the NHS number system",
          });
        }
        const patientRef = `Patient/${value.patient.resourceId}`;
        value.resources.forEach((resource, index) => {
          for (const field of ['subject', 'patient'] as const) {
            const reference = (
              resource as unknown as Record<string, { reference?: unknown } | undefined>
            )[field]?.reference;
            if (
              typeof reference === 'string' &&
              reference.startsWith('Patient/') &&
              reference !== patientRef
            ) {
              this.at(document, ['resources', index, field, 'reference'], {
                severity: 'error',
                code: 'fixture',
                diagnostics: `resources[${String(index)}].${field}: expected a reference to the fixture's patient (${patientRef})`,
              });
            }
          }
        });
      }
      (value.expectations ?? []).forEach((expectation, index) => {
        if (haveSecurity && !purposes.has(expectation.purposeOfUse)) {
          this.at(document, ['expectations', index, 'purposeOfUse'], {
            severity: 'error',
            code: 'reference',
            diagnostics: `expectations[${String(index)}].purposeOfUse: expected one of the security requirements' purpose codes (${[...purposes].join(', ')}); found ${JSON.stringify(expectation.purposeOfUse)}`,
          });
        }
        for (const field of ['include', 'exclude'] as const) {
          (expectation[field] ?? []).forEach((reference, refIndex) => {
            if (!own.has(reference)) {
              this.at(document, ['expectations', index, field, refIndex], {
                severity: 'error',
                code: 'reference',
                diagnostics: `expectations[${String(index)}].${field}[${String(refIndex)}]: ${reference} is not one of this fixture's resources`,
              });
            }
          });
        }
      });
    }
  }

  private nhsNumbersInTestRange(
    document: LocatedDocument,
    path: (string | number)[],
    value: unknown,
    depth = 0,
  ): void {
    if (depth > 40) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        this.nhsNumbersInTestRange(document, [...path, index], item, depth + 1);
      });
      return;
    }
    if (!isRecord(value)) return;
    if (value['system'] === NHS_NUMBER_SYSTEM && typeof value['value'] === 'string') {
      const parsed = parseNhsNumber(value['value']);
      if (!parsed.ok || !isTestRangeNhsNumber(parsed.value)) {
        this.at(document, [...path, 'value'], {
          severity: 'error',
          code: 'fixture',
          diagnostics:
            'an NHS number in a fixture must be valid and from the test range 999 000 0000 to 999 999 9999',
        });
      }
    }
    for (const [key, child] of Object.entries(value)) {
      this.nhsNumbersInTestRange(document, [...path, key], child, depth + 1);
    }
  }

  private requirementReferences(
    ids: ReadonlySet<string>,
    files: readonly Located<unknown>[],
    fixtureFiles: ReadonlySet<LocatedDocument>,
  ): void {
    const walk = (
      document: LocatedDocument,
      path: (string | number)[],
      value: unknown,
      depth: number,
    ): void => {
      if (depth > 40) return;
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          walk(document, [...path, index], item, depth + 1);
        });
        return;
      }
      if (!isRecord(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if (key === 'requirements' && Array.isArray(child)) {
          child.forEach((id, index) => {
            if (typeof id === 'string' && !ids.has(id)) {
              this.at(document, [...path, key, index], {
                severity: 'error',
                code: 'reference',
                diagnostics: `no requirement with id ${id}`,
                requirementId: id,
              });
            }
          });
        } else if (!(key === 'resources' && path.length === 0 && fixtureFiles.has(document))) {
          walk(document, [...path, key], child, depth + 1);
        }
      }
    };
    for (const file of files) walk(file.document, [], file.value, 0);
  }

  /** Profile url per resource type, from the capability requirements. */
  private defaultProfiles = new Map<string, string>();

  /**
   * The blueprint profiles a resource is checked against: those it claims in `meta.profile`;
   * else the profile the capability requirements name for its type; else every blueprint
   * profile of its type that does not build on another blueprint profile.
   */
  private profilesFor(resource: Resource, profiles: readonly StructureDefinition[]): string[] {
    const own = new Set(profiles.map((profile) => profile.url));
    const claimed = (resource.meta?.profile ?? []).filter((url) => own.has(url));
    if (claimed.length > 0) return claimed;
    const fromCapability = this.defaultProfiles.get(resource.resourceType);
    if (fromCapability !== undefined && own.has(fromCapability)) return [fromCapability];
    return profiles
      .filter(
        (profile) =>
          profile.type === resource.resourceType && !own.has(profile.baseDefinition ?? ''),
      )
      .map((profile) => profile.url);
  }

  private async withContext(
    context: BlueprintFhirContext,
    manifest: BlueprintManifest,
    version: string | undefined,
    profiles: readonly Located<StructureDefinition>[],
    extensions: readonly Located<StructureDefinition>[],
    valueSets: readonly Located<Resource>[],
    codeSystems: readonly Located<Resource>[],
    examples: readonly BlueprintExample[],
    exampleFiles: readonly Located<Resource>[],
    fixtures: readonly Located<FixtureFile>[],
    built: BlueprintProfile[],
    builtExtensions: BlueprintProfile[],
  ): Promise<boolean> {
    if (hasBlueprintErrors(this.issues)) {
      built.push(...profiles.map((profile) => toProfile(profile)));
      builtExtensions.push(...extensions.map((extension) => toProfile(extension)));
      return false;
    }
    const prepared = await context.prepare({
      fhirVersion: manifest.fhirVersion,
      dependencies: manifest.dependencies ?? [],
      resources: [...profiles, ...extensions, ...valueSets, ...codeSystems].map(
        (file) => file.value,
      ),
    });
    for (const problem of prepared) {
      this.issues.push({
        severity: problem.severity === 'fatal' ? 'error' : problem.severity,
        code: 'not-found',
        diagnostics: `FHIR context (blueprint ${manifest.id} ${version ?? ''}): ${problem.diagnostics}`,
      });
    }
    if (prepared.some((problem) => problem.severity === 'error' || problem.severity === 'fatal')) {
      built.push(...profiles.map((profile) => toProfile(profile)));
      builtExtensions.push(...extensions.map((extension) => toProfile(extension)));
      return false;
    }
    for (const [list, target] of [
      [profiles, built],
      [extensions, builtExtensions],
    ] as const) {
      for (const profile of list) {
        const snapshot = await context.snapshot(profile.value.url);
        if (snapshot === undefined) {
          this.at(profile.document, ['baseDefinition'], {
            severity: 'error',
            code: 'conformance',
            diagnostics: `no snapshot could be generated for ${profile.value.url}; is its base definition in a declared dependency?`,
          });
        }
        target.push(toProfile(profile, snapshot));
      }
    }
    const check = async (
      document: LocatedDocument,
      path: (string | number)[],
      resource: Resource,
      urls: readonly string[],
    ): Promise<void> => {
      const result = await context.validate(resource, urls);
      for (const issue of result.issues.slice(0, MAX_ISSUES_PER_RESOURCE)) {
        if (issue.severity === 'information') continue;
        this.at(document, path, {
          severity: issue.severity === 'warning' ? 'warning' : 'error',
          code: 'validation',
          diagnostics: `${resource.resourceType}/${resource.id ?? '(no id)'} against ${urls.length === 0 ? 'the base definition' : urls.join(', ')}: ${issue.diagnostics}`,
          ...(issue.expression === undefined ? {} : { expression: issue.expression }),
        });
      }
    };
    const ownProfiles = profiles.map((profile) => profile.value);
    for (const [index, example] of examples.entries()) {
      const file = exampleFiles[index];
      if (file !== undefined) await check(file.document, [], example.resource, example.profiles);
    }
    for (const fixture of fixtures) {
      for (const [index, resource] of fixture.value.resources.entries()) {
        await check(
          fixture.document,
          ['resources', index],
          resource,
          this.profilesFor(resource, ownProfiles),
        );
      }
    }
    return true;
  }
}

function toProfile(
  file: Located<StructureDefinition>,
  snapshot?: StructureDefinition,
): BlueprintProfile {
  return {
    file: file.document.file,
    resource: file.value,
    url: file.value.url,
    type: file.value.type,
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

/**
 * Resolves a blueprint by path or package name (see {@link resolveBlueprint}), reads every part
 * the manifest names, checks each file against its JSON Schema and the parts against each other
 * (requirement ids unique and referenced ones present, profile urls under the canonical, fixture
 * NHS numbers from the test range, ...), reads the opt-out policy with `@lhcr/optout`, and, when a
 * {@link BlueprintFhirContext} is given, generates profile snapshots and validates every example
 * and fixture against the blueprint's profiles. Every problem is an issue with file, line and
 * column; the promise never rejects for bad input.
 *
 * @example
 * ```ts
 * const result = await loadBlueprint('@lhcr/blueprint-core');
 * if (result.ok) {
 *   console.log(`${result.blueprint.title} ${result.blueprint.version}: ${String(result.blueprint.requirements.length)} requirements`);
 * } else {
 *   for (const issue of result.issues) console.error(formatBlueprintIssue(issue));
 * }
 * ```
 */
export async function loadBlueprint(
  ref: string,
  options: LoadBlueprintOptions = {},
): Promise<LoadBlueprintResult> {
  const resolved = resolveBlueprint(ref, options.from);
  if (!resolved.ok) return { ok: false, issues: resolved.issues };
  const loader = new Loader(resolved.location, options.fhirContext);
  const blueprint = await loader.load();
  if (blueprint === undefined || hasBlueprintErrors(loader.issues)) {
    return { ok: false, issues: loader.issues };
  }
  return { ok: true, blueprint, issues: loader.issues };
}

/**
 * {@link loadBlueprint}, throwing a {@link BlueprintError} (with every issue) when the blueprint
 * has errors.
 *
 * @throws {BlueprintError} when the blueprint cannot be found or has errors.
 * @example
 * ```ts
 * const blueprint = await assertBlueprint('@lhcr/blueprint-core');
 * ```
 */
export async function assertBlueprint(
  ref: string,
  options: LoadBlueprintOptions = {},
): Promise<Blueprint> {
  const result = await loadBlueprint(ref, options);
  if (result.ok) return result.blueprint;
  const errors = result.issues.filter((issue) => issue.severity === 'error');
  throw new BlueprintError(
    `blueprint ${ref} has ${String(errors.length)} error(s):\n${errors.slice(0, 20).map(formatBlueprintIssue).join('\n')}`,
    result.issues,
  );
}
