/**
 * Account holders: the Person or Organization entities of the case that KYC links accounts to,
 * and whether each is a victim. A holder is a victim when a sealed record of the case says so: an
 * Exploitation naming them as `victim`, or a VictimProfile of them (`person`), as the extension
 * schemata in packages/schema/schemata define. Holders are personal data of suspects and are
 * shown to finance readers unjournalled; a victim's identity is protected (resolution 2331 para 6):
 * shown only to principals cleared for sealed data, and every sealed record read to decide is
 * journalled, as every read of sealed data is.
 */
import type { Actor, EntityRecord, Store } from '@ariadne/store';

/** the sealed relations that make a person a victim: schema and the property naming the person */
export const VICTIM_MARKERS: readonly { readonly schema: string; readonly prop: string }[] = [
  { schema: 'Exploitation', prop: 'victim' },
  { schema: 'VictimProfile', prop: 'person' },
];

export const PROTECTED_CAPTION = 'Protected person';

export interface Holder {
  readonly entity: EntityRecord;
  /** the sealed records naming the holder a victim (empty for anyone else) */
  readonly victimRecords: readonly EntityRecord[];
}

export function isVictim(holder: Holder | undefined): boolean {
  return holder !== undefined && holder.victimRecords.length > 0;
}

/**
 * The holders of the case among `ids`, with their victim records. Ids that are not live entities
 * of the case are left out: an account's link is shown only when it stays inside the case.
 */
export async function loadHolders(store: Pick<Store, 'getEntity' | 'relations'>, caseId: string, ids: Iterable<string>): Promise<Map<string, Holder>> {
  const holders = new Map<string, Holder>();
  for (const id of new Set(ids)) {
    const entity = await store.getEntity(id);
    if (!entity || entity.caseId !== caseId) continue;
    const victimRecords = (await store.relations(entity.id))
      .filter((r) => r.direction === 'incoming' && VICTIM_MARKERS.some((m) => m.schema === r.entity.schema && m.prop === r.prop))
      .map((r) => r.entity);
    holders.set(id, { entity, victimRecords });
  }
  return holders;
}

/** journals every sealed record read to decide who is a victim, once each, before anything is answered */
export async function journalVictimReads(store: Pick<Store, 'journalSealedRead'>, actor: Actor, holders: Iterable<Holder>, purpose: string): Promise<number> {
  const seen = new Set<string>();
  for (const holder of holders) {
    for (const record of holder.victimRecords) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      await store.journalSealedRead(actor, record, purpose);
    }
  }
  return seen.size;
}

/** the holder as a reader sees it: a victim's name only for those cleared for sealed data */
export function holderView(holder: Holder, cleared: boolean): { id: string; schema: string; caption: string; victim: boolean } {
  const victim = isVictim(holder);
  return { id: holder.entity.id, schema: holder.entity.schema, caption: victim && !cleared ? PROTECTED_CAPTION : holder.entity.caption, victim };
}
