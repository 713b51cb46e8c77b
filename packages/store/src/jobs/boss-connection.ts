/**
 * Creates the pg-boss instance on an open `DatabaseHandle` (PGlite or PostgreSQL) through
 * pg-boss's `db` option, and tracks the SQL it has in flight so `stop` can wait for it.
 */
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../connect.ts';
import type { ExecuteSql } from './job-worker.ts';

export interface BossConnection {
  readonly boss: PgBoss;
  /** the handle's `executeSql`, tracked: parameterless text takes the multi-statement path */
  readonly sql: ExecuteSql;
  /** resolves when no statement sent through `sql` (by pg-boss or by us) is still running */
  settle(): Promise<void>;
}

/**
 * Maintenance (expiring stuck jobs, archiving, deleting) runs every 2 minutes on a server and
 * every 5 on PGlite, whose single connection every caller shares. Cron scheduling and state
 * monitoring are off: they add timers and an internal queue that nothing here uses.
 */
export function connectBoss(handle: DatabaseHandle, schema: string): BossConnection {
  const inFlight = new Set<Promise<unknown>>();
  const sql: ExecuteSql = (text, values) => {
    const running = values !== undefined && values.length > 0 ? handle.executeSql(text, values) : handle.executeSql(text);
    inFlight.add(running);
    void running.then(
      () => inFlight.delete(running),
      () => inFlight.delete(running),
    );
    return running;
  };
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => sql(text, values) },
    schema,
    migrate: true,
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: handle.kind === 'pglite' ? 300 : 120,
  });
  return {
    boss,
    sql,
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
