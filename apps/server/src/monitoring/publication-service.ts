/**
 * Publication (issue 7): tables released through the ONE publication gate, the privacy ledger, and
 * reports assembled from released tables only.
 *
 * A release is: the full table built (`buildTable`) from the incidents or movements the caller
 * may see (every imported dataset plus the caller's own cases, with survivors' statistics consent
 * applied by the store's case reader) → `releaseTable` (k ≥ 5, noise, suppression on the noisy
 * count) → the ledger row and the released table written in ONE store call whose budget check
 * runs inside the ledger's lock. Why check twice (once before the lock, once inside): the first
 * refuses an over-budget request before any noise is drawn; the second is the one that counts,
 * because two releases racing for the last of the budget both pass the first.
 *
 * The true counts (the built table, its exclusion tally) never leave this module: only the gate's
 * output is returned, stored and rendered.
 *
 * A release is stored with the catalogue table and period step it was built as; a report is
 * stored as its definition (the releases it is made of, the GLOTIP figures it quotes) and rendered
 * from the stored releases on every read, with its creation time as its date, so it renders the
 * same on every server and after every restart.
 */
import { createHash } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import {
  budgetStatus, buildTable, checkRange, gateMaxCellsPerPerson, isTableId, MIN_K, releaseTable, renderReportHtml, renderReportPdf,
  reportTableFromRelease, spendBudget, tableSpec, tableToHxlCsv, TABLE_SPECS,
  type BudgetStatus, type DisclosureNote, type DpMechanism, type ExploitationForm, type Incident, type IncidentCategory, type LedgerEntry,
  type Movement, type PeriodStep, type ReleasedCell, type TableRequest, type VerificationStatus,
} from '@ariadne/monitoring';
import type {
  Actor, JournalEntry, LedgerCheck, MonitoringStore, PrivacyBudget, PrivacyLedgerRecord, StoredMonitoringReport, StoredRelease,
} from '@ariadne/store';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../problem.ts';
import { monitoringOf } from './monitoring-context.ts';
import { buildReportDocument, glotipIso3, type GlotipQuote, type ReportKind, type ReportLanguage, type ReportRelease } from './report-builder.ts';

/** What publication needs of the store: the monitoring part and the journal. */
export type PublicationStore = MonitoringStore & {
  appendJournal(actor: Actor, entry: { action: string; caseId?: string | null; contentHash?: string | null }): Promise<JournalEntry>;
};

export interface PublicationSettings {
  /** the total privacy budget every release spends from (sequential composition) */
  readonly budget: PrivacyBudget;
  /** k when a release names none; never below 5 */
  readonly defaultK: number;
}

/** Which records a caller may see: the cases it is a member of (imported datasets are open to every monitoring reader). */
export interface PublicationScope {
  readonly caseIds: readonly string[];
}

export interface ReleaseFilters {
  readonly countries?: readonly string[];
  readonly pcodes?: readonly string[];
  readonly groups?: readonly string[];
  readonly forms?: readonly ExploitationForm[];
  readonly categories?: readonly IncidentCategory[];
  readonly h3Cells?: readonly string[];
  readonly verification?: readonly VerificationStatus[];
  readonly maxRecordsPerPerson?: number;
  readonly maxFormsPerRecord?: number;
}

export interface ReleaseInput {
  /** a table id of the catalogue (TABLE_SPECS) */
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly step: PeriodStep;
  readonly filters?: ReleaseFilters;
  readonly k?: number;
  readonly mechanism: DpMechanism;
  readonly epsilon?: number;
  readonly delta?: number;
  readonly title: string;
}

/** A released table as the API shows it: the gate's cells (value null when suppressed) and note. */
export interface ReleaseView {
  readonly id: string;
  readonly title: string;
  readonly table: string;
  /** the step its time dimension was built with (HXL +month/+quarter/+year) */
  readonly step: PeriodStep;
  readonly at: string;
  readonly cells: { key: Record<string, string>; value: number | null; suppressed: boolean }[];
  readonly note: DisclosureNote;
}

