/**
 * Signed checkpoints of the journal's Merkle log. Signing proves before it signs: the current
 * tree must extend the last checkpoint — whose note must verify under our key and name our log —
 * by a consistency proof computed from the stored tiles and verified against the root the last
 * note signed. When anything fails, nothing is signed and LEDGER_INCONSISTENT says what failed.
 * One signer at a time, across processes: an advisory lock (not the journal's) serialises them.
 */
import { sql, type Kysely } from 'kysely';
import { consistencyFromTiles, formatCheckpoint, openNote, parseCheckpoint, rootFromTiles, signNote, verifyConsistency } from '@ariadne/ledger';
import { AriadneError } from '@ariadne/schema';
import type { Database } from './database.ts';
import { fromTiles, tileReaderOf } from './ledger-tiles.ts';
import type { CheckpointSigning, LedgerCheckpoint } from './ledger-types.ts';

/** any fixed number but the journal's (2331): RFC 9162's */
const SIGN_LOCK = 9162;

type CheckpointRow = { size: string | number; root: string; note: string; signed_at: Date };

function toCheckpoint(row: CheckpointRow): LedgerCheckpoint {
  return { size: Number(row.size), root: row.root, note: row.note, signedAt: row.signed_at };
}

function refuse(reason: string): never {
  throw new AriadneError('LEDGER_INCONSISTENT', `Refusing to sign: ${reason}.`);
}

export async function latestCheckpoint(db: Kysely<Database>): Promise<LedgerCheckpoint | null> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

export async function checkpointAtLeast(db: Kysely<Database>, size: number): Promise<LedgerCheckpoint | null> {
  if (!Number.isSafeInteger(size)) return null;
  const row = await db.selectFrom('ledger_checkpoints').selectAll().where('size', '>=', size).orderBy('size').limit(1).executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

export async function signCheckpoint(db: Kysely<Database>, signing: CheckpointSigning & { readonly now: () => Date }): Promise<LedgerCheckpoint | null> {
  const { signer, origin } = signing;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${SIGN_LOCK})`.execute(tx);
    // one statement, one snapshot: an append committing meanwhile cannot make the two disagree
    const { rows } = await sql<{ journal: string; tiled: string | null }>`
      select (select coalesce(max(seq), 0) from journal) as journal,
             (select idx * 256 + width from ledger_tiles where level = 0 order by idx desc limit 1) as tiled`.execute(tx);
    const journalSize = Number(rows[0]!.journal);
    const size = Number(rows[0]!.tiled ?? 0);
    if (size !== journalSize) refuse(`the ledger's tiles hold ${size} leaves but the journal has ${journalSize} entries`);
    const last = await latestCheckpoint(tx);
    if (size === 0 || (last && size === last.size)) return last;
    if (last && size < last.size) refuse(`the tree holds ${size} entries, fewer than the ${last.size} of the last checkpoint`);
    const read = tileReaderOf(tx);
    const root = await fromTiles(() => rootFromTiles(size, read));
    if (last) {
      const opened = openNote(last.note, [signer, ...(signing.trusted ?? [])]);
      if (!opened.ok) refuse(`the last checkpoint (${last.size} entries) does not verify under this log's key: ${opened.reason}`);
      const previous = parseCheckpoint(opened.text);
      if (!previous || previous.size !== last.size || previous.root.toString('hex') !== last.root) {
        refuse(`the last checkpoint's note does not match its recorded size ${last.size} and root ${last.root}`);
      }
      if (previous.origin !== origin) refuse(`the last checkpoint names the log "${previous.origin}", not "${origin}"`);
      const { proof } = await fromTiles(() => consistencyFromTiles(last.size, size, read));
      if (!verifyConsistency({ size1: last.size, size2: size }, { root1: previous.root, root2: root }, proof)) {
        refuse(`the tree of ${size} entries (root ${root.toString('hex')}) does not extend the checkpoint of ${last.size} entries (root ${last.root}): history before entry ${last.size + 1} was changed`);
      }
    }
    const note = signNote(formatCheckpoint({ origin, size, root }), [signer]);
    const signedAt = signing.now();
    await tx.insertInto('ledger_checkpoints').values({ size, root: root.toString('hex'), note, signed_at: signedAt }).execute();
    return { size, root: root.toString('hex'), note, signedAt };
  });
}
