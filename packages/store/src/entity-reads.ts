/** Reading entities: single, detailed (with provenance), listed, related, exported. */
import { AriadneError } from '@ariadne/schema';
import type { StoreContext } from './context.ts';
import type { EntityDetail, EntityRecord, Page, PageRequest } from './types.ts';
import { toEntityRecord, toStatementRecord } from './entity-rows.ts';
import { entityGroup } from './entity-writes.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';
import { appendJournalEntries } from './journal-store.ts';
import type { Actor } from './types.ts';
import type { Database } from './database.ts';
import type { Selectable } from 'kysely';

type EntitiesRow = Selectable<Database['entities']>;
type StatementRow = Selectable<Database['statements']>;
/** a statement row as `json_agg` returns it: timestamps as strings */
type StatementJson = Omit<StatementRow, 'first_seen' | 'last_seen' | 'retracted_at'> & { first_seen: string; last_seen: string; retracted_at: string | null };

/** the live entity with this id; an id merged into another resolves to the canonical entity */
export async function getEntity(ctx: StoreContext, id: string): Promise<EntityRecord | null> {
  let row = await ctx.db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
  if (row?.merged_into) {
    row = await ctx.db.selectFrom('entities').selectAll().where('id', '=', row.merged_into).executeTakeFirst();
  }
  if (!row || row.deleted_at !== null) return null;
  return toEntityRecord(row);
}

const ENTITY_DETAIL_SQL = `
  with target as (select coalesce(merged_into, id) as id from entities where id = $1),
       members as (select member_id from entity_merges where canonical_id = (select id from target))
  select e.*,
    -- '= any(array)' rather than 'or … in': keeps the lookup on the statements key (entity_id, id)
    coalesce((select json_agg(s order by s.prop, s.first_seen, s.id) from statements s
              where s.entity_id = any(array(select id from target union all select member_id from members))), '[]'::json) as statements,
    array(select member_id from members order by member_id) as merged_from
  from entities e where e.id = (select id from target) and e.deleted_at is null`;

/**
 * The entity, every statement about it and its merge members, in one round trip: this is the
 * API's hottest read. Statements come back as JSON; their timestamps are turned back into Dates.
 */
export async function getEntityDetail(ctx: StoreContext, id: string): Promise<EntityDetail | null> {
  const rows = await ctx.queryPrepared<EntitiesRow & { statements: StatementJson[]; merged_from: string[] }>('ariadne_entity_detail', ENTITY_DETAIL_SQL, [id]);
  const row = rows[0];
  if (!row) return null;
  const statements = row.statements.map((s) => toStatementRecord({
    ...s, first_seen: new Date(s.first_seen), last_seen: new Date(s.last_seen), retracted_at: s.retracted_at ? new Date(s.retracted_at) : null,
  }));
  return { ...toEntityRecord(row), statements, mergedFrom: row.merged_from };
}

export async function journalSealedRead(ctx: StoreContext, actor: Actor, entity: EntityRecord, purpose: string): Promise<void> {
  if (!entity.sealed) return;
  const at = ctx.now();
  await ctx.db.transaction().execute((tx) =>
    appendJournalEntries(tx, actor, at, [{ action: `entity.read.sealed:${purpose.slice(0, 64)}`, caseId: entity.caseId, entityId: entity.id }]));
}

export async function listEntities(ctx: StoreContext, filter: { caseId: string | null; schema?: string }, page: PageRequest): Promise<Page<EntityRecord>> {
  const limit = pageLimit(page.limit);
  let query = ctx.db.selectFrom('entities').selectAll()
    .where('merged_into', 'is', null).where('deleted_at', 'is', null)
    .where('case_id', filter.caseId === null ? 'is' : '=', filter.caseId);
  if (filter.schema) query = query.where('schema', '=', filter.schema);
  if (page.cursor) query = query.where('id', '>', String(decodeCursor(page.cursor)[0]));
  const rows = await query.orderBy('id').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(toEntityRecord);
  return { items, next: rows.length > limit ? encodeCursor([items.at(-1)!.id]) : null };
}

export async function relations(ctx: StoreContext, id: string) {
  const entity = await getEntity(ctx, id);
  if (!entity) throw new AriadneError('NOT_FOUND', `No entity "${id}".`);
  const group = await entityGroup(ctx.db, entity.id);
  const outgoing = await ctx.db.selectFrom('statements').select(['prop', 'value'])
    .where('entity_id', 'in', group).where('is_ref', '=', true).where('retracted_at', 'is', null).execute();
  const incoming = await ctx.db.selectFrom('statements').select(['prop', 'entity_id'])
    .where('value', 'in', group).where('is_ref', '=', true).where('retracted_at', 'is', null).execute();
  const ids = [...new Set([...outgoing.map((s) => s.value), ...incoming.map((s) => s.entity_id)])];
  const related = new Map<string, EntityRecord>();
  for (const otherId of ids) {
    const other = await getEntity(ctx, otherId);
    if (other && other.id !== entity.id) related.set(otherId, other);
  }
  const out: { entity: EntityRecord; prop: string; direction: 'outgoing' | 'incoming' }[] = [];
  const seen = new Set<string>();
  const add = (otherId: string, prop: string, direction: 'outgoing' | 'incoming') => {
    const other = related.get(otherId);
    const key = `${other?.id}|${prop}|${direction}`;
    if (other && !seen.has(key)) {
      seen.add(key);
      out.push({ entity: other, prop, direction });
    }
  };
  for (const s of outgoing) add(s.value, s.prop, 'outgoing');
  for (const s of incoming) add(s.entity_id, s.prop, 'incoming');
  return out;
}

/** streams the merged view in id order, in pages, so exports of millions run in bounded memory */
export async function* exportEntities(ctx: StoreContext, filter: { caseId: string | null; schema?: string }): AsyncIterable<EntityRecord> {
  let cursor: string | null = null;
  do {
    const page: Page<EntityRecord> = await listEntities(ctx, filter, { limit: 200, cursor });
    yield* page.items;
    cursor = page.next;
  } while (cursor);
}
