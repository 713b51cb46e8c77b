/**
 * Screening alerts: a stored subject's possible matches on the lists and what an analyst decided
 * about each. One alert per subject, list and entry, so a decided hit stays decided when the
 * subject is screened again; every step is an event and a journal entry (notes only as a hash).
 */
import { AriadneError } from '@ariadne/schema';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { ScreeningAlertsTable } from './database-screening.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import type { AlertEvent, AlertStatus, ScreeningAlert, ScreeningHitInput } from './screening-types.ts';
import { ALERT_STATUSES } from './screening-types.ts';
import { storableText } from './list-delta.ts';
import { actorName, appendJournalEntries, type JournalInput } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { caseFilter, cleanExplanation, checkScore, keysetBefore } from './screening-input.ts';

const MAX_NOTE = 2000;
/** an alert left open or under review takes new scores; a decided one is left as decided */
const UNDECIDED: readonly string[] = ['open', 'needs_review'];

export function toAlert(row: Selectable<ScreeningAlertsTable>): ScreeningAlert {
  return {
    id: row.id, subjectId: row.subject_id, caseId: row.case_id, list: row.list, entry: row.entry, score: row.score,
    matchedName: row.matched_name, explanation: row.explanation, algorithm: row.algorithm, listVersionId: row.list_version_id,
    status: row.status as AlertStatus, createdAt: row.created_at, updatedAt: row.updated_at, decidedBy: row.decided_by, note: row.note,
  };
}

function checkHit(hit: ScreeningHitInput): ScreeningHitInput {
  if (typeof hit.list !== 'string' || hit.list.length === 0 || hit.list.length > 100 || typeof hit.entry !== 'string' || hit.entry.length === 0 || hit.entry.length > 200) {
    throw new AriadneError('VALIDATION_FAILED', 'A hit names its list and entry.', { details: { hits: 'list or entry missing or too long' } });
  }
  return {
    list: hit.list, entry: hit.entry, score: checkScore(hit.score, 'hits'),
    matchedName: storableText(String(hit.matchedName ?? '')).slice(0, 500), explanation: cleanExplanation(hit.explanation),
  };
}

/** the journal's record of a disposition: ids and status, and the note only as its hash */
function dispositionHash(alert: ScreeningAlert, status: AlertStatus, note: string | null): string {
  return contentHash({ alert: alert.id, subject: alert.subjectId, list: alert.list, entry: alert.entry, status, note: note === null ? null : contentHash(note) });
}

