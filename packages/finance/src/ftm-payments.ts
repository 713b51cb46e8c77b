/**
 * FollowTheMoney `Payment` entities as transactions, and back.
 *
 * Reading (`paymentsFromFtm`): a Payment's sides are its `payerAccount` / `beneficiaryAccount`
 * (BankAccount entities, referenced by id) and its `payer` / `beneficiary` (legal entities). A
 * side's account reference is the BankAccount's IBAN or account number; when the payment names
 * no such account, the party's entity id stands for the account (and the AccountRecord's holder
 * is that entity), so payments between entities with unknown accounts still form a graph.
 * The transaction id is the Payment's `transactionNumber` (the institution's reference) when it
 * has exactly one, else the entity id. A payment without an amount, a day-precise date, or a
 * payer side is refused with an error naming the entity by id.
 *
 * Writing (`paymentsToFtm`): an alert's evidence goes into a case as Payment and BankAccount
 * entities whose ids are SHA-256 digests of the transaction id and account reference, so writing
 * the same evidence twice yields the same entities (an idempotent upsert). The kind and source
 * code travel in the Payment's `description` as `kind (code)`, which the reader recognises.
 *
 * Not carried by FtM Payments: the beneficiary name as typed on the transfer, location,
 * merchant category, and milliseconds (FtM dates stop at seconds). Dates are written in UTC
 * without an offset, as FtM stores them, and such dates are read as UTC.
 *
 * @example
 * ```ts
 * const { records, accounts, errors } = paymentsFromFtm(entities, { currency });
 * const evidence = paymentsToFtm(alertTransactions, accounts); // Payment + BankAccount entities
 * ```
 */
import { createHash } from 'node:crypto';
import { isEntityId, type EntityData } from '@ariadne/schema';
import { CASH_ACCOUNT, TX_KINDS, type AccountRecord, type CurrencyTable, type ReadResult, type RecordError, type TransactionRecord, type TxKind } from './types.ts';
import { isCurrencyCode } from './currency.ts';
import { kindOf } from './transaction-kinds.ts';

export interface FtmPaymentOptions {
  /** when given, a payment in a currency the table cannot convert is refused (the graph would throw) */
  readonly currency?: CurrencyTable;
}

export type FtmPaymentResult = ReadResult<TransactionRecord> & { readonly accounts: AccountRecord[] };

/** Schemata whose entities can be a payer or beneficiary (FtM's LegalEntity and its descendants). */
const PARTY_SCHEMATA = new Set(['LegalEntity', 'Person', 'Company', 'Organization', 'PublicBody']);

const DECIMAL = /^\d{1,18}(\.\d{1,8})?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DESCRIPTION = /^([a-z_]+)(?: \(([^()]{1,70})\))?$/;
const KINDS: ReadonlySet<string> = new Set(TX_KINDS);
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

type Result<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

function values(entity: EntityData, property: string): string[] {
  const raw = entity.properties[property];
  if (!Array.isArray(raw)) return [];
  return raw.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}

function first(entity: EntityData | undefined, property: string): string | undefined {
  return entity === undefined ? undefined : values(entity, property)[0];
}

function fail(field: string, message: string): { ok: false; field: string; message: string } {
  return { ok: false, field, message };
}

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An FtM date: a day (midnight UTC) or a date-time (UTC unless it carries an offset); coarser dates are refused. */
function parseFtmDate(text: string): number | string {
  const day = DAY.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return validDay(y, m, d) ? Date.UTC(y, m - 1, d) : 'date does not exist in the calendar';
  }
  const dt = DATE_TIME.exec(text);
  if (!dt) return /^\d{4}(-\d{2})?$/.test(text) ? 'date is less precise than a day' : 'date is not an ISO 8601 date';
  const [y, m, d, h, min, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [number, number, number, number, number, number];
  if (!validDay(y, m, d) || h > 23 || min > 59 || s > 59) return 'date does not exist in the calendar';
  const zone = dt[7];
  const offset = zone === undefined || zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return Date.UTC(y, m - 1, d, h, min, s) - offset * 60_000;
}

interface Side {
  readonly ref: string;
  readonly account: AccountRecord;
}

