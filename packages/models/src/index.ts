export * from './generated/fhir-r4';
export * from './identifiers';
export * from './builders';
export type { ExtensionValueKey, HasExtensions } from './extensions';
export {
  getExtension,
  getExtensionValue,
  getExtensions,
  removeExtension,
  setExtension,
} from './extensions';
export { identifierReference, referenceTo } from './references';
export { isResource, isResourceType } from './resource-guards';
export type { NhsNumberVerificationStatus } from './uk-core';
export {
  NHS_NUMBER_VERIFICATION_STATUS,
  UK_CORE_CODE_SYSTEMS,
  UK_CORE_EXTENSIONS,
  UK_CORE_PROFILES,
} from './uk-core';
