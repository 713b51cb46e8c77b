/**
 * What a share reads from the case: every live entity of the agreement's case, or the chosen
 * ones with the entities they reference (when the terms let those travel), and in both cases the
 * records that make someone a victim. Those matter even when nobody chose them: a person is known
 * to be a victim only through the profile or exploitation pointing at them, and a victim not known
 * as one would travel in clear. The reduction then decides what leaves.
 *
 * What partners sent us is never passed on: it is theirs to share, under their agreement with us,
 * not ours. The case is read as merged views of our own statements (`exportOwnEntities`), so a
 * partner's entity merged into one of ours adds nothing of theirs; and an entity with a partner's
 * id (`share-…`) stays home whole, even when something of ours was merged into it.
 */
import { AriadneError, type AriadneModel, type EntityData } from '@ariadne/schema';
import { LOCAL_SHARE_ID_PATTERN, victimPointers, victimRecordIds, type AgreementTerms } from '@ariadne/sharing';
import type { EntityRecord, OwnExportTally, Store } from '@ariadne/store';

export interface CaseSelection {
  /** in the case's order, as the reduction takes them */
  readonly entities: readonly EntityData[];
  /** the records read, by id, to journal the sealed ones */
  readonly records: ReadonlyMap<string, EntityRecord>;
  /** entities received from partners, left out */
  readonly partnerRecordsWithheld: number;
  /** values partners sent us, left out (of their entities and of ours they were merged into) */
  readonly partnerValuesWithheld: number;
  /**
   * our persons whom only a partner's record names as a victim, left out whole: we hold no
   * victim record (hence no consent) of ours for them, and sending them as ordinary persons
   * would send a victim in clear
   */
  readonly partnerMarkedVictimsWithheld: number;
}

/** the most entities named in one selection */
export const MAX_SELECTED = 10_000;

async function caseEntities(store: Store, caseId: string): Promise<{ own: EntityRecord[]; received: number; receivedValues: number }> {
  const own: EntityRecord[] = [];
  const tally: OwnExportTally = { entitiesWithheld: 0, valuesWithheld: 0 };
  let received = 0;
  for await (const entity of store.exportOwnEntities({ caseId }, tally)) {
    if (LOCAL_SHARE_ID_PATTERN.test(entity.id)) received += 1;
    else own.push(entity);
  }
  return { own, received: received + tally.entitiesWithheld, receivedValues: tally.valuesWithheld };
}

/**
 * The entity each merged-away id now lives on. A merge rebuilds only the canonical entity: records
 * that pointed at a member still name the member's id, and a victim profile pointing at a merged
 * person would otherwise not make the canonical person a victim.
 */
async function canonicalIds(store: Store, ids: Iterable<string>, present: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const asked = new Set<string>();
  for (const id of ids) {
    if (present.has(id) || asked.has(id)) continue;
    asked.add(id);
    const entity = await store.getEntity(id);
    if (entity && entity.id !== id) out.set(id, entity.id);
  }
  return out;
}

/** the entity with its references to merged-away ids pointing at where they now live */
function withCanonicalRefs(model: AriadneModel, entity: EntityRecord, canonical: ReadonlyMap<string, string>): EntityRecord {
  const refs = model.entityRefs(entity).filter((ref) => canonical.has(ref.id));
  if (refs.length === 0) return entity;
  const properties: Record<string, readonly string[]> = { ...entity.properties };
  for (const prop of new Set(refs.map((ref) => ref.prop))) {
    properties[prop] = [...new Set((properties[prop] ?? []).map((id) => canonical.get(id) ?? id))];
  }
  return { ...entity, properties };
}

/** ids (as written) that the case's records, ours and partners', name as victims */
async function victimPointerTargets(store: Store, model: AriadneModel, caseId: string): Promise<Set<string>> {
  const targets = new Set<string>();
  for await (const entity of store.exportEntities({ caseId })) {
    for (const prop of victimPointers(model, entity.schema)) for (const id of entity.properties[prop] ?? []) targets.add(id);
  }
  return targets;
}

