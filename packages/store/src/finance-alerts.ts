/**
 * Finance alerts and their triage. One alert per case, typology and evidence (the SHA-256 of its
 * sorted transaction ids), so a scan run again raises only what is new and a closed alert stays
 * closed. Triage moves an alert `new → in_review → closed` (or `new → closed` on sight); closing
 * needs a disposition and a note; a closed alert may be reopened (`in_review`, its disposition
 * cleared); an escalated alert belongs to its FIU case and is not moved from here. Every step is
 * an event and a journal entry, and notes enter the journal only as their hash.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { FinanceAlertsTable, FinanceAlertEventsTable } from './database-finance.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import {
  FINANCE_ALERT_STATUSES, FINANCE_DISPOSITIONS,
  type FinanceAlert, type FinanceAlertEvent, type FinanceAlertFilter, type FinanceAlertInput, type FinanceAlertPatch,
  type FinanceAlertStatus, type FinanceDisposition, type FinanceFindingSummary,
} from './finance-types.ts';
import { storableText } from './list-delta.ts';
import { actorName, appendJournalEntries, type JournalInput } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';
import { checkScore } from './screening-input.ts';
import { checkIds, checkList, checkName, checkReference, chunks, invalid, optionalText } from './finance-data.ts';

const MAX_NOTE = 2000;
const MAX_EXPLANATION = 4000;
const MAX_REASON = 1000;
const MAX_ALERT_TRANSACTIONS = 10_000;
const MAX_ALERT_ACCOUNTS = 1000;
const MAX_FINDINGS = 100;
/** alerts per insert statement (17 parameters each) */
const ALERT_BATCH = 500;

/** the status moves triage may make; `escalated` is entered and left only through an FIU case */
const MOVES: Readonly<Record<FinanceAlertStatus, readonly FinanceAlertStatus[]>> = {
  new: ['in_review', 'closed'],
  in_review: ['closed'],
  closed: ['in_review'],
  escalated: [],
};

type AlertRow = Selectable<FinanceAlertsTable>;

export function toFinanceAlert(row: AlertRow): FinanceAlert {
  return {
    id: row.id, caseId: row.case_id, datasetId: row.dataset_id, typology: row.typology, detectors: row.detectors, score: row.score,
    accounts: row.accounts, transactions: row.transactions, explanation: row.explanation, findings: row.findings, algorithm: row.algorithm,
    status: row.status as FinanceAlertStatus, assignee: row.assignee, disposition: row.disposition as FinanceDisposition | null,
    fiuCaseId: row.fiu_case_id, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function toEvent(row: Selectable<FinanceAlertEventsTable>): FinanceAlertEvent {
  const event = { alertId: row.alert_id, at: row.at, by: row.by, action: row.action, note: row.note };
  return row.assignee === null ? event : { ...event, assignee: row.assignee };
}

/** the same evidence is the same set of transactions, whatever their order */
export function evidenceKey(transactionIds: readonly string[]): string {
  return contentHash([...transactionIds].sort());
}

interface PreparedAlert extends FinanceAlertInput {
  readonly evidenceKey: string;
}

function checkFinding(raw: FinanceFindingSummary, at: string): FinanceFindingSummary {
  if (raw === null || typeof raw !== 'object') throw invalid('alerts', `${at}: a finding is not an object`);
  return {
    detector: checkName(raw.detector, 'detector'),
    score: checkScore(raw.score, 'alerts'),
    reason: optionalText(raw.reason, 'alerts', `${at}: a finding's reason`, MAX_REASON) ?? '',
  };
}

function checkAlert(raw: FinanceAlertInput, index: number): PreparedAlert {
  const at = `alert ${index + 1}`;
  if (raw === null || typeof raw !== 'object') throw invalid('alerts', `${at} is not an alert`);
  const transactions = checkIds(raw.transactions, 'alerts', `${at}: a transaction id`);
  if (transactions.length === 0 || transactions.length > MAX_ALERT_TRANSACTIONS) throw invalid('alerts', `${at} names no transactions, or more than ${MAX_ALERT_TRANSACTIONS}`);
  const accounts = checkIds(raw.accounts, 'alerts', `${at}: an account`).sort();
  if (accounts.length > MAX_ALERT_ACCOUNTS) throw invalid('alerts', `${at} names more than ${MAX_ALERT_ACCOUNTS} accounts`);
  const detectors = checkList(raw.detectors, 'alerts').map((d) => checkName(d, 'detector'));
  if (detectors.length === 0 || detectors.length > MAX_FINDINGS) throw invalid('alerts', `${at} names no detector, or more than ${MAX_FINDINGS}`);
  const findings = checkList(raw.findings, 'alerts');
  if (findings.length > MAX_FINDINGS) throw invalid('alerts', `${at} has more than ${MAX_FINDINGS} findings`);
  return {
    typology: checkName(raw.typology, 'typology'),
    detectors: [...new Set(detectors)],
    score: checkScore(raw.score, 'alerts'),
    accounts,
    transactions,
    explanation: optionalText(raw.explanation, 'alerts', `${at}: the explanation`, MAX_EXPLANATION) ?? '',
    findings: findings.map((f) => checkFinding(f as FinanceFindingSummary, at)),
    evidenceKey: evidenceKey(transactions),
  };
}

/** a note as stored: text without NUL, trimmed, at most 2,000 characters; empty is none */
function checkNote(note: unknown): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note !== 'string') throw invalid('note', 'not text');
  const clean = storableText(note).trim();
  if (clean.length > MAX_NOTE) throw invalid('note', 'too long', `The note is longer than ${MAX_NOTE} characters.`);
  return clean === '' ? null : clean;
}

