/**
 * FIU cases: the alerts, entities and transactions gathered for one suspicious transaction (or
 * activity) report, and the goAML fields the report needs (report code, reason, action,
 * indicators). An alert belongs to at most one FIU case (its `fiu_case_id`), and joining one
 * escalates it. Once the report is exported (`recordFiuReport`) the FIU case is `reported` and
 * read-only: what was sent to the FIU is what the store keeps.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { FiuCasesTable } from './database-finance.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import { FIU_CASE_STATUSES, type FiuCase, type FiuCaseInput, type FiuCasePatch, type FiuCaseStatus } from './finance-types.ts';
import { storableText } from './list-delta.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { encodeCursor, pageLimit } from './cursor.ts';
import { keysetBefore } from './screening-input.ts';
import { checkIds, checkList, checkReference, invalid, TIME_ORDER } from './finance-data.ts';
import { escalateAlerts } from './finance-alerts.ts';

const MAX_TITLE = 200;
/** goAML 2.0 caps `reason` and `action` at 4,000 characters */
const MAX_REPORT_TEXT = 4000;
const MAX_ALERTS = 1000;
const MAX_ENTITIES = 1000;
const MAX_INDICATORS = 200;
const MAX_TRANSACTIONS = 100_000;
/** goAML report codes: `STR`, `SAR`, `PSTR`, `AIF`… (the FIU's code list) */
const REPORT_CODE = /^[A-Z][A-Z0-9_]{0,19}$/;
const INDICATOR = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;

type FiuRow = Selectable<FiuCasesTable>;

function toFiuCase(row: FiuRow, alertIds: readonly string[]): FiuCase {
  return {
    id: row.id, caseId: row.case_id, title: row.title, status: row.status as FiuCaseStatus, reportCode: row.report_code, reason: row.reason,
    action: row.action, indicators: row.indicators, alertIds, entityIds: row.entity_ids, transactionIds: row.transaction_ids,
    createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at, reportedAt: row.reported_at, reportSha256: row.report_sha256,
  };
}

function checkTitle(value: unknown): string {
  const title = typeof value === 'string' ? storableText(value).replace(/\p{Cc}+/gu, ' ').trim() : '';
  if (title === '' || title.length > MAX_TITLE) throw invalid('title', title === '' ? 'required' : 'too long', `An FIU case has a title of 1 to ${MAX_TITLE} characters.`);
  return title;
}

function checkReportCode(value: unknown): string {
  if (typeof value !== 'string' || !REPORT_CODE.test(value)) throw invalid('reportCode', 'invalid', 'A report code is a goAML code such as STR or SAR (capitals and digits).');
  return value;
}

/** the report's free text: lines kept, other control characters dropped */
function checkReportText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'not text');
  const text = storableText(value).replace(/\r\n?/g, '\n').replace(/[^\P{Cc}\n\t]/gu, '').trim();
  if (text.length > MAX_REPORT_TEXT) throw invalid(field, 'too long', `The ${field} is longer than ${MAX_REPORT_TEXT} characters.`);
  return text;
}

function checkIndicators(value: unknown): string[] {
  const codes = [...new Set(checkList(value, 'indicators'))];
  if (codes.length > MAX_INDICATORS || codes.some((c) => typeof c !== 'string' || !INDICATOR.test(c))) {
    throw invalid('indicators', 'invalid', `Indicators are at most ${MAX_INDICATORS} codes from the FIU's list.`);
  }
  return codes as string[];
}

function checkIdList(value: unknown, field: string, what: string, max: number): string[] {
  const ids = checkIds(value, field, what);
  if (ids.length > max) throw invalid(field, `more than ${max}`);
  return ids;
}

/** the case's persons and organizations, live and not merged away */
async function checkEntities(ctx: StoreContext, tx: Transaction<Database>, caseId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.selectFrom('entities').select(['id', 'case_id', 'schema', 'merged_into', 'deleted_at']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const entity = byId.get(id);
    if (!entity || entity.deleted_at !== null) throw new AriadneError('NOT_FOUND', 'No such entity.', { details: { entityIds: id } });
    if (entity.case_id !== caseId) throw invalid('entityIds', id, 'A report is about entities of its own case.');
    if (entity.merged_into !== null) throw invalid('entityIds', id, 'The entity was merged into another: name that one.');
    if (!ctx.model.isA(entity.schema, 'LegalEntity')) throw invalid('entityIds', id, 'A report is about persons and organizations.');
  }
}

