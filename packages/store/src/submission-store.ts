/**
 * Submissions from people without an account: survivors documenting their own case and tip-line
 * senders. The store knows a submission by the SHA-256 of its receipt code only. Words (the
 * account, the contact, each message) are vault items, encrypted like any evidence; here are the
 * envelope, the consent and the thread.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { SubmissionsTable } from './database-evidence.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import type { EvidenceConsent, SubmissionKind, SubmissionMessageRecord, SubmissionRecord, SubmissionStatus } from './evidence-types.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { custodyDetails } from './evidence-store.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';

export interface NewSubmission {
  readonly kind: SubmissionKind;
  readonly language: string;
  readonly named: boolean;
  readonly consent: EvidenceConsent;
  readonly receiptHash: string;
}

type Counted = Selectable<SubmissionsTable> & { items: number | string | null; messages: number | string | null };

function toSubmission(row: Counted): SubmissionRecord {
  return {
    id: row.id, kind: row.kind, caseId: row.case_id, language: row.language, named: row.named,
    consent: row.consent as EvidenceConsent, visibility: row.visibility, status: row.status as SubmissionStatus,
    createdAt: row.created_at, updatedAt: row.updated_at, withdrawnAt: row.withdrawn_at,
    items: Number(row.items ?? 0), messages: Number(row.messages ?? 0),
  };
}

export function submissionStore(ctx: StoreContext) {
  const withCounts = () => ctx.db.selectFrom('submissions as s').selectAll('s').select([
    sql<number>`(select count(*) from evidence_items i where i.submission_id = s.id and i.submission_role = 'attachment')`.as('items'),
    sql<number>`(select count(*) from submission_messages m where m.submission_id = s.id)`.as('messages'),
  ]);

  async function getSubmission(id: string): Promise<SubmissionRecord | null> {
    const row = await withCounts().where('s.id', '=', id).executeTakeFirst();
    return row ? toSubmission(row as Counted) : null;
  }

  return {
    async createSubmission(actor: Actor, input: NewSubmission): Promise<SubmissionRecord> {
      if (!/^[0-9a-f]{64}$/.test(input.receiptHash)) throw new AriadneError('VALIDATION_FAILED', 'A receipt hash is a SHA-256.');
      const id = ctx.newId();
      const at = ctx.now();
      const consent = custodyDetails({ ...input.consent, recordedAt: at.toISOString() });
      await ctx.db.transaction().execute(async (tx) => {
        await tx.insertInto('submissions').values({
          id, kind: input.kind, case_id: null, receipt_hash: input.receiptHash, language: input.language, named: input.named,
          consent: JSON.stringify(consent), visibility: input.consent.visibility ?? 'case-team', created_at: at, updated_at: at,
        }).execute();
        await appendJournalEntries(tx, actor, at, [{ action: `submission.${input.kind}`, contentHash: contentHash({ id, kind: input.kind, consent }) }]);
      });
      return (await getSubmission(id))!;
    },

    getSubmission,

    async findSubmissionByReceipt(receiptHash: string): Promise<SubmissionRecord | null> {
      const row = await withCounts().where('s.receipt_hash', '=', receiptHash).executeTakeFirst();
      return row ? toSubmission(row as Counted) : null;
    },

    /** the triage inbox, newest first */
    async listSubmissions(filter: { status?: SubmissionStatus }, page: PageRequest): Promise<Page<SubmissionRecord>> {
      const limit = pageLimit(page.limit);
      let query = withCounts();
      if (filter.status) query = query.where('s.status', '=', filter.status);
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        if (typeof at !== 'string' || typeof id !== 'string') throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.');
        query = query.where((eb) => eb.or([eb('s.created_at', '<', new Date(at)), eb.and([eb('s.created_at', '=', new Date(at)), eb('s.id', '<', id)])]));
      }
      const rows = await query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r) => toSubmission(r as Counted));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    /** a message of the thread; its words are the vault item `itemId` (already taken in) */
    async addSubmissionMessage(actor: Actor, submissionId: string, author: 'sender' | 'team', itemId: string): Promise<SubmissionMessageRecord> {
      const id = ctx.newId();
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        await tx.insertInto('submission_messages').values({
          id, submission_id: submissionId, author, item_id: itemId, created_by: actor.kind === 'system' ? null : actor.id, created_at: at,
        }).execute();
        await tx.updateTable('submissions').set({ updated_at: at }).where('id', '=', submissionId).execute();
        await appendJournalEntries(tx, actor, at, [{ action: `submission.message.${author}`, contentHash: contentHash({ id, submissionId, itemId }) }]);
      });
      return { id, author, itemId, createdBy: actor.kind === 'system' ? null : actor.id, createdAt: at };
    },

    async listSubmissionMessages(submissionId: string): Promise<SubmissionMessageRecord[]> {
      const rows = await ctx.db.selectFrom('submission_messages').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, author: r.author, itemId: r.item_id, createdBy: r.created_by, createdAt: r.created_at }));
    },

    /**
     * Files a submission into a case (its items move with it) or closes it. The sender keeps
     * their receipt and their thread either way.
     */
    async triageSubmission(actor: Actor, id: string, target: { caseId: string } | { close: true }): Promise<SubmissionRecord> {
      const at = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('submissions').select(['id', 'case_id']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such submission.');
        if ('caseId' in target) {
          if (!(await tx.selectFrom('cases').select('id').where('id', '=', target.caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.');
          await tx.updateTable('submissions').set({ case_id: target.caseId, status: 'triaged', updated_at: at }).where('id', '=', id).execute();
          await tx.updateTable('evidence_items').set({ case_id: target.caseId }).where('submission_id', '=', id).execute();
          await appendJournalEntries(tx, actor, at, [{ action: 'submission.triage', caseId: target.caseId, contentHash: contentHash({ id, caseId: target.caseId }) }]);
        } else {
          await tx.updateTable('submissions').set({ status: 'closed', updated_at: at }).where('id', '=', id).execute();
          await appendJournalEntries(tx, actor, at, [{ action: 'submission.close', caseId: row.case_id, contentHash: contentHash({ id }) }]);
        }
      });
      return (await getSubmission(id))!;
    },

    /** the sender's new consent for the submission as a whole (each item records its own event) */
    async setSubmissionConsent(actor: Actor, id: string, consent: EvidenceConsent): Promise<SubmissionRecord> {
      const at = ctx.now();
      const clean = custodyDetails({ ...consent, recordedAt: at.toISOString() });
      const withdrawn = !consent.prosecution && !consent.sanctions && !consent.statistics;
      await ctx.db.transaction().execute(async (tx) => {
        const row = await tx.updateTable('submissions').set({
          consent: JSON.stringify(clean), visibility: consent.visibility ?? 'case-team', updated_at: at,
          withdrawn_at: withdrawn ? at : null,
        }).where('id', '=', id).returning('case_id').executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such submission.');
        await appendJournalEntries(tx, actor, at, [{ action: 'submission.consent', caseId: row.case_id, contentHash: contentHash({ id, consent: clean }) }]);
      });
      return (await getSubmission(id))!;
    },

    /** items of a submission in the order they arrived, with their roles */
    async submissionItemIds(id: string): Promise<{ id: string; role: string | null }[]> {
      const rows = await ctx.db.selectFrom('evidence_items').select(['id', 'submission_role']).where('submission_id', '=', id).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, role: r.submission_role }));
    },
  };
}

export type SubmissionStore = ReturnType<typeof submissionStore>;
