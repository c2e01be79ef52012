import type { Address, ContactPoint, Identifier, Organization } from '../generated/fhir-r4';
import { ODS_ORGANIZATION_SYSTEM, ODS_SITE_SYSTEM } from '../identifiers/ods-code';
import type { OdsCode } from '../identifiers/ods-code';
import { UK_CORE_PROFILES } from '../uk-core';
import { toAddress } from './common';
import type { AddressInput } from './common';
import { profileMeta, put } from './internal';

/**
 * What {@link buildOrganization} takes.
 *
 * @example
 * const input: OrganizationInput = { odsCode: assertOdsCode('RR8'), name: 'Leeds Teaching Hospitals NHS Trust' };
 */
export interface OrganizationInput {
  id?: string;
  odsCode?: OdsCode;
  odsSiteCode?: OdsCode;
  name: string;
  active?: boolean;
  telecom?: ContactPoint[];
  address?: AddressInput;
}

/**
 * Builds a UK Core Organization identified by its ODS organisation (and optionally site) code.
 *
 * @example
 * buildOrganization({ id: 'rr8', odsCode: assertOdsCode('RR8'), name: 'Leeds Teaching Hospitals NHS Trust' });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoreorganization
 */
export function buildOrganization(input: OrganizationInput): Organization {
  if (input.name.trim() === '') throw new TypeError('name must not be empty.');
  const organization: Organization = {
    resourceType: 'Organization',
    meta: profileMeta(UK_CORE_PROFILES.Organization),
  };
  put(organization, 'id', input.id);
  const identifiers: Identifier[] = [];
  if (input.odsCode !== undefined)
    identifiers.push({ system: ODS_ORGANIZATION_SYSTEM, value: input.odsCode });
  if (input.odsSiteCode !== undefined)
    identifiers.push({ system: ODS_SITE_SYSTEM, value: input.odsSiteCode });
  if (identifiers.length > 0) organization.identifier = identifiers;
  put(organization, 'active', input.active);
  organization.name = input.name;
  if (input.telecom && input.telecom.length > 0) organization.telecom = input.telecom;
  const address: Address | undefined = input.address && toAddress(input.address);
  if (address) organization.address = [address];
  return organization;
}
