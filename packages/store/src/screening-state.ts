/**
 * Which persons and organisations are due for screening: never screened, changed since, or
 * screened against other list versions than the current ones. Sealed entities (victims) are
 * never screened: a victim's data is not compared against anything without need.
 */
import { sql } from 'kysely';
import type { StoreContext } from './context.ts';
import type { EntityRecord } from './types.ts';
import { getEntity } from './entity-reads.ts';

/** Schemata screened against sanctions lists. */
export const SCREENED_SCHEMATA: readonly string[] = ['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody'];

export interface DueSubject {
  readonly id: string;
  readonly caseId: string | null;
  readonly schema: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
  /** the entity's last change, to be handed back to `markScreened` */
  readonly changedAt: Date;
}

export interface ScreeningStateStore {
  /** up to `limit` subjects due for screening against `listsKey`, in id order after `afterId` */
  dueForScreening(listsKey: string, options: { limit: number; afterId?: string | null }): Promise<readonly DueSubject[]>;
  /** records that these subjects were screened against `listsKey` (as of their `changedAt`) */
  markScreened(subjects: readonly { id: string; changedAt: Date }[], listsKey: string): Promise<void>;
  /** how many subjects are due (for progress and the UI) */
  countDueForScreening(listsKey: string): Promise<number>;
  /** one live subject, for screening it at once after a write */
  screeningSubject(id: string): Promise<DueSubject | null>;
}

function dueQuery(ctx: StoreContext, listsKey: string) {
  return ctx.db.selectFrom('entities as e')
    .leftJoin('screening_state as s', 's.entity_id', 'e.id')
    .where('e.schema', 'in', SCREENED_SCHEMATA)
    .where('e.merged_into', 'is', null)
    .where('e.deleted_at', 'is', null)
    .where('e.sealed', '=', false)
    .where((eb) => eb.or([eb('s.entity_id', 'is', null), eb('s.screened_at', '<', eb.ref('e.last_seen')), eb('s.lists_key', '<>', listsKey)]));
}

const toSubject = (row: { id: string; case_id: string | null; schema: string; properties: unknown; last_seen: Date | string }): DueSubject => ({
  id: row.id, caseId: row.case_id, schema: row.schema,
  properties: (typeof row.properties === 'string' ? JSON.parse(row.properties) : row.properties) as Record<string, string[]>,
  changedAt: new Date(row.last_seen),
});

function fromRecord(entity: EntityRecord): DueSubject {
  return { id: entity.id, caseId: entity.caseId, schema: entity.schema, properties: entity.properties, changedAt: entity.lastSeen };
}

export function screeningStateStore(ctx: StoreContext): ScreeningStateStore {
  return {
    async dueForScreening(listsKey, { limit, afterId }) {
      let q = dueQuery(ctx, listsKey).select(['e.id', 'e.case_id', 'e.schema', 'e.properties', 'e.last_seen']).orderBy('e.id').limit(limit);
      if (afterId) q = q.where('e.id', '>', afterId);
      return (await q.execute()).map(toSubject);
    },
    async markScreened(subjects, listsKey) {
      if (subjects.length === 0) return;
      await ctx.db.insertInto('screening_state')
        .values(subjects.map((s) => ({ entity_id: s.id, screened_at: s.changedAt, lists_key: listsKey })))
        .onConflict((oc) => oc.column('entity_id').doUpdateSet({ screened_at: sql`excluded.screened_at`, lists_key: sql`excluded.lists_key` }))
        .execute();
    },
    async countDueForScreening(listsKey) {
      const row = await dueQuery(ctx, listsKey).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async screeningSubject(id) {
      const entity = await getEntity(ctx, id);
      if (!entity || entity.sealed || !SCREENED_SCHEMATA.includes(entity.schema)) return null;
      return fromRecord(entity);
    },
  };
}
