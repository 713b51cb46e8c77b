/**
 * The record of privacy-preserving record linkage runs: which linkage schema (by hash), at what
 * threshold, how many records on each side, how many candidate pairs blocking kept and how many
 * matches. Counts only: neither the records, their encodings nor the matched pairs are kept here.
 */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { LinkageRunsTable } from './database-sharing.ts';
import type { LinkageRunRecord } from './sharing-types.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { checkCaseFilter, checkId, checkLine, checkNonNegative, checkSha256, checkTime, invalid, timeKeysetBefore } from './sharing-input.ts';

const MAX_TITLE = 200;
/** `integer` columns */
const MAX_RECORDS = 2_147_483_647;

function toRun(row: Selectable<LinkageRunsTable>): LinkageRunRecord {
  return {
    id: row.id, caseId: row.case_id, title: row.title, schemaSha256: row.schema_sha256, threshold: row.threshold, recordsA: row.records_a,
    recordsB: row.records_b, candidatePairs: Number(row.candidate_pairs), matches: row.matches, actorId: row.actor_id, at: row.at,
  };
}

function checkRecords(value: unknown, field: string): number {
  const n = checkNonNegative(value, field);
  if (n > MAX_RECORDS) throw invalid(field, `above ${MAX_RECORDS}`);
  return n;
}

export function linkageRunStore(ctx: StoreContext) {
  return {
    async recordLinkageRun(actor: Actor, run: Omit<LinkageRunRecord, 'id' | 'actorId' | 'at'> & { at: Date }): Promise<LinkageRunRecord> {
      if (run === null || typeof run !== 'object') throw invalid('run', 'required');
      const caseId = run.caseId === null ? null : checkId(run.caseId, 'caseId');
      const title = checkLine(run.title, 'title', MAX_TITLE, true);
      const schemaSha256 = checkSha256(run.schemaSha256, 'schemaSha256');
      if (typeof run.threshold !== 'number' || !(run.threshold >= 0 && run.threshold <= 1)) throw invalid('threshold', 'not a number from 0 to 1');
      const recordsA = checkRecords(run.recordsA, 'recordsA');
      const recordsB = checkRecords(run.recordsB, 'recordsB');
      const candidatePairs = checkNonNegative(run.candidatePairs, 'candidatePairs');
      const matches = checkRecords(run.matches, 'matches');
      if (matches > Math.min(recordsA, recordsB)) throw invalid('matches', 'more than the smaller side has records', 'Linkage is one-to-one: no more matches than the smaller side has records.');
      const at = checkTime(run.at, 'at');
      const id = `lr_${ctx.newId()}`;
      return ctx.db.transaction().execute(async (tx) => {
        if (caseId !== null && !(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) {
          throw new AriadneError('NOT_FOUND', 'No such case.', { details: { caseId: 'not found' } });
        }
        const row = await tx.insertInto('linkage_runs').values({
          id, case_id: caseId, title, schema_sha256: schemaSha256, threshold: run.threshold, records_a: recordsA, records_b: recordsB,
          candidate_pairs: candidatePairs, matches, actor_id: actorName(actor), at,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, ctx.now(), [{
          action: 'linkage.run', caseId,
          contentHash: contentHash({ run: id, title: contentHash(title), schemaSha256, threshold: run.threshold, recordsA, recordsB, candidatePairs, matches, at }),
        }]);
        return toRun(row);
      });
    },

    /** newest first; `caseIds` absent: every run (including those of no case) */
    async listLinkageRuns(filter: { caseIds?: readonly string[] }, page: PageRequest): Promise<Page<LinkageRunRecord>> {
      const caseIds = checkCaseFilter(filter?.caseIds);
      if (caseIds !== undefined && caseIds.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('linkage_runs').selectAll();
      if (caseIds !== undefined) query = query.where('case_id', 'in', [...caseIds]);
      if (page.cursor) query = query.where(timeKeysetBefore(page.cursor, 'at'));
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toRun);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
    },
  };
}
