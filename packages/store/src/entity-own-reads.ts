/**
 * Reading a case's entities as we know them ourselves: each live entity's merged view rebuilt
 * from the statements whose source is ours, leaving out what partners sent us (source
 * `share:<partner id>`, written by `importSharedPackage`). This is what may leave us through
 * sharing: a partner's entity merged into one of ours puts the partner's statements into the
 * stored merged view (`exportEntities`), and they are the partner's to share, not ours.
 *
 * A merge member's own statements count toward its canonical entity, as in the stored view; an
 * entity left with no statement of ours is not yielded. The caption is recomputed from our values
 * (a stored caption may be a partner's name); schema, sealed and times are the stored entity's.
 *
 * One query per page of entities: each entity's own statements (and its merge members') are one
 * range probe of the statements' key (entity_id, id), folded into properties by the database's
 * `json_agg`, so a large case costs a query per few hundred entities, not a read per entity.
 */
import { sql } from 'kysely';
import type { StoreContext } from './context.ts';
import type { EntityRecord, Properties } from './types.ts';
import { entityCaption, propertiesFromStatements, toEntityRecord } from './entity-rows.ts';

/** how the statements partners sent us are marked: source `share:<partner id>` */
export const PARTNER_SOURCE_PREFIX = 'share:';

/** what an `exportOwnEntities` iteration left out, counted up as it goes */
export interface OwnExportTally {
  /** live entities with no statement of ours: not yielded */
  entitiesWithheld: number;
  /** values of the stored merged views that only partners' statements give (in withheld and yielded entities) */
  valuesWithheld: number;
}

const PAGE_SIZE = 500;

interface OwnRow {
  id: string; case_id: string | null; schema: string; sealed: boolean; first_seen: Date; last_seen: Date;
  /** the stored merged view, partners' values included */
  properties: unknown;
  /** [prop, value] of the live statements of ours, in first-seen order; null when there is none */
  own: unknown;
}

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** values in `merged` that `own` does not hold */
export function valuesOnlyIn(merged: Properties, own: Properties): number {
  let count = 0;
  for (const [prop, values] of Object.entries(merged)) {
    const ours = own[prop] ?? [];
    for (const value of values) if (!ours.includes(value)) count += 1;
  }
  return count;
}

/**
 * Streams the live entities of a case (or the global data, `caseId` null) as merged views of our
 * own statements, in id order, in pages. `tally`, when given, counts what was left out.
 */
export async function* exportOwnEntities(
  ctx: StoreContext, filter: { caseId: string | null; schema?: string }, tally?: OwnExportTally,
): AsyncIterable<EntityRecord> {
  const scope = filter.caseId === null ? sql`e.case_id is null` : sql`e.case_id = ${filter.caseId}`;
  const schema = filter.schema ? sql`and e.schema = ${filter.schema}` : sql``;
  const partners = `${PARTNER_SOURCE_PREFIX}%`;
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: OwnRow[] } = await sql<OwnRow>`
      select e.id, e.case_id, e.schema, e.sealed, e.first_seen, e.last_seen, e.properties,
        -- '= any(array)' keeps the lookup on the statements key (entity_id, id), as the detail read does
        (select json_agg(json_build_array(s.prop, s.value) order by s.first_seen, s.id) from statements s
          where s.entity_id = any(array[e.id] || array(select m.member_id from entity_merges m where m.canonical_id = e.id))
            and s.retracted_at is null and s.source not like ${partners}) as own
      from entities e
      where ${scope} and e.merged_into is null and e.deleted_at is null ${schema}
        ${after === null ? sql`` : sql`and e.id > ${after}`}
      order by e.id limit ${PAGE_SIZE}`.execute(ctx.db);
    for (const row of rows) {
      const merged = parsed<Properties>(row.properties);
      const statements = parsed<[string, string][] | null>(row.own) ?? [];
      const properties = propertiesFromStatements(statements.map(([prop, value]) => ({ prop, value })));
      if (tally) tally.valuesWithheld += valuesOnlyIn(merged, properties);
      if (statements.length === 0) {
        if (tally) tally.entitiesWithheld += 1;
        continue;
      }
      const caption = entityCaption(ctx.model, { id: row.id, schema: row.schema, properties });
      yield toEntityRecord({ ...row, caption, properties });
    }
    if (rows.length < PAGE_SIZE) return;
    after = rows.at(-1)!.id;
  }
}
