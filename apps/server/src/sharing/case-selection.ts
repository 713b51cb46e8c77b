/**
 * What a share reads from the case: every live entity of the agreement's case, or the chosen
 * ones with the entities they reference (when the terms let those travel), and in both cases the
 * records that make someone a victim. Those matter even when nobody chose them: a person is known
 * to be a victim only through the profile or exploitation pointing at them, and a victim not known
 * as one would travel in clear. The reduction then decides what leaves.
 *
 * What partners sent us (ids `share-…`) is never passed on: it is theirs to share, under their
 * agreement with us, not ours.
 */
import { AriadneError, type AriadneModel, type EntityData } from '@ariadne/schema';
import { LOCAL_SHARE_ID_PATTERN, victimPointers, type AgreementTerms } from '@ariadne/sharing';
import type { EntityRecord, Store } from '@ariadne/store';

export interface CaseSelection {
  /** in the case's order, as the reduction takes them */
  readonly entities: readonly EntityData[];
  /** the records read, by id, to journal the sealed ones */
  readonly records: ReadonlyMap<string, EntityRecord>;
  /** entities received from partners, left out */
  readonly partnerRecordsWithheld: number;
}

/** the most entities named in one selection */
export const MAX_SELECTED = 10_000;

async function caseEntities(store: Store, caseId: string): Promise<{ own: EntityRecord[]; received: number }> {
  const own: EntityRecord[] = [];
  let received = 0;
  for await (const entity of store.exportEntities({ caseId })) {
    if (LOCAL_SHARE_ID_PATTERN.test(entity.id)) received += 1;
    else own.push(entity);
  }
  return { own, received };
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
  const { own, received } = await caseEntities(store, caseId);
  const byId = new Map(own.map((entity) => [entity.id, entity]));
  let chosen: EntityRecord[];
  if (entityIds === undefined) {
    chosen = own;
  } else {
    if (entityIds.length > MAX_SELECTED) throw new AriadneError('VALIDATION_FAILED', `Select at most ${MAX_SELECTED} entities.`, { details: { entityIds: `more than ${MAX_SELECTED}` } });
    const missing = entityIds.find((id) => !byId.has(id));
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
    partnerRecordsWithheld: received,
  };
}
