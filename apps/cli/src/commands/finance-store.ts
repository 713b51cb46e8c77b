/**
 * `ariadne finance import | alerts | alert | case create`: the analyst's path through the store.
 * A transactions file (CSV with its column map, ISO 20022 or FtM Payment entities) and its KYC
 * become a data set of a case, the case is scanned and the new alerts recorded; alerts are listed,
 * triaged (assigned, reviewed, closed with a disposition and a note) and escalated into an FIU
 * case. Every write is journalled by the store, with the CLI as the actor (`system:cli`).
 *
 * The import is the server's own (`FinanceService` from @ariadne/server): one reader, one
 * storing and one scanning path, whether a file comes over HTTP or from the command line.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { baseOnlyTable, parseAccountMap, parseColumnMap, parseCurrencyTable } from '@ariadne/finance';
import { FinanceService, financeSettings } from '@ariadne/server';
import { FINANCE_DISPOSITIONS, type FinanceAlert, type FinanceAlertPatch, type FinanceAlertStatus, type FinanceDisposition, type Store } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { RefusedRecords, checkTextInput, ratesHint, readJsonConfig } from './finance-files.ts';

export const FINANCE_IMPORT_FORMATS = ['csv', 'iso20022', 'ftm'] as const;
export type FinanceImportFormat = (typeof FINANCE_IMPORT_FORMATS)[number];

export interface FinanceImportOptions {
  readonly case: string;
  readonly transactions: string;
  readonly format: FinanceImportFormat;
  readonly map?: string;
  readonly accounts?: string;
  readonly accountsMap?: string;
  readonly rates?: string;
}

async function requireCase(store: Store, caseId: string): Promise<void> {
  if (!(await store.getCase(caseId))) throw new CliError(EXIT.USAGE, `No case with id ${JSON.stringify(caseId)}.`);
}

/** the file's expected shape, for the binary check's message */
const EXPECTED: Readonly<Record<FinanceImportFormat, string>> = { csv: 'CSV', iso20022: 'ISO 20022 XML', ftm: 'FtM JSON lines' };

/**
 * Imports a transactions file (and its KYC) into a case, scans the case and records the new
 * alerts; prints the counts as JSON. Exit 3 when records were refused (listed on stderr).
 */
