/** Runs the store's migrations (the same list on PGlite and PostgreSQL). */
import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as ledger from './migrations/0002-ledger.ts';
import * as evidence from './migrations/0003-evidence.ts';
import * as screening from './migrations/0004-screening.ts';
import * as screeningState from './migrations/0005-screening-state.ts';
import * as network from './migrations/0006-network.ts';
import * as finance from './migrations/0007-finance.ts';
import * as sharing from './migrations/0008-sharing.ts';
import * as monitoring from './migrations/0009-monitoring.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-ledger': ledger,
  '0003-evidence': evidence,
  '0004-screening': screening,
  '0005-screening-state': screeningState,
  '0006-network': network,
  '0007-finance': finance,
  '0008-sharing': sharing,
  '0009-monitoring': monitoring,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<unknown>): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'ariadne_migrations', migrationLockTableName: 'ariadne_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
