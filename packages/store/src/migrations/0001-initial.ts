/**
 * The initial schema. Written as plain SQL that runs unchanged on PostgreSQL 15 (the server) and
 * PGlite (PostgreSQL 18 in WebAssembly). Tables that grow carry `case_id` so they can later be
 * distributed by case (Citus-style) without a change of keys.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create table users (
      id text primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      roles text[] not null,
      disabled boolean not null default false,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      must_change_password boolean not null default false,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table sessions (
      id text primary key,
      user_id text not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`
    create table api_tokens (
      id text primary key,
      user_id text not null references users(id) on delete cascade,
      name text not null,
      secret_hash text not null unique,
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`
    create table cases (
      id text primary key,
      name text not null,
      description text not null default '',
      status text not null check (status in ('open', 'closed', 'archived')),
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index cases_created on cases (created_at desc, id desc)`.execute(db);
  await sql`
    create table case_members (
      case_id text not null references cases(id) on delete cascade,
      user_id text not null references users(id) on delete cascade,
      added_by text not null,
      added_at timestamptz not null,
      primary key (case_id, user_id)
    )`.execute(db);
  await sql`create index case_members_user on case_members (user_id)`.execute(db);
  // The merged view of each entity: rebuilt from its statements on every write.
  await sql`
    create table entities (
      id text primary key,
      case_id text references cases(id),
      schema text not null,
      caption text not null,
      properties jsonb not null,
      names text not null default '',
      search_text text not null default '',
      fts tsvector generated always as (to_tsvector('simple', names || ' ' || search_text)) stored,
      sealed boolean not null default false,
      merged_into text,
      deleted_at timestamptz,
      first_seen timestamptz not null,
      last_seen timestamptz not null
    )`.execute(db);
  await sql`create index entities_case_id on entities (case_id, id)`.execute(db);
  await sql`create index entities_names_trgm on entities using gin (names gin_trgm_ops)`.execute(db);
  await sql`create index entities_fts on entities using gin (fts)`.execute(db);
  // Statements: what one source said about one property of one entity. Never deleted: a
  // retraction is a timestamp, a merge is a row in entity_merges, so nothing is lost. The key
  // leads with the entity: an entity's statements sit together in the index (reads of one entity
  // are one range scan, bulk imports append instead of scattering random hash keys), and the
  // statement id, a hash that includes the entity id, keeps it unique.
  await sql`
    create table statements (
      id text not null,
      entity_id text not null,
      case_id text,
      schema text not null,
      prop text not null,
      value text not null,
      is_ref boolean not null default false,
      source text not null,
      import_id text,
      user_id text,
      evidence_id text,
      first_seen timestamptz not null,
      last_seen timestamptz not null,
      retracted_at timestamptz,
      retracted_by text,
      primary key (entity_id, id)
    )`.execute(db);
  await sql`create index statements_ref on statements (value) where is_ref`.execute(db);
  await sql`
    create table entity_merges (
      member_id text primary key,
      canonical_id text not null,
      merged_by text not null,
      merged_at timestamptz not null
    )`.execute(db);
  await sql`create index entity_merges_canonical on entity_merges (canonical_id)`.execute(db);
  await sql`
    create table imports (
      id text primary key,
      case_id text,
      kind text not null,
      source_name text not null,
      file_sha256 text not null,
      status text not null,
      lines_done bigint not null default 0,
      rows_ok bigint not null default 0,
      rows_failed bigint not null default 0,
      started_by text not null,
      started_at timestamptz not null,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index imports_resume on imports (file_sha256, status)`.execute(db);
  // The journal: append-only and hash-linked. The database itself refuses updates, deletes and
  // truncation, so a rewrite needs a superuser disabling the trigger — and then verification
  // (recomputing leaf and chain hashes) shows it.
  await sql`
    create table journal (
      seq bigint primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      case_id text,
      entity_id text,
      import_id text,
      content_hash text,
      leaf_hash text not null,
      chain_hash text not null
    )`.execute(db);
  await sql`create index journal_entity on journal (entity_id, seq) where entity_id is not null`.execute(db);
  await sql`create index journal_case on journal (case_id, seq) where case_id is not null`.execute(db);
  await sql`create index journal_import on journal (import_id) where import_id is not null`.execute(db);
  await sql`
    create function ariadne_journal_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the journal is append-only';
    end $$`.execute(db);
  await sql`
    create trigger journal_append_only before update or delete on journal
    for each row execute function ariadne_journal_append_only()`.execute(db);
  await sql`
    create trigger journal_no_truncate before truncate on journal
    for each statement execute function ariadne_journal_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The initial migration is not reversible: the journal must never be dropped.');
}
