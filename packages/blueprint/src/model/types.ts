import type { Resource, StructureDefinition } from '@lhcr/models';
import type { OptOutPolicy } from '@lhcr/optout';

/**
 * A requirement's strength, as in RFC 2119: MUST (conformance fails without it), SHOULD
 * (expected unless there is a good reason), MAY (optional).
 *
 * @example
 * ```ts
 * const level: RequirementLevel = 'MUST';
 * ```
 */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';

/**
 * The levels from strongest to weakest.
 *
 * @example
 * ```ts
 * REQUIREMENT_LEVELS.indexOf('SHOULD'); // 1
 * ```
 */
export const REQUIREMENT_LEVELS: readonly RequirementLevel[] = ['MUST', 'SHOULD', 'MAY'];

/**
 * A link from a requirement or manifest to the specification it rests on.
 *
 * @example
 * ```ts
 * const link: SpecLink = { title: 'UK Core Patient', url: 'https://simplifier.net/hl7fhirukcorer4' };
 * ```
 */
export interface SpecLink {
  readonly title: string;
  readonly url: string;
}

/**
 * How a requirement is verified: by a conformance test against a FHIR server, or not at all
 * (with the reason). `fixtures` names the fixtures whose expectations exercise it.
 *
 * @example
 * ```ts
 * const verification: RequirementVerification = { method: 'untestable', reason: 'Key custody is checked at assurance, not over the API.' };
 * ```
 */
export interface RequirementVerification {
  readonly method: 'server-test' | 'untestable';
  readonly reason?: string;
  readonly fixtures?: readonly string[];
}

/**
 * One requirement of a blueprint.
 *
 * @example
 * ```ts
 * const requirement: Requirement = {
 *   id: 'LHCR-PAT-01',
 *   level: 'MUST',
 *   category: 'identity',
 *   title: 'One NHS number per patient',
 *   text: 'A Patient carries at most one identifier with the NHS number system.',
 *   rationale: 'Records are linked on the NHS number.',
 *   verification: { method: 'server-test' },
 * };
 * ```
 */
export interface Requirement {
  readonly id: string;
  readonly level: RequirementLevel;
  readonly category: string;
  readonly title: string;
  readonly text: string;
  readonly rationale: string;
  readonly appliesTo?: readonly string[];
  readonly links?: readonly SpecLink[];
  readonly verification: RequirementVerification;
  readonly replaces?: string;
}

/**
 * A requirement category declared by the manifest.
 *
 * @example
 * ```ts
 * const category: RequirementCategory = { id: 'opt-outs', title: 'Opt-outs' };
 * ```
 */
