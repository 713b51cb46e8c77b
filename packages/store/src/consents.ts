/**
 * Survivors' consent, per entity and purpose (issue 6 records it, issue 8's sharing checks it).
 * Decisions are appended, never changed: a withdrawal is a later `granted: false`. The decision
 * in force is the latest per (entity, purpose), by time and then by insertion order, so two
 * decisions recorded within the same instant resolve to the one recorded last.
 *
 * A decision is about the person, so it is recorded on the entity a merged id resolves to, and
 * it takes its case from that entity: the caller cannot file it under another case.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable } from 'kysely';
import { CONSENT_PURPOSES, type ConsentPurpose } from '@ariadne/sharing/types';
import type { StoreContext } from './context.ts';
import type { ConsentsTable } from './database-sharing.ts';
import type { ConsentRecord } from './sharing-types.ts';
import type { Actor } from './types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { checkId, checkLine, invalid } from './sharing-input.ts';

const MAX_NOTE = 500;
/** entities per `currentConsents` call */
const MAX_ENTITIES = 10_000;

function toConsent(row: Selectable<ConsentsTable>): ConsentRecord {
  return {
    entityId: row.entity_id, caseId: row.case_id, purpose: row.purpose as ConsentPurpose, granted: row.granted,
    recordedBy: row.recorded_by, at: row.at, note: row.note,
  };
}

export function consentStore(ctx: StoreContext) {
  return {
    async recordConsent(actor: Actor, input: { entityId: string; purpose: ConsentPurpose; granted: boolean; note?: string }): Promise<ConsentRecord> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const entityId = checkId(input.entityId, 'entityId');
      if (!CONSENT_PURPOSES.includes(input.purpose)) throw invalid('purpose', `not one of ${CONSENT_PURPOSES.join(', ')}`);
      if (typeof input.granted !== 'boolean') throw invalid('granted', 'not true or false');
      const note = checkLine(input.note, 'note', MAX_NOTE, false);
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        let entity = await tx.selectFrom('entities').select(['id', 'case_id', 'merged_into', 'deleted_at']).where('id', '=', entityId).executeTakeFirst();
        if (entity?.merged_into) entity = await tx.selectFrom('entities').select(['id', 'case_id', 'merged_into', 'deleted_at']).where('id', '=', entity.merged_into).executeTakeFirst();
        if (!entity || entity.deleted_at !== null) throw new AriadneError('NOT_FOUND', `No entity "${entityId}".`, { details: { entityId: 'not found' } });
        if (entity.case_id === null) throw invalid('entityId', 'reference data', 'Consent is recorded for a case\'s records, not for reference data.');
        const row = await tx.insertInto('consents').values({
          entity_id: entity.id, case_id: entity.case_id, purpose: input.purpose, granted: input.granted, recorded_by: actorName(actor), at, note,
        }).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'consent.record', caseId: entity.case_id, entityId: entity.id,
          contentHash: contentHash({ entity: entity.id, purpose: input.purpose, granted: input.granted, note: contentHash(note) }),
        }]);
        return toConsent(row);
      });
    },

    async currentConsents(entityIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<ConsentPurpose, ConsentRecord>>> {
      if (!Array.isArray(entityIds) || entityIds.some((id) => typeof id !== 'string')) throw invalid('entityIds', 'not a list of entity ids');
      if (entityIds.length > MAX_ENTITIES) throw invalid('entityIds', `more than ${MAX_ENTITIES}`);
      const out = new Map<string, Map<ConsentPurpose, ConsentRecord>>();
      if (entityIds.length === 0) return out;
      const rows = await ctx.db.selectFrom('consents').distinctOn(['entity_id', 'purpose']).selectAll()
        .where('entity_id', '=', sql<string>`any(${[...new Set(entityIds)]}::text[])`)
        .orderBy('entity_id').orderBy('purpose').orderBy('at', 'desc').orderBy('ordinal', 'desc').execute();
      for (const row of rows) {
        const purposes = out.get(row.entity_id) ?? new Map<ConsentPurpose, ConsentRecord>();
        purposes.set(row.purpose as ConsentPurpose, toConsent(row));
        out.set(row.entity_id, purposes);
      }
      return out;
    },

    /** every decision about the entity, oldest first */
    async consentHistory(entityId: string): Promise<readonly ConsentRecord[]> {
      const rows = await ctx.db.selectFrom('consents').selectAll().where('entity_id', '=', entityId).orderBy('at').orderBy('ordinal').execute();
      return rows.map(toConsent);
    },
  };
}
