/**
 * Importing a list file as a new list version. A file refused as a whole (malformed, truncated,
 * hostile, not UTF-8, or with no record at all) imports nothing and the current version stays as
 * it was: a truncated list must never turn into a delta that "removes" every designation after
 * the cut. A single bad record is reported and, when the list had that designation before, its
 * previous content is carried into the new version instead of being dropped.
 */
import { AriadneError, type EntityData } from '@ariadne/schema';
import { groupDesignations, type ListRecordError, type OpenedList } from '@ariadne/sanctions';
import type { Actor, ListEntryInput, ListImportResult, ScreeningStore } from '@ariadne/store';

export interface ListImportReport extends ListImportResult {
  /** every per-record error of the file */
  readonly errors: readonly ListRecordError[];
  /** designations whose record was bad and whose previous content was kept */
  readonly carriedForward: number;
}

type ImportStore = Pick<ScreeningStore, 'importListVersion' | 'currentListEntries'>;

/** the designation a record error is about: `QDi.001`, or `306` from `ofac 306` */
const entryOfError = (record: string) => record.split(' ').pop() ?? record;

async function previousEntries(store: ImportStore, list: string, wanted: ReadonlySet<string>): Promise<ListEntryInput[]> {
  if (wanted.size === 0) return [];
  const out: ListEntryInput[] = [];
  for await (const e of store.currentListEntries({ list })) {
    if (wanted.has(e.entry)) out.push({ entry: e.entry, subjectId: e.subjectId, entities: e.entities });
  }
  return out;
}

/** @example await importListFile(store, actor, await openListFile('consolidated.xml')) */
export async function importListFile(store: ImportStore, actor: Actor, opened: OpenedList, options: { list?: string } = {}): Promise<ListImportReport> {
  const entities: EntityData[] = [];
  const errors: ListRecordError[] = [];
  for await (const item of opened.items()) {
    if ('entity' in item) entities.push(item.entity);
    else if (item.error.record === 'document') {
      throw new AriadneError('VALIDATION_FAILED', `The list file was refused, nothing was imported and the current version is unchanged: ${item.error.message}`);
    } else errors.push(item.error);
  }
  const list = options.list ?? opened.list;
  const { entries } = groupDesignations(entities);
  if (entries.length === 0) {
    throw new AriadneError('VALIDATION_FAILED', `The file holds no designation that could be read (${errors.length} records refused); nothing was imported.`);
  }
  const present = new Set(entries.map((e) => e.entry));
  const carried = await previousEntries(store, list, new Set(errors.map((e) => entryOfError(e.record)).filter((e) => !present.has(e))));
  const result = await store.importListVersion(actor, {
    list, format: opened.format, source: opened.source, sha256: await opened.sha256(), publishedAt: opened.publishedAt(),
    entries: [...entries, ...carried], errors,
  });
  return { ...result, errors, carriedForward: carried.length };
}
