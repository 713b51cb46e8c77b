/**
 * A network straight from a file of FtM JSON lines (`npx ariadne network … --file case.jsonl`),
 * without a store. Lines go through the schema package's reader (`splitLines` +
 * `readFtmJsonLines`), so they are cleaned as an import would clean them and memory stays flat:
 * a line over `MAX_LINE_BYTES` is cut, never held whole.
 *
 * Bad lines follow the reader's convention: reported and skipped, reading goes on (invalid JSON,
 * an entity the model rejects, an overlong line). The network says how many it skipped and the
 * first few, by line number; `onBadLine: 'throw'` stops at the first one instead.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AriadneError, loadModel, readFtmJsonLines, splitLines, MAX_LINE_BYTES, type AriadneModel } from '@ariadne/schema';
import { buildNetworkAsync, type SourceEntity } from './build-network.ts';
import type { NetworkModel } from './network-model.ts';
import type { RunOptions } from './run-options.ts';
import type { EntityNetwork, NetworkFilter } from './types.ts';

/** 1 MiB reads: few syscalls on large files, constant memory. */
const CHUNK_BYTES = 1024 * 1024;
const BATCH = 5000;
/** bad lines kept in the report; the rest are only counted */
const MAX_REPORTED = 20;

export interface BadLine {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

export interface FileNetwork extends EntityNetwork {
  readonly file: {
    readonly name: string;
    /** number of the last line that held anything */
    readonly lines: number;
    readonly skipped: number;
    /** the first bad lines, by line number */
    readonly badLines: readonly BadLine[];
  };
}

export interface ReadNetworkFileOptions extends RunOptions {
  /** 'skip' (default): report and go on, as imports do; 'throw': stop at the first bad line */
  readonly onBadLine?: 'skip' | 'throw';
  /** the model to clean entities with when `model` is not built on one (`networkModelOf` is) */
  readonly ariadne?: AriadneModel;
  readonly maxLineBytes?: number;
}

/**
 * Builds the network of an FtM JSON lines file. Every record's source is `file:<basename>` and
 * its case null (a file belongs to no case, so a `caseIds` filter keeps nothing).
 *
 * @throws AriadneError MALFORMED_INPUT when the file cannot be read (or, with `onBadLine: 'throw'`,
 *   naming the first bad line); CANCELLED when `signal` aborts
 * @example
 * const net = await readNetworkFile('case.jsonl', networkModelOf(loadModel()), { kinds: ['payment'] });
 * net.file.skipped // 0
 */
export async function readNetworkFile(path: string, model: NetworkModel, filter?: NetworkFilter, options: ReadNetworkFileOptions = {}): Promise<FileNetwork> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
  } catch (cause) {
    throw unreadable(path, cause);
  }
  const name = basename(path);
  const sources = Object.freeze([`file:${name}`]);
  const ariadne = options.ariadne ?? model.ariadne ?? loadModel();
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const badLines: BadLine[] = [];
  let skipped = 0;
  let lines = 0;

  async function* batches(): AsyncGenerator<SourceEntity[]> {
    const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    let batch: SourceEntity[] = [];
    try {
      for await (const result of readFtmJsonLines(splitLines(stream, maxLineBytes), ariadne, { strict: false, maxLineBytes })) {
        lines = result.line;
        if (result.entity) {
          batch.push({ id: result.entity.id, schema: result.entity.schema, caseId: null, properties: result.entity.properties, sources });
          if (batch.length === BATCH) { yield batch; batch = []; }
          continue;
        }
        const error = result.error ?? new AriadneError('MALFORMED_INPUT', `Line ${result.line} holds no entity.`);
        if (options.onBadLine === 'throw') {
          throw new AriadneError('MALFORMED_INPUT', `${name}, line ${result.line}: ${error.message}`, { details: { line: String(result.line), ...(error.details ?? {}) }, cause: error });
        }
        skipped++;
        if (badLines.length < MAX_REPORTED) badLines.push({ line: result.line, code: error.code, message: error.message });
      }
    } catch (cause) {
      if (cause instanceof AriadneError) throw cause;
      throw unreadable(path, cause);
    } finally {
      stream.destroy();
    }
    if (batch.length > 0) yield batch;
  }

  const network = await buildNetworkAsync(batches(), model, filter, options);
  return { ...network, file: { name, lines, skipped, badLines } };
}

function unreadable(path: string, cause: unknown): AriadneError {
  const reason = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  return new AriadneError('MALFORMED_INPUT', `Cannot read ${basename(path)} (${reason}).`, { cause });
}