export function screeningAlertStore(ctx: StoreContext) {
  async function getAlert(id: string): Promise<ScreeningAlert | null> {
    const row = await ctx.db.selectFrom('screening_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAlert(row) : null;
  }

  return {
    async recordScreeningHits(actor: Actor, input: { subjectId: string; caseId: string | null; algorithm: string; listVersionId: string | null; hits: readonly ScreeningHitInput[] }): Promise<readonly ScreeningAlert[]> {
      if (typeof input.algorithm !== 'string' || !/^[^\s@]{1,100}@[^\s@]{1,50}$/.test(input.algorithm)) {
        throw new AriadneError('VALIDATION_FAILED', 'Name the algorithm as <name>@<version>.', { details: { algorithm: 'invalid' } });
      }
      // the best score per entry: a subject matching one entry by two names is one alert
      const best = new Map<string, ScreeningHitInput>();
      for (const hit of (input.hits ?? []).map(checkHit)) {
        const key = JSON.stringify([hit.list, hit.entry]);
        if ((best.get(key)?.score ?? -1) < hit.score) best.set(key, hit);
      }
      if (best.size === 0) return [];
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        const subject = await tx.selectFrom('entities').select(['id', 'case_id']).where('id', '=', input.subjectId).executeTakeFirst();
        if (!subject) throw new AriadneError('NOT_FOUND', `No entity "${input.subjectId}".`);
        if (subject.case_id !== input.caseId) throw new AriadneError('VALIDATION_FAILED', 'The subject belongs to another case.', { details: { caseId: 'not the subject\'s case' } });
        if (input.listVersionId !== null && !(await tx.selectFrom('list_versions').select('id').where('id', '=', input.listVersionId).executeTakeFirst())) {
          throw new AriadneError('NOT_FOUND', 'No such list version.');
        }
        const existing = await tx.selectFrom('screening_alerts').selectAll().where('subject_id', '=', input.subjectId)
          .where('list', 'in', [...new Set([...best.values()].map((h) => h.list))]).forUpdate().execute();
        const known = new Map(existing.map((r) => [JSON.stringify([r.list, r.entry]), r]));
        const raised: ScreeningAlert[] = [];
        const journal: JournalInput[] = [];
        for (const [key, hit] of best) {
          const current = known.get(key);
          const fields = { score: hit.score, matched_name: hit.matchedName, explanation: JSON.stringify(hit.explanation), algorithm: input.algorithm, list_version_id: input.listVersionId };
          if (!current) {
            const id = `sa_${ctx.newId()}`;
            // a concurrent screening of the same subject may have raised it a moment ago: then it is theirs
            const row = await tx.insertInto('screening_alerts').values({
              id, subject_id: input.subjectId, case_id: input.caseId, list: hit.list, entry: hit.entry, ...fields, created_at: at, updated_at: at,
            }).onConflict((oc) => oc.columns(['subject_id', 'list', 'entry']).doNothing()).returningAll().executeTakeFirst();
            if (!row) continue;
            await tx.insertInto('screening_alert_events').values({ alert_id: id, at, by, action: 'raised', score: hit.score, note: null }).execute();
            journal.push({
              action: 'screening.alert.raise', caseId: input.caseId, entityId: input.subjectId,
              contentHash: contentHash({ alert: id, subject: input.subjectId, list: hit.list, entry: hit.entry, score: hit.score, algorithm: input.algorithm, listVersionId: input.listVersionId }),
            });
            raised.push(toAlert(row));
          } else if (UNDECIDED.includes(current.status) && (current.score !== hit.score || current.algorithm !== input.algorithm || JSON.stringify(current.explanation) !== fields.explanation)) {
            await tx.updateTable('screening_alerts').set({ ...fields, updated_at: at }).where('id', '=', current.id).execute();
            await tx.insertInto('screening_alert_events').values({ alert_id: current.id, at, by, action: 'rescored', score: hit.score, note: null }).execute();
            journal.push({
              action: 'screening.alert.rescore', caseId: input.caseId, entityId: input.subjectId,
              contentHash: contentHash({ alert: current.id, score: hit.score, algorithm: input.algorithm, listVersionId: input.listVersionId }),
            });
          }
        }
        if (journal.length > 0) await appendJournalEntries(tx, actor, at, journal);
        return raised;
      });
    },

    /** newest first; `caseIds` holds the cases the caller may see (`null`: subjects outside any case) */
    async listAlerts(filter: { caseIds: readonly (string | null)[]; status?: AlertStatus; subjectId?: string; list?: string }, page: PageRequest): Promise<Page<ScreeningAlert>> {
      if (filter.status !== undefined && !ALERT_STATUSES.includes(filter.status)) throw new AriadneError('VALIDATION_FAILED', 'Unknown alert status.', { details: { status: 'invalid' } });
      if (filter.caseIds.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('screening_alerts').selectAll().where(caseFilter('case_id', filter.caseIds));
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
      if (filter.list !== undefined) query = query.where('list', '=', filter.list);
      if (page.cursor) query = query.where(keysetBefore(page.cursor));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toAlert);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    getAlert,

    /** oldest first */
    async alertHistory(id: string): Promise<readonly AlertEvent[]> {
      if (!(await getAlert(id))) throw new AriadneError('NOT_FOUND', 'No such alert.');
      const rows = await ctx.db.selectFrom('screening_alert_events').selectAll().where('alert_id', '=', id).orderBy('id').execute();
      return rows.map((r) => ({ alertId: r.alert_id, at: r.at, by: r.by, action: r.action, score: r.score, note: r.note }));
    },

    async setAlertDisposition(actor: Actor, id: string, input: { status: Exclude<AlertStatus, 'open'>; note?: string | null }): Promise<ScreeningAlert> {
      if (!(['needs_review', 'confirmed', 'false_positive'] as const).includes(input.status)) {
        throw new AriadneError('VALIDATION_FAILED', 'A disposition is needs_review, confirmed or false_positive.', { details: { status: 'invalid' } });
      }
      const note = typeof input.note === 'string' ? storableText(input.note).trim() || null : null;
      if (note !== null && note.length > MAX_NOTE) throw new AriadneError('VALIDATION_FAILED', `The note is longer than ${MAX_NOTE} characters.`, { details: { note: 'too long' } });
      if (note === null && input.status !== 'needs_review') throw new AriadneError('VALIDATION_FAILED', 'Say why: a confirmed or false-positive decision needs a note.', { details: { note: 'required' } });
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('screening_alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) throw new AriadneError('NOT_FOUND', 'No such alert.');
        const updated = await tx.updateTable('screening_alerts').set({ status: input.status, decided_by: by, note, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await tx.insertInto('screening_alert_events').values({ alert_id: id, at, by, action: input.status, score: null, note }).execute();
        await appendJournalEntries(tx, actor, at, [{
          action: `screening.alert.${input.status}`, caseId: row.case_id, entityId: row.subject_id, contentHash: dispositionHash(toAlert(row), input.status, note),
        }]);
        return toAlert(updated);
      });
    },
  };
}
