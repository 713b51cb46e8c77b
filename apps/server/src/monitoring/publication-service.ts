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
 */
import { createHash, randomUUID } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
// @ariadne/monitoring has no index yet (the lead writes it): its modules are imported by path.
import { budgetStatus, spendBudget, type BudgetStatus } from '../../../../packages/monitoring/src/gate/budget.ts';
import { MIN_K, releaseTable } from '../../../../packages/monitoring/src/gate/publication-gate.ts';
import { buildTable, gateMaxCellsPerPerson, reportTableFromRelease, type TableRequest } from '../../../../packages/monitoring/src/tables/build-tables.ts';
import { checkRange, type PeriodStep } from '../../../../packages/monitoring/src/tables/periods.ts';
import { isTableId, tableSpec, TABLE_SPECS, type TableId } from '../../../../packages/monitoring/src/tables/table-specs.ts';
import { renderReportHtml } from '../../../../packages/monitoring/src/report/render-html.ts';
import { renderReportPdf } from '../../../../packages/monitoring/src/report/render-pdf.ts';
import { tableToHxlCsv } from '../../../../packages/monitoring/src/report/hxl-export.ts';
import type {
  DisclosureNote, DpMechanism, ExploitationForm, Incident, IncidentCategory, LedgerEntry, Movement, ReleasedCell, VerificationStatus,
} from '../../../../packages/monitoring/src/types.ts';
import type { Actor, LedgerCheck, MonitoringStore, PrivacyBudget, PrivacyLedgerRecord, StoredRelease, JournalEntry } from '@ariadne/store';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../problem.ts';
import { monitoringOf } from './monitoring-context.ts';
import { buildReportDocument, glotipIso3, type GlotipQuote, type ReportKind, type ReportLanguage, type ReportRelease } from './report-builder.ts';

/** What publication needs of the store: the monitoring part and the journal. */
export type PublicationStore = MonitoringStore & {
  appendJournal(actor: Actor, entry: { action: string; contentHash?: string | null }): Promise<JournalEntry>;
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
/** Reports kept by one server: they are re-rendered from their releases on demand. */
export const MAX_REPORTS = 10_000;
const RELEASE_PAGE = 200;
const MAX_LISTED_RELEASES = 10_000;

/** The ledger query `buildTable` writes starts "<table id>: <from> to <to> by <step>". */
const QUERY_HEAD = /^([a-z0-9][a-z0-9-]*): \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} by (month|quarter|year)(?:;|$)/;

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

