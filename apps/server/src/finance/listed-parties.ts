/**
 * What the CT-01 red flag needs from the rest of Ariadne: the accounts of a case whose holder the
 * screening capability matched on a sanctions list (an alert not judged a false positive), or
 * whose holder the case names as the armed group of an exploitation or incident. Keyed by account
 * reference, as `DetectContext.listed` is. Screening alerts carry list, entry and score; an armed
 * group of the case is `{ list: 'case', entry: <entity id>, score: 1 }`.
 */
import type { AccountRecord, ListedParty } from '@ariadne/finance';
import type { Store } from '@ariadne/store';

/** the case's relations that name an armed group: schema and the property naming it */
const ARMED_GROUP_MARKERS: readonly { readonly schema: string; readonly prop: string }[] = [
  { schema: 'Exploitation', prop: 'armedGroup' },
  { schema: 'Incident', prop: 'armedGroup' },
];

export async function listedParties(
  store: Pick<Store, 'listAlerts' | 'relations'>, caseId: string, accounts: readonly AccountRecord[],
): Promise<Map<string, ListedParty>> {
  const byHolder = new Map<string, ListedParty | null>();
  const listed = new Map<string, ListedParty>();
  for (const account of accounts) {
    const holder = account.holderId;
    if (holder === undefined) continue;
    if (!byHolder.has(holder)) byHolder.set(holder, await partyOf(store, caseId, holder));
    const party = byHolder.get(holder);
    if (party) listed.set(account.id, party);
  }
  return listed;
}

async function partyOf(store: Pick<Store, 'listAlerts' | 'relations'>, caseId: string, holder: string): Promise<ListedParty | null> {
  const { items } = await store.listAlerts({ caseIds: [caseId], subjectId: holder }, { limit: 100 });
  const best = items.filter((a) => a.status !== 'false_positive').sort((a, b) => b.score - a.score)[0];
  if (best) return { list: best.list, entry: best.entry, score: best.score };
  // only the relation's schema and property are read here, never its content
  const named = (await store.relations(holder)).some((r) => r.direction === 'incoming' && ARMED_GROUP_MARKERS.some((m) => m.schema === r.entity.schema && m.prop === r.prop));
  return named ? { list: 'case', entry: holder, score: 1 } : null;
}
