/**
 * `ariadne finance scan`: the batch contract of issue 10 that other tools rely on.
 *
 *   npx ariadne finance scan --transactions TX.csv --map MAP.json --output ALERTS.jsonl
 *
 * The CSV is streamed in batches straight into a `TransactionGraph` (typed columns, about 100 bytes
 * a transaction), so no array of five million transaction objects ever exists; then every typology
 * runs on every party (`scanGraph`) and each alert becomes one JSON line
 * `{"detector","typology","score","accounts","transactions","explanation"}` (`toAlertLine`).
 *
 * Exit codes: 0 done; 3 done, but some records were refused (listed, alerts still written); 5 the
 * transactions or KYC file is unreadable or malformed as a whole; 2 a bad map, configuration or
 * option. Progress goes to stderr only when it is a terminal.
 */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import {
  DEFAULT_SCORING, DETECTORS, MAX_TRANSACTIONS, TransactionGraph, baseOnlyTable, csvFileChunks, parseAccountMap, parseColumnMap, parseCurrencyTable,
  parseScoringConfig, readAccountsCsv, readTransactionsCsv, scanGraph, scanGraphParallel, toAlertLine,
  type AccountMap, type ColumnMap, type CurrencyTable, type DetectContext, type ScoringConfig,
} from '@ariadne/finance';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { AtomicOutput, RefusedRecords, checkTextInput, estimateLines, parseScanContext, ratesHint, readJsonConfig } from './finance-files.ts';

export interface FinanceScanOptions {
  readonly transactions: string;
  readonly map: string;
  /** ALERTS.jsonl; stdout when absent */
  readonly output?: string;
  /** KYC.csv and its account map: a customer's accounts become one party */
  readonly accounts?: string;
  readonly accountsMap?: string;
  /** the currency table; default: the map's default_currency (or USD) alone */
  readonly rates?: string;
  /** a scoring configuration (typologies); default: the built-in one */
  readonly typologies?: string;
  /** reportingThreshold, homeCountry, conflictCountries */
  readonly context?: string;
  /** every refused record as JSON lines */
  readonly errors?: string;
  /** figures of the run on stderr */
  readonly stats?: boolean;
  /** threads the scan runs on (default: the machine's cores, at most 4: each further thread holds its own copy of the adjacency lists, some 0.2 GB at 5M transactions) */
  readonly threads?: number;
}

/** transactions per batch from the reader into the graph */
const BATCH_SIZE = 50_000;

/** everything a scan needs besides the transactions, read and validated before the long part starts */
export interface ScanSetup {
  readonly map: ColumnMap;
  readonly currency: CurrencyTable;
  /** true when --rates was given (a missing rate is then the table's, not a missing option) */
  readonly ratesGiven: boolean;
  readonly scoring: ScoringConfig;
  readonly context: DetectContext;
  readonly accountMap: AccountMap | undefined;
}

/**
 * Reads the map, rates, typologies, context and account map; every problem is a usage error
 * (exit 2). The context file's keys override `defaults` (the environment's).
 */
export async function loadScanSetup(
  options: Pick<FinanceScanOptions, 'map' | 'rates' | 'typologies' | 'context' | 'accounts' | 'accountsMap'>, defaults: DetectContext = {},
): Promise<ScanSetup> {
  if ((options.accounts === undefined) !== (options.accountsMap === undefined)) {
    throw new CliError(EXIT.USAGE, 'Give --accounts KYC.csv and --accounts-map MAP.json together.');
  }
  const map = parseColumnMap(await readJsonConfig(options.map, 'column map'));
  const currency = options.rates === undefined ? baseOnlyTable(map.defaultCurrency ?? 'USD') : parseCurrencyTable(await readJsonConfig(options.rates, 'currency table'));
  const scoring = options.typologies === undefined ? DEFAULT_SCORING : parseScoringConfig(await readJsonConfig(options.typologies, 'scoring configuration'), DETECTORS);
  const context = options.context === undefined ? defaults : { ...defaults, ...parseScanContext(await readJsonConfig(options.context, 'scan context')) };
  const accountMap = options.accountsMap === undefined ? undefined : parseAccountMap(await readJsonConfig(options.accountsMap, 'account map'));
  return { map, currency, ratesGiven: options.rates !== undefined, scoring, context, accountMap };
}

