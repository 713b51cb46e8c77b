/**
 * Sanctions lists as versions: one import is one transaction that stores only what changed since
 * the current version (SCD type 2 rows, see migration 0004) and the delta itself, so a failure
 * leaves the previous version current and whole, and a 1M-designation list is diffed without
 * rewriting it.
 */
import { AriadneError, type EntityData } from '@ariadne/schema';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { ListVersionsTable } from './database-screening.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import type {
  ListChange, ListChangeKind, ListEntry, ListImportInput, ListImportResult, ListRecordErrorInput, ListVersion,
} from './screening-types.ts';
import { changedFields, prepareListEntries, storableText, storedErrors, type PreparedEntry } from './list-delta.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';

/** the first key of the two-key advisory lock that serialises imports of one list (the second is the list's hash) */
const LIST_LOCK = 2332;
/** rows per statement when diffing and writing: bounded memory per round trip, few round trips */
const BATCH = 2000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const CHANGE_KINDS: readonly ListChangeKind[] = ['added', 'removed', 'changed'];

type VersionRow = Selectable<ListVersionsTable>;
type EntryRow = Selectable<Database['list_entries']>;

export function toListVersion(row: VersionRow): ListVersion {
  return {
    id: row.id, list: row.list, format: row.format, source: row.source, sha256: row.sha256, publishedAt: row.published_at,
    importedAt: row.imported_at, importedBy: row.imported_by, entries: row.entries, added: row.added, removed: row.removed,
    changed: row.changed, errors: row.errors, current: row.current,
  };
}

function toListEntry(row: Pick<EntryRow, 'list' | 'entry' | 'subject_id' | 'schema' | 'caption' | 'entities' | 'content_hash' | 'valid_from_version'>): ListEntry {
  return {
    list: row.list, entry: row.entry, subjectId: row.subject_id, schema: row.schema, caption: row.caption,
    entities: row.entities as EntityData[], contentHash: row.content_hash, firstVersionId: row.valid_from_version,
  };
}

function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new AriadneError('VALIDATION_FAILED', `The ${field} must be 1–100 letters, digits, ".", "_" or "-".`, { details: { [field]: 'invalid' } });
  }
  return value;
}

/** a URL stays as given; a local path keeps only its file name, so no directory layout is stored */
function sourceName(source: unknown): string {
  if (typeof source !== 'string' || source.trim() === '') throw new AriadneError('VALIDATION_FAILED', 'Name the file or URL the list came from.', { details: { source: 'required' } });
  const clean = storableText(source.trim());
  const name = /^https?:\/\//i.test(clean) ? clean : clean.split(/[\\/]/).filter(Boolean).at(-1) ?? clean;
  if (name.length > 500) throw new AriadneError('VALIDATION_FAILED', 'The source is longer than 500 characters.', { details: { source: 'too long' } });
  return name;
}

function checkImport(input: ListImportInput) {
  const list = checkName(input.list, 'list');
  const format = checkName(input.format, 'format');
  const source = sourceName(input.source);
  if (typeof input.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(input.sha256)) throw new AriadneError('VALIDATION_FAILED', 'The file hash is not a SHA-256 (hex, lower case).', { details: { sha256: 'invalid' } });
  const publishedAt = input.publishedAt ?? null;
  if (publishedAt !== null && (typeof publishedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}[0-9T:.+\-Z ]{0,30}$/.test(publishedAt))) {
    throw new AriadneError('VALIDATION_FAILED', 'The publication date is not an ISO 8601 date.', { details: { publishedAt: 'invalid' } });
  }
  if (!Array.isArray(input.entries) || !Array.isArray(input.errors)) throw new AriadneError('VALIDATION_FAILED', 'An import has entries and errors (lists).', { details: { entries: 'required' } });
  return { list, format, source, sha256: input.sha256, publishedAt, entries: prepareListEntries(input.entries), errors: storedErrors(input.errors), errorCount: input.errors.length };
}

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** the current content hash of every designation of `list`, read in keyset pages */
async function currentHashes(tx: Transaction<Database>, list: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    let query = tx.selectFrom('list_entries').select(['entry', 'content_hash']).where('list', '=', list).where('valid_to_version', 'is', null);
    if (after !== null) query = query.where('entry', '>', after);
    const rows = await query.orderBy('entry').limit(BATCH).execute();
    for (const r of rows) hashes.set(r.entry, r.content_hash);
    if (rows.length < BATCH) return hashes;
    after = rows.at(-1)!.entry;
  }
}