function checkAlgorithm(algorithm: unknown): string {
  if (typeof algorithm !== 'string' || !/^[^\s@]{1,100}@[^\s@]{1,50}$/.test(algorithm)) {
    throw invalid('algorithm', 'invalid', 'Name the scoring configuration as <name>@<version>.');
  }
  return algorithm;
}

/** the number of these ids the case holds as transactions */
async function countTransactions(tx: Transaction<Database>, caseId: string, ids: readonly string[]): Promise<number> {
  const row = await tx.selectFrom('finance_transactions').select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('case_id', '=', caseId).where(sql<SqlBool>`id = any(${[...ids]}::text[])`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** rows after the cursor's in `score desc, created_at desc, id desc` order */
function afterCursor(cursor: string) {
  const [score, at, id] = decodeCursor(cursor);
  if (typeof score !== 'number' || typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) {
    throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.', { details: { cursor: 'not a cursor from this API' } });
  }
  return sql<SqlBool>`(score, created_at, id) < (${score}::float8, ${new Date(at)}::timestamptz, ${id})`;
}

/**
 * Moves alerts into an FIU case (inside the caller's transaction): each must exist, be of the
 * case and be in no FIU case yet. Answers them, as they were before, in the order given.
 */
export async function escalateAlerts(
  tx: Transaction<Database>,
  input: { caseId: string; fiuCaseId: string; alertIds: readonly string[]; at: Date; by: string },
): Promise<FinanceAlert[]> {
  if (input.alertIds.length === 0) return [];
  // locked in id order, so two escalations sharing alerts cannot deadlock
  const rows = await tx.selectFrom('finance_alerts').selectAll().where('id', 'in', [...input.alertIds]).orderBy('id').forUpdate().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const alerts = input.alertIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw new AriadneError('NOT_FOUND', 'No such alert.', { details: { alertIds: id } });
    if (row.case_id !== input.caseId) throw invalid('alertIds', id, 'An FIU case gathers alerts of its own case only.');
    if (row.fiu_case_id !== null) throw new AriadneError('CONFLICT', 'The alert is already in an FIU case.', { details: { alertIds: id } });
    return toFinanceAlert(row);
  });
  await tx.updateTable('finance_alerts').set({ status: 'escalated', fiu_case_id: input.fiuCaseId, updated_at: input.at })
    .where('id', 'in', [...input.alertIds]).execute();
  await tx.insertInto('finance_alert_events').values(input.alertIds.map((id) => ({ alert_id: id, at: input.at, by: input.by, action: 'escalated', assignee: null, note: null }))).execute();
  return alerts;
}

interface EventInput { action: string; assignee: string | null; note: string | null }