/** a progress bar on stderr when it is a terminal; nothing otherwise */
function progressBar(io: Io, format: string): { update(value: number, total: number, payload?: Record<string, unknown>): void; stop(): void } {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(value, total, payload = {}) {
      // the total is fixed when the bar starts: the file's size, the graph's parties
      if (!started) {
        bar.start(Math.max(1, total), value, payload);
        started = true;
      } else {
        bar.update(value, payload);
      }
    },
    stop: () => { if (started) bar.stop(); },
  };
}

/** the file's chunks, counting the bytes read for the progress bar */
async function* counted(chunks: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    onBytes(bytes);
    yield chunk;
  }
}

export interface GraphLoadRun {
  readonly files: { readonly transactions: string; readonly accounts?: string | undefined };
  /** where refused records go */
  readonly refused: RefusedRecords;
  /** laps `kyc` and `read` */
  readonly clock?: PhaseClock;
}

export interface GraphLoad {
  readonly graph: TransactionGraph;
  readonly accounts: number;
  readonly outOfOrder: number;
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/**
 * Wall-clock and CPU seconds per phase. On a machine shared with other work the CPU figure is the
 * one that compares across runs; CPU includes the garbage collector's helper threads.
 */
export class PhaseClock {
  readonly seconds: Record<string, number> = {};
  readonly cpuSeconds: Record<string, number> = {};
  private readonly began = performance.now();
  private readonly beganCpu = process.cpuUsage();
  private wall = this.began;
  private cpu = this.beganCpu;

  /** closes the phase running since the last lap (or the start) */
  lap(phase: string): void {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    this.seconds[phase] = round((wall - this.wall) / 1000);
    this.cpuSeconds[phase] = round((cpu.user - this.cpu.user + cpu.system - this.cpu.system) / 1e6);
    this.wall = wall;
    this.cpu = cpu;
  }