/** the current rows of these designations, as needed for their delta lines */
async function currentRows(tx: Transaction<Database>, list: string, entries: readonly string[]): Promise<Map<string, Pick<EntryRow, 'subject_id' | 'caption' | 'entities'>>> {
  const out = new Map<string, Pick<EntryRow, 'subject_id' | 'caption' | 'entities'>>();
  for (const batch of chunks(entries)) {
    const rows = await tx.selectFrom('list_entries').select(['entry', 'subject_id', 'caption', 'entities'])
      .where('list', '=', list).where('valid_to_version', 'is', null).where('entry', 'in', batch).execute();
    for (const r of rows) out.set(r.entry, r);
  }
  return out;
}

async function insertEntries(tx: Transaction<Database>, list: string, version: { id: string; seq: number }, entries: readonly PreparedEntry[]) {
  for (const batch of chunks(entries)) {
    const col = <T>(pick: (e: PreparedEntry) => T) => batch.map(pick);
    await sql`
      insert into list_entries (list, entry, subject_id, schema, caption, entities, content_hash, valid_from_version, valid_from_seq)
      select ${list}, t.entry, t.subject_id, t.schema, t.caption, t.entities::jsonb, t.content_hash, ${version.id}, ${version.seq}::bigint
      from unnest(${col((e) => e.entry)}::text[], ${col((e) => e.subjectId)}::text[], ${col((e) => e.schema)}::text[],
        ${col((e) => e.caption)}::text[], ${col((e) => JSON.stringify(e.entities))}::text[], ${col((e) => e.contentHash)}::text[])
        as t(entry, subject_id, schema, caption, entities, content_hash)`.execute(tx);
  }
}

interface ChangeRow { readonly entry: string; readonly kind: ListChangeKind; readonly caption: string; readonly fields: readonly string[] }

async function insertChanges(tx: Transaction<Database>, list: string, versionId: string, changes: readonly ChangeRow[]) {
  for (const batch of chunks(changes)) {
    const col = <T>(pick: (c: ChangeRow) => T) => batch.map(pick);
    await sql`
      insert into list_changes (version_id, list, entry, kind, caption, fields)
      select ${versionId}, ${list}, t.entry, t.kind, t.caption, t.fields::jsonb
      from unnest(${col((c) => c.entry)}::text[], ${col((c) => c.kind)}::text[], ${col((c) => c.caption)}::text[], ${col((c) => JSON.stringify(c.fields))}::text[])
        as t(entry, kind, caption, fields)`.execute(tx);
  }
}

