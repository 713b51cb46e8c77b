/**
 * When each subject was last screened, and against which list versions. A subject is due again
 * when it changed since (`entities.last_seen` moved) or the set of current list versions is not
 * the one it was screened against, so creation, edits, imports from any process and new list
 * versions all lead to the same re-screening query.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table screening_state (
      entity_id text primary key,
      screened_at timestamptz not null,
      -- the current list version ids, sorted and joined: a new version anywhere changes it
      lists_key text not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table screening_state`.execute(db);
}