/** Reads FtM entities; Payments become transactions, their BankAccounts and parties accounts. */
export function paymentsFromFtm(entities: Iterable<EntityData>, options: FtmPaymentOptions = {}): FtmPaymentResult {
  const bankAccounts = new Map<string, EntityData>();
  const partyNames = new Map<string, string>();
  const payments: EntityData[] = [];
  for (const entity of entities) {
    if (entity.schema === 'Payment') payments.push(entity);
    else if (entity.schema === 'BankAccount') bankAccounts.set(entity.id, entity);
    else if (PARTY_SCHEMATA.has(entity.schema)) {
      const name = first(entity, 'name');
      if (name !== undefined) partyNames.set(entity.id, name);
    }
  }

  const records: TransactionRecord[] = [];
  const errors: RecordError[] = [];
  const accounts = new AccountBook();
  const ids = new Set<string>();

  /** the account reference and record of one side of a payment, or undefined when it names none */
  const side = (payment: EntityData, accountProp: string, partyProp: string): Result<Side> | undefined => {
    const party = values(payment, partyProp).find(isEntityId);
    const holder = party === undefined ? {} : { holderId: party, holderName: partyNames.get(party) };
    for (const accountId of values(payment, accountProp)) {
      const bank = bankAccounts.get(accountId);
      const iban = first(bank, 'iban')?.replace(/\s+/g, '').toUpperCase();
      const number = first(bank, 'accountNumber');
      const ref = iban !== undefined && IBAN.test(iban) ? iban : number ?? (isEntityId(accountId) ? accountId : undefined);
      if (ref === undefined) continue;
      if (ref.startsWith('@') || ref.length > 100) return fail(accountProp, 'account number starts with @ or is longer than 100 characters');
      const bic = first(bank, 'bic')?.toUpperCase();
      const country = first(bank, 'country')?.toUpperCase();
      return {
        ok: true,
        value: {
          ref,
          account: compact({
            id: ref, ...holder,
            bank: bic !== undefined && BIC.test(bic) ? bic : first(bank, 'bankName'),
            country: country !== undefined && /^[A-Z]{2}$/.test(country) ? country : iban !== undefined && IBAN.test(iban) ? iban.slice(0, 2) : undefined,
          }),
        },
      };
    }
    if (party === undefined) return undefined;
    return { ok: true, value: { ref: party, account: compact({ id: party, holderId: party, holderName: partyNames.get(party) }) } };
  };

  for (const payment of payments) {
    const read = readPayment(payment, side, options.currency);
    if (!read.ok) {
      errors.push({ record: payment.id.slice(0, 200), field: read.field, message: read.message });
      continue;
    }
    const { record, sides } = read.value;
    if (ids.has(record.id)) {
      errors.push({ record: payment.id.slice(0, 200), field: 'transactionNumber', message: 'duplicate transaction id: a payment with this transaction number was read before' });
      continue;
    }
    ids.add(record.id);
    records.push(record);
    for (const s of sides) accounts.add(s.account);
  }
  return { records, errors, accounts: accounts.list() };
}

type SideReader = (payment: EntityData, accountProp: string, partyProp: string) => Result<Side> | undefined;

function readPayment(payment: EntityData, side: SideReader, table: CurrencyTable | undefined): Result<{ record: TransactionRecord; sides: Side[] }> {
  // amount and currency: `amount` in `currency`, else the EUR or USD amount FtM datasets often give alone
  let amountField = 'amount';
  let amounts = values(payment, 'amount');
  let currency = first(payment, 'currency')?.toUpperCase();
  if (amounts.length === 0) {
    for (const [field, code] of [['amountEur', 'EUR'], ['amountUsd', 'USD']] as const) {
      if (values(payment, field).length === 0) continue;
      amountField = field;
      amounts = values(payment, field);
      currency = code;
      break;
    }
  }
  if (amounts.length === 0) return fail('amount', 'amount is missing');
  if (new Set(amounts).size > 1) return fail(amountField, 'payment has several different amounts');
  const amountText = amounts[0]!;
  if (amountText.startsWith('-')) return fail(amountField, 'amount is negative');
  if (!DECIMAL.test(amountText)) return fail(amountField, 'amount is not a decimal number');
  const amount = Number(amountText);
  if (amount === 0) return fail(amountField, 'amount is zero');
  if (currency === undefined) return fail('currency', 'currency is missing');
  if (!isCurrencyCode(currency)) return fail('currency', 'currency is not an ISO 4217 code');
  if (table !== undefined && table.rates[currency] === undefined) return fail('currency', `currency ${currency} has no rate in the currency table`);

  // date: the earliest valid `date`, else `startDate`
  const dateField = values(payment, 'date').length > 0 ? 'date' : 'startDate';
  const parsed = values(payment, dateField).map(parseFtmDate);
  if (parsed.length === 0) return fail('date', 'date is missing');
  const times = parsed.filter((p): p is number => typeof p === 'number');
  if (times.length === 0) return fail(dateField, parsed[0] as string);
  const timestamp = Math.min(...times);

  // kind: Ariadne's own `kind (code)` description, else the purpose read as a code or word
  const described = values(payment, 'description').map((d) => DESCRIPTION.exec(d)).find((m) => m !== null && KINDS.has(m[1]!));
  const purpose = values(payment, 'purpose');
  const guessed = purpose.length > 0 ? kindOf(purpose[0]) : 'transfer';
  const kind = (described?.[1] as TxKind | undefined) ?? (guessed === 'other' ? 'transfer' : guessed);

  const from = side(payment, 'payerAccount', 'payer');
  const to = side(payment, 'beneficiaryAccount', 'beneficiary');
  if (from !== undefined && !from.ok) return from;
  if (to !== undefined && !to.ok) return to;
  // cash has no account: a cash deposit names no payer, a withdrawal no beneficiary
  if (from === undefined && kind !== 'cash_deposit') return fail('payer', 'payment has no payer side (payer or payerAccount)');
  if (to === undefined && kind !== 'cash_withdrawal') return fail('beneficiary', 'payment has no beneficiary side (beneficiary or beneficiaryAccount)');
  const fromSide = from?.value;
  const toSide = to?.value;

  const numbers = values(payment, 'transactionNumber');
  const id = numbers.length === 1 && numbers[0]!.length <= 200 ? numbers[0]! : payment.id;
  const record: TransactionRecord = compact({
    id,
    from: fromSide?.ref ?? CASH_ACCOUNT,
    to: toSide?.ref ?? CASH_ACCOUNT,
    amount, amountText, currency, timestamp, kind,
    rawType: described?.[2],
    fromBank: fromSide?.account.bank,
    toBank: toSide?.account.bank,
    fromCountry: fromSide?.account.country,
    toCountry: toSide?.account.country,
    reference: purpose.length > 0 ? purpose.join(' ') : undefined,
  });
  return { ok: true, value: { record, sides: [fromSide, toSide].filter((s): s is Side => s !== undefined) } };
}

