/**
 * The labelled synthetic data of issue 10 on the command line:
 *
 * - `ariadne finance generate --out DIR …` writes the generator's files (transactions.csv with its
 *   map.json, accounts.csv with accounts-map.json, patterns.jsonl, currency.json, context.json), so
 *   a test, a demo or the benchmark can run `finance scan` on them;
 * - `ariadne finance evaluate --alerts ALERTS.jsonl --patterns patterns.jsonl --transactions TX.csv
 *   --map MAP.json` scores a scan's alerts against the planted patterns: per-typology recall,
 *   alert precision and transaction-level F1 on the illicit class, as JSON.
 */
import cliProgress from 'cli-progress';
import { splitLines } from '@ariadne/schema';
import {
  csvFileChunks, evaluateAlerts, generateTransactionStream, illicitTransactionIds, indexColumns, parseColumnMap, readCsvRecords,
  writeGeneratedFiles, type AlertLine, type PlantedPattern, type TransactionRecord,
} from '@ariadne/finance';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { checkTextInput, readJsonConfig } from './finance-files.ts';

export interface FinanceGenerateOptions {
  readonly out: string;
  readonly transactions?: number;
  readonly accounts?: number;
  readonly days?: number;
  readonly seed?: number;
  readonly illicitShare?: number;
}

/** the seed when none is given: the same files on every run */
export const DEFAULT_SEED = 1;

/** the transactions as generated, counted for a progress bar on a terminal */
function* withProgress(transactions: Iterable<TransactionRecord>, io: Io, total: number): Generator<TransactionRecord> {
  if (!io.interactive) {
    yield* transactions;
    return;
  }
  const bar = new cliProgress.SingleBar({ format: 'generating [{bar}] {percentage}% | {value}/{total} transactions', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  let n = 0;
  try {
    for (const tx of transactions) {
      if (++n % 10_000 === 0) bar.update(n);
      yield tx;
    }
    bar.update(n);
  } finally {
    bar.stop();
  }
}

/** Writes the synthetic data set; prints what was written as JSON. Bad options are usage errors (exit 2). */
export async function runFinanceGenerate(io: Io, options: FinanceGenerateOptions): Promise<number> {
  const data = generateTransactionStream({
    seed: options.seed ?? DEFAULT_SEED,
    ...(options.transactions === undefined ? {} : { transactions: options.transactions }),
    ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
    ...(options.days === undefined ? {} : { days: options.days }),
    ...(options.illicitShare === undefined ? {} : { illicitShare: options.illicitShare }),
  });
  const expected = options.transactions ?? 200_000;
  let written;
  try {
    written = await writeGeneratedFiles({ ...data, transactions: { [Symbol.iterator]: () => withProgress(data.transactions, io, expected) } }, options.out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new CliError(EXIT.USAGE, `Cannot write into ${options.out} (${code}).`);
    throw error;
  }
  io.out(`${JSON.stringify({ dir: written.dir, files: written.files, transactions: written.transactions, accounts: written.accounts, patterns: written.patterns }, null, 2)}\n`);
  io.err(`Wrote ${written.transactions.toLocaleString('en')} transactions, ${written.accounts.toLocaleString('en')} accounts and ${written.patterns.toLocaleString('en')} planted patterns to ${written.dir}.\n`);
  return EXIT.OK;
}

export interface FinanceEvaluateOptions {
  readonly alerts: string;
  readonly patterns: string;
  readonly transactions: string;
  readonly map: string;
}

/** an alert line can name many thousand transactions; a longer line is not one of ours */
const MAX_JSON_LINE = 64 * 1024 * 1024;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

export function alertLineOf(value: unknown): AlertLine | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.detector !== 'string' || typeof v.typology !== 'string' || typeof v.explanation !== 'string') return undefined;
  if (typeof v.score !== 'number' || !Number.isFinite(v.score) || !isStringList(v.accounts) || !isStringList(v.transactions)) return undefined;
  return { detector: v.detector, typology: v.typology, score: v.score, accounts: v.accounts, transactions: v.transactions, explanation: v.explanation };
}

export function patternOf(value: unknown): PlantedPattern | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.typology !== 'string' || !isStringList(v.transactions) || !isStringList(v.accounts)) return undefined;
  return { id: v.id, typology: v.typology as PlantedPattern['typology'], transactions: v.transactions, accounts: v.accounts };
}

