// `@lhncbc/ucum-lhc` ships no types: the part used is typed where it is used (`UcumValidator`).
declare module '@lhncbc/ucum-lhc' {
  export const UcumLhcUtils: { getInstance(): unknown };
}