export function financeAlertStore(ctx: StoreContext) {
  async function getFinanceAlert(id: string): Promise<FinanceAlert | null> {
    const row = await ctx.db.selectFrom('finance_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFinanceAlert(row) : null;
  }

  async function lockAlert(tx: Transaction<Database>, id: string): Promise<AlertRow> {
    const row = await tx.selectFrom('finance_alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new AriadneError('NOT_FOUND', 'No such alert.');
    return row;
  }

  async function checkAssignee(tx: Transaction<Database>, userId: unknown): Promise<string> {
    const id = checkReference(userId, 'assignee', 'the assignee');
    const user = await tx.selectFrom('users').select(['id', 'disabled']).where('id', '=', id).executeTakeFirst();
    if (!user || user.disabled) throw invalid('assignee', 'no such user', 'Assign the alert to an existing, enabled user.');
    return id;
  }

  return {
    async recordFinanceAlerts(actor: Actor, input: { caseId: string; datasetId: string | null; algorithm: string; alerts: readonly FinanceAlertInput[] }): Promise<readonly FinanceAlert[]> {
      const caseId = checkReference(input?.caseId, 'caseId', 'the case id');
      const algorithm = checkAlgorithm(input.algorithm);
      const datasetId = input.datasetId === null ? null : checkReference(input.datasetId, 'datasetId', 'the data set id');
      // one alert per typology and evidence: the strongest of those given
      const wanted = new Map<string, PreparedAlert>();
      for (const [i, raw] of checkList(input.alerts, 'alerts').entries()) {
        const alert = checkAlert(raw as FinanceAlertInput, i);
        const key = JSON.stringify([alert.typology, alert.evidenceKey]);
        if ((wanted.get(key)?.score ?? -1) < alert.score) wanted.set(key, alert);
      }
      if (wanted.size === 0) return [];
      const alerts = [...wanted.values()];
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.', { details: { caseId: 'not found' } });
        if (datasetId !== null) {
          const dataset = await tx.selectFrom('finance_datasets').select('case_id').where('id', '=', datasetId).executeTakeFirst();
          if (!dataset) throw new AriadneError('NOT_FOUND', 'No such data set.', { details: { datasetId: 'not found' } });
          if (dataset.case_id !== caseId) throw invalid('datasetId', 'another case\'s data set', 'The data set belongs to another case.');
        }
        const evidence = [...new Set(alerts.flatMap((a) => a.transactions))];
        const missing = evidence.length - (await countTransactions(tx, caseId, evidence));
        if (missing > 0) throw invalid('alerts', `${missing} transaction ids are not the case's`, 'An alert\'s evidence is transactions the case holds.');

        const raised: FinanceAlert[] = [];
        for (const batch of chunks(alerts, ALERT_BATCH)) {
          const values = batch.map((a) => ({
            id: `fa_${ctx.newId()}`, case_id: caseId, dataset_id: datasetId, typology: a.typology, evidence_key: a.evidenceKey,
            detectors: JSON.stringify(a.detectors), score: a.score, accounts: JSON.stringify(a.accounts), transactions: JSON.stringify(a.transactions),
            explanation: a.explanation, findings: JSON.stringify(a.findings), algorithm, created_at: at, updated_at: at,
          }));
          // an alert already raised on the same evidence (by an earlier scan, or one committing meanwhile) is left as it is
          const rows = await tx.insertInto('finance_alerts').values(values)
            .onConflict((oc) => oc.columns(['case_id', 'typology', 'evidence_key']).doNothing()).returningAll().execute();
          const inserted = new Map(rows.map((r) => [r.id, r]));
          for (const v of values) {
            const row = inserted.get(v.id);
            if (row) raised.push(toFinanceAlert(row));
          }
        }
        if (raised.length === 0) return [];
        await tx.insertInto('finance_alert_events').values(raised.map((a) => ({ alert_id: a.id, at, by, action: 'raised', assignee: null, note: null }))).execute();
        await appendJournalEntries(tx, actor, at, raised.map((a) => ({
          action: 'finance.alert.raise', caseId, importId: datasetId,
          contentHash: contentHash({
            alert: a.id, typology: a.typology, evidence: evidenceKey(a.transactions), score: a.score, algorithm, detectors: a.detectors,
            accounts: contentHash(a.accounts), findings: contentHash(a.findings), explanation: contentHash(a.explanation),
          }),
        })));
        return raised;
      });
    },

    async listFinanceAlerts(filter: FinanceAlertFilter, page: PageRequest): Promise<Page<FinanceAlert>> {
      if (filter.status !== undefined && !FINANCE_ALERT_STATUSES.includes(filter.status)) throw invalid('status', 'invalid', `An alert's status is one of ${FINANCE_ALERT_STATUSES.join(', ')}.`);
      if (filter.minScore !== undefined) checkScore(filter.minScore, 'minScore');
      const caseIds = checkList(filter.caseIds, 'caseIds') as readonly string[];
      if (caseIds.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('finance_alerts').selectAll().where('case_id', 'in', [...caseIds]);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.typology !== undefined) query = query.where('typology', '=', filter.typology);
      if (filter.assignee !== undefined) query = query.where('assignee', '=', filter.assignee);
      if (filter.datasetId !== undefined) query = query.where('dataset_id', '=', filter.datasetId);
      if (filter.minScore !== undefined) query = query.where('score', '>=', filter.minScore);
      if (page.cursor) query = query.where(afterCursor(page.cursor));
      const rows = await query.orderBy('score', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toFinanceAlert);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.score, last.createdAt.toISOString(), last.id]) : null };
    },

    getFinanceAlert,

    async financeAlertHistory(id: string): Promise<readonly FinanceAlertEvent[]> {
      if (!(await getFinanceAlert(id))) throw new AriadneError('NOT_FOUND', 'No such alert.');
      const rows = await ctx.db.selectFrom('finance_alert_events').selectAll().where('alert_id', '=', id).orderBy('id').execute();
      return rows.map(toEvent);
    },

    async updateFinanceAlert(actor: Actor, id: string, patch: FinanceAlertPatch): Promise<FinanceAlert> {
      if (patch === null || typeof patch !== 'object') throw invalid('patch', 'required');
      if (patch.status !== undefined && !(['new', 'in_review', 'closed'] as const).includes(patch.status)) {
        throw invalid('status', 'invalid', 'Triage sets the status to new, in_review or closed; an alert is escalated through an FIU case.');
      }
      if (patch.disposition !== undefined && !FINANCE_DISPOSITIONS.includes(patch.disposition)) throw invalid('disposition', 'invalid', `A disposition is one of ${FINANCE_DISPOSITIONS.join(', ')}.`);
      const note = checkNote(patch.note);
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockAlert(tx, id);
        const current = toFinanceAlert(row);
        const events: EventInput[] = [];
        let { status, assignee, disposition } = current;

        if (patch.assignee !== undefined && patch.assignee !== current.assignee) {
          assignee = patch.assignee === null ? null : await checkAssignee(tx, patch.assignee);
          events.push({ action: assignee === null ? 'unassigned' : 'assigned', assignee, note: null });
        }
        const move = patch.status !== undefined && patch.status !== current.status ? patch.status : null;
        if (move !== null) {
          if (current.status === 'escalated') throw new AriadneError('CONFLICT', 'The alert was escalated: its FIU case decides it.', { details: { status: 'escalated' } });
          if (!MOVES[current.status].includes(move)) throw new AriadneError('CONFLICT', `An alert does not go from ${current.status} to ${move}.`, { details: { status: `${current.status} to ${move}` } });
          // a reopened alert is undecided again, unless the patch decides it anew
          if (current.status === 'closed') disposition = null;
        }
        if (patch.disposition !== undefined && patch.disposition !== disposition) {
          if (current.status === 'closed' && move === null) throw new AriadneError('CONFLICT', 'The alert is closed: reopen it to change its disposition.', { details: { disposition: 'closed' } });
          disposition = patch.disposition;
          events.push({ action: `disposition:${disposition}`, assignee: null, note: null });
        }
        if (move !== null) {
          if (move === 'closed' && disposition === null) throw invalid('disposition', 'required to close', 'Closing an alert needs a disposition.');
          if (move === 'closed' && note === null) throw invalid('note', 'required to close', 'Say why: closing an alert needs a note.');
          status = move;
          events.push({ action: `status:${status}`, assignee: null, note: null });
        }
        if (events.length === 0 && note === null) return current;
        // the note belongs to the step it explains: the status, else the disposition, else the assignment
        const explained = events.find((e) => e.action.startsWith('status:')) ?? events.find((e) => e.action.startsWith('disposition:')) ?? events[0];
        if (note !== null) {
          if (explained) explained.note = note;
          else events.push({ action: 'note', assignee: null, note });
        }
        const updated = await tx.updateTable('finance_alerts').set({ status, assignee, disposition, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await tx.insertInto('finance_alert_events').values(events.map((e) => ({ alert_id: id, at, by, ...e }))).execute();
        const journal: JournalInput = {
          action: 'finance.alert.update', caseId: current.caseId,
          contentHash: contentHash({ alert: id, steps: events.map((e) => e.action), status, assignee, disposition, note: note === null ? null : contentHash(note) }),
        };
        await appendJournalEntries(tx, actor, at, [journal]);
        return toFinanceAlert(updated);
      });
    },

    async addFinanceAlertNote(actor: Actor, id: string, note: string): Promise<FinanceAlertEvent> {
      const text = checkNote(note);
      if (text === null) throw invalid('note', 'required', 'The note is empty.');
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockAlert(tx, id);
        const event = await tx.insertInto('finance_alert_events').values({ alert_id: id, at, by, action: 'note', assignee: null, note: text }).returningAll().executeTakeFirstOrThrow();
        await tx.updateTable('finance_alerts').set({ updated_at: at }).where('id', '=', id).execute();
        await appendJournalEntries(tx, actor, at, [{ action: 'finance.alert.note', caseId: row.case_id, contentHash: contentHash({ alert: id, note: contentHash(text) }) }]);
        return toEvent(event);
      });
    },
  };
}
