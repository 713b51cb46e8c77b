/**
 * Where the ISO 20022 message readers put what they read. Records of a batch that must stand or
 * fall together (a camt.053 statement, a pain.001 message) are gathered first and kept or
 * refused as a whole, so a statement that does not balance leaves nothing half-written.
 */
import type { AccountRecord, CurrencyTable, RecordError, TransactionRecord, TxKind } from './types.ts';
import type { XmlElement } from './iso20022-xml.ts';
import { kindOf } from './transaction-kinds.ts';

/** A transaction read from a message with the accounts it names, not yet kept. */
export interface Candidate {
  readonly record: TransactionRecord;
  readonly accounts: readonly AccountRecord[];
}

/** One record of a batch: read, or refused with its own error. */
export type Pending = { readonly candidate: Candidate } | { readonly error: RecordError };

export class ReadOutput {
  readonly records: TransactionRecord[] = [];
  readonly errors: RecordError[] = [];
  private readonly accountMap = new Map<string, AccountRecord>();
  private readonly ids = new Set<string>();
  private readonly nameConflicts = new Set<string>();

  /** Keeps a batch: each candidate unless its id was kept before (then a duplicate error), each error as is. */
  keep(batch: Iterable<Pending>, extraAccounts: readonly AccountRecord[] = []): void {
    for (const item of batch) {
      if ('error' in item) {
        this.errors.push(item.error);
        continue;
      }
      const { record, accounts } = item.candidate;
      if (this.ids.has(record.id)) {
        this.errors.push({ record: record.id, message: 'duplicate transaction id: a transaction with this id was read before; this one is refused' });
        continue;
      }
      this.ids.add(record.id);
      this.records.push(record);
      for (const account of accounts) this.addAccount(account);
    }
    for (const account of extraAccounts) this.addAccount(account);
  }

  /** Refuses a whole batch: each record's own error if it has one, else `message`. */
  refuse(batch: Iterable<Pending>, field: string, message: string): void {
    for (const item of batch) {
      if ('error' in item) this.errors.push(item.error);
      else this.errors.push({ record: item.candidate.record.id, field, message });
    }
  }

  /** Reports the errors of a refused batch's records, keeping nothing of it. */
  errorsOf(batch: Iterable<Pending>): void {
    for (const item of batch) if ('error' in item) this.errors.push(item.error);
  }

  error(error: RecordError): void {
    this.errors.push(error);
  }

  /** the accounts of the kept records, in first-seen order */
  get accounts(): AccountRecord[] {
    return [...this.accountMap.values()];
  }

  /**
   * The first sighting of an account wins; later ones fill in what it lacked. A holder name is
   * only what one message called the party, so when sightings disagree (three "workers" paid into
   * one account) the account keeps no holder name rather than the first one's.
   */
  private addAccount(account: AccountRecord): void {
    if (account.id.startsWith('@')) return;
    const known = this.accountMap.get(account.id);
    if (known === undefined) {
      this.accountMap.set(account.id, account);
      return;
    }
    const conflict = known.holderName !== undefined && account.holderName !== undefined && known.holderName !== account.holderName;
    const old = known as unknown as Record<string, unknown>;
    const news = Object.entries(account).filter(([key, value]) => value !== undefined && old[key] === undefined && !(key === 'holderName' && this.nameConflicts.has(account.id)));
    if (!conflict && news.length === 0) return; // the usual case: a statement's own account, seen again
    const merged: Record<string, unknown> = { ...known, ...Object.fromEntries(news) };
    if (conflict) {
      this.nameConflicts.add(account.id);
      delete merged.holderName;
    }
    this.accountMap.set(account.id, merged as unknown as AccountRecord);
  }
}

/** Drops undefined properties, so records compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/**
 * The kind of a transaction from its codes, most specific first: the purpose (SALA is salary
 * whatever rail carried it), then the bank transaction code, then the proprietary code, then
 * the message's own default.
 */
export function kindFromCodes(codes: readonly (string | undefined)[], fallback: TxKind): TxKind {
  for (const code of codes) {
    if (code === undefined) continue;
    const kind = kindOf(code);
    if (kind !== 'other') return kind;
  }
  return fallback;
}

export function isCashKind(kind: TxKind): boolean {
  return kind === 'cash_deposit' || kind === 'cash_withdrawal';
}

/** What a message reader is given. */
export interface ReaderContext {
  readonly currency: CurrencyTable;
  readonly assumeZone: string | undefined;
  readonly ownAccount: string | undefined;
  readonly output: ReadOutput;
}

/**
 * A reader of one message type, driven by the XML stream. Paths start at the message element
 * under `Document` (`['BkToCstmrStmt', 'Stmt', 'Ntry']`).
 */
export interface MessageReader {
  /** an element opened outside any collected subtree; true to receive it whole */
  open(path: readonly string[]): boolean;
  element(path: readonly string[], node: XmlElement): void;
  close(path: readonly string[]): void;
  /** the document ended */
  finish(): void;
}