export async function runFinanceImport(config: CliConfig, io: Io, options: FinanceImportOptions): Promise<number> {
  if (!(FINANCE_IMPORT_FORMATS as readonly string[]).includes(options.format)) throw new CliError(EXIT.USAGE, `--format must be one of ${FINANCE_IMPORT_FORMATS.join(', ')}.`);
  if (options.format === 'csv' && options.map === undefined) throw new CliError(EXIT.USAGE, 'A CSV import needs --map MAP.json naming its columns.');
  if (options.format !== 'csv' && options.map !== undefined) throw new CliError(EXIT.USAGE, '--map applies to CSV only; ISO 20022 and FtM name their fields themselves.');
  if ((options.accounts === undefined) !== (options.accountsMap === undefined)) throw new CliError(EXIT.USAGE, 'Give --accounts KYC.csv and --accounts-map MAP.json together.');
  const map = options.map === undefined ? undefined : parseColumnMap(await readJsonConfig(options.map, 'column map'));
  const accountMap = options.accountsMap === undefined ? undefined : parseAccountMap(await readJsonConfig(options.accountsMap, 'account map'));
  const currency = options.rates === undefined ? baseOnlyTable(map?.defaultCurrency ?? 'USD') : parseCurrencyTable(await readJsonConfig(options.rates, 'currency table'));
  await checkTextInput(options.transactions, 'transactions file', EXPECTED[options.format]);
  if (options.accounts !== undefined) await checkTextInput(options.accounts, 'accounts file');

  return withStore(config, async ({ store }) => {
    await requireCase(store, options.case);
    // the same world as `serve` sees: the environment's home and conflict countries
    const settings = financeSettings({
      currency,
      ...(config.financeHomeCountry ? { homeCountry: config.financeHomeCountry } : {}),
      ...(config.financeConflictCountries.length > 0 ? { conflictCountries: config.financeConflictCountries } : {}),
    });
    const service = new FinanceService({ store, settings, now: () => new Date() });
    const refused = new RefusedRecords(undefined, ratesHint(options.rates !== undefined));
    try {
      let kyc: { dataset: string; unchanged: boolean; accounts: number; alerts: number } | null = null;
      if (options.accounts !== undefined && accountMap !== undefined) {
        // KYC first: the transactions' scan then sees each customer's accounts as one party
        const outcome = await service.importAccounts(CLI_ACTOR, options.case, { source: basename(options.accounts), body: createReadStream(options.accounts), map: accountMap });
        for (const error of outcome.errors) await refused.add('accounts', error);
        kyc = { dataset: outcome.dataset.id, unchanged: outcome.unchanged, accounts: outcome.accounts, alerts: outcome.newAlerts };
      }
      const outcome = await service.importTransactions(CLI_ACTOR, options.case, {
        format: options.format, source: basename(options.transactions), body: createReadStream(options.transactions), ...(map ? { map } : {}),
      });
      for (const error of outcome.errors) await refused.add('transactions', error);
      refused.report(io);
      io.out(`${JSON.stringify({
        case: options.case,
        dataset: outcome.dataset.id,
        format: outcome.dataset.format,
        // the case already held this file (same SHA-256): nothing was stored again
        unchanged: outcome.unchanged,
        transactions: outcome.stored,
        accounts: outcome.accounts + (kyc?.accounts ?? 0),
        refused: refused.count,
        alerts: outcome.newAlerts + (kyc?.alerts ?? 0),
        ...(kyc ? { kycDataset: kyc.dataset } : {}),
      }, null, 2)}\n`);
      if (outcome.unchanged) io.err(`The case already holds this file (data set ${outcome.dataset.id}); nothing was imported again.\n`);
      return refused.count > 0 ? EXIT.BAD_ROWS : EXIT.OK;
    } finally {
      service.close();
    }
  });
}

export interface FinanceAlertsOptions {
  readonly case?: string;
  readonly status?: FinanceAlertStatus;
  readonly typology?: string;
  readonly limit: number;
}

/** every case id of the store, for a listing across cases (the CLI acts for the operator) */
async function allCaseIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listCases(null, { limit: 500, cursor });
    for (const c of page.items) ids.push(c.id);
    cursor = page.next;
  } while (cursor !== null);
  return ids;
}

/** Lists alerts, highest score first, one JSON line each. */
export async function runFinanceAlerts(config: CliConfig, io: Io, options: FinanceAlertsOptions): Promise<number> {
  return withStore(config, async ({ store }) => {
    if (options.case !== undefined) await requireCase(store, options.case);
    const caseIds = options.case === undefined ? await allCaseIds(store) : [options.case];
    let cursor: string | null = null;
    let left = options.limit;
    do {
      const page = await store.listFinanceAlerts(
        { caseIds, ...(options.status ? { status: options.status } : {}), ...(options.typology ? { typology: options.typology } : {}) },
        { limit: Math.min(left, 500), cursor },
      );
      const items = page.items.slice(0, left);
      if (items.length > 0) io.out(`${items.map((a) => JSON.stringify(a)).join('\n')}\n`);
      left -= items.length;
      cursor = page.next;
    } while (cursor !== null && left > 0);
    return EXIT.OK;
  });
}

export interface FinanceAlertOptions {
  readonly assign?: string;
  readonly unassign?: boolean;
  readonly status?: 'in_review' | 'closed';
  readonly disposition?: FinanceDisposition;
  readonly note?: string;
}

/**
 * Shows an alert with its history; with options, triages it first: assign or unassign, move it to
 * in_review or closed (closing needs --disposition and --note), or add a note. Prints
 * `{ alert, history }` as JSON.
 */
