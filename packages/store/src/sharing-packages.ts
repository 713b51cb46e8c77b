/**
 * Share packages: those we send (each reserves the agreement's next sequence number), those we
 * import, and those we refuse. An import is one transaction: the replay check, the agreement's
 * state, the entities (all or none, with the partner as their provenance), the received
 * sequence, the package's record and the journal entries commit together or not at all. The
 * agreement's row is locked throughout, so two deliveries of one package cannot both pass the
 * replay check and two sends cannot take the same number.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable, type Transaction } from 'kysely';
import { PACKAGE_KINDS, REFUSAL_REASONS, type RefusalReason } from '@ariadne/sharing/types';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { SharePackagesTable } from './database-sharing.ts';
import type { SharePackageRecord, SharingStore } from './sharing-types.ts';
import type { BulkEntity } from './store.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { writeBatchIn } from './entity-batch.ts';
import { lockAgreement, type AgreementRow } from './sharing-agreements.ts';
import {
  checkCaseFilter, checkCounts, checkId, checkLine, checkNonNegative, checkSha256, checkTime, idList, invalid, ordinalBefore, refusal, withinTerms,
} from './sharing-input.ts';

type PackageKind = SharePackageRecord['kind'];
type OutgoingInput = Parameters<SharingStore['recordOutgoingPackage']>[1];
type ImportInput = Parameters<SharingStore['importSharedPackage']>[1];
type RefusedInput = Parameters<SharingStore['recordRefusedPackage']>[1];

const MAX_DETAIL = 2000;
/** sequences are `integer` columns */
const MAX_SEQUENCE = 2_147_483_647;
const DIRECTIONS = ['outgoing', 'incoming'] as const;

export function toPackage(row: Selectable<SharePackagesTable>): SharePackageRecord {
  return {
    id: row.id, direction: row.direction as SharePackageRecord['direction'], agreementId: row.agreement_id, partnerId: row.partner_id,
    kind: row.kind as PackageKind, sequence: row.sequence, sha256: row.sha256, bytes: Number(row.bytes),
    status: row.status as SharePackageRecord['status'], refusal: row.refusal as RefusalReason | null, refusalDetail: row.refusal_detail,
    counts: row.counts, actorId: row.actor_id, at: row.at, expiresAt: row.expires_at, caseId: row.case_id, purgedAt: row.purged_at,
  };
}

function checkKind(value: unknown): PackageKind {
  if (!PACKAGE_KINDS.includes(value as PackageKind)) throw invalid('kind', `not one of ${PACKAGE_KINDS.join(', ')}`);
  return value as PackageKind;
}

function checkSequence(value: unknown, atLeast: number): number {
  const sequence = checkNonNegative(value, 'sequence', atLeast);
  if (sequence > MAX_SEQUENCE) throw invalid('sequence', `above ${MAX_SEQUENCE}`);
  return sequence;
}

/** the shape of an entity a partner sent; the schema model then validates (and cleans) it */
function checkEntities(ctx: StoreContext, value: unknown): { clean: BulkEntity[]; malformed: string[] } {
  if (!Array.isArray(value)) throw invalid('entities', 'not a list');
  const clean: BulkEntity[] = [];
  const malformed: string[] = [];
  for (const raw of value as unknown[]) {
    const e = raw as Partial<BulkEntity> | null;
    if (e === null || typeof e !== 'object' || typeof e.id !== 'string' || typeof e.schema !== 'string' || e.properties === null || typeof e.properties !== 'object') {
      malformed.push(typeof e?.id === 'string' ? e.id : '(no id)');
      continue;
    }
    const { entity, errors } = ctx.model.validate({ id: e.id, schema: e.schema, properties: e.properties });
    if (!entity || Object.keys(errors).length > 0) malformed.push(e.id);
    else clean.push({ id: entity.id, schema: entity.schema, properties: entity.properties });
  }
  return { clean, malformed };
}

/**
 * Why this agreement takes no package of this kind in this direction at `at`, as a refusal; a
 * `revocation` notice travels whatever the dates and direction, under an active or revoked one.
 */
function agreementRefusal(row: AgreementRow, kind: PackageKind, way: 'send' | 'receive', at: Date): AriadneError | null {
  if (kind === 'revocation') {
    return row.status === 'draft' ? refusal('agreement-inactive', 'The agreement was never active: revoke it before sending its revocation.') : null;
  }
  if (row.status === 'revoked') return refusal('agreement-revoked', 'The agreement was revoked: nothing more travels under it.');
  if (row.status !== 'active') {
    return refusal('agreement-inactive', `The agreement is not active yet: it has ${row.approvals.length} of the ${row.terms.approvalsRequired} approvals it needs.`);
  }
  const wanted = way === 'send' ? 'outgoing' : 'incoming';
  if (row.direction !== wanted && row.direction !== 'both') {
    return refusal('exceeds-agreement', way === 'send' ? 'The agreement lets us receive, not send.' : 'The agreement lets us send, not receive.');
  }
  if (!withinTerms(row.terms, at)) {
    return refusal('agreement-expired', `The agreement is valid from ${row.terms.validFrom} to ${row.terms.validUntil} (UTC days); ${at.toISOString()} is outside.`);
  }
  return null;
}

