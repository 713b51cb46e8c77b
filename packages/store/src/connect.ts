/**
 * Opens the database: PGlite (embedded PostgreSQL in WebAssembly) in a data folder or in memory
 * by default, a PostgreSQL server when a URL is given. Both are reached through node-postgres,
 * so one Kysely PostgreSQL dialect and one set of queries serve both.
 */
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

export type DatabaseOptions =
  | { readonly databaseUrl: string; readonly maxConnections?: number }
  /** `dataDir: null` keeps the database in memory (tests) */
  | { readonly dataDir: string | null };

export interface DatabaseHandle {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  /** runs raw SQL (one or several statements when `values` is empty); used by the job queue */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Runs a named prepared statement: each connection plans it once, then reuses the plan. For the
   * hottest reads only (planning the entity-detail query costs more than running it).
   */
  queryPrepared<R>(name: string, text: string, values: readonly unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return 'databaseUrl' in options ? openPostgres(options.databaseUrl, options.maxConnections ?? 20) : openPglite(options.dataDir);
}

async function openPostgres(connectionString: string, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString, max });
  // an idle client losing its connection (server restart, dropped database) must not crash us;
  // the next query on a fresh connection reports the problem where it can be handled
  pool.on('error', () => undefined);
  // fail fast with the driver's message (wrong host, database missing) rather than on first query
  const client = await pool.connect();
  client.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async executeSql(text, values = []) {
      return rowsOf(await pool.query(text, values as unknown[]));
    },
    queryPrepared: (name, text, values) => preparedQuery(pool, name, text, values),
    close: () => closePool(db, pool),
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    // PGlite's buffers live in this process's WebAssembly heap, which never shrinks: 64 MB of
    // shared buffers (PostgreSQL's default is 128 MB) keeps a 1M-entity import under 500 MB,
    // and the operating system's page cache still caches the data files.
    postgresqlconf: ['shared_buffers=64MB'],
  });
  // PGlite is a single connection: the pool (size 1) queues every caller, including the job
  // queue's raw SQL, so nothing interleaves with an open transaction.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    async executeSql(text, values = []) {
      return rowsOf(await pool.query(text, values as unknown[]));
    },
    queryPrepared: (name, text, values) => preparedQuery(pool, name, text, values),
    async close() {
      await closePool(db, pool);
      await pglite.close();
    },
  };
}

/** a multi-statement simple query answers one result per statement: keep the last one's rows */
function rowsOf(result: pg.QueryResult | pg.QueryResult[]): { rows: unknown[] } {
  return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows };
}

/** Kysely ends the pool only if it ever used it; raw `executeSql` users need the pool ended too */
async function closePool(db: Kysely<Database>, pool: pg.Pool): Promise<void> {
  await db.destroy();
  if (!pool.ending) await pool.end();
}

async function preparedQuery<R>(pool: pg.Pool, name: string, text: string, values: readonly unknown[]): Promise<R[]> {
  const result = await pool.query({ name, text, values: values as unknown[] });
  return result.rows as R[];
}