export async function runFinanceAlert(config: CliConfig, io: Io, id: string, options: FinanceAlertOptions): Promise<number> {
  if (options.assign !== undefined && options.unassign) throw new CliError(EXIT.USAGE, 'Give --assign USERID or --unassign, not both.');
  if (options.disposition !== undefined && !(FINANCE_DISPOSITIONS as readonly string[]).includes(options.disposition)) {
    throw new CliError(EXIT.USAGE, `--disposition must be one of ${FINANCE_DISPOSITIONS.join(', ')}.`);
  }
  const patch: { -readonly [K in keyof FinanceAlertPatch]: FinanceAlertPatch[K] } = {};
  if (options.assign !== undefined) patch.assignee = options.assign;
  if (options.unassign) patch.assignee = null;
  if (options.status !== undefined) patch.status = options.status;
  if (options.disposition !== undefined) patch.disposition = options.disposition;
  const triage = Object.keys(patch).length > 0;
  return withStore(config, async ({ store }) => {
    if (!(await store.getFinanceAlert(id))) throw new CliError(EXIT.USAGE, `No finance alert with id ${JSON.stringify(id)}.`);
    let alert: FinanceAlert | null;
    if (triage) alert = await store.updateFinanceAlert(CLI_ACTOR, id, { ...patch, ...(options.note === undefined ? {} : { note: options.note }) });
    else {
      if (options.note !== undefined) await store.addFinanceAlertNote(CLI_ACTOR, id, options.note);
      alert = await store.getFinanceAlert(id);
    }
    const history = await store.financeAlertHistory(id);
    io.out(`${JSON.stringify({ alert, history }, null, 2)}\n`);
    return EXIT.OK;
  });
}

export interface FiuCaseCreateOptions {
  readonly case: string;
  readonly title: string;
  readonly alerts: string;
  /** the goAML report code from the FIU's list (default STR) */
  readonly reportCode?: string;
  /** the grounds for suspicion, the report's `reason` */
  readonly reason?: string;
  /** what the institution did, the report's `action` */
  readonly action?: string;
  /** goAML indicator codes from the FIU's list, comma-separated */
  readonly indicators?: string;
}

const commaList = (text: string | undefined) => [...new Set((text ?? '').split(',').map((a) => a.trim()).filter((a) => a !== ''))];

/**
 * Escalates alerts of a case into a new FIU case, with the report's code, grounds, action and
 * indicators when given (a goAML 5.0.2 report needs at least one indicator); prints it as JSON.
 */
export async function runFiuCaseCreate(config: CliConfig, io: Io, options: FiuCaseCreateOptions): Promise<number> {
  const alertIds = commaList(options.alerts);
  if (alertIds.length === 0) throw new CliError(EXIT.USAGE, '--alerts needs at least one alert id (comma-separated).');
  const indicators = commaList(options.indicators);
  return withStore(config, async ({ store }) => {
    await requireCase(store, options.case);
    let fiuCase = await store.createFiuCase(CLI_ACTOR, {
      caseId: options.case, title: options.title, alertIds, ...(options.reportCode === undefined ? {} : { reportCode: options.reportCode }),
    });
    if (options.reason !== undefined || options.action !== undefined || indicators.length > 0) {
      fiuCase = await store.updateFiuCase(CLI_ACTOR, fiuCase.id, {
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.action === undefined ? {} : { action: options.action }),
        ...(indicators.length === 0 ? {} : { indicators }),
      });
    }
    io.out(`${JSON.stringify(fiuCase, null, 2)}\n`);
    io.err(`FIU case ${fiuCase.id} created with ${fiuCase.alertIds.length} alert${fiuCase.alertIds.length === 1 ? '' : 's'} and ${fiuCase.transactionIds.length} transactions.\n`);
    return EXIT.OK;
  });
}
