/** Import runs: resumable by file hash, with progress counted in lines. */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { Actor, ImportRecord } from './types.ts';
import { appendJournalEntries } from './journal-store.ts';

function toImport(row: Selectable<Database['imports']>): ImportRecord {
  return {
    id: row.id, caseId: row.case_id, kind: row.kind as ImportRecord['kind'], sourceName: row.source_name, fileSha256: row.file_sha256,
    status: row.status as ImportRecord['status'], linesDone: Number(row.lines_done), rowsOk: Number(row.rows_ok), rowsFailed: Number(row.rows_failed),
    startedBy: row.started_by, startedAt: row.started_at, finishedAt: row.finished_at,
  };
}

export function importStore(ctx: StoreContext) {
  return {
    async beginImport(actor: Actor, input: { caseId: string | null; kind: 'ftm' | 'csv'; sourceName: string; fileSha256: string }) {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        let unfinished = tx.selectFrom('imports').selectAll()
          .where('file_sha256', '=', input.fileSha256).where('status', '=', 'running').where('kind', '=', input.kind);
        unfinished = unfinished.where('case_id', input.caseId === null ? 'is' : '=', input.caseId);
        const prior = await unfinished.orderBy('started_at', 'desc').forUpdate().executeTakeFirst();
        if (prior) {
          await appendJournalEntries(tx, actor, at, [{ action: 'import.resume', caseId: input.caseId, importId: prior.id, contentHash: input.fileSha256 }]);
          return { record: toImport(prior), resumed: true };
        }
        const row = await tx.insertInto('imports').values({
          id: ctx.newId(), case_id: input.caseId, kind: input.kind, source_name: input.sourceName, file_sha256: input.fileSha256,
          status: 'running', lines_done: 0, rows_ok: 0, rows_failed: 0, started_by: `${actor.kind}:${actor.id}`, started_at: at,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{ action: 'import.begin', caseId: input.caseId, importId: row.id, contentHash: input.fileSha256 }]);
        return { record: toImport(row), resumed: false };
      });
    },
    async recordImportProgress(id: string, progress: { linesDone: number; rowsOk: number; rowsFailed: number }) {
      await ctx.db.updateTable('imports').set({ lines_done: progress.linesDone, rows_ok: progress.rowsOk, rows_failed: progress.rowsFailed }).where('id', '=', id).execute();
    },
    async finishImport(actor: Actor, id: string, status: 'done' | 'failed') {
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('imports').set({ status, finished_at: at }).where('id', '=', id).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such import.');
        await appendJournalEntries(tx, actor, at, [{ action: `import.${status}`, caseId: row.case_id, importId: id, contentHash: row.file_sha256 }]);
        return toImport(row);
      });
    },
    async getImport(id: string) {
      const row = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toImport(row) : null;
    },
  };
}
