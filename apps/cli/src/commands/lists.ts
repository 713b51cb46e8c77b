/**
 * `ariadne lists import|update|versions|changes` and `ariadne screening run`: sanctions lists as
 * versions in the store, each import with its stored delta, and re-screening of every stored
 * subject against them. `update` downloads the publishers' files when a network is available and
 * imports the local files given with `--local` otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openListFile } from '@ariadne/sanctions';
import { isAriadneError } from '@ariadne/schema';
import { downloadOfficialList, importListFile, OFFICIAL_LISTS, officialList, rescreenDue, ScreeningEngine, type ListImportReport } from '@ariadne/screening';
import type { ListVersion, OpenedStore } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

function describeImport(report: ListImportReport): string {
  const v = report.version;
  if (report.unchanged) return `${v.list}: unchanged (the file is the current version ${v.id}, ${v.entries} designations).\n`;
  return `${v.list}: version ${v.id} from ${v.source} (${v.format}${v.publishedAt ? `, published ${v.publishedAt}` : ''}): `
    + `${v.entries} designations, ${v.added} added, ${v.removed} removed, ${v.changed} changed, ${v.errors} records refused`
    + `${report.carriedForward ? ` (${report.carriedForward} kept from the previous version)` : ''}.\n`;
}

function printErrors(io: Io, report: ListImportReport): void {
  for (const e of report.errors.slice(0, 10)) io.err(`  record ${e.record}: ${e.message}\n`);
  if (report.errors.length > 10) io.err(`  … ${report.errors.length - 10} more; see: npx ariadne lists versions --list ${report.version.list}\n`);
}

async function importPath(store: OpenedStore, io: Io, path: string, list?: string): Promise<ListImportReport> {
  let opened;
  try {
    opened = await openListFile(path);
  } catch (error) {
    throw new CliError(EXIT.INPUT, `${path}: ${(error as Error).message}`);
  }
  try {
    const report = await importListFile(store, CLI_ACTOR, opened, list ? { list } : {});
    io.out(describeImport(report));
    printErrors(io, report);
    return report;
  } catch (error) {
    if (isAriadneError(error) && error.code === 'VALIDATION_FAILED') throw new CliError(EXIT.INPUT, `${opened.source}: ${error.message}`);
    throw error;
  }
}

export async function runListsImport(config: CliConfig, io: Io, paths: readonly string[], options: { list?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    let refused = 0;
    for (const path of paths) refused += (await importPath(store, io, path, options.list)).errors.length > 0 ? 1 : 0;
    io.err('Stored subjects are re-screened against the new versions by the server (or now: npx ariadne screening run).\n');
    return refused > 0 ? EXIT.BAD_ROWS : EXIT.OK;
  });
}

export async function runListsUpdate(config: CliConfig, io: Io, options: { list?: string[]; local?: string[]; timeout?: number; mirror?: string }): Promise<number> {
  let wanted = options.list?.length ? options.list.map((l) => officialList(l)) : OFFICIAL_LISTS;
  if (options.mirror) {
    if (wanted.length !== 1) throw new CliError(EXIT.USAGE, '--mirror applies to one list: name it with --list.');
    wanted = [{ ...wanted[0]!, url: new URL(options.mirror).href }];
  }
  // local copies, by the list their content says they are
  const locals = new Map<string, string>();
  for (const path of options.local ?? []) {
    try {
      locals.set((await openListFile(path)).list, path);
    } catch (error) {
      throw new CliError(EXIT.INPUT, `${path}: ${(error as Error).message}`);
    }
  }
  return withStore(config, async ({ store }) => {
    let unreachable = 0;
    const dir = await mkdtemp(join(tmpdir(), 'ariadne-lists-'));
    try {
      for (const source of wanted) {
        try {
          const path = await downloadOfficialList(source, dir, { timeoutMs: (options.timeout ?? 120) * 1000 });
          io.err(`${source.list}: downloaded from ${new URL(source.url).host}.\n`);
          await importPath(store, io, path, source.list);
        } catch (error) {
          if (!isAriadneError(error) || error.code !== 'UPSTREAM_UNAVAILABLE') throw error;
          const local = locals.get(source.list);
          if (local) {
            io.err(`${source.list}: ${error.message.replace(/; import a local copy instead\.$/, '')}; importing the local copy.\n`);
            await importPath(store, io, local, source.list);
          } else {
            unreachable++;
            io.err(`${source.list}: ${error.message} (npx ariadne lists update --local FILE)\n`);
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return unreachable > 0 ? EXIT.UNREACHABLE : EXIT.OK;
  });
}

function versionLine(v: ListVersion): string {
  return [v.id, v.list, v.current ? 'current' : 'old', v.importedAt.toISOString(), v.publishedAt ?? '-', v.entries, `+${v.added}`, `-${v.removed}`, `~${v.changed}`, `!${v.errors}`, v.source].join('\t');
}

export async function runListsVersions(config: CliConfig, io: Io, options: { list?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    let cursor: string | null = null;
    do {
      const page = await store.listVersions(options.list ? { list: options.list } : {}, { limit: 200, cursor });
      for (const v of page.items) io.out(`${versionLine(v)}\n`);
      cursor = page.next;
    } while (cursor);
    return EXIT.OK;
  });
}

export async function runListsChanges(config: CliConfig, io: Io, versionId: string, options: { kind?: 'added' | 'removed' | 'changed' }): Promise<number> {
  return withStore(config, async ({ store }) => {
    if (!(await store.getListVersion(versionId))) throw new CliError(EXIT.USAGE, `No list version ${versionId} (see: npx ariadne lists versions).`);
    let cursor: string | null = null;
    do {
      const page = await store.listChanges(versionId, options.kind ? { kind: options.kind } : {}, { limit: 200, cursor });
      for (const c of page.items) io.out(`${c.kind}\t${c.entry}\t${c.caption}\t${c.fields.join(',')}\n`);
      cursor = page.next;
    } while (cursor);
    return EXIT.OK;
  });
}

export async function runScreeningRun(config: CliConfig, io: Io): Promise<number> {
  return withStore(config, async ({ store }) => {
    const report = await rescreenDue({ store, engine: new ScreeningEngine(store), actor: CLI_ACTOR });
    if (report.listsKey === '') io.err('No list is loaded yet: npx ariadne lists import FILE (or lists update).\n');
    io.out(`${report.screened} subjects screened, ${report.raised} new alerts.\n`);
    return EXIT.OK;
  });
}
