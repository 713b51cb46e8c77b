/**
 * `ariadne export`: entities as FtM JSON lines, to stdout or a file (mode 0600), journalled as
 * `export` with the SHA-256 of the bytes written, so the journal shows what left and when.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { writeFtmJson } from '@ariadne/schema';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

export interface ExportOptions {
  readonly case?: string;
  readonly schema?: string;
  readonly output?: string;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function runExport(config: CliConfig, io: Io, options: ExportOptions): Promise<number> {
  return withStore(config, async ({ store, model }) => {
    const caseId = options.case ?? null;
    if (caseId !== null && !(await store.getCase(caseId))) throw new CliError(EXIT.USAGE, `No case with id ${JSON.stringify(caseId)}.`);
    if (options.schema !== undefined && !model.hasSchema(options.schema)) throw new CliError(EXIT.USAGE, `Unknown schema ${JSON.stringify(options.schema)}.`);
    const out: Writable = options.output ? createWriteStream(options.output, { mode: 0o600 }) : process.stdout;
    const hash = createHash('sha256');
    let count = 0;
    const filter = { caseId, ...(options.schema ? { schema: options.schema } : {}) };
    for await (const entity of store.exportEntities(filter)) {
      const line = `${writeFtmJson({ id: entity.id, schema: entity.schema, properties: entity.properties })}\n`;
      hash.update(line);
      await write(out, line);
      count += 1;
    }
    if (options.output) {
      out.end();
      await once(out, 'finish');
    }
    await store.appendJournal(CLI_ACTOR, { action: 'export', caseId, contentHash: hash.digest('hex') });
    io.err(`Exported ${count} entities${caseId ? ` of case ${caseId}` : ' of the reference data'}${options.output ? ` to ${options.output}` : ''}.\n`);
    return EXIT.OK;
  });
}
