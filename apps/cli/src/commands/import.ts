/** `ariadne import FILE`: FtM JSON lines or CSV (with a mapping) into the store, with a report. */
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { importCsv, importFtm, parseMapping, readSmallTextFile, type CsvMapping, type ImportProgress, type ImportReport } from '@ariadne/ingest';
import { AriadneError, loadModel, type AriadneModel } from '@ariadne/schema';
import type { OpenedStore } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { progressReporter } from '../progress.ts';

export interface ImportCommandOptions {
  readonly format: string;
  readonly mapping?: string;
  readonly case?: string;
  readonly source?: string;
  readonly encoding?: string;
  readonly mergeFragments?: boolean;
  readonly errorsFile?: string;
  readonly batchSize?: number;
}

const SHOWN_ERRORS = 20;

/** the default provenance name: `import:` and the file name without extensions */
function defaultSource(file: string): string {
  return `import:${basename(file).replace(/\..*$/, '') || 'file'}`;
}

/** Runs one import through `@ariadne/ingest`; the demo loader uses it too. */
/** checks the options and reads the mapping before any database is opened */
export async function prepare(model: AriadneModel, file: string, options: ImportCommandOptions): Promise<CsvMapping | null> {
  if (options.format !== 'ftm' && options.format !== 'csv') throw new CliError(EXIT.USAGE, '--format must be ftm or csv.');
  if (options.format === 'csv' && !options.mapping) throw new CliError(EXIT.USAGE, 'A CSV import needs --mapping FILE (see `ariadne import --help`).');
  if (options.format === 'ftm' && (options.mapping || options.encoding)) throw new CliError(EXIT.USAGE, '--mapping and --encoding apply to CSV only; FtM JSON lines are UTF-8.');
  try {
    await access(file, constants.R_OK);
  } catch (cause) {
    throw new AriadneError('MALFORMED_INPUT', `Cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (options.format === 'ftm') return null;
  try {
    return parseMapping(await readSmallTextFile(options.mapping!), model);
  } catch (error) {
    // a mapping problem is a usage problem (exit 2), not a bad input file
    if (error instanceof AriadneError && error.code !== 'VALIDATION_FAILED') throw new CliError(EXIT.USAGE, `The mapping file: ${error.message}`);
    throw error;
  }
}

export interface ImportFileDeps {
  readonly store: OpenedStore;
  readonly model: AriadneModel;
  readonly io: Io;
  readonly errors?: WriteStream;
  /** called after each committed batch, besides the progress shown on `io` (the job worker's) */
  readonly onProgress?: (progress: ImportProgress) => Promise<void>;
}

export async function runImportFile(deps: ImportFileDeps, file: string, options: ImportCommandOptions): Promise<ImportReport> {
  const mapping = await prepare(deps.model, file, options);
  const progress = progressReporter(deps.io);
  const onProgress = deps.onProgress;
  const common = {
    store: deps.store, model: deps.model, actor: CLI_ACTOR, input: { path: file }, caseId: options.case ?? null,
    source: options.source ?? defaultSource(file), mergeFragments: options.mergeFragments ?? false,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    onProgress: async (p: ImportProgress) => {
      progress.update(p);
      await onProgress?.(p);
    },
    // a PostgreSQL server takes two batches at once (one per core); PGlite is one connection
    writers: deps.store.database.kind === 'postgres' ? 2 : 1,
    ...(deps.errors ? { onRowError: (e: { line: number; message: string }) => void deps.errors!.write(`${JSON.stringify(e)}\n`) } : {}),
  };
  try {
    if (mapping === null) return await importFtm(common);
    return await importCsv({ ...common, mapping, ...(options.encoding ? { encoding: options.encoding } : {}) });
  } finally {
    progress.stop();
  }
}

function summary(report: ImportReport): string {
  const lines = [
    `Import ${report.importId}${report.resumed ? ' (resumed)' : ''}: ${report.status}`,
    `  lines read:        ${report.linesRead}`,
    `  rows imported:     ${report.rowsOk}`,
    `  rows refused:      ${report.rowsFailed}`,
    `  entities written:  ${report.entitiesWritten}`,
  ];
  return lines.join('\n') + '\n';
}

export async function runImportCommand(config: CliConfig, io: Io, file: string, options: ImportCommandOptions): Promise<number> {
  await prepare(loadModel(), file, options);
  return withStore(config, async ({ store, model }) => {
    const errors = options.errorsFile ? createWriteStream(options.errorsFile, { mode: 0o600 }) : undefined;
    let report: ImportReport;
    try {
      report = await runImportFile({ store, model, io, ...(errors ? { errors } : {}) }, file, options);
    } finally {
      if (errors) await new Promise((done) => errors.end(done));
    }
    io.out(summary(report));
    if (report.errors.length > 0) {
      io.out(`Bad rows${report.rowsFailed > SHOWN_ERRORS ? ` (first ${SHOWN_ERRORS} of ${report.rowsFailed}; all with --errors-file)` : ''}:\n`);
      for (const e of report.errors.slice(0, SHOWN_ERRORS)) io.out(`  line ${e.line}: ${e.message}\n`);
    }
    if (options.errorsFile) io.out(`Every bad row is in ${options.errorsFile} (JSON lines).\n`);
    if (report.fatal) {
      io.err(`ariadne: the import stopped at line ${report.fatal.line}: ${report.fatal.message} Batches before it were kept.\n`);
      return EXIT.INPUT;
    }
    return report.rowsFailed > 0 ? EXIT.BAD_ROWS : EXIT.OK;
  });
}
