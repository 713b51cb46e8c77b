/**
 * Whether a victim's record may travel for a purpose: consent is the survivor's, not the
 * record's. A decision recorded on the victim's Person, or on any sealed record about that
 * person alone (their profile, an exploitation of them only), counts for all their records; a
 * refusal or withdrawal anywhere wins over a grant; no decision at all means no consent. A record
 * about several victims (one exploitation of two people) travels only when every one of them
 * consented, and never when the record itself carries a refusal.
 */
import type { ConsentPurpose } from '../types.ts';

/** the latest decision per purpose for one entity id, as the store keeps them; undefined: none */
export type ConsentLookup = (id: string) => ReadonlyMap<ConsentPurpose, boolean> | undefined;

type Decision = boolean | undefined;

function combine(decisions: readonly Decision[]): Decision {
  if (decisions.includes(false)) return false;
  return decisions.includes(true) ? true : undefined;
}

/**
 * The victim records (ids, from `victimsOfRecords`) whose survivors consented to `purpose`.
 *
 * @example consentedRecords(victimsOfRecords(entities, model), consents, 'prosecution').has(profileId)
 */
export function consentedRecords(about: ReadonlyMap<string, readonly string[]>, consents: ConsentLookup, purpose: ConsentPurpose): Set<string> {
  const own = (id: string): Decision => consents(id)?.get(purpose);
  const bySurvivor = new Map<string, Decision[]>();
  for (const [record, persons] of about) {
    const survivor = persons.length === 1 ? persons[0] : undefined;
    if (survivor === undefined) continue;
    const list = bySurvivor.get(survivor) ?? [];
    list.push(own(record), own(survivor)); // the person's own decision counts even when absent from `about`
    bySurvivor.set(survivor, list);
  }
  const survivorConsented = (person: string) => combine(bySurvivor.get(person) ?? [own(person)]) === true;
  const out = new Set<string>();
  for (const [record, persons] of about) {
    const allowed = persons.length === 0 ? own(record) === true : own(record) !== false && persons.every(survivorConsented);
    if (allowed) out.add(record);
  }
  return out;
}
