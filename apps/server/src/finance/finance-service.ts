/**
 * The server's financial-intelligence side: imports (a file read by the finance package's readers,
 * stored as a data set, then the case scanned), transactions streamed one request at a time and
 * scored as they arrive, the batch scan, alerts as a reader may see them, and the notifications
 * the alert streams carry. Access (permission, case membership) is the routes' job; this service
 * is given a case the caller may act on.
 *
 * One service per server (see `financeOf`): it keeps the cases' streaming scorers and the alert
 * streams' subscriptions in memory.
 */
import { TransactionGraph, scanGraph, type AccountMap, type ColumnMap, type RecordError, type StreamEvent } from '@ariadne/finance';
import { loadModel, type AriadneModel } from '@ariadne/schema';
import type { Actor, FinanceAlert, FinanceAlertInput, FinanceDataset, Store } from '@ariadne/store';
import type { Readable } from 'node:stream';
import { AlertEvents, type AlertEvent } from './alert-events.ts';
import { openAlertStream, type AlertStream } from './alert-stream.ts';
import { GoamlReports } from './goaml-reports.ts';
import { alertInputOf } from './alert-inputs.ts';
import { alertNetwork } from './alert-network.ts';
import { listedParties } from './listed-parties.ts';
import { holderView, isVictim, journalVictimReads, loadHolders } from './holders.ts';
import type { FinanceSettings } from './finance-settings.ts';
import { withReceivedFile } from './import-file.ts';
import { readAccountsFile, readImportFile, type ImportFormat } from './import-readers.ts';
import { StreamScorers } from './stream-scorers.ts';
import { readPostedTransactions } from './transaction-records.ts';

export interface FinanceReader {
  readonly actor: Actor;
  /** may see victims' identities (`sealed:read`) */
  readonly cleared: boolean;
}

export interface ImportOutcome {
  readonly dataset: FinanceDataset;
  readonly unchanged: boolean;
  readonly stored: number;
  readonly accounts: number;
  readonly errors: readonly RecordError[];
  readonly errorCount: number;
  readonly newAlerts: number;
}

export interface ScanOutcome {
  readonly algorithm: string;
  readonly parties: number;
  readonly transactions: number;
  readonly hits: number;
  readonly raised: readonly FinanceAlert[];
}

export interface StreamOutcome {
  readonly stored: number;
  readonly errors: readonly RecordError[];
  readonly alerts: readonly FinanceAlert[];
}

export interface FinanceServiceOptions {
  readonly store: Store;
  readonly settings: FinanceSettings;
  readonly now: () => Date;
}

export class FinanceService {
  readonly settings: FinanceSettings;
  readonly events = new AlertEvents();
  readonly scorers: StreamScorers;
  /** goAML reports of FIU cases and their summaries */
  readonly reports: GoamlReports;
  readonly #store: Store;
  readonly #streamDatasets = new Map<string, string>();
  readonly #streams = new Set<AlertStream>();
  #model: AriadneModel | null = null;

  constructor(options: FinanceServiceOptions) {
    this.#store = options.store;
    this.settings = options.settings;
    const { currency, scoring, detectors, context, streamCases, streamIdleMs } = options.settings;
    this.scorers = new StreamScorers({
      store: options.store, currency, scoring, detectors, context, maxCases: streamCases, idleMs: streamIdleMs, now: () => options.now().getTime(),
    });
    this.reports = new GoamlReports({ store: options.store, settings: options.settings, now: options.now });
  }

  /** Reads a transactions file (the request body), stores it as a data set and scans the case. */
  async importTransactions(actor: Actor, caseId: string, input: { format: ImportFormat; source: string; body: Readable; map?: ColumnMap }): Promise<ImportOutcome> {
    return withReceivedFile(input.body, this.settings.maxImportBytes, async (file) => {
      const known = (await this.#store.listFinanceDatasets([caseId])).find((d) => d.sha256 === file.sha256);
      if (known) return { dataset: known, unchanged: true, stored: 0, accounts: 0, errors: [], errorCount: 0, newAlerts: 0 };
      const read = await readImportFile(input.format, file.path, {
        currency: this.settings.currency, ...(input.map ? { map: input.map } : {}), model: () => (this.#model ??= loadModel()),
      });
      const result = await this.#store.importFinanceData(actor, {
        caseId, source: input.source, format: read.format, sha256: file.sha256, accounts: read.accounts, transactions: read.transactions, errors: read.errors,
      });
      const refused = new Set(result.duplicates.map((d) => d.record));
      const stored = read.transactions.filter((tx) => !refused.has(tx.id)).map((tx) => tx.id);
      const errors = [...read.errors, ...result.duplicates];
      await this.scorers.invalidate(caseId);
      const scan = stored.length > 0 || read.accounts.length > 0 ? await this.scan(actor, caseId, { datasetId: result.dataset.id, newTransactions: stored }) : null;
      return {
        dataset: result.dataset, unchanged: false, stored: stored.length, accounts: read.accounts.length, errors, errorCount: result.dataset.errors,
        newAlerts: scan?.raised.length ?? 0,
      };
    });
  }