export function listVersionStore(ctx: StoreContext) {
  async function getListVersion(id: string): Promise<ListVersion | null> {
    const row = await ctx.db.selectFrom('list_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toListVersion(row) : null;
  }

  async function requireVersion(id: string): Promise<void> {
    if (!(await ctx.db.selectFrom('list_versions').select('id').where('id', '=', id).executeTakeFirst())) throw new AriadneError('NOT_FOUND', 'No such list version.');
  }

  return {
    async importListVersion(actor: Actor, input: ListImportInput): Promise<ListImportResult> {
      // everything that can be refused is refused before the transaction: nothing to undo
      const clean = checkImport(input);
      const at = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${LIST_LOCK}, hashtext(${clean.list}))`.execute(tx);
        const previous = await tx.selectFrom('list_versions').selectAll().where('list', '=', clean.list).where('current', '=', true).executeTakeFirst();
        if (previous && previous.sha256 === clean.sha256) return { version: toListVersion(previous), unchanged: true };

        const before = await currentHashes(tx, clean.list);
        const incoming = new Set(clean.entries.map((e) => e.entry));
        const added = clean.entries.filter((e) => !before.has(e.entry));
        const changed = clean.entries.filter((e) => before.has(e.entry) && before.get(e.entry) !== e.contentHash);
        const removed = [...before.keys()].filter((entry) => !incoming.has(entry));
        const counts = { entries: clean.entries.length, added: added.length, removed: removed.length, changed: changed.length, errors: clean.errorCount };

        const id = `lv_${ctx.newId()}`;
        if (previous) await tx.updateTable('list_versions').set({ current: false }).where('id', '=', previous.id).execute();
        const row = await tx.insertInto('list_versions').values({
          id, list: clean.list, format: clean.format, source: clean.source, sha256: clean.sha256, published_at: clean.publishedAt,
          imported_at: at, imported_by: actorName(actor), ...counts, current: true,
        }).returningAll().executeTakeFirstOrThrow();
        const version = { id, seq: Number(row.seq) };

        const old = await currentRows(tx, clean.list, [...removed, ...changed.map((e) => e.entry)]);
        for (const batch of chunks([...removed, ...changed.map((e) => e.entry)])) {
          await tx.updateTable('list_entries').set({ valid_to_version: id, valid_to_seq: version.seq })
            .where('list', '=', clean.list).where('valid_to_version', 'is', null).where('entry', 'in', batch).execute();
        }
        await insertEntries(tx, clean.list, version, [...added, ...changed]);
        await insertChanges(tx, clean.list, id, [
          ...added.map((e) => ({ entry: e.entry, kind: 'added' as const, caption: e.caption, fields: [] })),
          ...removed.map((entry) => ({ entry, kind: 'removed' as const, caption: old.get(entry)?.caption ?? entry, fields: [] })),
          ...changed.map((e) => {
            const was = old.get(e.entry)!;
            return { entry: e.entry, kind: 'changed' as const, caption: e.caption, fields: changedFields(e.subjectId, was.entities as EntityData[], e.entities) };
          }),
        ]);
        if (clean.errors.length > 0) {
          await tx.insertInto('list_version_errors').values(clean.errors.map((e, ordinal) => ({ version_id: id, ordinal, record: e.record, message: e.message }))).execute();
        }
        await appendJournalEntries(tx, actor, at, [{ action: 'lists.import', contentHash: contentHash({ list: clean.list, sha256: clean.sha256, counts }) }]);
        return { version: toListVersion(row), unchanged: false };
      });
    },

    /** newest first */
    async listVersions(filter: { list?: string; currentOnly?: boolean }, page: PageRequest): Promise<Page<ListVersion>> {
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('list_versions').selectAll();
      if (filter.list !== undefined) query = query.where('list', '=', filter.list);
      if (filter.currentOnly) query = query.where('current', '=', true);
      if (page.cursor) {
        const [seq] = decodeCursor(page.cursor);
        if (typeof seq !== 'number') throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.');
        query = query.where('seq', '<', seq as never);
      }
      const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
      const shown = rows.slice(0, limit);
      return { items: shown.map(toListVersion), next: rows.length > limit ? encodeCursor([Number(shown.at(-1)!.seq)]) : null };
    },

    getListVersion,

    async listVersionErrors(id: string): Promise<readonly ListRecordErrorInput[]> {
      await requireVersion(id);
      const rows = await ctx.db.selectFrom('list_version_errors').select(['record', 'message']).where('version_id', '=', id).orderBy('ordinal').execute();
      return rows.map((r) => ({ record: r.record, message: r.message }));
    },

    /** the version's delta in reference order */
    async listChanges(versionId: string, filter: { kind?: ListChangeKind }, page: PageRequest): Promise<Page<ListChange>> {
      if (filter.kind !== undefined && !CHANGE_KINDS.includes(filter.kind)) throw new AriadneError('VALIDATION_FAILED', 'A change is added, removed or changed.', { details: { kind: 'invalid' } });
      await requireVersion(versionId);
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('list_changes').selectAll().where('version_id', '=', versionId);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (page.cursor) {
        const [entry] = decodeCursor(page.cursor);
        if (typeof entry !== 'string') throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.');
        query = query.where('entry', '>', entry);
      }
      const rows = await query.orderBy('entry').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r) => ({ versionId: r.version_id, list: r.list, entry: r.entry, kind: r.kind, caption: r.caption, fields: r.fields }));
      return { items, next: rows.length > limit ? encodeCursor([items.at(-1)!.entry]) : null };
    },

    /**
     * Each list's current version as of the call, in pages: an import committing meanwhile does
     * not mix two versions into one stream, because rows are chosen by the version's sequence.
     */
    async *currentListEntries(filter: { list?: string } = {}): AsyncIterable<ListEntry> {
      let versions = ctx.db.selectFrom('list_versions').select(['list', 'seq']).where('current', '=', true);
      if (filter.list !== undefined) versions = versions.where('list', '=', filter.list);
      for (const version of await versions.orderBy('list').execute()) {
        const seq = Number(version.seq);
        let after: string | null = null;
        for (;;) {
          let query = ctx.db.selectFrom('list_entries')
            .select(['list', 'entry', 'subject_id', 'schema', 'caption', 'entities', 'content_hash', 'valid_from_version'])
            .where('list', '=', version.list).where('valid_from_seq', '<=', seq)
            .where((eb) => eb.or([eb('valid_to_seq', 'is', null), eb('valid_to_seq', '>', seq)]));
          if (after !== null) query = query.where('entry', '>', after);
          const rows = await query.orderBy('entry').limit(BATCH).execute();
          for (const r of rows) yield toListEntry(r);
          if (rows.length < BATCH) break;
          after = rows.at(-1)!.entry;
        }
      }
    },

    async getListEntry(list: string, entry: string): Promise<ListEntry | null> {
      const row = await ctx.db.selectFrom('list_entries').selectAll().where('list', '=', list).where('entry', '=', entry)
        .orderBy('valid_from_seq', 'desc').limit(1).executeTakeFirst();
      return row ? toListEntry(row) : null;
    },
  };
}
