/**
 * `ariadne network …`: every network analysis of the API on a case of the store or on an FtM
 * JSON lines file, printing JSON on stdout (progress on stderr). A case read includes victims'
 * sealed records only with --include-sealed, and each one read is journalled, as in the API.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import {
  buildNetworkAsync, indexNetwork, networkModelOf, readNetworkFile, runAnalysis, toGexf, toGraphml,
  RELATION_KINDS, type AnalysisRequest, type EntityNetwork, type NetworkFilter, type RelationKind,
} from '@ariadne/network';
import { loadModel } from '@ariadne/schema';
import type { NetworkSourceRow } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

export interface NetworkSourceOptions {
  readonly case?: string;
  readonly file?: string;
  readonly from?: string;
  readonly to?: string;
  readonly kinds?: string;
  readonly sources?: string;
  readonly shared?: boolean;
  readonly datedOnly?: boolean;
  readonly includeSealed?: boolean;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter((x) => x !== '');

export function filterOf(options: NetworkSourceOptions): NetworkFilter {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !DATE.test(value)) throw new CliError(EXIT.USAGE, `${flag} must be a date as YYYY, YYYY-MM or YYYY-MM-DD.`);
  }
  const kinds = list(options.kinds);
  const unknown = kinds?.find((k) => !(RELATION_KINDS as readonly string[]).includes(k));
  if (unknown) throw new CliError(EXIT.USAGE, `Unknown relation kind ${JSON.stringify(unknown)}; use ${RELATION_KINDS.join(', ')}.`);
  const sources = list(options.sources);
  return {
    ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}),
    ...(options.datedOnly ? { datedOnly: true } : {}),
    ...(kinds?.length ? { kinds: kinds as RelationKind[] } : {}), ...(sources?.length ? { sources } : {}),
    ...(options.shared === false ? { sharedIdentifiers: false } : {}),
  };
}

/** The network of a case (store) or of a file, through the filter. */
async function withNetwork<T>(config: CliConfig, io: Io, options: NetworkSourceOptions, use: (network: EntityNetwork, journal: (action: string, contentHash?: string) => Promise<void>) => Promise<T>): Promise<T> {
  if ((options.case === undefined) === (options.file === undefined)) throw new CliError(EXIT.USAGE, 'Give either --case <id> or --file <ftm.jsonl>.');
  const filter = filterOf(options);
  if (options.file !== undefined) {
    const network = await readNetworkFile(options.file, networkModelOf(loadModel()), filter);
    // bad lines are skipped, as `ariadne import` does, and named so the analyst knows what is missing
    if (network.file.skipped > 0) {
      const shown = network.file.badLines.map((b) => `line ${b.line}: ${b.message}`).join('\n  ');
      io.err(`${options.file}: ${network.file.skipped} bad lines skipped\n  ${shown}${network.file.skipped > network.file.badLines.length ? '\n  …' : ''}\n`);
    }
    return use(network, async () => undefined);
  }
  const caseId = options.case!;
  return withStore(config, async ({ store, model }) => {
    if (!(await store.getCase(caseId))) throw new CliError(EXIT.USAGE, `No case with id ${JSON.stringify(caseId)}.`);
    const sealed: NetworkSourceRow[] = [];
    async function* watched(): AsyncIterable<readonly NetworkSourceRow[]> {
      for await (const batch of store.readNetworkEntities({ caseIds: [caseId], includeSealed: options.includeSealed === true })) {
        for (const row of batch) if (row.sealed) sealed.push(row);
        yield batch;
      }
    }
    const network = await buildNetworkAsync(watched(), networkModelOf(model), { ...filter, caseIds: [caseId] });
    for (const row of sealed) await store.appendJournal(CLI_ACTOR, { action: 'entity.read.sealed:network', caseId: row.caseId, entityId: row.id });
    return use(network, async (action, contentHash) => { await store.appendJournal(CLI_ACTOR, { action, caseId, contentHash: contentHash ?? null }); });
  });
}

function progressLine(io: Io, label: string): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    const now = Date.now();
    if (now - last < 5000) return;
    last = now;
    io.err(`${label}: ${Math.floor((100 * done) / Math.max(1, total))}%\n`);
  };
}

/** Runs one analysis and prints its result as JSON. */
export async function runNetworkAnalysis(config: CliConfig, io: Io, options: NetworkSourceOptions, request: AnalysisRequest): Promise<number> {
  return withNetwork(config, io, options, async (network) => {
    const indexed = indexNetwork(network);
    io.err(`network: ${indexed.graph.n} nodes, ${indexed.graph.m} ties (${network.stats.sharedIdentifiers} shared identifiers, ${network.stats.filteredOut} ties filtered out)\n`);
    const result = runAnalysis(indexed, request, { onProgress: progressLine(io, request.kind) });
    io.out(`${JSON.stringify(result.result, null, 2)}\n`);
    return EXIT.OK;
  });
}

/** `network show`: the network itself as JSON (nodes, edges, stats). */
export async function runNetworkShow(config: CliConfig, io: Io, options: NetworkSourceOptions): Promise<number> {
  return withNetwork(config, io, options, async (network) => {
    io.out(`${JSON.stringify(network)}\n`);
    return EXIT.OK;
  });
}

export async function runNetworkExport(config: CliConfig, io: Io, options: NetworkSourceOptions & { format: 'gexf' | 'graphml'; output?: string }): Promise<number> {
  return withNetwork(config, io, options, async (network, journal) => {
    const text = options.format === 'gexf' ? toGexf(network) : toGraphml(network);
    if (options.output) {
      const out = createWriteStream(options.output, { mode: 0o600, flags: 'wx' });
      out.end(text);
      await once(out, 'finish').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(EXIT.USAGE, error.code === 'EEXIST' ? `${options.output} exists; it is never overwritten.` : `Cannot write ${options.output} (${error.code ?? 'error'}).`);
      });
    } else io.out(text);
    await journal(`network.export:${options.format}`, createHash('sha256').update(text).digest('hex'));
    io.err(`Exported ${network.nodes.length} nodes and ${network.edges.length} ties as ${options.format.toUpperCase()}${options.output ? ` to ${options.output}` : ''}.\n`);
    return EXIT.OK;
  });
}
