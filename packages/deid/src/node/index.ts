export { nodeHmacSha256 } from './node-hmac';
export { DEID_KEY_ENV, readPseudonymKey } from './key-file';
export type { PseudonymKeySource, ReadPseudonymKeyResult } from './key-file';
export { loadDeidPolicy } from './policy-file';
export type { LoadedDeidPolicy } from './policy-file';
export { loadPostcodeLookup } from './postcode-lookup-file';
export { deidentifyFile, measureRiskFile, r4OutputValidator } from './deidentify-file';
export type { DeidFileOptions, DeidFileResult } from './deidentify-file';
