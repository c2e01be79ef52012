export type {
  BaseDefinitionInput,
  ProfileDefinitionInput,
  ProfileElementInput,
  RenderProfileTypesOptions,
} from './profile-types-input';
export { PROFILE_TYPES_LIMITS, profileTypeName, renderProfileTypes } from './render-profile-types';
export type { ProfileTypesErrorCode } from './profile-types-error';
export { PROFILE_TYPES_ERROR_CODES, ProfileTypesError } from './profile-types-error';
