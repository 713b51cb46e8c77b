/**
 * goAML reports of FIU cases: the report built from the case's data (goaml-input.ts), written,
 * validated against the FIU's XSD in process (libxml2, as `xmllint --schema`), recorded with its
 * SHA-256 and answered; and the readable HTML summary beside it. Nothing is recorded for a report
 * that would not validate: the export fails as a `ReportRefused` listing the first problems.
 *
 * Victims appear pseudonymised (resolution 2331 para 6) unless the request discloses them with a
 * stated purpose, a disclosure journalled per victim. The sealed records that make someone a
 * victim are journalled as read, as every read of sealed data is.
 */
import { createHash } from 'node:crypto';
import { exportGoamlReport, hasVictims, renderReportSummary, type CodeEntry, type GoamlReportInput, type GoamlSchemaVersion } from '@ariadne/finance';
import { AriadneError, isAriadneError } from '@ariadne/schema';
import type { Actor, FinanceAlert, FiuCase, Store } from '@ariadne/store';
import type { FinanceSettings } from './finance-settings.ts';
import { loadGoamlConfig, loadGoamlSchema, WHAT_TO_CONFIGURE, type GoamlConfig, type GoamlSchema } from './goaml-config.ts';
import { goamlInputOf } from './goaml-input.ts';
import { isVictim, journalVictimReads, loadHolders, type Holder } from './holders.ts';

/** A report the writer or the FIU's XSD refuses: answered 422 with the problems, nothing recorded. */
export class ReportRefused extends Error {
  constructor(readonly detail: string, readonly problems: Readonly<Record<string, string>>) {
    super(detail);
    this.name = 'ReportRefused';
  }
}

export interface ReportRequest {
  readonly schemaVersion: GoamlSchemaVersion;
  readonly includeVictims?: boolean;
  readonly victimPurpose?: string;
}

export interface ExportedReport {
  readonly xml: string;
  readonly sha256: string;
  readonly fiuCase: FiuCase;
  /** victims in the report, pseudonymised unless disclosed */
  readonly victims: number;
  readonly disclosed: boolean;
}

/** problems shown in the 422 answer (all are in the writer's or validator's own list) */
const PROBLEMS_ANSWERED = 20;

interface Prepared {
  readonly input: GoamlReportInput;
  readonly schema: GoamlSchema;
  readonly config: GoamlConfig;
  readonly victims: readonly Holder[];
}

export class GoamlReports {
  readonly #store: Store;
  readonly #settings: FinanceSettings;
  readonly #now: () => Date;
  #config: Promise<GoamlConfig> | null = null;
  readonly #schemas = new Map<GoamlSchemaVersion, Promise<GoamlSchema>>();

  constructor(options: { store: Store; settings: FinanceSettings; now: () => Date }) {
    this.#store = options.store;
    this.#settings = options.settings;
    this.#now = options.now;
  }