export interface JsonLinesShape<T> {
  /** the file, for messages: "alerts file" */
  readonly what: string;
  /** the value of a good line, undefined for a line of another shape */
  readonly shape: (value: unknown) => T | undefined;
  /** what a line should be, for messages */
  readonly expected: string;
  /** longest line read; a longer one refuses the file (it is cut while read, so never held whole) */
  readonly maxLine?: number;
}

/**
 * Every line of a JSON lines file through `shape`; blank lines are skipped. One bad line refuses
 * the file (exit 5): an evaluation on part of the alerts or labels would report wrong figures.
 */
export async function readJsonLines<T>(path: string, { what, shape, expected, maxLine = MAX_JSON_LINE }: JsonLinesShape<T>): Promise<T[]> {
  await checkTextInput(path, what, 'JSON lines');
  const out: T[] = [];
  let line = 0;
  for await (const text of splitLines(csvFileChunks(path, what), maxLine)) {
    line++;
    if (text.trim() === '') continue;
    if (text.length > maxLine) throw new CliError(EXIT.INPUT, `The ${what} ${path}, line ${line}: the line is longer than ${maxLine.toLocaleString('en')} characters.`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError(EXIT.INPUT, `The ${what} ${path}, line ${line}: not valid JSON.`);
    }
    const value = shape(json);
    if (value === undefined) throw new CliError(EXIT.INPUT, `The ${what} ${path}, line ${line}: not ${expected}.`);
    out.push(value);
  }
  return out;
}

/**
 * The transactions of the data set: its rows with a non-empty id (the evaluation's denominator;
 * rows a scan refuses count too, as they are in the data the labels describe).
 */
async function countTransactions(path: string, mapPath: string): Promise<number> {
  const map = parseColumnMap(await readJsonConfig(mapPath, 'column map'));
  await checkTextInput(path, 'transactions file');
  let idColumn = -1;
  let rows = 0;
  for await (const chunk of readCsvRecords(csvFileChunks(path, 'transactions file'), { delimiter: map.delimiter })) {
    for (const record of chunk.records) {
      if (record.error !== undefined) {
        if (idColumn < 0) throw new CliError(EXIT.INPUT, `The transactions file ${path}: the header line cannot be read (${record.error.message}).`);
        continue;
      }
      if (idColumn < 0) {
        idColumn = indexColumns({ id: map.columns.id }, record.fields).id;
        continue;
      }
      if ((record.fields[idColumn] ?? '').trim() !== '') rows++;
    }
  }
  if (idColumn < 0) throw new CliError(EXIT.INPUT, `The transactions file ${path} is empty: it has no header line.`);
  return rows;
}

/** Prints the evaluation as JSON. */
export async function runFinanceEvaluate(io: Io, options: FinanceEvaluateOptions): Promise<number> {
  const alerts = await readJsonLines(options.alerts, {
    what: 'alerts file', shape: alertLineOf, expected: 'an alert line ({"detector", "typology", "score", "accounts", "transactions", "explanation"})',
  });
  const patterns = await readJsonLines(options.patterns, { what: 'patterns file', shape: patternOf, expected: 'a planted pattern ({"id", "typology", "transactions", "accounts"})' });
  const total = await countTransactions(options.transactions, options.map);
  const illicit = illicitTransactionIds(patterns);
  const flagged = new Set(alerts.flatMap((a) => a.transactions)).size;
  for (const [count, what] of [[illicit.size, 'patterns'], [flagged, 'alerts']] as const) {
    if (count > total) {
      throw new CliError(EXIT.USAGE, `The ${what} name ${count.toLocaleString('en')} distinct transactions but the transactions file holds ${total.toLocaleString('en')}: are they of the same data set?`);
    }
  }
  const evaluation = evaluateAlerts(alerts, patterns, illicit, total);
  io.out(`${JSON.stringify(evaluation, null, 2)}\n`);
  return EXIT.OK;
}
