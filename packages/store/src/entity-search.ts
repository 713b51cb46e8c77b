/**
 * Name and full-text search over the merged view: trigram word similarity on normalised names
 * (`<%`, served by the GIN trigram index) or a full-text match on names and text (GIN tsvector).
 * Sealed entities are never indexed, so never found.
 */
import { AriadneError } from '@ariadne/schema';
import { sql } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Page, SearchHit } from './types.ts';
import type { SearchQuery } from './store.ts';
import { normaliseForSearch } from './search-text.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';

export async function searchEntities(ctx: StoreContext, query: SearchQuery): Promise<Page<SearchHit>> {
  const q = normaliseForSearch(query.q).slice(0, 200);
  if (!q) throw new AriadneError('VALIDATION_FAILED', 'Type a name or words to search for.', { details: { q: 'empty after normalisation' } });
  const limit = pageLimit(query.limit);
  const offset = query.cursor ? Number(decodeCursor(query.cursor)[0]) || 0 : 0;
  const caseIds = query.caseIds.filter((c): c is string => c !== null);
  const includeReference = query.caseIds.includes(null);
  if (caseIds.length === 0 && !includeReference) return { items: [], next: null };
  const scope = includeReference
    ? sql`(e.case_id = any(${caseIds}::text[]) or e.case_id is null)`
    : sql`e.case_id = any(${caseIds}::text[])`;
  const schema = query.schema ? sql`and e.schema = ${query.schema}` : sql``;
  const result = await sql<{ id: string; schema: string; caption: string; case_id: string | null; names: string; score: number }>`
    select e.id, e.schema, e.caption, e.case_id, e.names,
      greatest(word_similarity(${q}, e.names), ts_rank(e.fts, plainto_tsquery('simple', ${q}))) as score
    from entities e
    where (${q} <% e.names or e.fts @@ plainto_tsquery('simple', ${q}))
      and e.merged_into is null and e.deleted_at is null and not e.sealed
      and ${scope} ${schema}
    order by score desc, e.id
    limit ${limit + 1} offset ${offset}`.execute(ctx.db);
  const items = result.rows.slice(0, limit).map((r) => ({
    id: r.id, schema: r.schema, caption: r.caption, caseId: r.case_id, score: Number(r.score), matched: bestMatch(r.names, q) ?? r.caption,
  }));
  return { items, next: result.rows.length > limit ? encodeCursor([offset + limit]) : null };
}

/** the stored name closest to the query, shown to explain the hit */
function bestMatch(names: string, q: string): string | undefined {
  const words = q.split(' ');
  let best: { name: string; hits: number } | undefined;
  for (const name of names.split(' | ')) {
    const hits = words.filter((w) => name.includes(w)).length;
    if (!best || hits > best.hits) best = { name, hits };
  }
  return best?.name;
}