export interface ReleaseSummaryView {
  readonly id: string;
  readonly title: string;
  readonly table: string;
  readonly step: PeriodStep;
  readonly at: string;
  readonly cells: number;
  readonly suppressed: number;
  readonly note: DisclosureNote;
}

export interface ReportInput {
  readonly kind: ReportKind;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly country?: string;
  readonly language: ReportLanguage;
  readonly releases: readonly string[];
  readonly glotip?: GlotipQuote;
}

export interface ReportRecord {
  readonly id: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly language: ReportLanguage;
  readonly createdAt: string;
  readonly releases: readonly string[];
}

export interface PublicationDeps {
  readonly store: PublicationStore;
  readonly settings: PublicationSettings;
  readonly now: () => Date;
}

/** Records read for one table at most: beyond it the request must be narrowed (memory stays bounded). */
export const MAX_RECORDS_PER_RELEASE = 2_000_000;
const LIST_PAGE = 200;
/** releases, and reports, one list shows at most */
const MAX_LISTED = 10_000;

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function invalid(message: string, details: Record<string, string>): AriadneError {
  return new AriadneError('VALIDATION_FAILED', message, { details });
}

/** The refusal of an over-budget release: 409 with what is left, so the officer can ask for less. */
function overBudget(cause: unknown, status: BudgetStatus): ProblemError {
  const message = cause instanceof Error ? cause.message : 'The release would exceed the privacy budget; nothing was released.';
  const details = cause instanceof AriadneError ? cause.details : undefined;
  return new ProblemError('CONFLICT', message, { members: { budget: status }, ...(details ? { details: { ...details } } : {}), cause });
}

const isConflict = (error: unknown): boolean => error instanceof AriadneError && error.code === 'CONFLICT';

function reportRecord(stored: StoredMonitoringReport): ReportRecord {
  return { id: stored.id, kind: stored.kind, title: stored.title, language: stored.language, createdAt: stored.createdAt.toISOString(), releases: [...stored.releases] };
}

const ledgerEntryView = (e: PrivacyLedgerRecord): LedgerEntry & { at: string } => ({
  id: e.id, at: new Date(e.at).toISOString(), query: e.query, mechanism: e.mechanism, epsilon: e.epsilon, delta: e.delta, k: e.k, cells: e.cells, suppressed: e.suppressed,
});

function cellsView(cells: readonly ReleasedCell[]): ReleaseView['cells'] {
  return cells.map((c) => ({ key: { ...c.key }, value: c.suppressed || c.value === undefined ? null : c.value, suppressed: c.suppressed }));
}

export class PublicationService {
  readonly #store: PublicationStore;
  readonly #settings: PublicationSettings;
  readonly #now: () => Date;

  constructor(deps: PublicationDeps) {
    if (!Number.isSafeInteger(deps.settings.defaultK) || deps.settings.defaultK < MIN_K) {
      throw invalid(`The default k must be a whole number of at least ${MIN_K}.`, { defaultK: `at least ${MIN_K}` });
    }
    budgetStatus([], deps.settings.budget); // refuses a malformed budget at startup
    this.#store = deps.store;
    this.#settings = deps.settings;
    this.#now = deps.now;
  }

  get settings(): PublicationSettings {
    return this.#settings;
  }

  /** the table catalogue a release may name */
  catalogue() {
    return TABLE_SPECS.map((s) => ({ id: s.id, titleKey: s.titleKey, records: s.records, counts: s.counts, dimensions: s.dimensions.map((d) => ({ name: d.name, hxl: d.hxl })) }));
  }

  // ------------------------------------------------------------------------------- releases