/**
 * Accounts by reference, first sighting first. A later sighting fills what an earlier one
 * lacked; when two payments disagree on an account's holder, the account keeps none.
 */
class AccountBook {
  private readonly map = new Map<string, AccountRecord>();
  private readonly conflicts = new Set<string>();

  add(account: AccountRecord): void {
    const known = this.map.get(account.id);
    if (known === undefined) {
      this.map.set(account.id, account);
      return;
    }
    const merged: Record<string, unknown> = { ...known };
    for (const [key, value] of Object.entries(account)) if (merged[key] === undefined && value !== undefined) merged[key] = value;
    if (this.conflicts.has(account.id) || (known.holderId !== undefined && account.holderId !== undefined && known.holderId !== account.holderId)) {
      this.conflicts.add(account.id);
      delete merged.holderId;
      delete merged.holderName;
    }
    this.map.set(account.id, merged as unknown as AccountRecord);
  }

  list(): AccountRecord[] {
    return [...this.map.values()];
  }
}

function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** `<prefix>-<sha256 hex>` of a namespaced key: the same transaction or account always gets the same entity id. */
function derivedId(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(`ariadne/finance/${prefix}\u0000${key}`).digest('hex')}`;
}

/** FtM's date form: the day alone at midnight UTC, else the UTC date-time to the second. */
function ftmDate(timestamp: number): string {
  const iso = new Date(Math.floor(timestamp / 1000) * 1000).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * Transactions and their accounts as FtM entities: one BankAccount per account reference (none
 * for `@cash`, nor for an account that is its holder entity itself) and one Payment per
 * transaction, linked to the accounts and, when an account names its holder, to the holder as
 * payer or beneficiary. Holder names are not written: the holders are entities of their own.
 */
export function paymentsToFtm(records: Iterable<TransactionRecord>, accounts: Iterable<AccountRecord>): EntityData[] {
  const known = new Map<string, AccountRecord>();
  for (const account of accounts) if (!known.has(account.id)) known.set(account.id, account);
  const bankAccounts = new Map<string, EntityData>();
  const payments: EntityData[] = [];

  /** the BankAccount (written once per reference) and holder of one side; the transaction's bank and country fill gaps in KYC */
  const link = (ref: string, txBank: string | undefined, txCountry: string | undefined): { account?: string; holder?: string } => {
    if (ref.startsWith('@')) return {};
    const record = known.get(ref);
    const holder = record?.holderId !== undefined && isEntityId(record.holderId) ? record.holderId : undefined;
    if (holder === ref) return { holder };
    let entity = bankAccounts.get(ref);
    if (entity === undefined) {
      const bank = record?.bank ?? txBank;
      const country = record?.country ?? txCountry;
      const properties: Record<string, string[]> = IBAN.test(ref) ? { iban: [ref] } : { accountNumber: [ref] };
      if (bank !== undefined) properties[BIC.test(bank) ? 'bic' : 'bankName'] = [bank];
      if (country !== undefined) properties.country = [country.toLowerCase()];
      entity = { id: derivedId('bank-account', ref), schema: 'BankAccount', properties };
      bankAccounts.set(ref, entity);
    }
    return holder === undefined ? { account: entity.id } : { account: entity.id, holder };
  };

  for (const tx of records) {
    const from = link(tx.from, tx.fromBank, tx.fromCountry);
    const to = link(tx.to, tx.toBank, tx.toCountry);
    const properties: Record<string, string[]> = {
      transactionNumber: [tx.id],
      amount: [tx.amountText],
      currency: [tx.currency],
      date: [ftmDate(tx.timestamp)],
      description: [tx.rawType === undefined ? tx.kind : `${tx.kind} (${tx.rawType})`],
    };
    if (tx.reference !== undefined) properties.purpose = [tx.reference];
    if (from.holder !== undefined) properties.payer = [from.holder];
    if (from.account !== undefined) properties.payerAccount = [from.account];
    if (to.holder !== undefined) properties.beneficiary = [to.holder];
    if (to.account !== undefined) properties.beneficiaryAccount = [to.account];
    payments.push({ id: derivedId('payment', tx.id), schema: 'Payment', properties });
  }
  return [...bankAccounts.values(), ...payments];
}