  /** Reads a KYC file through its account map, stores it as a data set of accounts, and scans the case again. */
  async importAccounts(actor: Actor, caseId: string, input: { source: string; body: Readable; map: AccountMap }): Promise<ImportOutcome> {
    return withReceivedFile(input.body, this.settings.maxImportBytes, async (file) => {
      const known = (await this.#store.listFinanceDatasets([caseId])).find((d) => d.sha256 === file.sha256);
      if (known) return { dataset: known, unchanged: true, stored: 0, accounts: 0, errors: [], errorCount: 0, newAlerts: 0 };
      const read = await readAccountsFile(file.path, input.map);
      const result = await this.#store.importFinanceData(actor, {
        caseId, source: input.source, format: 'kyc', sha256: file.sha256, accounts: read.records, transactions: [], errors: read.errors,
      });
      await this.scorers.invalidate(caseId);
      // KYC changes who is one party (a customer's accounts) and what kind of holder it is: the red flags see a new graph
      const scan = read.records.length > 0 ? await this.scan(actor, caseId, { datasetId: null, newTransactions: [] }) : null;
      return {
        dataset: result.dataset, unchanged: false, stored: 0, accounts: read.records.length, errors: read.errors, errorCount: result.dataset.errors,
        newAlerts: scan?.raised.length ?? 0,
      };
    });
  }

  /** the case's transactions and KYC as one graph */
  async loadGraph(caseId: string): Promise<{ graph: TransactionGraph; skipped: number }> {
    const graph = new TransactionGraph({ currency: this.settings.currency });
    graph.addAccounts(await this.#store.readAccounts(caseId));
    let skipped = 0;
    for await (const batch of this.#store.readTransactions({ caseId })) {
      for (const tx of batch) {
        try {
          graph.add(tx);
        } catch {
          // stored under another currency table: left out of the scan rather than failing it
          skipped += 1;
        }
      }
    }
    return { graph, skipped };
  }

  /**
   * The batch scan of the whole case. Alerts already raised on the same evidence are not raised
   * again (the store keeps one per typology and evidence); an alert whose evidence includes one of
   * `newTransactions` is attributed to `datasetId`.
   */
  async scan(actor: Actor, caseId: string, origin: { datasetId: string | null; newTransactions: readonly string[] } = { datasetId: null, newTransactions: [] }): Promise<ScanOutcome> {
    const { graph } = await this.loadGraph(caseId);
    const { scoring, detectors, context } = this.settings;
    // payments to and from listed persons and armed groups' accounts (CT-01), through the screening capability
    const listed = await listedParties(this.#store, caseId, await this.#store.readAccounts(caseId));
    const result = scanGraph(graph, { config: scoring, detectors, context: { ...context, listed: new Map([...(context.listed ?? []), ...listed]) } });
    const fresh = new Set(origin.newTransactions);
    const ofDataset: FinanceAlertInput[] = [];
    const others: FinanceAlertInput[] = [];
    for (const hit of result.alerts) {
      const input = alertInputOf(graph, hit);
      (origin.datasetId !== null && input.transactions.some((id) => fresh.has(id)) ? ofDataset : others).push(input);
    }
    const raised = [
      ...(ofDataset.length > 0 ? await this.#store.recordFinanceAlerts(actor, { caseId, datasetId: origin.datasetId, algorithm: scoring.algorithm, alerts: ofDataset }) : []),
      ...(others.length > 0 ? await this.#store.recordFinanceAlerts(actor, { caseId, datasetId: null, algorithm: scoring.algorithm, alerts: others }) : []),
    ];
    this.notify(caseId, raised, 'new');
    return { algorithm: scoring.algorithm, parties: result.stats.parties, transactions: result.stats.transactions, hits: result.alerts.length, raised };
  }

  /**
   * Transactions posted as JSON: each checked on its own, the good ones stored in the case's
   * `stream` data set and scored by the case's streaming scorer as they arrive; new alerts are
   * recorded and notified at once.
   */
  async stream(actor: Actor, caseId: string, items: readonly unknown[]): Promise<StreamOutcome> {
    const { records, errors } = readPostedTransactions(items, this.settings.currency);
    if (records.length === 0) return { stored: 0, errors, alerts: [] };
    const positions = new Map<string, string>();
    items.forEach((raw, i) => {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !positions.has(id.trim())) positions.set(id.trim(), String(i + 1));
    });
    return this.scorers.run(caseId, async (scorer) => {
      const datasetId = await this.#streamDataset(actor, caseId);
      const { stored, duplicates } = await this.#store.appendTransactions(actor, datasetId, records);
      const refused = new Set(duplicates.map((d) => d.record));
      const hits: FinanceAlertInput[] = [];
      for (const tx of records) {
        if (refused.has(tx.id)) continue;
        let events: readonly StreamEvent[];
        try {
          events = scorer.push(tx).events;
        } catch {
          continue; // a currency the graph cannot convert: refused by the checks above, never here
        }
        for (const event of events) if (event.kind === 'new') hits.push(alertInputOf(scorer.graph, event.hit));
      }
      const raised = hits.length > 0 ? await this.#store.recordFinanceAlerts(actor, { caseId, datasetId, algorithm: this.settings.scoring.algorithm, alerts: hits }) : [];
      this.notify(caseId, raised, 'new');
      const duplicateErrors = duplicates.map((d) => ({ record: positions.get(d.record) ?? d.record, field: 'id', message: d.message }));
      return { stored, errors: [...errors, ...duplicateErrors], alerts: raised };
    });
  }

  /** tells the case's alert streams */
  notify(caseId: string, alerts: readonly FinanceAlert[], change: AlertEvent['change']): void {
    if (alerts.length === 0) return;
    this.events.publish(caseId, alerts.map((a) => ({ id: a.id, typology: a.typology, score: a.score, change })));
  }

  /**
   * The alert's evidence as the reader may see it: its transactions and accounts, with the holders
   * the case links; a victim's identity (the holder's name, the free text of transactions touching
   * the victim's accounts) is withheld unless the reader is cleared, and the sealed records that
   * name a victim are journalled as read either way (the server read them to decide).
   */
  async evidence(reader: FinanceReader, alert: FinanceAlert) {
    const transactions = await this.#store.getTransactions(alert.caseId, alert.transactions);
    const refs = new Set(transactions.flatMap((tx) => [tx.from, tx.to]).filter((r) => !r.startsWith('@')));
    for (const ref of alert.accounts) refs.add(ref);
    const accounts = await this.#store.getAccounts(alert.caseId, [...refs]);
    const holders = await loadHolders(this.#store, alert.caseId, accounts.flatMap((a) => (a.holderId ? [a.holderId] : [])));
    await journalVictimReads(this.#store, reader.actor, holders.values(), 'finance');
    const victimAccounts = new Set(accounts.filter((a) => a.holderId !== undefined && isVictim(holders.get(a.holderId))).map((a) => a.id));
    const withheld = (ref: string) => !reader.cleared && victimAccounts.has(ref);
    return {
      transactions, accounts, holders,
      transactionViews: transactions.map((tx) => ({ tx, withheld: withheld(tx.from) || withheld(tx.to) })),
      accountViews: accounts.map((a) => {
        const holder = a.holderId === undefined ? undefined : holders.get(a.holderId);
        return { account: a, holder: holder ? holderView(holder, reader.cleared) : null, withheld: withheld(a.id) };
      }),
    };
  }

  /** the alert's evidence subgraph for the network explorer */
  async network(reader: FinanceReader, alert: FinanceAlert) {
    const { transactions, accounts, holders } = await this.evidence(reader, alert);
    return alertNetwork({ caseId: alert.caseId, transactions, accounts, holders, cleared: reader.cleared });
  }

  /** a Server-Sent Events stream of the case's alerts, ended by `close` at the latest */
  openAlertStream(caseId: string, stillAllowed: () => Promise<boolean>): AlertStream {
    const stream = openAlertStream({ events: this.events, caseId, heartbeatMs: this.settings.sseHeartbeatMs, maxMs: this.settings.sseMaxMs, stillAllowed });
    this.#streams.add(stream);
    stream.body.on('close', () => this.#streams.delete(stream));
    return stream;
  }

  /** ends the alert streams (a server waits for open responses before it closes) and frees the scorers and schemas */
  close(): void {
    for (const stream of this.#streams) stream.close('shutdown');
    this.#streams.clear();
    this.scorers.close();
    this.reports.close();
  }

  /** the case's `stream` data set, created on first use (callers hold the case's scorer turn) */
  async #streamDataset(actor: Actor, caseId: string): Promise<string> {
    const cached = this.#streamDatasets.get(caseId);
    if (cached !== undefined) return cached;
    const existing = (await this.#store.listFinanceDatasets([caseId])).find((d) => d.format === 'stream');
    const id = existing?.id ?? (await this.#store.importFinanceData(actor, {
      caseId, source: 'stream', format: 'stream', sha256: '', accounts: [], transactions: [], errors: [],
    })).dataset.id;
    this.#streamDatasets.set(caseId, id);
    return id;
  }
}
