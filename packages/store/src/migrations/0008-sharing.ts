/**
 * Information sharing (issue 8): who we share with, under what, what travelled, and what the
 * survivors agreed to.
 *
 * - `sharing_partners`: other Ariadne instances. A partner IS its Ed25519 signing key (a package
 *   is attributed by the key that signed it), so the key is unique.
 * - `sharing_agreements`: the terms both sides hold (jsonb, with their SHA-256), the approvals
 *   that make an agreement active, its revocation, and the last sequence numbers sent and accepted
 *   under it: the sent one is reserved by incrementing it under the row's lock (two senders never
 *   share a number), the received one is what the replay check compares against.
 * - `share_packages`: every package sent, imported or refused. A sent or imported package is
 *   recorded once per direction (`share_packages_once` on id and direction; incoming ids are so
 *   unique overall, hence per partner too). The key is a surrogate `ordinal` rather than the id
 *   because a REFUSED package may carry the id of one already imported (a replay is refused and
 *   recorded under the id it replays) and the same bad file may be refused more than once.
 *   `purged_at` marks an import whose statements were deleted (retention ran out, or revocation).
 * - `consents`: survivors' decisions per entity and purpose. Append-only (a trigger refuses
 *   updates and deletes): a withdrawal is a new row, and the latest row per entity and purpose, by
 *   time then insertion order (`ordinal`), is the decision in force.
 * - `linkage_runs`: the record of each privacy-preserving record linkage (counts and the schema's
 *   hash; never the records or the encodings).
 * - `statements_shared`: what a purge looks for (the statements of given share packages). Partial,
 *   so bulk imports of other sources do not pay for it.
 *
 * The check lists (statuses, directions, kinds, purposes, refusal reasons) copy the constants of
 * `@ariadne/sharing` as they are today; a migration is frozen, so a new value needs a new migration.
 */
import { sql, type Kysely } from 'kysely';

const SHA256 = sql.raw(`'^[0-9a-f]{64}$'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sharing_partners (
      id text primary key,
      name text not null,
      signing_key text not null unique,
      age_recipient text not null,
      -- the C2SP verifier key of the partner's ledger, when it publishes one: its evidence bundles are checked against it
      ledger_key text check (length(ledger_key) <= 512),
      note text not null default '',
      created_by text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index sharing_partners_created on sharing_partners (created_at desc, id desc)`.execute(db);

  await sql`
    create table sharing_agreements (
      id text primary key,
      title text not null,
      partner_id text not null references sharing_partners(id),
      case_id text not null references cases(id),
      direction text not null check (direction in ('outgoing', 'incoming', 'both')),
      terms jsonb not null check (jsonb_typeof(terms) = 'object'),
      terms_sha256 text not null check (terms_sha256 ~ ${SHA256}),
      status text not null default 'draft' check (status in ('draft', 'active', 'revoked')),
      -- [{ "userId": …, "at": ISO time }], one per user, in approval order
      approvals jsonb not null default '[]'::jsonb check (jsonb_typeof(approvals) = 'array'),
      created_by text not null,
      created_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by text,
      revoked_reason text,
      last_sent_sequence integer not null default 0 check (last_sent_sequence >= 0),
      last_received_sequence integer not null default 0 check (last_received_sequence >= 0),
      check ((status = 'revoked') = (revoked_at is not null and revoked_reason is not null))
    )`.execute(db);
  await sql`create index sharing_agreements_case on sharing_agreements (case_id, created_at desc, id desc)`.execute(db);
  await sql`create index sharing_agreements_partner on sharing_agreements (partner_id, created_at desc, id desc)`.execute(db);

  await sql`
    create table share_packages (
      ordinal bigint generated always as identity primary key,
      id text not null,
      direction text not null check (direction in ('outgoing', 'incoming')),
      agreement_id text references sharing_agreements(id),
      partner_id text references sharing_partners(id),
      -- the agreement's case (denormalised: packages are listed per case)
      case_id text references cases(id),
      kind text not null check (kind in ('data', 'revocation', 'mla-request')),
      sequence integer not null check (sequence >= 0),
      sha256 text not null check (sha256 ~ ${SHA256}),
      bytes bigint not null check (bytes >= 0),
      status text not null check (status in ('sent', 'imported', 'refused')),
      refusal text check (refusal in (
        'not-a-package', 'not-for-us', 'tampered', 'bad-signature', 'unknown-sender', 'sender-key-mismatch', 'no-agreement',
        'agreement-inactive', 'agreement-expired', 'agreement-revoked', 'terms-mismatch', 'package-expired', 'replayed',
        'exceeds-agreement', 'too-large', 'malformed-member')),
      refusal_detail text,
      counts jsonb not null default '{}'::jsonb check (jsonb_typeof(counts) = 'object'),
      actor_id text not null,
      at timestamptz not null,
      expires_at timestamptz,
      purged_at timestamptz,
      check ((direction = 'outgoing') = (status = 'sent')),
      check ((status = 'refused') = (refusal is not null)),
      check (status = 'refused' or (agreement_id is not null and partner_id is not null and case_id is not null and sequence >= 1)),
      check (purged_at is null or status = 'imported')
    )`.execute(db);
  await sql`create unique index share_packages_once on share_packages (id, direction) where status <> 'refused'`.execute(db);
  await sql`create index share_packages_agreement on share_packages (agreement_id, ordinal desc) where agreement_id is not null`.execute(db);
  await sql`create index share_packages_case on share_packages (case_id, ordinal desc) where case_id is not null`.execute(db);

  await sql`create index statements_shared on statements (import_id) where source like 'share:%'`.execute(db);

  await sql`
    create table consents (
      ordinal bigint generated always as identity primary key,
      entity_id text not null,
      case_id text not null references cases(id),
      purpose text not null check (purpose in ('assistance', 'referral', 'prosecution', 'sanctions', 'statistics', 'research')),
      granted boolean not null,
      recorded_by text not null,
      at timestamptz not null,
      note text not null default ''
    )`.execute(db);
  await sql`create index consents_latest on consents (entity_id, purpose, at desc, ordinal desc)`.execute(db);
  await sql`
    create function ariadne_consents_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consents are append-only: record a new decision instead';
    end $$`.execute(db);
  await sql`
    create trigger consents_append_only before update or delete on consents
    for each row execute function ariadne_consents_append_only()`.execute(db);
  await sql`
    create trigger consents_no_truncate before truncate on consents
    for each statement execute function ariadne_consents_append_only()`.execute(db);

  await sql`
    create table linkage_runs (
      id text primary key,
      case_id text references cases(id),
      title text not null,
      schema_sha256 text not null check (schema_sha256 ~ ${SHA256}),
      threshold double precision not null check (threshold >= 0 and threshold <= 1),
      records_a integer not null check (records_a >= 0),
      records_b integer not null check (records_b >= 0),
      candidate_pairs bigint not null check (candidate_pairs >= 0),
      -- one-to-one: no more pairs than the smaller side has records
      matches integer not null check (matches >= 0 and matches <= least(records_a, records_b)),
      actor_id text not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index linkage_runs_case on linkage_runs (case_id, at desc, id desc)`.execute(db);
  await sql`create index linkage_runs_at on linkage_runs (at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists statements_shared`.execute(db);
  for (const table of ['linkage_runs', 'consents', 'share_packages', 'sharing_agreements', 'sharing_partners']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists ariadne_consents_append_only()`.execute(db);
}
