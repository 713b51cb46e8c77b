/**
 * The queue's own SQL next to pg-boss's tables: the `job_progress` table, the singleton-key
 * index, and reads of pg-boss's `job` and `archive` tables (`getJob` knows the id, not the name).
 * Schema names are checked against `SCHEMA_NAME` before they reach any text here.
 */
import type { JobRecord, JobState, JsonValue } from './job-types.ts';

/** lower-case so that pg-boss's unquoted identifiers and ours name the same schema */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,49}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isJobId(id: string): boolean {
  return UUID.test(id);
}

/**
 * Parameterless, so it goes through the multi-statement path in one transaction. The advisory
 * lock serialises processes starting at once (`if not exists` alone races in the catalog).
 * The partial unique index gives `singletonKey` its meaning on pg-boss's standard queues:
 * pg-boss's insert is `on conflict do nothing`, so a second queued job with the key is not added.
 */
export function setupSql(schema: string): string {
  return `
    BEGIN;
    SELECT pg_advisory_xact_lock(hashtext('ariadne.jobs.${schema}'));
    CREATE TABLE IF NOT EXISTS ${schema}.job_progress (
      job_id uuid PRIMARY KEY,
      done double precision NOT NULL,
      total double precision,
      message text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX IF NOT EXISTS job_singleton_key ON ${schema}.job (name, singleton_key)
      WHERE singleton_key IS NOT NULL AND state < 'completed'::${schema}.job_state;
    COMMIT;
  `;
}

/** upserts progress and answers the job's state, so a worker learns of a cancellation */
export function writeProgressSql(schema: string): string {
  return `
    WITH written AS (
      INSERT INTO ${schema}.job_progress (job_id, done, total, message, updated_at)
      VALUES ($1, $2, $3, $4, now())
      ON CONFLICT (job_id) DO UPDATE
        SET done = excluded.done, total = excluded.total, message = excluded.message, updated_at = excluded.updated_at
    )
    SELECT state::text AS state, started_on FROM ${schema}.job WHERE name = $5 AND id = $1
  `;
}

export function clearProgressSql(schema: string): string {
  return `DELETE FROM ${schema}.job_progress WHERE job_id = $1`;
}

/** progress of jobs pg-boss has deleted (after its retention) goes with them */
export function dropOrphanProgressSql(schema: string): string {
  return `
    DELETE FROM ${schema}.job_progress p
    WHERE NOT EXISTS (SELECT 1 FROM ${schema}.job j WHERE j.id = p.job_id)
      AND NOT EXISTS (SELECT 1 FROM ${schema}.archive a WHERE a.id = p.job_id)
  `;
}

export function findSingletonSql(schema: string): string {
  return `SELECT id FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`;
}

export function getJobSql(schema: string): string {
  const columns = 'id, name, state::text AS state, output, created_on, started_on, completed_on';
  return `
    SELECT j.*, p.done, p.total, p.message, p.updated_at
    FROM (
      SELECT ${columns} FROM ${schema}.job WHERE id = $1
      UNION ALL
      SELECT ${columns} FROM ${schema}.archive WHERE id = $1
    ) j
    LEFT JOIN ${schema}.job_progress p ON p.job_id = j.id
    LIMIT 1
  `;
}

/** pg-boss's own state names */
export type BossState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobRow {
  readonly id: string;
  readonly name: string;
  readonly state: BossState;
  readonly output: unknown;
  readonly created_on: Date;
  readonly started_on: Date | null;
  readonly completed_on: Date | null;
  readonly done: number | null;
  readonly total: number | null;
  readonly message: string | null;
  readonly updated_at: Date | null;
}

export function toJobRecord(row: JobRow): JobRecord {
  const state = toJobState(row.state);
  return {
    id: row.id,
    name: row.name,
    state,
    progress:
      row.done === null || row.updated_at === null
        ? null
        : { done: row.done, total: row.total, message: row.message, updatedAt: row.updated_at },
    result: state === 'completed' ? resultOf(row.output) : null,
    error: row.state === 'failed' || row.state === 'retry' ? errorOf(row.output) : null,
    createdAt: row.created_on,
    startedAt: row.started_on,
    completedAt: row.completed_on,
  };
}

function toJobState(state: BossState): JobState {
  return state === 'created' || state === 'retry' ? 'queued' : state;
}

/** workers complete with `{ value }` (see job-worker.ts) */
function resultOf(output: unknown): JsonValue | null {
  return isRecord(output) && 'value' in output ? (output.value as JsonValue) : null;
}

/**
 * Workers fail with `{ message }`; pg-boss itself writes `{ value: { message } }` on expiry and
 * `{ value: 'pg-boss shut down while active' }`.
 */
function errorOf(output: unknown): string | null {
  if (!isRecord(output)) return null;
  if (typeof output.message === 'string') return output.message;
  const value = output.value;
  if (typeof value === 'string') return value;
  return isRecord(value) && typeof value.message === 'string' ? value.message : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
