import type { CodeableConcept, Coding, OperationOutcome } from '@lhcr/models';

/**
 * The terminology server an answer came from, for the validator to record in its outcome.
 * `software` and `softwareVersion` come from the server's CapabilityStatement (`software.name`
 * and `software.version`), read once per client.
 *
 * @example
 * ```ts
 * const server: TerminologyServerInfo = {
 *   url: 'https://tx.example.org/fhir',
 *   software: 'Ontoserver',
 *   softwareVersion: '6.20.1',
 *   fhirVersion: '4.0.1',
 * };
 * ```
 */
export interface TerminologyServerInfo {
  /** The server's FHIR base URL, as configured. */
  readonly url: string;
  /** The server software's name. */
  readonly software?: string;
  /** The server software's version. */
  readonly softwareVersion?: string;
  /** The FHIR version the server speaks. */
  readonly fhirVersion?: string;
}

/**
 * Input for `CodeSystem/$validate-code`: a code (or Coding, or CodeableConcept) to check
 * against a code system.
 *
 * @see https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
 * @example
 * ```ts
 * const input: CodeSystemValidateCodeInput = { system: 'http://snomed.info/sct', code: '22298006' };
 * ```
 */
export interface CodeSystemValidateCodeInput {
  /** The code system's canonical URL (the operation's `url` parameter). */
  readonly system: string;
  /** The code to check. Needed unless `coding` or `codeableConcept` is given. */
  readonly code?: string;
  /** The code system version (for SNOMED CT, an edition or version URI). */
  readonly version?: string;
  /** A display to check against the code's displays. */
  readonly display?: string;
  /** A Coding to check instead of `code`. */
  readonly coding?: Coding;
  /** A CodeableConcept to check (valid when any coding is). */
  readonly codeableConcept?: CodeableConcept;
}

/**
 * Input for `ValueSet/$validate-code`: a code (or Coding, or CodeableConcept) to check against
 * a value set.
 *
 * @see https://hl7.org/fhir/R4/valueset-operation-validate-code.html
 * @example
 * ```ts
 * const input: ValueSetValidateCodeInput = {
 *   url: 'https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory',
 *   system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
 *   code: 'A',
 * };
 * ```
 */
export interface ValueSetValidateCodeInput {
  /** The value set's canonical URL. */
  readonly url: string;
  /** The value set version. */
  readonly valueSetVersion?: string;
  /** The code's system; needed with `code`. */
  readonly system?: string;
  /** The code system version. */
  readonly systemVersion?: string;
  /** The code to check. Needed unless `coding` or `codeableConcept` is given. */
  readonly code?: string;
  /** A display to check. */
  readonly display?: string;
  /** A Coding to check instead of `system` and `code`. */
  readonly coding?: Coding;
  /** A CodeableConcept to check (valid when any coding is). */
  readonly codeableConcept?: CodeableConcept;
}

/**
 * Input for `ValueSet/$expand`.
 *
 * @see https://hl7.org/fhir/R4/valueset-operation-expand.html
 * @example
 * ```ts
 * const input: ValueSetExpandInput = { url: 'http://hl7.org/fhir/ValueSet/administrative-gender', count: 50 };
 * ```
 */
export interface ValueSetExpandInput {
  /** The value set's canonical URL. */
  readonly url: string;
  /** The value set version. */
  readonly valueSetVersion?: string;
  /** Text to filter the expansion by. */
  readonly filter?: string;
  /** How many codes to return (paging). */
  readonly count?: number;
  /** Where to start (paging). */
  readonly offset?: number;
  /** Leave out inactive codes. */
  readonly activeOnly?: boolean;
  /** The language for displays. */
  readonly displayLanguage?: string;
}

/**
 * What `$validate-code` said. `valid: false` is an answer, not an error.
 *
 * @example
 * ```ts
 * const result: TerminologyValidateCodeResult = await client.validateCodeInCodeSystem({ system, code });
 * if (!result.valid) issues.push({ severity: 'error', code: 'code-invalid', diagnostics: result.message ?? 'invalid code' });
 * ```
 */
export interface TerminologyValidateCodeResult {
  /** The server's `result`. */
  readonly valid: boolean;
  /** The server's `message`, when it sent one (usually when `valid` is false). */
  readonly message?: string;
  /** The code's display, as the server knows it. */
  readonly display?: string;
  /** The system the server checked against (`system` out-parameter), when it says. */
  readonly system?: string;
  /** The code the server checked (`code` out-parameter), when it says. */
  readonly code?: string;
  /** The code system version the server used (`version` out-parameter), when it says. */
  readonly codeSystemVersion?: string;
  /** Detailed issues (`issues` out-parameter, FHIR R5 style), when the server sends them. */
  readonly issues?: OperationOutcome;
  /** The server that answered. */
  readonly server: TerminologyServerInfo;
  /** Whether this answer came from the client's cache. */
  readonly cached: boolean;
}

/**
 * One code of an expansion (nested `contains` are flattened).
 *
 * @example
 * ```ts
 * const concept: ExpandedConcept = { system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' };
 * ```
 */
export interface ExpandedConcept {
  readonly system?: string;
  readonly version?: string;
  readonly code?: string;
  readonly display?: string;
  readonly inactive?: boolean;
  readonly abstract?: boolean;
}

/**
 * What `$expand` returned.
 *
 * @example
 * ```ts
 * const expansion: TerminologyExpansionResult = await client.expandValueSet({ url });
 * expansion.concepts.map((c) => c.code);
 * ```
 */
export interface TerminologyExpansionResult {
  /** The expanded value set's URL, as the server gives it (or as asked). */
  readonly url: string;
  /** The value set version the server expanded, when it says. */
  readonly valueSetVersion?: string;
  /** `expansion.total`, when the server gives it. */
  readonly total?: number;
  /** `expansion.offset`, when the server gives it. */
  readonly offset?: number;
  /** `expansion.timestamp`. */
  readonly timestamp?: string;
  /** The codes, with nested `contains` flattened in order. */
  readonly concepts: readonly ExpandedConcept[];
  /**
   * The code system versions used, from the expansion parameters `version` and
   * `used-codesystem` (each `system|version`).
   */
  readonly codeSystemVersions: readonly string[];
  /** The server that answered. */
  readonly server: TerminologyServerInfo;
  /** Whether this answer came from the client's cache. */
  readonly cached: boolean;
}
