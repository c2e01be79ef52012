import type { OptOutPolicy } from './policy-types';

const ROW = 'NHS-STANDARDS.md §3.2 row';

/**
 * The default national policy for England: the national data opt-out decision table
 * (NHS-STANDARDS.md §3.2, first match wins), Type 1 GP objections for GP-originated
 * identifiable data leaving the practice for purposes other than direct care (§3.4), and local
 * dissent for direct-care sharing through the shared care record (§3.6). Secondary uses whose
 * opt-out status is unknown or stale are denied.
 *
 * Choices this policy makes, each a rule a region can change in its own copy:
 *
 * - Type 1 applies to identifiable and pseudonymised GP data of `gp-practice` or `unknown`
 *   origin, and only explicit consent, a legal requirement or ICO-standard anonymisation come
 *   before it; the national data opt-out exemptions (rows 5 to 11) do not lift a Type 1 objection.
 * - The national register may be at most 30 days old (the national refresh interval for a cache
 *   is not confirmed; NHS-STANDARDS.md §3.5 marks it `UNCERTAIN`); GP records for Type 1 likewise.
 * - Local dissent blocks direct care and emergency care through the shared record; a region
 *   that allows a break-glass override writes its own rule.
 *
 * @see NHS-STANDARDS.md §3
 * @example
 * ```ts
 * decideOptOut({ purpose: 'research', date: '2025-03-01' }, states, NATIONAL_DEFAULT_POLICY);
 * NATIONAL_DEFAULT_POLICY.rules.map((rule) => rule.id); // ['local-dissent', 'direct-care', ...]
 * ```
 */
