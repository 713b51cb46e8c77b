/**
 * Sharing agreements and their life cycle: created `draft`, `active` once `approvalsRequired`
 * distinct users approved, `revoked` for good. The terms are stored as given (validated by
 * `checkTerms` of `@ariadne/sharing`) with their hash, so both sides can show they hold the same.
 * Every step locks the agreement's row, so approvals and revocation never race.
 */
import { AriadneError } from '@ariadne/schema';
import type { Selectable, Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { SharingAgreementsTable } from './database-sharing.ts';
import type { AgreementStatus, NewAgreement, SharingAgreement } from './sharing-types.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { checkCaseFilter, checkId, checkLine, checkSha256, checkStoredTerms, invalid, timeKeysetBefore } from './sharing-input.ts';

const MAX_TITLE = 200;
const MAX_REASON = 2000;
const DIRECTIONS: readonly SharingAgreement['direction'][] = ['outgoing', 'incoming', 'both'];

export type AgreementRow = Selectable<SharingAgreementsTable>;

export function toAgreement(row: AgreementRow): SharingAgreement {
  return {
    id: row.id, title: row.title, partnerId: row.partner_id, caseId: row.case_id, direction: row.direction as SharingAgreement['direction'],
    terms: row.terms, termsSha256: row.terms_sha256, status: row.status as AgreementStatus,
    approvals: row.approvals.map((a) => ({ userId: a.userId, at: new Date(a.at) })),
    createdBy: row.created_by, createdAt: row.created_at, revokedAt: row.revoked_at, revokedReason: row.revoked_reason,
    lastSentSequence: row.last_sent_sequence, lastReceivedSequence: row.last_received_sequence,
  };
}

/** the agreement's row, locked until the transaction ends; NOT_FOUND when there is none */
export async function lockAgreement(tx: Transaction<Database>, id: string): Promise<AgreementRow> {
  const row = typeof id === 'string'
    ? await tx.selectFrom('sharing_agreements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    : undefined;
  if (!row) throw new AriadneError('NOT_FOUND', 'No such sharing agreement.', { details: { agreementId: 'not found', reason: 'no-agreement' } });
  return row;
}

export function sharingAgreementStore(ctx: StoreContext) {
  return {
    async createAgreement(actor: Actor, input: NewAgreement): Promise<SharingAgreement> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const id = input.id === undefined ? `sa_${ctx.newId()}` : checkId(input.id, 'id');
      const title = checkLine(input.title, 'title', MAX_TITLE, true);
      const partnerId = checkId(input.partnerId, 'partnerId');
      const caseId = checkId(input.caseId, 'caseId');
      if (!DIRECTIONS.includes(input.direction)) throw invalid('direction', `not one of ${DIRECTIONS.join(', ')}`);
      const terms = checkStoredTerms(input.terms);
      const termsSha256 = checkSha256(input.termsSha256, 'termsSha256');
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.', { details: { caseId: 'not found' } });
        if (!(await tx.selectFrom('sharing_partners').select('id').where('id', '=', partnerId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such partner.', { details: { partnerId: 'not found' } });
        const row = await tx.insertInto('sharing_agreements').values({
          id, title, partner_id: partnerId, case_id: caseId, direction: input.direction, terms: JSON.stringify(terms), terms_sha256: termsSha256,
          created_by: actorName(actor), created_at: at,
        }).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
        if (!row) throw new AriadneError('CONFLICT', `An agreement with id "${id}" already exists.`, { details: { id: 'duplicate id' } });
        await appendJournalEntries(tx, actor, at, [{
          action: 'share.agreement.create', caseId,
          contentHash: contentHash({ agreement: id, title: contentHash(title), partner: partnerId, direction: input.direction, termsSha256, terms: contentHash(terms) }),
        }]);
        return toAgreement(row);
      });
    },

    async getAgreement(id: string): Promise<SharingAgreement | null> {
      const row = await ctx.db.selectFrom('sharing_agreements').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAgreement(row) : null;
    },

    /** newest first; `caseIds` absent: every case */
    async listAgreements(filter: { caseIds?: readonly string[]; partnerId?: string }, page: PageRequest): Promise<Page<SharingAgreement>> {
      const caseIds = checkCaseFilter(filter?.caseIds);
      if (caseIds !== undefined && caseIds.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('sharing_agreements').selectAll();
      if (caseIds !== undefined) query = query.where('case_id', 'in', [...caseIds]);
      if (filter.partnerId !== undefined) query = query.where('partner_id', '=', filter.partnerId);
      if (page.cursor) query = query.where(timeKeysetBefore(page.cursor, 'created_at'));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toAgreement);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async approveAgreement(actor: Actor, id: string): Promise<SharingAgreement> {
      // an approval is a person's decision: a token acts for its owner, a system component approves nothing
      if (actor.kind === 'system') throw new AriadneError('FORBIDDEN', 'An agreement is approved by a user, not by a system component.');
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockAgreement(tx, id);
        if (row.status === 'revoked') throw new AriadneError('CONFLICT', 'The agreement was revoked: it takes no more approvals.', { details: { status: 'revoked' } });
        if (row.approvals.some((a) => a.userId === actor.id)) throw new AriadneError('CONFLICT', 'You have already approved this agreement; another user must approve it.', { details: { approvals: 'already approved by this user' } });
        const approvals = [...row.approvals, { userId: actor.id, at: at.toISOString() }];
        const status: AgreementStatus = approvals.length >= row.terms.approvalsRequired ? 'active' : row.status as AgreementStatus;
        const updated = await tx.updateTable('sharing_agreements').set({ approvals: JSON.stringify(approvals), status })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'share.agreement.approve', caseId: row.case_id,
          contentHash: contentHash({ agreement: id, approver: actor.id, approvals: approvals.length, required: row.terms.approvalsRequired, status, termsSha256: row.terms_sha256 }),
        }]);
        return toAgreement(updated);
      });
    },

    async revokeAgreement(actor: Actor, id: string, reason: string): Promise<SharingAgreement> {
      const why = checkLine(reason, 'reason', MAX_REASON, true);
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockAgreement(tx, id);
        if (row.status === 'revoked') throw new AriadneError('CONFLICT', 'The agreement was already revoked.', { details: { status: 'revoked' } });
        const updated = await tx.updateTable('sharing_agreements').set({ status: 'revoked', revoked_at: at, revoked_by: actorName(actor), revoked_reason: why })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'share.agreement.revoke', caseId: row.case_id, contentHash: contentHash({ agreement: id, from: row.status, reason: contentHash(why) }),
        }]);
        return toAgreement(updated);
      });
    },
  };
}