/** The table and step a ledger query names; undefined for a query this module did not write. */
export function tableOfQuery(query: string): { table: TableId; step: PeriodStep } | undefined {
  const m = QUERY_HEAD.exec(query);
  if (!m || !isTableId(m[1])) return undefined;
  return { table: m[1], step: m[2] as PeriodStep };
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
  /**
   * Reports made by this server, by id. Kept in memory because the store has no report table
   * yet; a report holds only release ids and GLOTIP parameters, so it is re-rendered from the
   * stored releases and loses nothing but itself on a restart.
   */
  readonly #reports = new Map<string, ReportRecord & { readonly input: ReportInput }>();

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
      ? { incidents: await this.#incidents(scope, range, input.filters?.verification) }
      : { movements: await this.#movements(scope) };
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
      release: { title, cells: gated.cells, note: gated.note },
    }, check);
    if (release === null) throw new AriadneError('INTERNAL', 'The store recorded the ledger row without its table.');
    return {
      release: { ...this.#view(release, built.tableId, input.step) },
      budget: budgetStatus([...seen, entry], total),
    };
  }

  /** every release, newest first, with its cell and suppression counts (from the ledger) */
  async listReleases(actor: Actor): Promise<ReleaseSummaryView[]> {
    const ledger = new Map((await this.#store.readLedger()).map((e) => [e.id, e]));
    const out: ReleaseSummaryView[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.#store.listReleases({ limit: RELEASE_PAGE, cursor });
      for (const r of page.items) {
        const entry = ledger.get(r.ledgerId);
        out.push({
          id: r.id, title: r.title, table: entry ? tableOfQuery(entry.query)?.table ?? 'unknown' : 'unknown', at: new Date(r.at).toISOString(),
          cells: entry?.cells ?? 0, suppressed: entry?.suppressed ?? 0, note: r.note,
        });
      }
      cursor = page.next;
    } while (cursor !== null && out.length < MAX_LISTED_RELEASES);
    await this.#store.appendJournal(actor, { action: 'monitoring.release.list', contentHash: hashOf(out.map((r) => r.id)) });
    return out;
  }

  /** one release as it was published: shown again, no budget spent */
  async getRelease(actor: Actor, id: string): Promise<ReleaseView> {
    const resolved = await this.#resolve(id);
    await this.#store.appendJournal(actor, { action: 'monitoring.release.read', contentHash: hashOf({ release: id }) });
    return this.#view(resolved.stored, resolved.table, resolved.step);
  }

  /** one release as HXL-tagged CSV (labels row, hashtag row, data with the note on each row) */
  async releaseHxl(actor: Actor, id: string): Promise<{ fileName: string; csv: string }> {
    const { stored, table, step } = await this.#resolve(id);
    const reportTable = reportTableFromRelease(table, { cells: stored.cells, note: stored.note }, { step });
    const csv = tableToHxlCsv(reportTable, { lang: 'en' });
    await this.#store.appendJournal(actor, { action: 'monitoring.release.export:hxl', contentHash: hashOf({ release: id, csv: hashOf(csv) }) });
    return { fileName: `${table}-${stored.id}.csv`, csv };
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
   * published them). It is assembled and rendered once here, so a report that cannot be built
   * is refused now rather than on every read.
   */
  async createReport(actor: Actor, input: ReportInput): Promise<ReportRecord> {
    if (this.#reports.size >= MAX_REPORTS) throw new AriadneError('CONFLICT', `This server holds ${MAX_REPORTS} reports; no more can be made until it is restarted.`);
    const id = `rep_${randomUUID()}`;
    const createdAt = this.#now().toISOString();
    const record = { id, kind: input.kind, title: input.title.trim(), language: input.language, createdAt, releases: [...input.releases], input };
    await this.#document(record);
    this.#reports.set(id, record);
    await this.#store.appendJournal(actor, { action: 'monitoring.report.create', contentHash: hashOf({ report: id, kind: input.kind, releases: input.releases, glotip: input.glotip ?? null }) });
    return { id, kind: record.kind, title: record.title, language: record.language, createdAt, releases: record.releases };
  }

  listReports(): ReportRecord[] {
    return [...this.#reports.values()].reverse().map(({ id, kind, title, language, createdAt, releases }) => ({ id, kind, title, language, createdAt, releases }));
  }

  async reportHtml(actor: Actor, id: string): Promise<{ fileName: string; html: string }> {
    const record = this.#report(id);
    const html = renderReportHtml(await this.#document(record), record.language);
    await this.#store.appendJournal(actor, { action: 'monitoring.report.read:html', contentHash: hashOf({ report: id, html: hashOf(html) }) });
    return { fileName: `${id}.html`, html };
  }

  async reportPdf(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const record = this.#report(id);
    const pdf = await renderReportPdf(await this.#document(record), record.language);
    await this.#store.appendJournal(actor, { action: 'monitoring.report.read:pdf', contentHash: createHash('sha256').update(pdf).digest('hex') });
    return { fileName: `${id}.pdf`, pdf };
  }

  // ------------------------------------------------------------------------------- internals

  #report(id: string): ReportRecord & { readonly input: ReportInput } {
    const record = this.#reports.get(id);
    if (!record) throw new AriadneError('NOT_FOUND', 'No such report.');
    return record;
  }

  async #document(record: ReportRecord & { readonly input: ReportInput }) {
    const releases: ReportRelease[] = [];
    for (const [i, id] of record.input.releases.entries()) {
      const found = await this.#resolve(id).catch((error: unknown) => {
        if (error instanceof AriadneError && error.code === 'NOT_FOUND') throw invalid(`releases[${i}] names no release.`, { [`releases[${i}]`]: 'an id of GET /api/monitoring/releases' });
        throw error;
      });
      releases.push({ id, table: found.table, step: found.step, cells: found.stored.cells, note: found.stored.note });
    }
    const glotip = record.input.glotip === undefined ? undefined : { quote: record.input.glotip, rows: await this.#glotipRows(record.input.glotip) };
    return buildReportDocument({
      kind: record.kind, title: record.title, from: record.input.from, to: record.input.to,
      ...(record.input.country === undefined ? {} : { country: record.input.country }),
      generatedAt: record.createdAt, releases, ...(glotip ? { glotip } : {}),
    });
  }

  async #glotipRows(quote: GlotipQuote) {
    const iso3 = glotipIso3(quote.country);
    const page = await this.#store.queryGlotip({ iso3: [iso3], fromYear: quote.fromYear, toYear: quote.toYear }, { limit: 10_000 });
    return page.items;
  }

  async #resolve(id: string): Promise<{ stored: StoredRelease; table: TableId; step: PeriodStep }> {
    const stored = await this.#store.getRelease(id);
    if (!stored) throw new AriadneError('NOT_FOUND', 'No such release.');
    const entry = (await this.#store.readLedger()).find((e) => e.id === stored.ledgerId);
    const described = entry ? tableOfQuery(entry.query) : undefined;
    if (!described) throw new AriadneError('INTERNAL', 'The release has no ledger row naming its table.');
    return { stored, ...described };
  }

  #view(stored: StoredRelease, table: TableId, step: PeriodStep): ReleaseView {
    return { id: stored.id, title: stored.title, table, step, at: new Date(stored.at).toISOString(), cells: cellsView(stored.cells), note: stored.note };
  }

  /** every incident the caller may see in the range: imported datasets and its own cases (consent applied by the store) */
  async #incidents(scope: PublicationScope, range: { from: string; to: string }, verification: readonly VerificationStatus[] | undefined): Promise<Incident[]> {
    const out: Incident[] = [];
    const take = (batch: readonly Incident[]) => {
      if (out.length + batch.length > MAX_RECORDS_PER_RELEASE) tooMany();
      for (const item of batch) out.push(item);
    };
    for await (const batch of this.#store.streamIncidents({ from: range.from, to: range.to, verification: verification ?? ['verified'] })) take(batch);
    for await (const batch of this.#store.readCaseIncidents({ caseIds: scope.caseIds })) take(batch);
    return out;
  }

  async #movements(scope: PublicationScope): Promise<Movement[]> {
    const out: Movement[] = [];
    const take = (batch: readonly Movement[]) => {
      if (out.length + batch.length > MAX_RECORDS_PER_RELEASE) tooMany();
      for (const item of batch) out.push(item);
    };
    // the builder dates a movement by its departure; the store's period filter wants every stage in it, so read all and let the builder decide
    for await (const batch of this.#store.streamMovements({})) take(batch);
    for await (const batch of this.#store.readCaseMovements({ caseIds: scope.caseIds })) take(batch);
    return out;
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