export interface RequirementCategory {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/**
 * A FHIR package a blueprint builds on.
 *
 * @example
 * ```ts
 * const ukCore: FhirPackageRef = { id: 'fhir.r4.ukcore.stu2', version: '2.0.0' };
 * ```
 */
export interface FhirPackageRef {
  readonly id: string;
  readonly version: string;
  readonly title?: string;
}

/**
 * The manifest (`blueprint.yaml` or `blueprint.json`) as written, after schema validation.
 *
 * @example
 * ```ts
 * const manifest: BlueprintManifest = {
 *   id: 'demo', title: 'Demo', status: 'draft', fhirVersion: '4.0.1', canonical: 'https://example.org/fhir',
 *   requirementPrefix: 'DEMO', categories: [{ id: 'identity', title: 'Identity' }], requirements: ['requirements.yaml'],
 * };
 * ```
 */
export interface BlueprintManifest {
  readonly id: string;
  readonly version?: string;
  readonly title: string;
  readonly status: 'draft' | 'active' | 'retired';
  readonly description?: string;
  readonly publisher?: string;
  readonly fhirVersion: '4.0.1';
  readonly canonical: string;
  readonly requirementPrefix: string;
  readonly dependencies?: readonly FhirPackageRef[];
  readonly categories: readonly RequirementCategory[];
  readonly requirements: readonly string[];
  readonly profiles?: readonly string[];
  readonly extensions?: readonly string[];
  readonly valueSets?: readonly string[];
  readonly codeSystems?: readonly string[];
  readonly codeLists?: readonly string[];
  readonly capability?: string;
  readonly security?: string;
  readonly optOutPolicy?: string;
  readonly anonymisationPolicy?: string;
  readonly fixtures?: readonly string[];
  readonly examples?: readonly string[];
  readonly links?: readonly SpecLink[];
}

/**
 * A FHIR conformance resource (profile, extension, value set, code system) and the file it came from.
 *
 * @example
 * ```ts
 * const profile: ConformanceFile<StructureDefinition> = blueprint.profiles[0]!;
 * console.log(profile.file, profile.resource.url);
 * ```
 */
export interface ConformanceFile<T> {
  /** Path relative to the blueprint folder. */
  readonly file: string;
  readonly resource: T;
}

/**
 * A blueprint profile: its differential StructureDefinition and, when a FHIR context could make
 * one, its snapshot.
 *
 * @example
 * ```ts
 * const elements = (profile.snapshot ?? profile.resource).snapshot?.element ?? profile.resource.differential?.element;
 * ```
 */
export interface BlueprintProfile extends ConformanceFile<StructureDefinition> {
  readonly url: string;
  readonly type: string;
  readonly snapshot?: StructureDefinition;
}

/**
 * One code of a {@link CodeList}.
 *
 * @example
 * ```ts
 * const code: CodeListCode = { system: 'http://snomed.info/sct', code: '827241000000103', display: 'Dissent from secondary use of general practitioner patient identifiable data' };
 * ```
 */
export interface CodeListCode {
  readonly system: string;
  readonly code: string;
  readonly display: string;
  readonly includeDescendants?: boolean;
  readonly meaning?: string;
}

/**
 * A list of codes the blueprint's rules use (restricted-data lists, purpose-of-use codes).
 *
 * @example
 * ```ts
 * const sti = blueprint.codeLists.find((list) => list.restrictedCategory === 'sexual-health');
 * ```
 */
export interface CodeList {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly purpose: 'restricted-data' | 'purpose-of-use' | 'opt-out' | 'consent' | 'other';
  readonly restrictedCategory?:
    | 'assisted-conception'
    | 'gender-reassignment'
    | 'sexual-health'
    | 'termination-of-pregnancy'
    | 'practice-private'
    | 'other';
  readonly source?: string;
  readonly codes: readonly CodeListCode[];
  readonly requirements?: readonly string[];
}

/**
 * A search parameter a resource type (or every resource type) must, should or may support.
 *
 * @example
 * ```ts
 * const identifier: CapabilitySearchParam = { name: 'identifier', type: 'token', level: 'MUST', notes: 'system|value' };
 * ```
 */
export interface CapabilitySearchParam {
  readonly name: string;
  readonly type:
    | 'number'
    | 'date'
    | 'string'
    | 'token'
    | 'reference'
    | 'composite'
    | 'quantity'
    | 'uri'
    | 'special';
  readonly level: RequirementLevel;
  readonly comparators?: readonly string[];
  readonly modifiers?: readonly string[];
  readonly notes?: string;
  readonly requirements?: readonly string[];
}

/**
 * An operation (`$everything`, `$export`) a server must, should or may offer.
 *
 * @example
 * ```ts
 * const everything: CapabilityOperation = { name: 'everything', scope: 'instance', level: 'MUST' };
 * ```
 */
export interface CapabilityOperation {
  readonly name: string;
  readonly definition?: string;
  readonly scope?: 'instance' | 'type' | 'system';
  readonly level: RequirementLevel;
  readonly notes?: string;
  readonly requirements?: readonly string[];
}

/**
 * What a server offers for one resource type.
 *
 * @example
 * ```ts
 * const patient = blueprint.capability?.resources.find((resource) => resource.type === 'Patient');
 * ```
 */
export interface CapabilityResource {
  readonly type: string;
  readonly level: RequirementLevel;
  readonly profile?: string;
  readonly interactions: readonly {
    readonly code:
      | 'read'
      | 'vread'
      | 'update'
      | 'patch'
      | 'delete'
      | 'history-instance'
      | 'history-type'
      | 'create'
      | 'search-type';
    readonly level: RequirementLevel;
    readonly requirements?: readonly string[];
  }[];
  readonly searchParams?: readonly CapabilitySearchParam[];
  readonly combinations?: readonly {
    readonly params: readonly string[];
    readonly level: RequirementLevel;
    readonly requirements?: readonly string[];
  }[];
  readonly includes?: readonly {
    readonly value: string;
    readonly level: RequirementLevel;
    readonly requirements?: readonly string[];
  }[];
  readonly operations?: readonly CapabilityOperation[];
  readonly requirements?: readonly string[];
}

/**
 * The blueprint's REST capability requirements.
 *
 * @example
 * ```ts
 * const json = blueprint.capability?.formats.find((format) => format.mimeType === 'application/fhir+json');
 * ```
 */
export interface CapabilityRequirements {
  readonly file: string;
  readonly formats: readonly {
    readonly mimeType: string;
    readonly level: RequirementLevel;
    readonly requirements?: readonly string[];
  }[];
  readonly paging?: {
    readonly level: RequirementLevel;
    readonly defaultPageSize?: number;
    readonly maxPageSize?: number;
    readonly notes?: string;
    readonly requirements?: readonly string[];
  };
  readonly postSearch?: {
    readonly level: RequirementLevel;
    readonly notes?: string;
    readonly requirements?: readonly string[];
  };
  readonly commonSearchParams?: readonly CapabilitySearchParam[];
  readonly resources: readonly CapabilityResource[];
  readonly systemOperations?: readonly CapabilityOperation[];
}

/**
 * A purpose of use a client may state, and what kind of use it is.
 *
 * @example
 * ```ts
 * const treat: PurposeOfUseCode = { code: 'TREAT', display: 'treatment', use: 'direct-care' };
 * ```
 */
export interface PurposeOfUseCode {
  readonly code: string;
  readonly display: string;
  readonly use: 'direct-care' | 'planning' | 'research' | 'public-health' | 'audit' | 'other';
  readonly notes?: string;
}

/**
 * The blueprint's security requirements: signed-JWT client credentials, scopes and purpose of use.
 *
 * @example
 * ```ts
 * blueprint.security?.purposeOfUse.header; // 'X-Purpose-Of-Use'
 * ```
 */
export interface SecurityRequirements {
  readonly file: string;
  readonly clientAuthentication: {
    readonly grantType: 'client_credentials';
    readonly method: 'private_key_jwt';
    readonly assertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    readonly algorithms: readonly string[];
    readonly maxAssertionLifetimeSeconds: number;
    readonly requiredClaims: readonly string[];
    readonly keyDiscovery?: string;
    readonly notes?: string;
    readonly requirements?: readonly string[];
  };
  readonly accessToken: {
    readonly maxLifetimeSeconds: number;
    readonly tokenType: 'Bearer';
    readonly notes?: string;
    readonly requirements?: readonly string[];
  };
  readonly scopes: readonly {
    readonly scope: string;
    readonly resourceTypes: readonly string[];
    readonly interactions: readonly string[];
    readonly purposes?: readonly string[];
    readonly notes?: string;
    readonly requirements?: readonly string[];
  }[];
  readonly purposeOfUse: {
    readonly system: string;
    readonly assertionClaim: string;
    readonly tokenClaim: string;
    readonly header: string;
    readonly whenMissing: 'reject' | 'single-granted-purpose';
    readonly codes: readonly PurposeOfUseCode[];
    readonly requirements?: readonly string[];
  };
  readonly headers?: readonly {
    readonly name: string;
    readonly level: RequirementLevel;
    readonly description: string;
    readonly requirements?: readonly string[];
  }[];
}

/**
 * The anonymisation policy for planning extracts (read by the de-identification package).
 * Every threshold is configuration. See NHS-STANDARDS §5: keyed HMAC-SHA-256 pseudonyms, never
 * a plain hash; quasi-identifiers generalised; small numbers suppressed with secondary
 * suppression; k-anonymity and l-diversity checked.
 *
 * @example
 * ```ts
 * blueprint.anonymisationPolicy?.kAnonymity.k; // 5
 * ```
 */
export interface AnonymisationPolicy {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly pseudonymisation: {
    readonly algorithm: 'HMAC-SHA-256';
    readonly input: 'nhs-number';
    readonly key: {
      readonly scope: 'per-project' | 'per-recipient' | 'per-extract';
      readonly custody: 'hsm' | 'kms' | 'separate-service';
      readonly minimumBytes: number;
      readonly rotation?: string;
      readonly heldApartFromAnalysts?: true;
    };
    readonly output: {
      readonly system: string;
      readonly encoding: 'hex' | 'base64url';
      readonly truncateToBytes?: number;
    };
  };
  readonly directIdentifiers: {
    readonly remove: readonly string[];
    readonly freeText?: 'remove' | 'keep';
    readonly otherIdentifiers?: 'remove' | 'pseudonymise';
  };
  readonly quasiIdentifiers: {
    readonly birthDate: {
      readonly method: 'year' | 'age-band' | 'remove';
      readonly bandYears?: number;
      readonly topBandFrom?: number;
    };
    readonly postcode: {
      readonly method: 'outward-code' | 'district' | 'lsoa' | 'remove';
      readonly pseudoPostcodes?: 'keep' | 'remove';
    };
    readonly dates: {
      readonly method: 'month' | 'year' | 'keyed-shift' | 'remove';
      readonly maxShiftDays?: number;
    };
    readonly other?: readonly {
      readonly element: string;
      readonly method: 'keep' | 'generalise' | 'remove';
      readonly notes?: string;
    }[];
  };
  readonly smallNumbers: {
    readonly suppressFrom: number;
    readonly suppressTo: number;
    readonly includeZero: boolean;
    readonly symbol: string;
    readonly rounding?: {
      readonly base: number;
      readonly order: 'after-suppression' | 'before-suppression';
    };
    readonly secondarySuppression: true;
    readonly percentagesFromRounded?: boolean;
    readonly appliesTo?: string;
  };
  readonly kAnonymity: {
    readonly k: number;
    readonly quasiIdentifiers: readonly string[];
    readonly strategy: 'generalise-then-suppress' | 'suppress';
    readonly reportMinimumClassSize?: boolean;
  };
  readonly lDiversity?: { readonly l: number; readonly sensitiveAttributes: readonly string[] };
  readonly requirements?: readonly string[];
}

/**
 * The blueprint's opt-out policy: the referenced document, in the format of `@lhcr/optout`
 * (which checked it while the blueprint loaded), and the policy that package's parser returned.
 * Pass `policy` to `decideOptOut` or `checkOptOut`.
 *
 * @example
 * ```ts
 * const policy = blueprint.optOutPolicy?.policy; // an OptOutPolicy from @lhcr/optout
 * ```
 */
export interface OptOutPolicyDocument {
  readonly file: string;
  /** The document as written (parsed YAML or JSON). */
  readonly document: unknown;
  /** The policy as `@lhcr/optout`'s `parseOptOutPolicy` returned it. */
  readonly policy?: OptOutPolicy;
}

/**
 * The scenarios a fixture can represent.
 *
 * @example
 * ```ts
 * const scenario: FixtureScenario = 'local-dissent';
 * ```
 */
export type FixtureScenario =
  | 'shared'
  | 'baseline'
  | 'national-opt-out'
  | 'type-1-objection'
  | 'local-dissent'
  | 'restricted-data'
  | 'deceased-opted-out'
  | 'sensitive-patient'
  | 'other';

/**
 * What the blueprint expects a conforming server to do when a client with one purpose of use
 * asks for a fixture patient's record: machine-readable, for the conformance suite.
 *
 * @example
 * ```ts
 * const expectation: FixtureExpectation = {
 *   id: 'dissent-treat-denied',
 *   purposeOfUse: 'TREAT',
 *   access: 'everything',
 *   outcome: 'deny',
 *   httpStatus: 403,
 *   operationOutcome: { code: 'forbidden', detailsCode: 'NO_PATIENT_CONSENT' },
 *   requirements: ['LHCR-OPT-04'],
 * };
 * ```
 */
export interface FixtureExpectation {
  readonly id: string;
  readonly description?: string;
  readonly purposeOfUse: string;
  readonly access: 'read' | 'search' | 'everything' | 'export';
  readonly resourceType?: string;
  readonly outcome: 'permit' | 'filter' | 'deny' | 'exclude-patient';
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly httpStatus?: number;
  readonly operationOutcome?: { readonly code: string; readonly detailsCode?: string };
  readonly maskedElements?: readonly string[];
  readonly requirements: readonly string[];
}

/**
 * A synthetic patient (or shared reference data) with its records and expected behaviour.
 *
 * @example
 * ```ts
 * const ndop = blueprint.fixtures.find((fixture) => fixture.scenario === 'national-opt-out');
 * ```
 */
export interface Fixture {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly scenario: FixtureScenario;
  readonly patient?: { readonly resourceId: string; readonly nhsNumber: string };
  readonly registers?: { readonly nationalDataOptOut?: boolean };
  readonly resources: readonly Resource[];
  readonly expectations: readonly FixtureExpectation[];
}

/**
 * An example resource and the profiles it illustrates.
 *
 * @example
 * ```ts
 * const patientExamples = blueprint.examples.filter((example) => example.resource.resourceType === 'Patient');
 * ```
 */
export interface BlueprintExample {
  readonly file: string;
  readonly resource: Resource;
  /** The blueprint profile urls the example claims (meta.profile) or, failing that, matches by type. */
  readonly profiles: readonly string[];
}

/**
 * A loaded blueprint: every part read, checked and typed.
 *
 * @example
 * ```ts
 * const result = await loadBlueprint('@lhcr/blueprint-core');
 * if (result.ok) console.log(result.blueprint.title, result.blueprint.requirements.length);
 * ```
 */
export interface Blueprint {
  /** Absolute path of the blueprint folder. */
  readonly root: string;
  /** The manifest's file name within `root`. */
  readonly manifestFile: string;
  /** The npm package name, when the blueprint is a package. */
  readonly packageName?: string;
  readonly manifest: BlueprintManifest;
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly status: 'draft' | 'active' | 'retired';
  readonly description?: string;
  readonly publisher?: string;
  readonly fhirVersion: '4.0.1';
  readonly canonical: string;
  readonly dependencies: readonly FhirPackageRef[];
  readonly categories: readonly RequirementCategory[];
  readonly requirements: readonly Requirement[];
  readonly profiles: readonly BlueprintProfile[];
  readonly extensions: readonly BlueprintProfile[];
  readonly valueSets: readonly ConformanceFile<Resource>[];
  readonly codeSystems: readonly ConformanceFile<Resource>[];
  readonly codeLists: readonly CodeList[];
  readonly capability?: CapabilityRequirements;
  readonly security?: SecurityRequirements;
  readonly optOutPolicy?: OptOutPolicyDocument;
  readonly anonymisationPolicy?: AnonymisationPolicy;
  readonly fixtures: readonly Fixture[];
  readonly examples: readonly BlueprintExample[];
  readonly links: readonly SpecLink[];
  /** Whether examples and fixtures were validated against the profiles (a FHIR context was given). */
  readonly validated: boolean;
}
