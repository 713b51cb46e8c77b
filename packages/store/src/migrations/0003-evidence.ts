/**
 * The evidence vault's records. The bytes live encrypted in the vault (`@ariadne/evidence`); these
 * tables hold what a court asks about them: what was collected, by whom, when, where, from whom,
 * under what consent, and every custody event, each of which is also a leaf of the journal's
 * Merkle log. Custody rows are append-only like the journal itself.
 *
 * Submissions are what survivors and tip-line senders hand in without an account: their receipt
 * code is kept only as a hash, and their words are vault items (encrypted), never plain columns.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table submissions (
      id text primary key,
      kind text not null check (kind in ('account', 'tip')),
      case_id text references cases(id),
      receipt_hash text not null unique,
      language text not null,
      named boolean not null default false,
      consent jsonb not null,
      visibility text not null,
      status text not null default 'new' check (status in ('new', 'triaged', 'closed')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      withdrawn_at timestamptz
    )`.execute(db);
  await sql`create index submissions_inbox on submissions (status, created_at desc)`.execute(db);

  await sql`
    create table evidence_items (
      id text primary key,
      case_id text references cases(id),
      submission_id text references submissions(id),
      -- what the item is to its submission: the account, the sender's contact, an attachment, a message
      submission_role text check (submission_role in ('account', 'contact', 'attachment', 'message')),
      origin text not null check (origin in ('staff', 'survivor', 'tip')),
      blob_name text not null,
      sha256 text not null,
      size bigint not null,
      mime text not null,
      declared_mime text,
      mime_mismatch boolean not null default false,
      filename text,
      description text not null default '',
      metadata jsonb not null default '{}'::jsonb,
      collected_by text,
      collected_at timestamptz,
      collected_where text,
      source text,
      consent jsonb,
      sealed boolean not null default false,
      hold boolean not null default false,
      intake_seq bigint not null,
      head_hash text not null,
      created_by text not null,
      created_at timestamptz not null,
      check (case_id is not null or submission_id is not null)
    )`.execute(db);
  await sql`create index evidence_items_case on evidence_items (case_id, created_at desc, id) where case_id is not null`.execute(db);
  await sql`create index evidence_items_submission on evidence_items (submission_id) where submission_id is not null`.execute(db);
  await sql`create index evidence_items_sha256 on evidence_items (sha256)`.execute(db);
  await sql`create index evidence_items_blob on evidence_items (blob_name)`.execute(db);

  await sql`
    create table evidence_links (
      item_id text not null references evidence_items(id),
      entity_id text not null,
      linked_at timestamptz not null,
      primary key (item_id, entity_id)
    )`.execute(db);
  await sql`create index evidence_links_entity on evidence_links (entity_id)`.execute(db);

  // one row per item per custody event; the bundle export event appears once per item it covers
  await sql`
    create table evidence_custody (
      seq bigint not null references journal(seq),
      item_id text not null references evidence_items(id),
      kind text not null,
      details jsonb not null,
      primary key (item_id, seq)
    )`.execute(db);
  await sql`create index evidence_custody_seq on evidence_custody (seq)`.execute(db);
  await sql`
    create function ariadne_custody_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'custody events are append-only';
    end $$`.execute(db);
  await sql`
    create trigger evidence_custody_append_only before update or delete on evidence_custody
    for each row execute function ariadne_custody_append_only()`.execute(db);

  // a bundle export is one journal entry covering many items; its details are kept once here
  await sql`
    create table evidence_exports (
      seq bigint primary key references journal(seq),
      bundle_id text not null unique,
      case_id text references cases(id),
      details jsonb not null
    )`.execute(db);

  // questions and answers between a tip-line sender and the team; bodies are vault items
  await sql`
    create table submission_messages (
      id text primary key,
      submission_id text not null references submissions(id),
      author text not null check (author in ('sender', 'team')),
      item_id text not null references evidence_items(id),
      created_by text,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index submission_messages_thread on submission_messages (submission_id, created_at)`.execute(db);

  // resumable uploads in progress (tus): the staged bytes are encrypted in the vault's upload area
  await sql`
    create table uploads (
      id text primary key,
      owner text not null,
      length bigint not null,
      received bigint not null default 0,
      metadata jsonb not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      completed_item text
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['uploads', 'submission_messages', 'evidence_exports', 'evidence_custody', 'evidence_links', 'evidence_items', 'submissions']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists ariadne_custody_append_only()`.execute(db);
}
