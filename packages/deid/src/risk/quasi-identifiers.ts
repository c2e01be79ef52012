import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { parseElementPath, updateAt, valuesAt } from '../transform/element-path';
import type { ElementPath } from '../transform/element-path';
import { AGE_BAND_EXTENSION_URL, LSOA_EXTENSION_URL } from '../transform/deidentify-resource';

/**
 * A quasi-identifier of a policy's `kAnonymity.quasiIdentifiers`, resolved: `birthDate` (the
 * generalised birth year or age band of a Patient), `postcode` (the generalised postcode or
 * LSOA of its address) or an element path on Patient (`Patient.gender`,
 * `Patient.extension.ethnicCategory`).
 */
export type QuasiIdentifier =
  | { readonly kind: 'birthDate'; readonly name: string }
  | { readonly kind: 'postcode'; readonly name: string }
  | { readonly kind: 'path'; readonly name: string; readonly path: ElementPath };

/** Resolves the policy's quasi-identifier names, or says which cannot be measured. */
export function resolveQuasiIdentifiers(
  names: readonly string[],
): { ok: true; value: QuasiIdentifier[] } | { ok: false; messages: string[] } {
  const out: QuasiIdentifier[] = [];
  const messages: string[] = [];
  names.forEach((name, index) => {
    if (name === 'birthDate') out.push({ kind: 'birthDate', name });
    else if (name === 'postcode') out.push({ kind: 'postcode', name });
    else if (name === 'dates') {
      messages.push(
        `kAnonymity.quasiIdentifiers[${String(index)}]: "dates" are event dates, not an attribute of a person; k-anonymity is measured over Patient records`,
      );
    } else {
      const parsed = parseElementPath(name);
      if (!parsed.ok)
        messages.push(`kAnonymity.quasiIdentifiers[${String(index)}]: ${parsed.message}`);
      else if (parsed.path.resourceType !== 'Patient') {
        messages.push(
          `kAnonymity.quasiIdentifiers[${String(index)}]: ${JSON.stringify(name)} is not a Patient element; k-anonymity is measured over Patient records`,
        );
      } else out.push({ kind: 'path', name, path: parsed.path });
    }
  });
  return messages.length === 0 ? { ok: true, value: out } : { ok: false, messages };
}

/**
 * A stable text form of a FHIR value for grouping: codes as `system|code` (sorted), quantities
 * and other objects as JSON with sorted keys, extensions by their value.
 */
export function canonicalValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object') return '';
  if (Array.isArray(value)) return (value as unknown[]).map(canonicalValue).sort().join(',');
  const object = value as JsonObject;
  if (typeof object['url'] === 'string') {
    const key = Object.keys(object).find((name) => name.startsWith('value'));
    return key === undefined ? '' : canonicalValue(object[key]);
  }
  if (Array.isArray(object['coding'])) {
    return (object['coding'] as unknown[]).map(canonicalValue).sort().join(',');
  }
  if (typeof object['code'] === 'string' && object['value'] === undefined) {
    return `${typeof object['system'] === 'string' ? object['system'] : ''}|${object['code']}`;
  }
  return JSON.stringify(object, Object.keys(object).sort());
}

function firstAddress(patient: JsonObject): JsonObject | undefined {
  const addresses = patient['address'];
  if (!Array.isArray(addresses)) return undefined;
  const first = (addresses as unknown[])[0];
  return isRecord(first) ? first : undefined;
}

function extensionOf(owner: unknown, url: string): JsonObject | undefined {
  if (!isRecord(owner) || !Array.isArray(owner['extension'])) return undefined;
  const found = (owner['extension'] as unknown[]).find(
    (extension) => isRecord(extension) && extension['url'] === url,
  );
  return isRecord(found) ? found : undefined;
}

/**
 * The value of one quasi-identifier in a (de-identified) Patient, as text; `''` when absent.
 */
export function quasiIdentifierValue(patient: JsonObject, qi: QuasiIdentifier): string {
  switch (qi.kind) {
    case 'birthDate': {
      if (typeof patient['birthDate'] === 'string') return patient['birthDate'];
      const band = extensionOf(patient['_birthDate'], AGE_BAND_EXTENSION_URL);
      const range = band?.['valueRange'];
      if (!isRecord(range)) return '';
      const low = isRecord(range['low']) ? String(range['low']['value']) : '';
      const high = isRecord(range['high']) ? String(range['high']['value']) : '';
      return `age ${low}-${high}`;
    }
    case 'postcode': {
      const address = firstAddress(patient);
      if (address === undefined) return '';
      if (typeof address['postalCode'] === 'string') return address['postalCode'];
      const lsoa = extensionOf(address, LSOA_EXTENSION_URL)?.['valueCode'];
      return typeof lsoa === 'string' ? `lsoa ${lsoa}` : '';
    }
    case 'path':
      return valuesAt(patient, qi.path).map(canonicalValue).sort().join(';');
  }
}

/** Removes one quasi-identifier from a (de-identified) Patient, in place. */
export function removeQuasiIdentifier(patient: JsonObject, qi: QuasiIdentifier): void {
  switch (qi.kind) {
    case 'birthDate':
      delete patient['birthDate'];
      delete patient['_birthDate'];
      return;
    case 'postcode': {
      delete patient['address'];
      return;
    }
    case 'path':
      updateAt(patient, qi.path, () => undefined);
      return;
  }
}
