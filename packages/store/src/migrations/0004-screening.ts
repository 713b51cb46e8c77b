/**
 * Sanctions lists as versions, screening alerts and duplicate proposals.
 *
 * A designation is stored once per distinct content (SCD type 2): `valid_from_version` is the
 * version it first appeared in with this content, `valid_to_version` the version that replaced or
 * removed it (null while current). The `_seq` twins hold the versions' global sequence numbers so
 * that "the content in force at version N" is a range test, and any version can be rebuilt.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table list_versions (
      id text primary key,
      -- imports of one list are serialised, so seq orders a list's versions as well as all versions
      seq bigint generated always as identity unique,
      list text not null,
      format text not null,
      source text not null,
      sha256 text not null,
      published_at text,
      imported_at timestamptz not null,
      imported_by text not null,
      entries integer not null,
      added integer not null,
      removed integer not null,
      changed integer not null,
      errors integer not null,
      current boolean not null default false
    )`.execute(db);
  await sql`create unique index list_versions_current on list_versions (list) where current`.execute(db);
  await sql`create index list_versions_list on list_versions (list, seq desc)`.execute(db);

  await sql`
    create table list_entries (
      list text not null,
      entry text not null,
      subject_id text not null,
      schema text not null,
      caption text not null,
      entities jsonb not null,
      content_hash text not null,
      valid_from_version text not null references list_versions(id),
      valid_from_seq bigint not null,
      valid_to_version text references list_versions(id),
      valid_to_seq bigint,
      primary key (list, entry, valid_from_seq),
      check ((valid_to_version is null) = (valid_to_seq is null))
    )`.execute(db);
  // one current row per designation; also the keyset path of currentListEntries and of the import's diff
  await sql`create unique index list_entries_current on list_entries (list, entry) where valid_to_version is null`.execute(db);

  await sql`
    create table list_changes (
      version_id text not null references list_versions(id),
      list text not null,
      entry text not null,
      kind text not null check (kind in ('added', 'removed', 'changed')),
      caption text not null,
      fields jsonb not null default '[]'::jsonb,
      primary key (version_id, entry)
    )`.execute(db);
  await sql`create index list_changes_kind on list_changes (version_id, kind, entry)`.execute(db);

  await sql`
    create table list_version_errors (
      version_id text not null references list_versions(id),
      ordinal integer not null,
      record text not null,
      message text not null,
      primary key (version_id, ordinal)
    )`.execute(db);

  await sql`
    create table screening_alerts (
      id text primary key,
      subject_id text not null,
      case_id text references cases(id),
      list text not null,
      entry text not null,
      score double precision not null,
      matched_name text not null,
      explanation jsonb not null,
      algorithm text not null,
      list_version_id text references list_versions(id),
      status text not null default 'open' check (status in ('open', 'needs_review', 'confirmed', 'false_positive')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      decided_by text,
      note text,
      -- a decided hit (a false positive above all) is not raised again for the same subject and entry
      unique (subject_id, list, entry)
    )`.execute(db);
  await sql`create index screening_alerts_case on screening_alerts (case_id, created_at desc, id desc)`.execute(db);
  await sql`create index screening_alerts_status on screening_alerts (status, created_at desc, id desc)`.execute(db);
  await sql`create index screening_alerts_entry on screening_alerts (list, entry)`.execute(db);

  await sql`
    create table screening_alert_events (
      id bigint generated always as identity primary key,
      alert_id text not null references screening_alerts(id),
      at timestamptz not null,
      by text not null,
      action text not null,
      score double precision,
      note text
    )`.execute(db);
  await sql`create index screening_alert_events_alert on screening_alert_events (alert_id, id)`.execute(db);

  await sql`
    create table duplicate_candidates (
      id text primary key,
      a_id text not null,
      b_id text not null,
      a_case_id text references cases(id),
      b_case_id text references cases(id),
      score double precision not null,
      explanation jsonb not null,
      algorithm text not null,
      status text not null default 'open' check (status in ('open', 'merged', 'same', 'rejected')),
      created_at timestamptz not null,
      decided_by text,
      decided_at timestamptz,
      -- byte order, as in JavaScript for the ASCII entity ids: one row per unordered pair
      check (a_id < b_id collate "C"),
      unique (a_id, b_id)
    )`.execute(db);
  await sql`create index duplicate_candidates_queue on duplicate_candidates (status, created_at desc, id desc)`.execute(db);
  await sql`create index duplicate_candidates_b on duplicate_candidates (b_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['duplicate_candidates', 'screening_alert_events', 'screening_alerts', 'list_version_errors', 'list_changes', 'list_entries', 'list_versions']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