/** the ids in the case's time order; every one must be a transaction of the case */
async function inTimeOrder(tx: Transaction<Database>, caseId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('finance_transactions').select('id').where('case_id', '=', caseId)
    .where(sql<SqlBool>`id = any(${[...ids]}::text[])`).orderBy(TIME_ORDER).execute();
  if (rows.length !== ids.length) throw invalid('transactionIds', `${ids.length - rows.length} are not the case's transactions`, 'A report lists transactions of its own case.');
  return rows.map((r) => r.id);
}

export function fiuCaseStore(ctx: StoreContext) {
  /** the alert ids of these FIU cases, strongest first */
  async function alertIdsOf(db: Transaction<Database> | StoreContext['db'], ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db.selectFrom('finance_alerts').select(['id', 'fiu_case_id']).where('fiu_case_id', 'in', [...ids])
      .orderBy('score', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    for (const r of rows) out.get(r.fiu_case_id!)?.push(r.id);
    return out;
  }

  async function withAlerts(db: Transaction<Database> | StoreContext['db'], row: FiuRow): Promise<FiuCase> {
    return toFiuCase(row, (await alertIdsOf(db, [row.id])).get(row.id) ?? []);
  }

  async function lockFiuCase(tx: Transaction<Database>, id: string): Promise<FiuRow> {
    const row = await tx.selectFrom('fiu_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new AriadneError('NOT_FOUND', 'No such FIU case.');
    return row;
  }

  return {
    async createFiuCase(actor: Actor, input: FiuCaseInput): Promise<FiuCase> {
      if (input === null || typeof input !== 'object') throw invalid('input', 'required');
      const caseId = checkReference(input.caseId, 'caseId', 'the case id');
      const title = checkTitle(input.title);
      const alertIds = checkIdList(input.alertIds, 'alertIds', 'an alert id', MAX_ALERTS);
      const entityIds = checkIdList(input.entityIds ?? [], 'entityIds', 'an entity id', MAX_ENTITIES);
      const reportCode = checkReportCode(input.reportCode ?? 'STR');
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such case.', { details: { caseId: 'not found' } });
        await checkEntities(ctx, tx, caseId, entityIds);
        const id = `fc_${ctx.newId()}`;
        await tx.insertInto('fiu_cases').values({
          id, case_id: caseId, title, report_code: reportCode, indicators: '[]', entity_ids: JSON.stringify(entityIds), transaction_ids: '[]',
          created_by: by, created_at: at, updated_at: at,
        }).execute();
        const alerts = await escalateAlerts(tx, { caseId, fiuCaseId: id, alertIds, at, by });
        const transactionIds = await inTimeOrder(tx, caseId, [...new Set(alerts.flatMap((a) => a.transactions))]);
        const row = await tx.updateTable('fiu_cases').set({ transaction_ids: JSON.stringify(transactionIds) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.case.create', caseId,
          contentHash: contentHash({ fiuCase: id, title: contentHash(title), reportCode, alerts: alertIds, entities: entityIds, transactions: contentHash(transactionIds) }),
        }]);
        return withAlerts(tx, row);
      });
    },

    async getFiuCase(id: string): Promise<FiuCase | null> {
      const row = await ctx.db.selectFrom('fiu_cases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? withAlerts(ctx.db, row) : null;
    },

    /** newest first */
    async listFiuCases(caseIds: readonly string[], page: PageRequest): Promise<Page<FiuCase>> {
      const cases = checkList(caseIds, 'caseIds') as readonly string[];
      if (cases.length === 0) return { items: [], next: null };
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('fiu_cases').selectAll().where('case_id', 'in', [...cases]);
      if (page.cursor) query = query.where(keysetBefore(page.cursor));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const shown = rows.slice(0, limit);
      const alerts = await alertIdsOf(ctx.db, shown.map((r) => r.id));
      const items = shown.map((r) => toFiuCase(r, alerts.get(r.id) ?? []));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async updateFiuCase(actor: Actor, id: string, patch: FiuCasePatch): Promise<FiuCase> {
      if (patch === null || typeof patch !== 'object') throw invalid('patch', 'required');
      if (patch.status !== undefined && !FIU_CASE_STATUSES.includes(patch.status)) throw invalid('status', 'invalid', `An FIU case's status is one of ${FIU_CASE_STATUSES.join(', ')}.`);
      if (patch.status === ('reported' as FiuCaseStatus)) throw invalid('status', 'reported', 'An FIU case is reported by recording its exported report.');
      const set: { title?: string; status?: string; report_code?: string; reason?: string; action?: string; indicators?: string[]; entity_ids?: string[]; transaction_ids?: string[] } = {};
      if (patch.title !== undefined) set.title = checkTitle(patch.title);
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.reportCode !== undefined) set.report_code = checkReportCode(patch.reportCode);
      if (patch.reason !== undefined) set.reason = checkReportText(patch.reason, 'reason');
      if (patch.action !== undefined) set.action = checkReportText(patch.action, 'action');
      if (patch.indicators !== undefined) set.indicators = checkIndicators(patch.indicators);
      if (patch.entityIds !== undefined) set.entity_ids = checkIdList(patch.entityIds, 'entityIds', 'an entity id', MAX_ENTITIES);
      const transactionIds = patch.transactionIds === undefined ? null : checkIdList(patch.transactionIds, 'transactionIds', 'a transaction id', MAX_TRANSACTIONS);
      const addAlertIds = checkIdList(patch.addAlertIds ?? [], 'addAlertIds', 'an alert id', MAX_ALERTS);
      const at = ctx.now();
      const by = actorName(actor);
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockFiuCase(tx, id);
        if (row.status === 'reported') throw new AriadneError('CONFLICT', 'The FIU case was reported: it is kept as sent.', { details: { status: 'reported' } });
        if (set.entity_ids) await checkEntities(ctx, tx, row.case_id, set.entity_ids);
        const added = await escalateAlerts(tx, { caseId: row.case_id, fiuCaseId: id, alertIds: addAlertIds, at, by });
        if (transactionIds !== null) set.transaction_ids = await inTimeOrder(tx, row.case_id, transactionIds);
        // new alerts bring their evidence, unless the patch lists the transactions itself
        else if (added.length > 0) set.transaction_ids = await inTimeOrder(tx, row.case_id, [...new Set([...row.transaction_ids, ...added.flatMap((a) => a.transactions)])]);
        if (Object.keys(set).length === 0 && added.length === 0) return withAlerts(tx, row);
        const { indicators, entity_ids, transaction_ids, ...plain } = set;
        const updated = await tx.updateTable('fiu_cases').set({
          ...plain, updated_at: at,
          ...(indicators ? { indicators: JSON.stringify(indicators) } : {}),
          ...(entity_ids ? { entity_ids: JSON.stringify(entity_ids) } : {}),
          ...(transaction_ids ? { transaction_ids: JSON.stringify(transaction_ids) } : {}),
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.case.update', caseId: row.case_id,
          contentHash: contentHash({
            fiuCase: id, fields: Object.keys(set).sort(), status: updated.status, reportCode: updated.report_code, addedAlerts: addAlertIds,
            title: contentHash(updated.title), reason: contentHash(updated.reason), action: contentHash(updated.action),
            indicators: updated.indicators, entities: updated.entity_ids, transactions: contentHash(updated.transaction_ids),
          }),
        }]);
        return withAlerts(tx, updated);
      });
    },

    async recordFiuReport(actor: Actor, id: string, report: { schemaVersion: string; sha256: string }): Promise<FiuCase> {
      if (typeof report?.schemaVersion !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/.test(report.schemaVersion)) throw invalid('schemaVersion', 'invalid', 'Name the goAML schema version of the report.');
      if (typeof report.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(report.sha256)) throw invalid('sha256', 'invalid', 'The report hash is not a SHA-256 (hex, lower case).');
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await lockFiuCase(tx, id);
        if (row.status === 'reported') {
          // the same export recorded again (a retried request) changes nothing
          if (row.report_sha256 === report.sha256 && row.report_schema_version === report.schemaVersion) return withAlerts(tx, row);
          throw new AriadneError('CONFLICT', 'The FIU case was reported already, with another report.', { details: { status: 'reported' } });
        }
        const updated = await tx.updateTable('fiu_cases').set({
          status: 'reported', reported_at: at, report_sha256: report.sha256, report_schema_version: report.schemaVersion, updated_at: at,
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await appendJournalEntries(tx, actor, at, [{
          action: 'finance.report.export', caseId: row.case_id,
          contentHash: contentHash({ fiuCase: id, reportCode: row.report_code, schemaVersion: report.schemaVersion, sha256: report.sha256 }),
        }]);
        return withAlerts(tx, updated);
      });
    },
  };
}