export const NATIONAL_DEFAULT_POLICY: OptOutPolicy = {
  id: 'lhcr-england-national',
  version: '1.0.0',
  title: 'National data opt-out, Type 1 and local dissent (England)',
  description:
    'The national data opt-out decision table (first match wins), Type 1 GP objections and local dissent to shared care record sharing. Unknown or stale opt-out status fails closed for secondary uses.',
  registers: {
    nationalOptOut: { maxAgeDays: 30 },
    type1: { maxAgeDays: 30 },
  },
  rules: [
    {
      id: 'local-dissent',
      description: 'A local objection to sharing through the shared care record blocks it.',
      references: ['NHS-STANDARDS.md §3.6'],
      when: { purposeCategory: ['direct-care'], localDissent: ['dissent'] },
      effect: 'deny',
      reasons: [
        'The patient has objected to sharing their record through the shared care record (decision recorded {localDissent.since}, register {localDissent.register} as of {localDissent.asOf}).',
        'Local dissent governs direct-care sharing through the shared record; the national data opt-out and Type 1 play no part in this decision.',
      ],
    },
    {
      id: 'direct-care',
      description: "The individual's own direct care: the national data opt-out does not apply.",
      references: [`${ROW} 1`, 'NHS-STANDARDS.md §3.4'],
      when: { purposeCategory: ['direct-care'] },
      effect: 'permit',
      reasons: [
        "The purpose is the individual's own care ({purpose}, {purposeOfUse}); neither the national data opt-out nor a Type 1 objection applies to direct care.",
        'No local objection to sharing through the shared care record is in force (local dissent: {localDissent}).',
      ],
    },
    {
      id: 'anonymised',
      description: 'Data anonymised in line with the ICO anonymisation code is not confidential.',
      references: [`${ROW} 2`],
      when: { identifiability: ['anonymised'] },
      effect: 'permit',
      reasons: [
        'The data is anonymised in line with the ICO anonymisation code, so it is not confidential patient information and no opt-out applies.',
      ],
    },
    {
      id: 'explicit-consent',
      description: 'Explicit consent for this specific use.',
      references: [`${ROW} 3`],
      when: { basis: ['explicit-consent'] },
      effect: 'permit',
      reasons: [
        'The patient gave explicit consent for this specific use, which takes precedence over the national data opt-out and a Type 1 objection.',
      ],
    },
    {
      id: 'legal-requirement',
      description: 'A legal requirement: court order or statutory duty.',
      references: [`${ROW} 4`],
      when: { basis: ['legal-requirement'] },
      effect: 'permit',
      reasons: [
        'The disclosure is required by law (court order or statutory duty), so opt-outs do not apply.',
      ],
    },
    {
      id: 'type1-objection',
      description:
        'A Type 1 objection: GP-originated identifiable data does not leave the practice for purposes other than direct care.',
      references: ['NHS-STANDARDS.md §3.4'],
      when: {
        purposeCategory: ['secondary'],
        origin: ['gp-practice', 'unknown'],
        identifiability: ['identifiable', 'pseudonymised'],
        type1: ['objection'],
      },
      effect: 'deny',
      reasons: [
        'The patient has a Type 1 objection in their GP record (latest Type 1 code dated {type1.since}; GP record register {type1.register} as of {type1.asOf}).',
        'GP-originated identifiable data (origin: {origin}) must not leave the practice for purposes other than direct care.',
      ],
    },
    {
      id: 'type1-status-unavailable',
      description: 'Type 1 status unknown or stale for GP-originated data: fail closed.',
      references: ['NHS-STANDARDS.md §3.4'],
      when: {
        purposeCategory: ['secondary'],
        origin: ['gp-practice', 'unknown'],
        identifiability: ['identifiable', 'pseudonymised'],
        type1: ['unknown', 'stale'],
      },
      effect: 'deny',
      reasons: [
        'The Type 1 status of the patient is {type1} (GP record register: {type1.register}, as of {type1.asOf}; maximum age {type1.maxAgeDays} days).',
        'Data of origin {origin} may be GP-originated; without a current Type 1 check it cannot be used for purposes other than direct care, so the request fails closed.',
      ],
    },
    {
      id: 'overriding-public-interest',
      references: [`${ROW} 5`],
      when: { basis: ['overriding-public-interest'] },
      effect: 'permit',
      reasons: [
        'An overriding public interest (documented test) justifies the disclosure; the national data opt-out does not apply.',
      ],
    },
    {
      id: 'public-health-copi-reg3',
      references: [`${ROW} 6`],
      when: { basis: ['public-health-copi-reg3'] },
      effect: 'permit',
      reasons: [
        'The use is for communicable disease or public-health risk under COPI regulation 3 (including immunisation programmes and adverse reactions); the national data opt-out does not apply.',
      ],
    },
    {
      id: 'national-registration-service',
      references: [`${ROW} 7`],
      when: { basis: ['national-registration-service'] },
      effect: 'permit',
      reasons: [
        'The data goes to the National Cancer Registration Service or the National Congenital Anomalies and Rare Diseases Registration Service; the national data opt-out does not apply.',
      ],
    },
    {
      id: 'official-statistics-ons',
      references: [`${ROW} 8`],
      when: { basis: ['official-statistics-ons'] },
      effect: 'permit',
      reasons: [
        'The data is for official statistics to the Office for National Statistics; the national data opt-out does not apply.',
      ],
    },
    {
      id: 'invoice-validation',
      references: [`${ROW} 9`],
      when: { basis: ['invoice-validation'] },
      effect: 'permit',
      reasons: [
        'The use is non-contracted invoice validation under CAG 7-07(a-c)/2013, or NHSBSA prescription charges under regulation 18A; the national data opt-out does not apply.',
      ],
    },
    {
      id: 'patient-survey-pre-april-2019',
      references: [`${ROW} 10`],
      when: { basis: ['patient-survey-pre-april-2019'] },
      effect: 'permit',
      reasons: [
        'The use is a national patient experience survey sent before April 2019; the national data opt-out does not apply.',
      ],
    },
    {
      id: 'no-nhs-number-disproportionate-effort',
      references: [`${ROW} 11`],
      when: { basis: ['no-nhs-number-disproportionate-effort'], nhsNumber: ['absent'] },
      effect: 'permit',
      reasons: [
        'The record has no NHS number and obtaining one would be disproportionate effort; the national data opt-out cannot be applied.',
      ],
    },
    {
      id: 's251-cag-exempt',
      references: ['NHS-STANDARDS.md §3.1'],
      when: { basis: ['s251-cag-exempt'] },
      effect: 'permit',
      reasons: [
        'The flow has s251 support and the Confidentiality Advisory Group exempted it from the standard condition that objections are respected; the controller must hold the approval that says so.',
      ],
    },
    {
      id: 'ndop-opted-out',
      description: 'The national data opt-out applies and the patient has opted out.',
      references: [`${ROW} 12`, `${ROW} 13`],
      when: { purposeCategory: ['secondary'], nationalOptOut: ['opted-out'] },
      effect: 'deny',
      reasons: [
        'The national data opt-out applies to this use ({purpose}, basis {basis}) and the patient has opted out (national register {nationalOptOut.register} as of {nationalOptOut.asOf}).',
      ],
    },
    {
      id: 'ndop-status-unavailable',
      description: 'Opt-out status unknown, missing or stale: fail closed.',
      references: [`${ROW} 12`, `${ROW} 13`],
      when: { purposeCategory: ['secondary'], nationalOptOut: ['unknown', 'stale'] },
      effect: 'deny',
      reasons: [
        "The national data opt-out applies to this use ({purpose}, basis {basis}) but the patient's opt-out status is {nationalOptOut} (national register {nationalOptOut.register} as of {nationalOptOut.asOf}; maximum age {nationalOptOut.maxAgeDays} days; NHS number {nhsNumber}).",
        'Without a current check the request fails closed.',
      ],
    },
    {
      id: 'ndop-not-opted-out',
      description: 'The national data opt-out applies and the patient has not opted out.',
      references: [`${ROW} 12`, `${ROW} 13`],
      when: { purposeCategory: ['secondary'], nationalOptOut: ['not-opted-out'] },
      effect: 'permit',
      reasons: [
        'The national data opt-out applies to this use ({purpose}, basis {basis}) and the national register {nationalOptOut.register} (as of {nationalOptOut.asOf}) records no opt-out for the patient.',
      ],
    },
    {
      id: 'default-deny',
      description: 'Nothing above permitted the request.',
      effect: 'deny',
      reasons: ['No rule of the policy permits this request.'],
    },
  ],
};
