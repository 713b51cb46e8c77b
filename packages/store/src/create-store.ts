/**
 * The composition of the store: opens the database, migrates it, and binds every module to one
 * context. `createStore({ dataDir })` for the embedded default, `createStore({ databaseUrl })`
 * for a PostgreSQL server.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import type { StoreContext } from './context.ts';
import type { StoreModel } from './store-model.ts';
import type { Store } from './store.ts';
import { userStore } from './user-store.ts';
import { sessionStore } from './session-store.ts';
import { caseStore } from './case-store.ts';
import { importStore } from './import-store.ts';
import { evidenceStore } from './evidence-store.ts';
import { submissionStore } from './submission-store.ts';
import { uploadStore } from './upload-store.ts';
import { ledgerStore } from './ledger-store.ts';
import { screeningStore } from './screening-store.ts';
import { screeningStateStore } from './screening-state.ts';
import { financeStore } from './finance-store.ts';
import { sharingStore } from './sharing-store.ts';
import { monitoringStore } from './monitoring-store.ts';
import { JournalAppendNotifier } from './ledger-notify.ts';
import { createEntity, deleteEntity, entityGroup, updateEntity } from './entity-writes.ts';
import { exportEntities, getEntity, getEntityDetail, journalSealedRead, listEntities, relations } from './entity-reads.ts';
import { exportOwnEntities } from './entity-own-reads.ts';
import { readNetworkEntities } from './network-reads.ts';
import { mergeEntities, unmergeEntity } from './entity-merge.ts';
import { searchEntities } from './entity-search.ts';
import { writeBatch } from './entity-batch.ts';
import { appendJournalEntries, listJournal, verifyJournal } from './journal-store.ts';
import { authenticateApiToken, authenticateSession } from './authenticate.ts';
import { ensureSearchIndexes, refreshSearchIndexes, suspendSearchIndexes } from './search-indexes.ts';

export type StoreOptions = DatabaseOptions & {
  readonly model: StoreModel;
  readonly clock?: () => Date;
  readonly newId?: () => string;
};

/** the store plus the database handle it runs on (for the job queue and benchmarks) */
export interface OpenedStore extends Store {
  readonly database: DatabaseHandle;
}

export async function createStore(options: StoreOptions): Promise<OpenedStore> {
  const database = await openDatabase(options);
  try {
    await migrateToLatest(database.db as never);
    await ensureSearchIndexes(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  // every transaction through ctx.db tells the ledger's listeners, after commit, that the journal grew
  const appends = new JournalAppendNotifier();
  const ctx: StoreContext = {
    db: appends.wrap(database.db), model: options.model, now: options.clock ?? (() => new Date()), newId: options.newId ?? randomUUID,
    queryPrepared: database.queryPrepared,
  };
  return {
    database,
    ...userStore(ctx),
    ...sessionStore(ctx),
    ...caseStore(ctx),
    ...importStore(ctx),
    ...evidenceStore(ctx),
    ...submissionStore(ctx),
    ...uploadStore(ctx),
    ...ledgerStore(ctx, appends),
    ...screeningStore(ctx),
    ...screeningStateStore(ctx),
    ...financeStore(ctx),
    ...sharingStore(ctx),
    ...monitoringStore(ctx),
    suspendSearchIndexes: () => suspendSearchIndexes(ctx.db),
    refreshSearchIndexes: () => refreshSearchIndexes(ctx.db, database.kind),
    authenticateApiToken: (secretHash, now) => authenticateApiToken(ctx, secretHash, now),
    authenticateSession: (id, now) => authenticateSession(ctx, id, now),
    createEntity: (actor, input, provenance) => createEntity(ctx, actor, input, provenance),
    getEntity: (id) => getEntity(ctx, id),
    getEntityDetail: (id) => getEntityDetail(ctx, id),
    journalSealedRead: (actor, entity, purpose) => journalSealedRead(ctx, actor, entity, purpose),
    updateEntity: (actor, id, properties, provenance) => updateEntity(ctx, actor, id, properties, provenance),
    deleteEntity: (actor, id) => deleteEntity(ctx, actor, id),
    listEntities: (filter, page) => listEntities(ctx, filter, page),
    relations: (id) => relations(ctx, id),
    mergeEntities: (actor, canonicalId, memberIds) => mergeEntities(ctx, actor, canonicalId, memberIds),
    unmergeEntity: (actor, memberId) => unmergeEntity(ctx, actor, memberId),
    search: (query) => searchEntities(ctx, query),
    writeBatch: (actor, batch) => writeBatch(ctx, actor, batch),
    exportEntities: (filter) => exportEntities(ctx, filter),
    exportOwnEntities: (filter, tally) => exportOwnEntities(ctx, filter, tally),
    readNetworkEntities: (query) => readNetworkEntities(ctx, query, 'databaseUrl' in options ? { connectionString: options.databaseUrl } : null),
    async appendJournal(actor, entry) {
      const [written] = await ctx.db.transaction().execute((tx) => appendJournalEntries(tx, actor, ctx.now(), [entry]));
      return written!;
    },
    async listJournal(filter, page) {
      if (filter.entityId === undefined) return listJournal(ctx.db, filter, page);
      // an entity's history includes the import batches that wrote its statements
      const group = await entityGroup(ctx.db, filter.entityId);
      const imports = await ctx.db.selectFrom('statements').select('import_id').distinct()
        .where('entity_id', 'in', group).where('import_id', 'is not', null).limit(100).execute();
      return listJournal(ctx.db, { ...filter, importIds: imports.map((r) => r.import_id!) }, page);
    },
    verifyJournal: () => verifyJournal(ctx.db),
    async ping() {
      try {
        await sql`select 1`.execute(ctx.db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => database.close(),
  };
}
