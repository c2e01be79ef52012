/**
 * Invariants that hold on (nearly) every element or resource, or that FHIRPath cannot express,
 * checked by native code instead of FHIRPath: ele-1 (elements have a value or children), ext-1
 * (an extension has a value or sub-extensions, not both), dom-2..dom-6 (contained resources),
 * txt-1 and txt-2 (`htmlChecks()`: narrative XHTML). `native-constraints.test.ts` checks each
 * gives the same answers as its FHIRPath expression where it has one.
 */
export const NATIVE_CONSTRAINTS: ReadonlySet<string> = new Set([
  'ele-1',
  'ext-1',
  'dom-2',
  'dom-3',
  'dom-4',
  'dom-5',
  'dom-6',
  'txt-1',
  'txt-2',
]);
