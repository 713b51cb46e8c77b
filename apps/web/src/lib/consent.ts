/**
 * Consent as the survivor and tip-line forms edit it: deny by default (every purpose unchecked),
 * the named organisations typed as free text, and a withdrawal that keeps who may see the
 * material but allows no use of it. Pure, so node tests cover it.
 */
import { CONSENT_PURPOSES, type Consent, type ConsentPurpose, type Visibility } from '../api/evidence-types.ts';

export interface ConsentDraft {
  readonly prosecution: boolean;
  readonly sanctions: boolean;
  readonly statistics: boolean;
  readonly visibility: Visibility;
  /** organisations as typed: one per line or separated by commas */
  readonly organisations: string;
}

/** Nothing allowed until the person says so; only the case team may see it. */
export function emptyConsent(): ConsentDraft {
  return { prosecution: false, sanctions: false, statistics: false, visibility: 'case-team', organisations: '' };
}

const MAX_ORGANISATIONS = 20;
const MAX_NAME = 200;

/**
 * Organisation names from free text: split on new lines, commas and semicolons (Latin and
 * Arabic), trimmed, without blanks or repeats, at most 20 names of at most 200 characters.
 * @example parseOrganisations('UNHCR, Synthetic NGO\nUNHCR') // ['UNHCR', 'Synthetic NGO']
 */
export function parseOrganisations(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,;،؛]+/)) {
    const name = raw.trim().slice(0, MAX_NAME);
    if (name && !out.some((o) => o.toLocaleLowerCase() === name.toLocaleLowerCase())) out.push(name);
    if (out.length === MAX_ORGANISATIONS) break;
  }
  return out;
}

/** The `Consent` body the API takes; organisations only when visibility is `named`. */
export function toConsent(draft: ConsentDraft): Consent {
  const base = { prosecution: draft.prosecution, sanctions: draft.sanctions, statistics: draft.statistics };
  return draft.visibility === 'named'
    ? { ...base, visibility: 'named', organisations: parseOrganisations(draft.organisations) }
    : { ...base, visibility: 'case-team' };
}

/** Back from the API shape to the form, e.g. to edit consent already given. */
export function fromConsent(consent: Consent | null | undefined): ConsentDraft {
  if (!consent) return emptyConsent();
  return {
    prosecution: consent.prosecution === true,
    sanctions: consent.sanctions === true,
    statistics: consent.statistics === true,
    visibility: consent.visibility === 'named' ? 'named' : 'case-team',
    organisations: (consent.organisations ?? []).join('\n'),
  };
}

/**
 * Withdrawal: no purpose allowed any more; who may see it stays as it was. Only the fields of
 * the `Consent` body are kept (the server's copy may carry more, such as when it was recorded).
 */
export function withdrawn(consent: Consent): Consent {
  return toConsent({ ...fromConsent(consent), prosecution: false, sanctions: false, statistics: false });
}

/** The purposes a consent allows, in a fixed order. */
export function allowedPurposes(consent: Consent | null | undefined): ConsentPurpose[] {
  return consent ? CONSENT_PURPOSES.filter((p) => consent[p] === true) : [];
}

/** True when the draft names organisations whenever it limits visibility to them. */
export function isConsentComplete(draft: ConsentDraft): boolean {
  return draft.visibility === 'case-team' || parseOrganisations(draft.organisations).length > 0;
}
