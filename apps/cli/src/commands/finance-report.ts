/**
 * `ariadne finance report`: an FIU case as a goAML STR/SAR, valid against the FIU's XSD, with a
 * readable HTML summary beside it. The report is the server's own (`FinanceService.reports`):
 * assembled from the case's transactions, KYC and holders, validated in process (libxml2, as
 * `xmllint --schema`), recorded with its SHA-256 and journalled; the FIU case is then read-only.
 * A report the XSD would refuse is never written: its first problems are listed (element paths,
 * no values) and nothing is recorded.
 *
 * The reporting entity, the FIU's schemas, code lists and code mapping, and the key that
 * pseudonymises victims come from the goAML configuration (`--goaml-config`, default
 * ARIADNE_GOAML_CONFIG). Victims are pseudonymised unless `--disclose-victims PURPOSE` states why
 * the report needs them (resolution 2331, para 6); each disclosure is journalled.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { GoamlSchemaVersion } from '@ariadne/finance';
import { FinanceService, ReportRefused, financeSettings } from '@ariadne/server';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

export interface FinanceReportOptions {
  readonly fiuCase: string;
  readonly schema: GoamlSchemaVersion;
  readonly output: string;
  readonly summary?: string;
  /** the goAML configuration file; default ARIADNE_GOAML_CONFIG */
  readonly goamlConfig?: string;
  /** why the report must name the victims; without it they are pseudonymised */
  readonly discloseVictims?: string;
}

/** the problems listed when the XSD refuses the report */
const SHOWN_PROBLEMS = 20;

/** a new file (never an existing one overwritten), mode 0600: a report is full of personal data */
async function createNew(path: string, what: string): Promise<WriteStream> {
  const stream = createWriteStream(path, { mode: 0o600, flags: 'wx' });
  try {
    await once(stream, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(EXIT.USAGE, code === 'EEXIST' ? `${path} exists; a ${what} is never overwritten.` : `Cannot write the ${what} ${path} (${code}).`);
  }
  return stream;
}

async function finish(stream: WriteStream, text: string): Promise<void> {
  stream.end(text);
  await once(stream, 'finish');
}

/** Exports the report; see the module comment. */
export async function runFinanceReport(config: CliConfig, io: Io, options: FinanceReportOptions): Promise<number> {
  if (options.discloseVictims !== undefined && options.discloseVictims.trim().length < 10) {
    throw new CliError(EXIT.USAGE, '--disclose-victims needs the purpose stated in a sentence (why the report must name the victims).');
  }
  if (options.summary !== undefined && options.summary === options.output) throw new CliError(EXIT.USAGE, '--summary and --output must be different files.');
  const goamlConfigPath = options.goamlConfig ?? config.goamlConfig;
  const settings = financeSettings(goamlConfigPath === null ? {} : { goamlConfigPath });
  return withStore(config, async ({ store }) => {
    const fiuCase = await store.getFiuCase(options.fiuCase);
    if (!fiuCase) throw new CliError(EXIT.USAGE, `No FIU case with id ${JSON.stringify(options.fiuCase)}.`);
    const service = new FinanceService({ store, settings, now: () => new Date() });
    // both files are claimed before the export is recorded, so a path in the way fails first
    const xmlFile = await createNew(options.output, 'report');
    let summaryFile: WriteStream | undefined;
    let written = false;
    try {
      summaryFile = options.summary === undefined ? undefined : await createNew(options.summary, 'summary');
      let report;
      try {
        report = await service.reports.export(CLI_ACTOR, fiuCase, {
          schemaVersion: options.schema,
          ...(options.discloseVictims === undefined ? {} : { includeVictims: true, victimPurpose: options.discloseVictims.trim() }),
        });
      } catch (error) {
        if (!(error instanceof ReportRefused)) throw error;
        // the problems name element paths and rules, never the values (see goaml-reports.ts)
        // the writer's problems are keyed by element path, the XSD's by number (their text holds line and path)
        const problems = Object.entries(error.problems).slice(0, SHOWN_PROBLEMS).map(([key, message]) => (/^\d+$/.test(key) ? message : `${key}: ${message}`));
        if (problems.length > 0) io.err(`The goAML ${options.schema} report of ${fiuCase.id} would not validate:\n${problems.map((p) => `  ${p}\n`).join('')}`);
        throw new CliError(EXIT.INPUT, `The goAML ${options.schema} report cannot be made valid from the FIU case as it is (${problems.length} problem${problems.length === 1 ? '' : 's'} listed above); nothing was written or recorded.`);
      }
      await finish(xmlFile, report.xml);
      if (summaryFile) await finish(summaryFile, await service.reports.summary(CLI_ACTOR, report.fiuCase, options.schema));
      written = true;
      io.out(`${JSON.stringify({
        fiuCase: report.fiuCase.id, status: report.fiuCase.status, schemaVersion: options.schema, sha256: report.sha256,
        transactions: report.fiuCase.transactionIds.length, victims: report.victims, victimsDisclosed: report.disclosed,
        output: options.output, ...(options.summary === undefined ? {} : { summary: options.summary }),
      }, null, 2)}\n`);
      io.err(`goAML ${options.schema} report of ${report.fiuCase.id} written to ${options.output} (valid against the FIU's schema; SHA-256 ${report.sha256}).\n`);
      return EXIT.OK;
    } finally {
      service.close();
      if (!written) {
        for (const [stream, path] of [[xmlFile, options.output], [summaryFile, options.summary]] as const) {
          if (stream === undefined || path === undefined) continue;
          stream.destroy();
          await rm(path, { force: true });
        }
      }
    }
  });
}
