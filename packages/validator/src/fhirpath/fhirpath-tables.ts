import { R4_FHIRPATH_TABLES } from '../generated/r4-fhirpath-tables';

/**
 * The R4 type tables of the `fhirpath` package that the FHIRPath model reads, as generated into
 * `src/generated/r4-fhirpath-tables.ts` (so validation starts without loading the package).
 */
export interface FhirpathTableData {
  /** Choice element paths and the type suffixes they allow (`Observation.value`). */
  readonly choiceTypePaths: Readonly<Record<string, readonly string[]>>;
  /** Paths whose content is defined at another path (`Questionnaire.item.item`). */
  readonly pathsDefinedElsewhere: Readonly<Record<string, string>>;
  /** Each type's parent type. */
  readonly type2Parent: Readonly<Record<string, string>>;
  /** Each element path's type. */
  readonly path2Type: Readonly<Record<string, string>>;
}

/** The tables with the set of types the `fhirpath` package derives from them when it loads. */
export interface FhirpathModelTables extends FhirpathTableData {
  /** Every type named in `type2Parent`. */
  readonly availableTypes: ReadonlySet<string>;
}

/**
 * The node path of an element as the `fhirpath` package types it: the element's type, or the
 * path itself where the type is `Element` or `BackboneElement` (or unknown). The package keeps
 * this as a derived table, `path2TypeWithoutElements`; working it out per lookup saves building
 * a table of thousands of paths at start-up.
 */
export function nodePathOf(tables: Pick<FhirpathTableData, 'path2Type'>, path: string): string {
  const type = tables.path2Type[path];
  return type === undefined || type === 'Element' || type === 'BackboneElement' ? path : type;
}

let r4Tables: FhirpathModelTables | undefined;

/** The R4 tables; a test checks they, and {@link nodePathOf}, agree with the package's. */
export function r4FhirpathTables(): FhirpathModelTables {
  r4Tables ??= {
    ...R4_FHIRPATH_TABLES,
    availableTypes: new Set([
      ...Object.keys(R4_FHIRPATH_TABLES.type2Parent),
      ...Object.values(R4_FHIRPATH_TABLES.type2Parent),
    ]),
  };
  return r4Tables;
}