  /** the configuration, read once (a file that cannot be used is read again on the next request) */
  config(): Promise<GoamlConfig> {
    this.#config ??= loadGoamlConfig(this.#settings.goamlConfigPath).catch((error: unknown) => {
      this.#config = null;
      throw error;
    });
    return this.#config;
  }

  /** Builds, validates and records the report; see the module comment. */
  async export(actor: Actor, fiuCase: FiuCase, request: ReportRequest): Promise<ExportedReport> {
    const { input, schema, config, victims } = await this.#prepare(actor, fiuCase, request, request.includeVictims === true);
    let xml: string;
    try {
      ({ xml } = exportGoamlReport(input, {
        schemaVersion: schema.version, codeLists: schema.codeLists, xsd: schema.xsd,
        ...(config.pseudonymKey === undefined ? {} : { pseudonymKey: config.pseudonymKey }),
      }));
    } catch (error) {
      if (isAriadneError(error) && error.code === 'VALIDATION_FAILED') throw refused(error);
      throw error;
    }
    const sha256 = createHash('sha256').update(xml, 'utf8').digest('hex');
    const recorded = await this.#store.recordFiuReport(actor, fiuCase.id, { schemaVersion: schema.version, sha256 });
    const disclosed = input.includeVictims === true && victims.length > 0;
    if (disclosed) {
      // who was named, in which report, and why: the purpose only as a hash, like every text in the journal
      const purpose = createHash('sha256').update(request.victimPurpose ?? '', 'utf8').digest('hex');
      for (const victim of victims) {
        await this.#store.appendJournal(actor, {
          action: 'finance.report.victim-disclosed', caseId: fiuCase.caseId, entityId: victim.entity.id,
          contentHash: createHash('sha256').update(`${fiuCase.id}\n${sha256}\n${purpose}`).digest('hex'),
        });
      }
    }
    return { xml, sha256, fiuCase: recorded, victims: victims.length, disclosed };
  }

  /** The readable summary of the report as it would be exported now, victims always pseudonymised. */
  async summary(actor: Actor, fiuCase: FiuCase, schemaVersion: GoamlSchemaVersion): Promise<string> {
    const { input, schema, config } = await this.#prepare(actor, fiuCase, { schemaVersion }, false);
    return renderReportSummary(input, {
      codeLists: schema.codeLists, schemaVersion: schema.version, generatedAt: this.#now().getTime(),
      ...(config.pseudonymKey === undefined ? {} : { pseudonymKey: config.pseudonymKey }),
    });
  }

  /** the FIU's report codes and indicators for one schema version: what the FIU case form offers */
  async codeLists(version: GoamlSchemaVersion): Promise<{ reportCodes: readonly CodeEntry[]; indicators: readonly CodeEntry[] }> {
    const schema = await this.#schema(await this.config(), version);
    return { reportCodes: schema.codeLists.entries('report_type'), indicators: schema.codeLists.entries('report_indicator_type') };
  }

  close(): void {
    for (const schema of this.#schemas.values()) void schema.then((s) => s.xsd.dispose(), () => undefined);
    this.#schemas.clear();
  }

  #schema(config: GoamlConfig, version: GoamlSchemaVersion): Promise<GoamlSchema> {
    const files = config.schemas[version];
    if (files === undefined) {
      return Promise.reject(new AriadneError('CONFLICT', `goAML schema ${version} is not configured for this FIU; configured: ${Object.keys(config.schemas).join(', ') || 'none'}.`, { details: { schemaVersion: 'not configured' } }));
    }
    let schema = this.#schemas.get(version);
    if (!schema) {
      schema = loadGoamlSchema(version, files);
      schema.catch(() => this.#schemas.delete(version));
      this.#schemas.set(version, schema);
    }
    return schema;
  }

  async #prepare(actor: Actor, fiuCase: FiuCase, request: ReportRequest, includeVictims: boolean): Promise<Prepared> {
    const config = await this.config();
    const reportingEntity = config.reportingEntity;
    if (reportingEntity === null) {
      throw new AriadneError('CONFLICT', `The goAML reporting entity is not configured: ${WHAT_TO_CONFIGURE}.`, { details: { reportingEntity: 'not configured' } });
    }
    const schema = await this.#schema(config, request.schemaVersion);
    const store = this.#store;
    const transactions = await store.getTransactions(fiuCase.caseId, fiuCase.transactionIds);
    const refs = [...new Set(transactions.flatMap((tx) => [tx.from, tx.to]).filter((r) => !r.startsWith('@')))];
    const accounts = await store.getAccounts(fiuCase.caseId, refs);
    const holders = await loadHolders(store, fiuCase.caseId, accounts.flatMap((a) => (a.holderId ? [a.holderId] : [])));
    await journalVictimReads(store, actor, holders.values(), 'goaml');
    const alerts: FinanceAlert[] = [];
    for (const id of fiuCase.alertIds) {
      const alert = await store.getFinanceAlert(id);
      if (alert) alerts.push(alert);
    }
    const input = goamlInputOf({ fiuCase, transactions, accounts, holders, alerts }, {
      reportingEntity, codeLists: schema.codeLists, codeMapping: schema.codeMapping,
      currencyCodeLocal: config.currencyCodeLocal ?? this.#settings.currency.base, currencyTable: this.#settings.currency,
      timeZone: config.timeZone,
      // the day of submission (midnight UTC): a reported case rebuilt later, from the day it was
      // recorded, gives the same bytes and hash, so the report as sent can be downloaded again
      submissionDate: startOfDay(fiuCase.reportedAt ?? this.#now()),
      includeVictims, victimPurpose: request.victimPurpose,
    });
    if (!includeVictims && hasVictims(input) && config.pseudonymKey === undefined) {
      throw new AriadneError('CONFLICT', `The report names victims, and no pseudonymKey is configured to protect them: ${WHAT_TO_CONFIGURE}.`, { details: { pseudonymKey: 'not configured' } });
    }
    const victims = [...holders.values()].filter((h) => isVictim(h) && accounts.some((a) => a.holderId === h.entity.id));
    return { input, schema, config, victims };
  }
}

const DAY_MS = 86_400_000;

function startOfDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) * DAY_MS;
}

function refused(error: AriadneError): ReportRefused {
  const problems = Object.fromEntries(Object.entries(error.details ?? {}).slice(0, PROBLEMS_ANSWERED));
  return new ReportRefused(error.message, problems);
}