  /** every phase and the total */
  report(): { seconds: Record<string, number>; cpuSeconds: Record<string, number> } {
    const cpu = process.cpuUsage(this.beganCpu);
    return {
      seconds: { ...this.seconds, total: round((performance.now() - this.began) / 1000) },
      cpuSeconds: { ...this.cpuSeconds, total: round((cpu.user + cpu.system) / 1e6) },
    };
  }
}

/**
 * Streams KYC, then the transactions, into a new graph; refused records go to `refused`.
 *
 * @throws CliError (exit 5) for a missing or binary file; AriadneError from the readers for a file
 *   malformed as a whole (MALFORMED_INPUT, exit 5) or a header without a mapped column (exit 2)
 */
export async function loadGraph(io: Io, setup: ScanSetup, run: GraphLoadRun): Promise<GraphLoad> {
  const { files, refused, clock = new PhaseClock() } = run;
  const input = await checkTextInput(files.transactions, 'transactions file');
  const size = input.size;
  if (files.accounts !== undefined) await checkTextInput(files.accounts, 'accounts file');
  // a little over the estimate: the columns grow (doubling) only when rows run much longer than sampled
  // the reader refuses repeated ids already: the graph need not index them again
  const graph = new TransactionGraph({ currency: setup.currency, capacity: Math.min(MAX_TRANSACTIONS, Math.ceil(estimateLines(input) * 1.05)), checkIds: false });
  let accounts = 0;
  if (files.accounts !== undefined && setup.accountMap !== undefined) {
    // KYC first: an account already seen in a transaction keeps the node it got then
    const kyc = await readAccountsCsv(csvFileChunks(files.accounts, 'accounts file'), setup.accountMap);
    graph.addAccounts(kyc.records);
    accounts = kyc.records.length;
    for (const error of kyc.errors) await refused.add('accounts', error);
  }
  clock.lap('kyc');
  const bar = progressBar(io, 'reading  [{bar}] {percentage}% | {rows} transactions, {refused} refused');
  let outOfOrder = 0;
  try {
    const chunks = counted(csvFileChunks(files.transactions, 'transactions file'), (bytes) => bar.update(bytes, size, { rows: graph.size, refused: refused.count }));
    for await (const batch of readTransactionsCsv(chunks, { map: setup.map, currency: setup.currency, batchSize: BATCH_SIZE })) {
      for (const tx of batch.records) {
        try {
          graph.add(tx);
        } catch (error) {
          // the reader checked the currency against the same table: only a contract break lands here
          await refused.add('transactions', { record: tx.id.slice(0, 40), message: (error as Error).message });
        }
      }
      for (const error of batch.errors) await refused.add('transactions', error);
      outOfOrder += batch.outOfOrder;
    }
  } finally {
    bar.stop();
  }
  clock.lap('read');
  return { graph, accounts, outOfOrder };
}

/** Runs the scan; see the module comment. `context` is what the environment says (a --context file overrides it). */
export async function runFinanceScan(io: Io, options: FinanceScanOptions, context: DetectContext = {}): Promise<number> {
  const clock = new PhaseClock();
  const setup = await loadScanSetup(options, context);
  // outputs are opened before the long part, so a wrong path fails at once
  const output = options.output === undefined ? undefined : await AtomicOutput.open(options.output, 'alerts file');
  let errorsFile: AtomicOutput | undefined;
  try {
    errorsFile = options.errors === undefined ? undefined : await AtomicOutput.open(options.errors, 'errors file');
    const refused = new RefusedRecords(errorsFile, ratesHint(setup.ratesGiven));
    clock.lap('setup');
    const load = await loadGraph(io, setup, { files: options, refused, clock });
    const { graph } = load;

    const threads = options.threads ?? Math.min(4, availableParallelism());
    let result;
    if (threads > 1) {
      // parties split over threads; per-detector timings are a one-thread figure (--threads 1)
      result = await scanGraphParallel(graph, { config: setup.scoring, detectors: DETECTORS, context: setup.context, threads });
    } else {
      const bar = progressBar(io, 'scanning [{bar}] {percentage}% | {value}/{total} parties');
      try {
        result = scanGraph(graph, {
          config: setup.scoring, detectors: DETECTORS, context: setup.context, profile: options.stats === true,
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.stop();
      }
    }
    clock.lap('scan');

    const perTypology = new Map<string, number>();
    let chunk: string[] = [];
    for (const hit of result.alerts) {
      perTypology.set(hit.typology.id, (perTypology.get(hit.typology.id) ?? 0) + 1);
      const line = JSON.stringify(toAlertLine(graph, hit));
      if (output) await output.line(line);
      else {
        chunk.push(line);
        if (chunk.length >= 1000) {
          io.out(`${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
    }
    if (chunk.length > 0) io.out(`${chunk.join('\n')}\n`);
    await output?.commit();
    await errorsFile?.commit();
    clock.lap('write');

    refused.report(io);
    io.err(`Scanned ${graph.size.toLocaleString('en')} transactions of ${graph.nodeCount.toLocaleString('en')} parties: `
      + `${result.alerts.length.toLocaleString('en')} alert${result.alerts.length === 1 ? '' : 's'}${options.output ? ` written to ${options.output}` : ''}`
      + `${refused.count > 0 ? `, ${refused.count.toLocaleString('en')} records refused` : ''}.\n`);
    if (options.stats) {
      const stats = {
        transactions: graph.size, refused: refused.count, outOfOrder: load.outOfOrder, accounts: graph.accountCount, kycAccounts: load.accounts,
        parties: graph.nodeCount, threads, algorithm: setup.scoring.algorithm, alerts: result.alerts.length,
        alertsPerTypology: Object.fromEntries([...perTypology].sort(([a], [b]) => (a < b ? -1 : 1))),
        findingsPerDetector: result.stats.findings,
        ...clock.report(),
        detectorSeconds: Object.fromEntries(Object.entries(result.stats.detectorMs).map(([id, ms]) => [id, round(ms / 1000)])),
        // maxRSS is in kibibytes
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
      io.err(`stats: ${JSON.stringify(stats)}\n`);
    }
    return refused.count > 0 ? EXIT.BAD_ROWS : EXIT.OK;
  } catch (error) {
    await output?.abandon();
    await errorsFile?.abandon();
    throw error;
  }
}