  /**
   * Builds the table, passes it through the gate and records it with its ledger row in one step.
   * Refuses (nothing released, nothing appended): VALIDATION_FAILED for a bad request or k < 5,
   * PAYLOAD_TOO_LARGE for a table or a read too large, CONFLICT (a ProblemError with `budget`)
   * when over budget.
   */
  async release(actor: Actor, scope: PublicationScope, input: ReleaseInput): Promise<{ release: ReleaseView; budget: BudgetStatus }> {
    const spec = tableSpec(input.table);
    if (spec === undefined || !isTableId(input.table)) throw invalid(`There is no table "${String(input.table).slice(0, 60)}" in the catalogue.`, { table: 'an id of GET /api/monitoring/tables' });
    const k = input.k ?? this.#settings.defaultK;
    // refused here too (the gate refuses it again) so that a bad k reads no data
    if (!Number.isSafeInteger(k) || k < MIN_K) throw invalid(`k = ${k} is below the minimum of ${MIN_K}; small cells would identify people.`, { k: `at least ${MIN_K}` });
    const title = input.title.trim();
    if (title === '') throw invalid('A release needs a title.', { title: 'required' });

    const request: TableRequest = { from: input.from, to: input.to, step: input.step, ...(input.filters ?? {}) };
    const range = checkRange(input.from, input.to);
    const data = spec.records === 'incidents'
      ? { incidents: await this.#incidents(actor, scope, range, input.filters?.verification) }
      : { movements: await this.#movements(actor, scope) };
    const built = buildTable(input.table, data, request);

    const total = this.#settings.budget;
    const gateRequest = { query: built.query, dimensions: built.dimensions, k, mechanism: input.mechanism, epsilon: input.epsilon, delta: input.delta };
    const before = await this.#store.readLedger();
    let gated: ReturnType<typeof releaseTable>;
    try {
      gated = releaseTable(built.cells, gateRequest, before, total, { maxCellsPerPerson: gateMaxCellsPerPerson(built.sensitivity, input.mechanism), now: () => this.#now().toISOString() });
    } catch (error) {
      if (isConflict(error)) throw overBudget(error, budgetStatus(before, total));
      throw error;
    }

    let seen: readonly PrivacyLedgerRecord[] = before;
    const check: LedgerCheck = (ledger, entry, budget) => {
      seen = ledger;
      try {
        spendBudget(ledger, budget, { epsilon: entry.epsilon, delta: entry.delta });
      } catch (error) {
        if (isConflict(error)) throw overBudget(error, budgetStatus(ledger, budget));
        throw error;
      }
    };
    const { entry, release } = await this.#store.appendLedger(actor, {
      entry: { query: gated.entry.query, mechanism: gated.entry.mechanism, epsilon: gated.entry.epsilon, delta: gated.entry.delta, k: gated.entry.k, cells: gated.entry.cells, suppressed: gated.entry.suppressed },
      budget: total,
      release: { title, tableId: built.tableId, step: input.step, cells: gated.cells, note: gated.note },
    }, check);
    if (release === null) throw new AriadneError('INTERNAL', 'The store recorded the ledger row without its table.');
    return {
      release: this.#view(release),
      budget: budgetStatus([...seen, entry], total),
    };
  }

  /** every release, newest first, with its table and step, and its cell and suppression counts (from the ledger) */
  async listReleases(actor: Actor): Promise<ReleaseSummaryView[]> {
    const ledger = new Map((await this.#store.readLedger()).map((e) => [e.id, e]));
    const out: ReleaseSummaryView[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.#store.listReleases({ limit: LIST_PAGE, cursor });
      for (const r of page.items) {
        const entry = ledger.get(r.ledgerId);
        out.push({
          id: r.id, title: r.title, table: r.tableId, step: r.step, at: new Date(r.at).toISOString(),
          cells: entry?.cells ?? 0, suppressed: entry?.suppressed ?? 0, note: r.note,
        });
      }
      cursor = page.next;
    } while (cursor !== null && out.length < MAX_LISTED);
    await this.#store.appendJournal(actor, { action: 'monitoring.release.list', contentHash: hashOf(out.map((r) => r.id)) });
    return out;
  }

  /** one release as it was published: shown again, no budget spent */
  async getRelease(actor: Actor, id: string): Promise<ReleaseView> {
    const stored = await this.#release(id);
    await this.#store.appendJournal(actor, { action: 'monitoring.release.read', contentHash: hashOf({ release: id }) });
    return this.#view(stored);
  }

  /** one release as HXL-tagged CSV (labels row, hashtag row, data with the note on each row) */
  async releaseHxl(actor: Actor, id: string): Promise<{ fileName: string; csv: string }> {
    const stored = await this.#release(id);
    const reportTable = reportTableFromRelease(stored.tableId, { cells: stored.cells, note: stored.note }, { step: stored.step });
    const csv = tableToHxlCsv(reportTable, { lang: 'en' });
    await this.#store.appendJournal(actor, { action: 'monitoring.release.export:hxl', contentHash: hashOf({ release: id, csv: hashOf(csv) }) });
    return { fileName: `${stored.tableId}-${stored.id}.csv`, csv };
  }

  async ledger(actor: Actor): Promise<{ entries: (LedgerEntry & { at: string })[]; budget: BudgetStatus }> {
    const ledger = await this.#store.readLedger();
    await this.#store.appendJournal(actor, { action: 'monitoring.ledger.read', contentHash: hashOf(ledger.map((e) => e.id)) });
    return { entries: ledger.map(ledgerEntryView), budget: budgetStatus(ledger, this.#settings.budget) };
  }

  async budget(): Promise<BudgetStatus> {
    return budgetStatus(await this.#store.readLedger(), this.#settings.budget);
  }

  // ------------------------------------------------------------------------------- reports

  /**
   * Makes a report from released tables (and, when asked, GLOTIP figures quoted as UNODC
   * published them) and stores its definition (journalled `monitoring.report.create` by the
   * store). It is assembled once before it is stored, so a report that cannot be built is refused
   * now (400, nothing stored) rather than on every read.
   */
  async createReport(actor: Actor, input: ReportInput): Promise<ReportRecord> {
    const definition = {
      kind: input.kind, title: input.title.trim(), language: input.language, from: input.from, to: input.to,
      ...(input.country === undefined ? {} : { country: input.country }), releases: [...input.releases],
      ...(input.glotip === undefined ? {} : { glotip: input.glotip }),
    };
    await this.#document({ ...definition, createdAt: this.#now() });
    return reportRecord(await this.#store.saveReport(actor, definition));
  }

  /** every report, newest first (at most 10,000) */
  async listReports(): Promise<ReportRecord[]> {
    const out: ReportRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.#store.listReports({ limit: LIST_PAGE, cursor });
      out.push(...page.items.map(reportRecord));
      cursor = page.next;
    } while (cursor !== null && out.length < MAX_LISTED);
    return out;
  }

  async reportHtml(actor: Actor, id: string): Promise<{ fileName: string; html: string }> {
    const record = await this.#report(id);
    const html = renderReportHtml(await this.#document(record), record.language);
    await this.#store.appendJournal(actor, { action: 'monitoring.report.read:html', contentHash: hashOf({ report: id, html: hashOf(html) }) });
    return { fileName: `${id}.html`, html };
  }

  async reportPdf(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const record = await this.#report(id);
    const pdf = await renderReportPdf(await this.#document(record), record.language);
    await this.#store.appendJournal(actor, { action: 'monitoring.report.read:pdf', contentHash: createHash('sha256').update(pdf).digest('hex') });
    return { fileName: `${id}.pdf`, pdf };
  }

  // ------------------------------------------------------------------------------- internals

  async #report(id: string): Promise<StoredMonitoringReport> {
    const record = await this.#store.getReport(id);
    if (!record) throw new AriadneError('NOT_FOUND', 'No such report.');
    return record;
  }

  /** the report document of a definition, from its stored releases: the same definition gives the same document */
  async #document(record: Omit<StoredMonitoringReport, 'id' | 'createdBy'>) {
    const releases: ReportRelease[] = [];
    for (const [i, id] of record.releases.entries()) {
      const found = await this.#store.getRelease(id);
      if (!found) throw invalid(`releases[${i}] names no release.`, { [`releases[${i}]`]: 'an id of GET /api/monitoring/releases' });
      releases.push({ id, table: found.tableId, step: found.step, cells: found.cells, note: found.note });
    }
    const glotip = record.glotip === undefined ? undefined : { quote: record.glotip, rows: await this.#glotipRows(record.glotip) };
    return buildReportDocument({
      kind: record.kind, title: record.title, from: record.from, to: record.to,
      ...(record.country === undefined ? {} : { country: record.country }),
      generatedAt: record.createdAt.toISOString(), releases, ...(glotip ? { glotip } : {}),
    });
  }

  async #glotipRows(quote: GlotipQuote) {
    const iso3 = glotipIso3(quote.country);
    const page = await this.#store.queryGlotip({ iso3: [iso3], fromYear: quote.fromYear, toYear: quote.toYear }, { limit: 10_000 });
    return page.items;
  }

  async #release(id: string): Promise<StoredRelease> {
    const stored = await this.#store.getRelease(id);
    if (!stored) throw new AriadneError('NOT_FOUND', 'No such release.');
    return stored;
  }

  #view(stored: StoredRelease): ReleaseView {
    return { id: stored.id, title: stored.title, table: stored.tableId, step: stored.step, at: new Date(stored.at).toISOString(), cells: cellsView(stored.cells), note: stored.note };
  }

  /** every incident the caller may see in the range: imported datasets and its own cases (consent applied by the store) */
  async #incidents(actor: Actor, scope: PublicationScope, range: { from: string; to: string }, verification: readonly VerificationStatus[] | undefined): Promise<Incident[]> {
    const out: Incident[] = [];
    const take = (batch: readonly Incident[]) => {
      if (out.length + batch.length > MAX_RECORDS_PER_RELEASE) tooMany();
      for (const item of batch) out.push(item);
    };
    for await (const batch of this.#store.streamIncidents({ from: range.from, to: range.to, verification: verification ?? ['verified'] })) take(batch);
    await this.#journalCaseReads(actor, scope, 'incidents');
    for await (const batch of this.#store.readCaseIncidents({ caseIds: scope.caseIds })) take(batch);
    return out;
  }

  async #movements(actor: Actor, scope: PublicationScope): Promise<Movement[]> {
    const out: Movement[] = [];
    const take = (batch: readonly Movement[]) => {
      if (out.length + batch.length > MAX_RECORDS_PER_RELEASE) tooMany();
      for (const item of batch) out.push(item);
    };
    // the builder dates a movement by its departure; the store's period filter wants every stage in it, so read all and let the builder decide
    for await (const batch of this.#store.streamMovements({})) take(batch);
    await this.#journalCaseReads(actor, scope, 'movements');
    for await (const batch of this.#store.readCaseMovements({ caseIds: scope.caseIds })) take(batch);
    return out;
  }

  /** a release reads victims' records of the caller's cases (sex, age, consent): journalled per case, ids only */
  async #journalCaseReads(actor: Actor, scope: PublicationScope, what: 'incidents' | 'movements'): Promise<void> {
    for (const caseId of scope.caseIds) await this.#store.appendJournal(actor, { action: `monitoring.release.read:${what}`, caseId });
  }
}

function tooMany(): never {
  throw new AriadneError('PAYLOAD_TOO_LARGE', `The table would read more than ${MAX_RECORDS_PER_RELEASE.toLocaleString('en')} records; narrow the range or the filters.`, { details: { from: 'a shorter range' } });
}

const services = new WeakMap<AppContext, PublicationService>();

/** The publication service of a server: one per `AppContext`, made on first use with its store, clock and the monitoring settings (`monitoringOf`). */
export function publicationOf(ctx: AppContext): PublicationService {
  let service = services.get(ctx);
  if (!service) {
    const { settings } = monitoringOf(ctx);
    service = new PublicationService({ store: ctx.store, settings: { budget: settings.budget, defaultK: settings.defaultK }, now: ctx.clock });
    services.set(ctx, service);
  }
  return service;
}
