/**
 * The journal as a signed Merkle log (RFC 6962 / RFC 9162). Each journal entry is already a leaf
 * (`journal.leaf_hash`); this adds the tree over them, stored as C2SP tlog-tiles tiles of height
 * 8 so that any root or proof is a few rows away, and the signed checkpoints (C2SP
 * tlog-checkpoint notes), append-only like the journal. Tiles for the existing journal are built
 * here, in the migration's transaction.
 */
import { sql, type Kysely } from 'kysely';
import { backfillLedgerTiles } from '../ledger-backfill.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ledger_tiles (
      level smallint not null check (level >= 0),
      idx bigint not null check (idx >= 0),
      width smallint not null check (width between 1 and 256),
      hashes bytea not null check (octet_length(hashes) = 32 * width),
      primary key (level, idx)
    )`.execute(db);
  // hashes do not compress: store them out of line without trying
  await sql`alter table ledger_tiles alter column hashes set storage external`.execute(db);
  await sql`
    create table ledger_checkpoints (
      size bigint primary key check (size > 0),
      root text not null check (root ~ '^[0-9a-f]{64}$'),
      note text not null,
      signed_at timestamptz not null
    )`.execute(db);
  await sql`
    create function ariadne_ledger_checkpoints_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'signed checkpoints are append-only';
    end $$`.execute(db);
  await sql`
    create trigger ledger_checkpoints_append_only before update or delete on ledger_checkpoints
    for each row execute function ariadne_ledger_checkpoints_append_only()`.execute(db);
  await sql`
    create trigger ledger_checkpoints_no_truncate before truncate on ledger_checkpoints
    for each statement execute function ariadne_ledger_checkpoints_append_only()`.execute(db);
  // the instance id names the log (`ariadne.local/<instance id>`) unless an origin is configured
  await sql`create table ledger_settings (name text primary key, value text not null)`.execute(db);
  await sql`insert into ledger_settings (name, value) values ('instance_id', gen_random_uuid()::text)`.execute(db);
  await backfillLedgerTiles(db);
}

export async function down(): Promise<void> {
  throw new Error('The ledger migration is not reversible: signed checkpoints must never be dropped.');
}
