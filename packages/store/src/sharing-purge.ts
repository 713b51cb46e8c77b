/**
 * Purging what a partner sent: the statements of an agreement's incoming packages are DELETED
 * (retention means gone, not retracted), then every entity they touched is rebuilt from what is
 * left, as `refreshEntity` rebuilds any entity from its statements.
 *
 * An entity left without a live statement disappears the way `deleteEntity` makes entities
 * disappear: its row stays, emptied (no properties, names or search text; the caption falls back
 * to the schema's label), with `deleted_at` set. The row is kept rather than deleted because its id is what
 * the journal, merges, duplicate candidates, alerts and other entities' references name; a
 * deleted row would leave them dangling, an emptied one holds no value the partner sent. If the
 * partner sends the entity again, a later import revives it.
 */
import { sql, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { Actor } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { entityGroup, refreshEntity } from './entity-writes.ts';
import { lockAgreement } from './sharing-agreements.ts';
import { checkTime } from './sharing-input.ts';

export interface PurgeCounts {
  readonly packages: number;
  readonly statements: number;
  readonly entities: number;
}

/** deletes the packages' statements; answers each touched entity id with how many went */
async function deleteStatements(tx: Transaction<Database>, source: string, packageIds: readonly string[]): Promise<Map<string, number>> {
  // `source like 'share:%'` is the predicate of the `statements_shared` index, repeated so it is used
  const { rows } = await sql<{ entity_id: string; n: string | number }>`
    with gone as (
      delete from statements
      where source like 'share:%' and source = ${source} and import_id = any(${[...packageIds]}::text[])
      returning entity_id
    )
    select entity_id, count(*) as n from gone group by entity_id`.execute(tx);
  return new Map(rows.map((r) => [r.entity_id, Number(r.n)]));
}

/**
 * Rebuilds the touched entities (and the canonical entities they are merged into) from their
 * remaining statements; answers the ids of those left without any, now marked deleted.
 */
async function rebuildEntities(ctx: StoreContext, tx: Transaction<Database>, touched: readonly string[], at: Date): Promise<string[]> {
  if (touched.length === 0) return [];
  const rows = await tx.selectFrom('entities').select(['id', 'merged_into']).where('id', '=', sql<string>`any(${[...touched]}::text[])`).execute();
  // a merge member's own row keeps its pre-merge view: it is rebuilt too, so no copy of a purged value survives
  const ids = [...new Set(rows.flatMap((r) => (r.merged_into ? [r.id, r.merged_into] : [r.id])))].sort();
  const gone: string[] = [];
  for (const id of ids) {
    await refreshEntity(ctx, tx, id, at);
    const group = await entityGroup(tx, id);
    const live = await tx.selectFrom('statements').select('id').where('entity_id', 'in', group).where('retracted_at', 'is', null).limit(1).executeTakeFirst();
    if (live) continue;
    const marked = await tx.updateTable('entities').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
    if (marked) gone.push(id);
  }
  return gone;
}

export function sharingPurgeStore(ctx: StoreContext) {
  return {
    async purgeReceived(actor: Actor, agreementId: string, options: { before?: Date } = {}): Promise<PurgeCounts> {
      const before = options.before === undefined ? null : checkTime(options.before, 'before');
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        // locked: no import under the agreement commits between the packages chosen and their purge
        const agreement = await lockAgreement(tx, agreementId);
        let query = tx.selectFrom('share_packages').select('id').where('agreement_id', '=', agreementId)
          .where('direction', '=', 'incoming').where('status', '=', 'imported').where('purged_at', 'is', null);
        if (before !== null) query = query.where('at', '<', before);
        const packageIds = (await query.orderBy('ordinal').execute()).map((r) => r.id);
        if (packageIds.length === 0) return { packages: 0, statements: 0, entities: 0 };

        const deleted = await deleteStatements(tx, `share:${agreement.partner_id}`, packageIds);
        const statements = [...deleted.values()].reduce((sum, n) => sum + n, 0);
        const gone = await rebuildEntities(ctx, tx, [...deleted.keys()], at);
        await tx.updateTable('share_packages').set({ purged_at: at })
          .where('id', 'in', packageIds).where('direction', '=', 'incoming').where('status', '=', 'imported').execute();
        const counts = { packages: packageIds.length, statements, entities: gone.length };
        await appendJournalEntries(tx, actor, at, [{
          action: 'share.purge', caseId: agreement.case_id,
          contentHash: contentHash({ agreement: agreementId, before, packages: packageIds, counts, touched: contentHash([...deleted.keys()].sort()), gone }),
        }]);
        return counts;
      });
    },
  };
}
