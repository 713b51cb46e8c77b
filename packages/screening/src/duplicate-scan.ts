/**
 * Entity resolution inside Ariadne: proposes duplicate persons and organisations among the
 * entities of the given cases (and reference data), with the same matcher as screening, and
 * stores the proposals for an analyst to merge, link or reject. Pairs already judged are kept as
 * judged by the store, so a rejected pair is not proposed again.
 */
import { proposeDuplicates, type ResolvableEntity } from '@ariadne/sanctions';
import { SCREENED_SCHEMATA, type Actor, type EntityRecord, type Page, type PageRequest, type ScreeningStore } from '@ariadne/store';

export interface DuplicateScanDeps {
  readonly store: Pick<ScreeningStore, 'recordDuplicateCandidates'> & {
    listEntities(filter: { caseId: string | null; schema?: string }, page: PageRequest): Promise<Page<EntityRecord>>;
  };
  readonly actor: Actor;
  readonly signal?: AbortSignal;
}

export interface DuplicateScanReport {
  readonly entities: number;
  readonly proposed: number;
  readonly stored: number;
}

async function subjectsOf(deps: DuplicateScanDeps, caseId: string | null): Promise<ResolvableEntity[]> {
  const out: ResolvableEntity[] = [];
  for (const schema of SCREENED_SCHEMATA) {
    let cursor: string | null = null;
    do {
      deps.signal?.throwIfAborted();
      const page: Page<EntityRecord> = await deps.store.listEntities({ caseId, schema }, { limit: 500, cursor });
      // victims' records are sealed: they are never compared in bulk
      for (const e of page.items) if (!e.sealed) out.push({ id: e.id, schema: e.schema, caseId: e.caseId, properties: e.properties });
      cursor = page.next;
    } while (cursor);
  }
  return out;
}

/** @example await scanDuplicates({ store, actor }, ['case-1', 'case-2']) */
export async function scanDuplicates(deps: DuplicateScanDeps, caseIds: readonly (string | null)[]): Promise<DuplicateScanReport> {
  const entities: ResolvableEntity[] = [];
  for (const caseId of caseIds) entities.push(...(await subjectsOf(deps, caseId)));
  const proposals = proposeDuplicates(entities);
  const stored = proposals.length > 0 ? await deps.store.recordDuplicateCandidates(deps.actor, proposals) : 0;
  return { entities: entities.length, proposed: proposals.length, stored };
}
