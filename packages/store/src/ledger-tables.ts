/** Kysely row types of the ledger tables (migration 0002), kept apart from the core tables. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint: node-postgres reads it as a string */
type BigInt = ColumnType<string | number, number, number>;

/** one C2SP tlog-tiles tile of height 8 (see @ariadne/ledger tiles.ts) */
export interface LedgerTilesTable {
  level: number;
  idx: BigInt;
  width: number;
  /** `width` hashes of 32 bytes, concatenated */
  hashes: Buffer;
}

/** a signed checkpoint of the log; append-only */
export interface LedgerCheckpointsTable {
  size: BigInt;
  /** the tree's root, hex */
  root: string;
  /** the C2SP signed note */
  note: string;
  signed_at: Timestamp;
}

/** settings the ledger needs to keep with the data (the instance id that names the log) */
export interface LedgerSettingsTable {
  name: string;
  value: string;
}

export interface LedgerDatabase {
  ledger_tiles: LedgerTilesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_settings: LedgerSettingsTable;
}
