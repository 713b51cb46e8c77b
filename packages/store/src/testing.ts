/**
 * Test helpers: every store test runs on both backends — an in-memory PGlite and a fresh,
 * throw-away database on the PostgreSQL server named by TEST_DATABASE_URL (default: the CI
 * server at postgres://postgres@127.0.0.1:5432/test). A missing server fails the tests loudly;
 * set ARIADNE_TEST_BACKENDS=pglite to run on PGlite alone on purpose.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseOptions } from './connect.ts';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** options for `openDatabase` / `createStore`; each call of `testBackends` gives fresh databases */
  readonly options: DatabaseOptions;
  /** drops the throw-away database (no-op for PGlite) */
  drop(): Promise<void>;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testBackendNames(): ('pglite' | 'postgres')[] {
  const wanted = process.env.ARIADNE_TEST_BACKENDS?.split(',').map((s) => s.trim()) ?? ['pglite', 'postgres'];
  return wanted.filter((n): n is 'pglite' | 'postgres' => n === 'pglite' || n === 'postgres');
}

/** creates one fresh database of the named backend */
export async function createTestBackend(name: 'pglite' | 'postgres'): Promise<TestBackend> {
  if (name === 'pglite') return { name, options: { dataDir: null }, drop: async () => undefined };
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  const dbName = `ariadne_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return {
    name,
    options: { databaseUrl: url.toString(), maxConnections: 10 },
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${dbName} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
