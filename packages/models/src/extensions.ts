import type { Extension } from './generated/fhir-r4';

/** Anything that can carry extensions: every element and resource. */
export interface HasExtensions {
  extension?: Extension[];
}

/**
 * The names of the `value[x]` forms an extension can take (`valueString`, `valueCoding`, …).
 *
 * @example
 * const key: ExtensionValueKey = 'valueCodeableConcept';
 */
export type ExtensionValueKey = Extract<keyof Extension, `value${string}`>;

/**
 * The first extension with this URL, if any.
 *
 * @example
 * const status = getExtension(identifier, UK_CORE_EXTENSIONS.nhsNumberVerificationStatus);
 */
export function getExtension(element: HasExtensions, url: string): Extension | undefined {
  return element.extension?.find((e) => e.url === url);
}

/**
 * Every extension with this URL, in order.
 *
 * @example
 * getExtensions(patient, 'http://hl7.org/fhir/StructureDefinition/patient-nationality');
 */
export function getExtensions(element: HasExtensions, url: string): Extension[] {
  return element.extension?.filter((e) => e.url === url) ?? [];
}

/**
 * The `value[x]` of the first extension with this URL, typed by the form asked for.
 * Returns undefined when the extension is absent or carries another form.
 *
 * @example
 * const ethnicity = getExtensionValue(patient, UK_CORE_EXTENSIONS.ethnicCategory, 'valueCodeableConcept');
 */
export function getExtensionValue<K extends ExtensionValueKey>(
  element: HasExtensions,
  url: string,
  key: K,
): Extension[K] | undefined {
  return getExtension(element, url)?.[key];
}

/**
 * Sets an extension, replacing every existing extension with the same URL. Mutates and returns
 * `element`, so calls can be chained in builders.
 *
 * @example
 * setExtension(patient, { url: UK_CORE_EXTENSIONS.birthSex, valueCodeableConcept: birthSex });
 */
export function setExtension<T extends HasExtensions>(element: T, extension: Extension): T {
  const others = element.extension?.filter((e) => e.url !== extension.url) ?? [];
  element.extension = [...others, extension];
  return element;
}

/**
 * Removes every extension with this URL; drops the `extension` array when it becomes empty,
 * since FHIR JSON does not allow empty arrays. Mutates and returns `element`.
 *
 * @example
 * removeExtension(patient, UK_CORE_EXTENSIONS.ethnicCategory);
 */
export function removeExtension<T extends HasExtensions>(element: T, url: string): T {
  const rest = element.extension?.filter((e) => e.url !== url) ?? [];
  if (rest.length > 0) element.extension = rest;
  else delete element.extension;
  return element;
}