/** the chosen entities and, transitively, what they reference that the terms let travel */
function closure(model: AriadneModel, byId: ReadonlyMap<string, EntityRecord>, chosen: readonly string[], terms: AgreementTerms): Set<string> {
  const out = new Set<string>();
  const queue = [...chosen];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const ref of model.entityRefs(byId.get(id)!)) {
      const target = byId.get(ref.id);
      if (target && !out.has(target.id) && Object.hasOwn(terms.allowed, target.schema)) queue.push(target.id);
    }
  }
  return out;
}

/** records pointing at a selected person as their victim (profiles, exploitations, incidents) */
function victimContext(model: AriadneModel, own: readonly EntityRecord[], selected: ReadonlySet<string>): EntityRecord[] {
  return own.filter((entity) => !selected.has(entity.id)
    && victimPointers(model, entity.schema).some((prop) => (entity.properties[prop] ?? []).some((id) => selected.has(id))));
}

/**
 * The entities a share of the case starts from. `entityIds` absent: the whole case; given: those
 * entities (NOT_FOUND for one that is not a live entity of the case, or was received from a
 * partner) and what they reference that the terms allow, plus the victim context.
 */
export async function selectForShare(
  deps: { readonly store: Store; readonly model: AriadneModel },
  share: { readonly caseId: string; readonly terms: AgreementTerms; readonly entityIds?: readonly string[] | undefined },
): Promise<CaseSelection> {
  const { store, model } = deps;
  const { caseId, terms, entityIds } = share;
  const read = await caseEntities(store, caseId);
  const present = new Set(read.own.map((entity) => entity.id));
  const pointed = await victimPointerTargets(store, model, caseId);
  const canonical = await canonicalIds(store, [...read.own.flatMap((entity) => model.entityRefs(entity).map((ref) => ref.id)), ...pointed], present);
  const resolved = read.own.map((entity) => withCanonicalRefs(model, entity, canonical));
  // a victim only a partner's record reveals stays home (our own records decide who travels how)
  const ourVictims = victimRecordIds(resolved, model);
  const partnerMarked = new Set([...pointed].map((id) => canonical.get(id) ?? id).filter((id) => present.has(id) && !ourVictims.has(id)));
  const own = resolved.filter((entity) => !partnerMarked.has(entity.id));
  const byId = new Map(own.map((entity) => [entity.id, entity]));
  let chosen: EntityRecord[];
  if (entityIds === undefined) {
    chosen = own;
  } else {
    if (entityIds.length > MAX_SELECTED) throw new AriadneError('VALIDATION_FAILED', `Select at most ${MAX_SELECTED} entities.`, { details: { entityIds: `more than ${MAX_SELECTED}` } });
    const missing = entityIds.find((id) => !byId.has(id) && !partnerMarked.has(id));
    const withheld = entityIds.find((id) => partnerMarked.has(id));
    if (withheld !== undefined) {
      throw new AriadneError('CONFLICT', `Entity ${withheld} is named as a victim only by a partner's record: it cannot travel (record the victim in this case, with their consent, first).`, { details: { entityIds: withheld } });
    }
    if (missing !== undefined) {
      throw new AriadneError('NOT_FOUND', `Entity ${missing} is not a live entity of the agreement's case (or was received from a partner).`, { details: { entityIds: missing } });
    }
    const selected = closure(model, byId, entityIds, terms);
    for (const entity of victimContext(model, own, selected)) selected.add(entity.id);
    chosen = own.filter((entity) => selected.has(entity.id));
  }
  return {
    entities: chosen.map((entity) => ({ id: entity.id, schema: entity.schema, properties: entity.properties })),
    records: new Map(chosen.map((entity) => [entity.id, entity])),
    partnerRecordsWithheld: read.received,
    partnerValuesWithheld: read.receivedValues,
    partnerMarkedVictimsWithheld: partnerMarked.size,
  };
}
