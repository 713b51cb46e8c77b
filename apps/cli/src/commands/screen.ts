/**
 * `ariadne screen`: batch screening, the contract other tools rely on. Lists are read from files
 * (format detected from content), queries from a CSV (`id,name[,birth_date,nationality,gender]`),
 * and each query gives one JSON line `{"id", "matches": [{entry, list, name, score, match,
 * explanation}]}` ordered by score, the default threshold deciding `match`. Needs no database:
 * nothing is stored, so it runs anywhere the list files are.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { buildIndex, readQueryCsv, type ListEntities } from '@ariadne/sanctions';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { badRowLine, resultLine, withThreshold } from '../screening/result-lines.ts';
import { readListEntities } from '../screening/read-list.ts';
import type { BatchItem } from '../screening/screen-protocol.ts';
import { screenInOrder, startScreenPool, type ScreenPool } from '../screening/threaded-screen.ts';

export interface ScreenOptions {
  readonly list: readonly string[];
  readonly input: string;
  readonly output: string;
  /** overrides the algorithm's threshold for `match` */
  readonly threshold?: number;
  /** candidates below this score are not written (default 0.5) */
  readonly minScore: number;
  /** most candidates written per query (default 10) */
  readonly limit: number;
  /** worker threads screening (default: 2, or 1 on a single core); 1 screens on the main thread */
  readonly threads?: number;
}

/** more would only add indexes in memory: the work is one CPU-bound index per thread */
const MAX_THREADS = 64;

async function loadList(path: string, io: Io): Promise<ListEntities> {
  const { opened, entities } = await readListEntities(path, io);
  io.err(`${opened.source}: ${opened.format}, list ${opened.list}, ${entities.length} entities.\n`);
  return { list: opened.list, entities };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** the queries file's rows as batch items; bad rows are reported and counted here, on the main thread */
async function* queryItems(input: string, io: Io, counts: { queries: number; bad: number }): AsyncGenerator<BatchItem> {
  for await (const row of readQueryCsv(createReadStream(input))) {
    if ('error' in row) {
      if (row.error.line === 'file') throw new CliError(EXIT.INPUT, `${basename(input)}: ${row.error.message}`);
      counts.bad++;
      io.err(`${basename(input)} line ${row.error.line}: ${row.error.message}\n`);
      if (row.error.id) yield { text: badRowLine(row.error.id, row.error.message) };
      continue;
    }
    counts.queries++;
    yield { query: row.query };
  }
}

interface Screener {
  readonly algorithm: { readonly name: string; readonly version: string; readonly threshold: number };
  /** writes every item's line in order; returns how many queries had a match */
  run(items: AsyncIterable<BatchItem>, write: (text: string) => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

function mainThreadScreener(lists: readonly ListEntities[], options: ScreenOptions): Screener {
  const index = withThreshold(buildIndex(lists), options.threshold);
  if (index.names.length === 0) throw new CliError(EXIT.INPUT, 'The lists hold no person or organisation to screen against.');
  return {
    algorithm: index.algorithm,
    async run(items, writeText) {
      let matched = 0;
      for await (const item of items) {
        if ('text' in item) {
          await writeText(item.text);
          continue;
        }
        const result = resultLine(index, item.query, options);
        if (result.matched) matched++;
        await writeText(result.line);
      }
      return matched;
    },
    close: async () => undefined,
  };
}

async function workerScreener(pool: ScreenPool, lists: readonly ListEntities[]): Promise<Screener> {
  const ready = await pool.build(lists);
  if (ready.names === 0) throw new CliError(EXIT.INPUT, 'The lists hold no person or organisation to screen against.');
  return {
    algorithm: ready.algorithm,
    run: async (items, writeText) => (await screenInOrder(pool, items, writeText)).matched,
    close: () => pool.close(),
  };
}

export async function runScreen(io: Io, options: ScreenOptions): Promise<number> {
  const threads = options.threads ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new CliError(EXIT.USAGE, `--threads must be a whole number from 1 to ${MAX_THREADS}.`);
  // the workers load their code while this thread parses the lists
  const pool = threads === 1 ? undefined : startScreenPool({ ...options, threads });
  let screener: Screener;
  try {
    const lists: ListEntities[] = [];
    for (const path of options.list) lists.push(await loadList(path, io));
    screener = pool ? await workerScreener(pool, lists) : mainThreadScreener(lists, options);
  } catch (error) {
    await pool?.close();
    throw error;
  }

  const toStdout = options.output === '-';
  // written beside the target and renamed at the end: a failed run never leaves half a file
  const partial = `${options.output}.partial-${process.pid}`;
  const out = toStdout ? process.stdout : createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const started = performance.now();
  const counts = { queries: 0, bad: 0 };
  let matched = 0;
  try {
    matched = await screener.run(queryItems(options.input, io, counts), (text) => write(out, text));
    if (!toStdout) {
      out.end();
      await once(out, 'close');
      await rename(partial, options.output);
    }
  } catch (error) {
    if (!toStdout) {
      out.destroy();
      await rm(partial, { force: true });
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(EXIT.INPUT, `Cannot read ${basename(options.input)}: no such file.`);
    throw error;
  } finally {
    await screener.close();
  }
  const { queries, bad } = counts;
  const { algorithm } = screener;
  const seconds = (performance.now() - started) / 1000;
  io.err(`${queries} queries screened (${matched} with a match, ${bad} bad rows) in ${seconds.toFixed(2)} s, ${Math.round(queries / Math.max(seconds, 1e-6))} queries/s on ${threads} thread${threads === 1 ? '' : 's'}; algorithm ${algorithm.name}@${algorithm.version}, threshold ${algorithm.threshold}.\n`);
  return bad > 0 ? EXIT.BAD_ROWS : EXIT.OK;
}
