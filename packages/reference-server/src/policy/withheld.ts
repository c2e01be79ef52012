import { createRestrictedCodeList, findRestrictedCode, linkedWithheld } from '@lhcr/optout';
import type { RestrictedCodeList, WithheldKeyInfo } from '@lhcr/optout';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { WithheldReason } from '../storage/store';

/** The v3 Confidentiality code system of `meta.security` labels. */
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

const PRACTICE_PRIVATE = createRestrictedCodeList({
  id: 'very-restricted-label',
  title: 'Labelled very restricted (V) by the practice',
  category: 'other',
  codes: [],
});

/** Whether a resource carries a given v3 Confidentiality label in `meta.security`. */
export function hasConfidentiality(resource: JsonObject, code: 'R' | 'V'): boolean {
  const meta = resource['meta'];
  const security = isRecord(meta) ? meta['security'] : undefined;
  return (
    Array.isArray(security) &&
    security.some(
      (label) =>
        isRecord(label) &&
        label['code'] === code &&
        (label['system'] === undefined || label['system'] === CONFIDENTIALITY_SYSTEM),
    )
  );
}

/**
 * Decides, for every resource of one patient's compartment, whether it is withheld and why:
 * coded with a restricted-data code (LHCR-RDA-01), labelled very restricted (LHCR-RDA-05), or
 * pointing to a withheld record (LHCR-RDA-02), followed through chains of links.
 */
export function withheldReasons(
  resources: readonly { readonly key: string; readonly resource: JsonObject }[],
  lists: readonly RestrictedCodeList[],
): Map<string, WithheldReason> {
  const reasons = new Map<string, WithheldReason>();
  const withheld = new Map<string, WithheldKeyInfo>();
  for (const { key, resource } of resources) {
    const match = findRestrictedCode(resource, lists);
    if (match !== undefined) {
      reasons.set(key, 'code');
      withheld.set(key, { list: match.list, reference: key });
    } else if (resource['resourceType'] !== 'Patient' && hasConfidentiality(resource, 'V')) {
      reasons.set(key, 'label');
      withheld.set(key, { list: PRACTICE_PRIVATE, reference: key });
    }
  }
  for (let round = 0; round < 16 && withheld.size > 0; round += 1) {
    let added = false;
    for (const { key, resource } of resources) {
      if (reasons.has(key)) continue;
      const link = linkedWithheld(resource, withheld);
      if (link !== undefined) {
        reasons.set(key, 'linked');
        withheld.set(key, { list: link.info.list, reference: key });
        added = true;
      }
    }
    if (!added) break;
  }
  return reasons;
}