/** the import id seen before, for any partner (ids are random: a second sight is a replay) */
async function importedBefore(tx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await tx.selectFrom('share_packages').select('ordinal').where('id', '=', id).where('direction', '=', 'incoming')
    .where('status', '=', 'imported').executeTakeFirst();
  return row !== undefined;
}

export function sharePackageStore(ctx: StoreContext) {
  return {
    async recordOutgoingPackage(actor: Actor, input: OutgoingInput): Promise<SharePackageRecord> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const agreementId = checkId(input.agreementId, 'agreementId');
      const id = checkId(input.id, 'id');
      const kind = checkKind(input.kind);
      const sha256 = checkSha256(input.sha256, 'sha256');
      const bytes = checkNonNegative(input.bytes, 'bytes');
      const counts = checkCounts(input.counts);
      const expiresAt = checkTime(input.expiresAt, 'expiresAt');
      const at = checkTime(input.at, 'at');
      // the journal's clock, not the caller's: entries stay in time order whatever `at` says
      const now = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const agreement = await lockAgreement(tx, agreementId);
        const refused = agreementRefusal(agreement, kind, 'send', at);
        if (refused) throw refused;
        const seen = await tx.selectFrom('share_packages').select('ordinal').where('id', '=', id).where('direction', '=', 'outgoing').executeTakeFirst();
        if (seen) throw new AriadneError('CONFLICT', `A package with id "${id}" was sent before.`, { details: { id: 'duplicate id' } });
        // the row is locked: the number taken here is taken by no one else
        const sequence = agreement.last_sent_sequence + 1;
        await tx.updateTable('sharing_agreements').set({ last_sent_sequence: sequence }).where('id', '=', agreementId).execute();
        const row = await tx.insertInto('share_packages').values({
          id, direction: 'outgoing', agreement_id: agreementId, partner_id: agreement.partner_id, case_id: agreement.case_id, kind, sequence,
          sha256, bytes, status: 'sent', counts: JSON.stringify(counts), actor_id: actorName(actor), at, expires_at: expiresAt,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, now, [{
          action: 'share.send', caseId: agreement.case_id,
          contentHash: contentHash({ package: id, agreement: agreementId, partner: agreement.partner_id, kind, sequence, sha256, bytes, counts, expiresAt }),
        }]);
        return toPackage(row);
      });
    },

    async nextOutgoingSequence(agreementId: string): Promise<number> {
      const row = await ctx.db.selectFrom('sharing_agreements').select('last_sent_sequence').where('id', '=', agreementId).executeTakeFirst();
      if (!row) throw new AriadneError('NOT_FOUND', 'No such sharing agreement.', { details: { agreementId: 'not found' } });
      return row.last_sent_sequence + 1;
    },

    async importSharedPackage(actor: Actor, input: ImportInput): Promise<{ record: SharePackageRecord; written: number }> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const agreementId = checkId(input.agreementId, 'agreementId');
      const partnerId = checkId(input.partnerId, 'partnerId');
      const id = checkId(input.id, 'id');
      const kind = checkKind(input.kind);
      const sequence = checkSequence(input.sequence, 1);
      const sha256 = checkSha256(input.sha256, 'sha256');
      const bytes = checkNonNegative(input.bytes, 'bytes');
      const counts = checkCounts(input.counts);
      const expiresAt = checkTime(input.expiresAt, 'expiresAt');
      const at = checkTime(input.at, 'at');
      const { clean, malformed } = checkEntities(ctx, input.entities);
      if (kind === 'revocation' && (clean.length > 0 || malformed.length > 0)) throw invalid('entities', 'a revocation carries no entities');
      const now = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const agreement = await lockAgreement(tx, agreementId);
        if (agreement.partner_id !== partnerId) throw refusal('no-agreement', 'The agreement is not with this partner.');
        if (await importedBefore(tx, id)) throw refusal('replayed', `The package "${id}" was imported before.`);
        if (sequence <= agreement.last_received_sequence) {
          throw refusal('replayed', `The package's sequence number ${sequence} is not above the last one accepted (${agreement.last_received_sequence}).`);
        }
        const refused = agreementRefusal(agreement, kind, 'receive', at);
        if (refused) throw refused;
        if (expiresAt.getTime() <= at.getTime()) throw refusal('package-expired', `The package expired at ${expiresAt.toISOString()}.`);
        if (malformed.length > 0) throw refusal('malformed-member', 'Entities of the package do not satisfy their schema; nothing was imported.', { ids: idList(malformed) });

        const { written, rejected } = await writeBatchIn(ctx, tx, actor, {
          caseId: agreement.case_id, importId: id, source: `share:${partnerId}`, entities: clean, at: now, allOrNothing: true, latestImportWins: true,
        });
        if (rejected.length > 0) {
          throw refusal('exceeds-agreement', 'Entities of the package clash with what this instance holds (an id of another case, another schema); nothing was imported.', {
            ids: idList(rejected.map((r) => r.id)),
          });
        }
        await tx.updateTable('sharing_agreements').set({ last_received_sequence: sequence }).where('id', '=', agreementId).execute();
        const row = await tx.insertInto('share_packages').values({
          id, direction: 'incoming', agreement_id: agreementId, partner_id: partnerId, case_id: agreement.case_id, kind, sequence, sha256, bytes,
          status: 'imported', counts: JSON.stringify(counts), actor_id: actorName(actor), at, expires_at: expiresAt,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, now, [{
          action: 'share.import', caseId: agreement.case_id, importId: id,
          contentHash: contentHash({ package: id, agreement: agreementId, partner: partnerId, kind, sequence, sha256, bytes, counts, expiresAt, written }),
        }]);
        return { record: toPackage(row), written };
      });
    },

    async recordRefusedPackage(actor: Actor, input: RefusedInput): Promise<SharePackageRecord> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const id = checkId(input.id, 'id');
      const agreementId = input.agreementId === null ? null : checkId(input.agreementId, 'agreementId');
      const partnerId = input.partnerId === null ? null : checkId(input.partnerId, 'partnerId');
      const sha256 = checkSha256(input.sha256, 'sha256');
      const bytes = checkNonNegative(input.bytes, 'bytes');
      if (!REFUSAL_REASONS.includes(input.reason)) throw invalid('reason', `not one of ${REFUSAL_REASONS.join(', ')}`);
      const detail = checkLine(input.detail, 'detail', MAX_DETAIL, false);
      const at = checkTime(input.at, 'at');
      const kind = input.kind === undefined ? 'data' : checkKind(input.kind);
      const sequence = input.sequence === undefined ? 0 : checkSequence(input.sequence, 0);
      const now = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        let caseId: string | null = null;
        if (agreementId !== null) {
          const agreement = await tx.selectFrom('sharing_agreements').select('case_id').where('id', '=', agreementId).executeTakeFirst();
          if (!agreement) throw new AriadneError('NOT_FOUND', 'No such sharing agreement: name null for an agreement this instance does not hold.', { details: { agreementId: 'not found' } });
          caseId = agreement.case_id;
        }
        if (partnerId !== null && !(await tx.selectFrom('sharing_partners').select('id').where('id', '=', partnerId).executeTakeFirst())) {
          throw new AriadneError('NOT_FOUND', 'No such partner: name null for a sender this instance does not know.', { details: { partnerId: 'not found' } });
        }
        const row = await tx.insertInto('share_packages').values({
          id, direction: 'incoming', agreement_id: agreementId, partner_id: partnerId, case_id: caseId, kind, sequence, sha256, bytes,
          status: 'refused', refusal: input.reason, refusal_detail: detail === '' ? null : detail, actor_id: actorName(actor), at, expires_at: null,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, now, [{
          action: 'share.refuse', caseId,
          contentHash: contentHash({ package: id, agreement: agreementId, partner: partnerId, kind, sequence, sha256, bytes, reason: input.reason, detail: contentHash(detail) }),
        }]);
        return toPackage(row);
      });
    },

    /** newest first; `caseIds` absent: every case (and packages refused under no agreement) */
    async listPackages(filter: { agreementId?: string; direction?: 'outgoing' | 'incoming'; caseIds?: readonly string[] }, page: PageRequest): Promise<Page<SharePackageRecord>> {
      const caseIds = checkCaseFilter(filter?.caseIds);
      if (caseIds !== undefined && caseIds.length === 0) return { items: [], next: null };
      if (filter.direction !== undefined && !DIRECTIONS.includes(filter.direction)) throw invalid('direction', 'not outgoing or incoming');
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('share_packages').selectAll();
      if (caseIds !== undefined) query = query.where('case_id', 'in', [...caseIds]);
      if (filter.agreementId !== undefined) query = query.where('agreement_id', '=', filter.agreementId);
      if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
      if (page.cursor) query = query.where('ordinal', '<', ordinalBefore(page.cursor));
      const rows = await query.orderBy('ordinal', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toPackage);
      const last = rows[Math.min(rows.length, limit) - 1];
      return { items, next: rows.length > limit && last ? encodeCursor([Number(last.ordinal)]) : null };
    },

    /** the package sent or imported under this id; else the latest refusal of it */
    async getPackage(id: string, direction: 'outgoing' | 'incoming'): Promise<SharePackageRecord | null> {
      const row = await ctx.db.selectFrom('share_packages').selectAll().where('id', '=', id).where('direction', '=', direction)
        .orderBy(sql`status = 'refused'`).orderBy('ordinal', 'desc').limit(1).executeTakeFirst();
      return row ? toPackage(row) : null;
    },
  };
}
