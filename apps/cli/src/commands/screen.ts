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
import type { Writable } from 'node:stream';
import { buildIndex, openListFile, readQueryCsv, screenQuery, type ListEntities, type ScreeningIndex } from '@ariadne/sanctions';
import type { EntityData } from '@ariadne/schema';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';

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
}

/** how many record errors of a list are printed (all are counted) */
const SHOWN_ERRORS = 5;

async function loadList(path: string, io: Io): Promise<ListEntities> {
  let opened;
  try {
    opened = await openListFile(path);
  } catch (error) {
    throw new CliError(EXIT.INPUT, `${basename(path)}: ${(error as Error).message}`);
  }
  const entities: EntityData[] = [];
  let errors = 0;
  for await (const item of opened.items()) {
    if ('entity' in item) {
      entities.push(item.entity);
      continue;
    }
    if (item.error.record === 'document') throw new CliError(EXIT.INPUT, `${opened.source}: ${item.error.message}`);
    if (++errors <= SHOWN_ERRORS) io.err(`${opened.source}: record ${item.error.record} skipped: ${item.error.message}\n`);
  }
  if (errors > SHOWN_ERRORS) io.err(`${opened.source}: ${errors} records skipped in all.\n`);
  io.err(`${opened.source}: ${opened.format}, list ${opened.list}, ${entities.length} entities.\n`);
  return { list: opened.list, entities };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

function withThreshold(index: ScreeningIndex, threshold: number | undefined): ScreeningIndex {
  return threshold === undefined ? index : { ...index, algorithm: { ...index.algorithm, threshold } };
}

export async function runScreen(io: Io, options: ScreenOptions): Promise<number> {
  const lists: ListEntities[] = [];
  for (const path of options.list) lists.push(await loadList(path, io));
  const index = withThreshold(buildIndex(lists), options.threshold);
  if (index.names.length === 0) throw new CliError(EXIT.INPUT, 'The lists hold no person or organisation to screen against.');

  const toStdout = options.output === '-';
  // written beside the target and renamed at the end: a failed run never leaves half a file
  const partial = `${options.output}.partial-${process.pid}`;
  const out = toStdout ? process.stdout : createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  const started = performance.now();
  let queries = 0;
  let matched = 0;
  let bad = 0;
  try {
    for await (const row of readQueryCsv(createReadStream(options.input))) {
      if ('error' in row) {
        if (row.error.line === 'file') throw new CliError(EXIT.INPUT, `${basename(options.input)}: ${row.error.message}`);
        bad++;
        io.err(`${basename(options.input)} line ${row.error.line}: ${row.error.message}\n`);
        if (row.error.id) await write(out, `${JSON.stringify({ id: row.error.id, matches: [], error: row.error.message })}\n`);
        continue;
      }
      queries++;
      const result = screenQuery(index, row.query);
      const matches = result.matches.filter((m) => m.match || m.score >= options.minScore).slice(0, options.limit);
      if (matches.some((m) => m.match)) matched++;
      await write(out, `${JSON.stringify({ id: result.id, matches })}\n`);
    }
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
  }
  const seconds = (performance.now() - started) / 1000;
  io.err(`${queries} queries screened (${matched} with a match, ${bad} bad rows) in ${seconds.toFixed(2)} s, ${Math.round(queries / Math.max(seconds, 1e-6))} queries/s; algorithm ${index.algorithm.name}@${index.algorithm.version}, threshold ${index.algorithm.threshold}.\n`);
  return bad > 0 ? EXIT.BAD_ROWS : EXIT.OK;
}
