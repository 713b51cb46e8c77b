/**
 * The finance package's public shapes: transactions and accounts as read from outside data (CSV
 * with a column map, ISO 20022, FtM Payment entities), the per-record errors of a read, the
 * currency table, and the alerts a scan produces.
 *
 * Amounts are JavaScript numbers in major units (12.50 is twelve and a half): analytics compare
 * and add them, and a double holds every amount a bank statement prints to the cent exactly
 * enough for that. The decimal text as given is kept (`amountText`) for reports, which must
 * quote the institution's figure, not a re-rendering of a float.
 */

/** The normalised kinds of transaction the detectors reason about (`kindOf` maps outside codes onto them). */
export const TX_KINDS = [
  'transfer', 'wire', 'cash_deposit', 'cash_withdrawal', 'card', 'salary', 'cheque', 'crypto', 'msb', 'fee', 'other',
] as const;
export type TxKind = (typeof TX_KINDS)[number];

/**
 * The pseudo-account a cash deposit comes from and a cash withdrawal goes to, when the source names
 * none. Ids starting with `@` are never parties: detectors do not treat them as hubs.
 */
export const CASH_ACCOUNT = '@cash';

/** One transaction as read from outside data. */
export interface TransactionRecord {
  /** the institution's transaction reference, unique within an import */
  readonly id: string;
  /** account references (IBAN, account number, wallet, or `@cash`) */
  readonly from: string;
  readonly to: string;
  /** > 0, in major units of `currency` */
  readonly amount: number;
  /** the amount's decimal text as the source gave it (`1200.50`), for reports */
  readonly amountText: string;
  /** ISO 4217 alphabetic code, upper case */
  readonly currency: string;
  /** epoch milliseconds, UTC (sources with a zone offset are converted; a source without one is refused) */
  readonly timestamp: number;
  /** normalised kind (see `TX_KINDS`); `rawType` keeps the source's code */
  readonly kind: TxKind;
  readonly rawType?: string;
  readonly fromBank?: string;
  readonly toBank?: string;
  /** ISO 3166-1 alpha-2, upper case */
  readonly fromCountry?: string;
  readonly toCountry?: string;
  /** branch, ATM or place of the transaction (city or code), for funnel-account checks */
  readonly location?: string;
  /** ISO 18245 merchant category code (4 digits) when the payee is a card merchant */
  readonly merchantCategory?: string;
  /** remittance information; personal data: never logged */
  readonly reference?: string;
  /** the name a credit is made out to (for payroll, the employee); personal data: never logged */
  readonly beneficiaryName?: string;
}

/** Account holder kinds the red flags distinguish (a business paying no wages, a money-service business…). */
export const ACCOUNT_KINDS = ['personal', 'business', 'msb', 'unknown'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Know-your-customer data about one account. */
export interface AccountRecord {
  readonly id: string;
  /**
   * The resolved customer the account belongs to. Detectors aggregate by customer (FinCEN
   * FIN-2014-A008: review at the customer relationship, not the account): a customer's accounts
   * are one party in the transaction graph.
   */
  readonly customerId?: string;
  /** the holder's entity id in Ariadne's graph (a Person or Organization), when linked */
  readonly holderId?: string;
  /** the holder's name as the bank keeps it; personal data: never logged */
  readonly holderName?: string;
  readonly kind?: AccountKind;
  /** for businesses: the declared line of business (free text or NACE/ISIC code) */
  readonly businessType?: string;
  readonly bank?: string;
  /** ISO 3166-1 alpha-2 of the account's branch */
  readonly country?: string;
  /** the holder's home city, for funnel-account checks */
  readonly city?: string;
}

/** A record refused by a reader or a check: the rest of the input goes on. */
export interface RecordError {
  /** 1-based line number of a CSV, or the message/entry id of an XML or JSON source */
  readonly record: string;
  /** the column or element at fault, when one is */
  readonly field?: string;
  /** a one-line message safe to show: names the problem, never echoes personal data */
  readonly message: string;
}

/** What a reader returns: the good records and one error per refused record. */
export interface ReadResult<T> {
  readonly records: T[];
  readonly errors: RecordError[];
}

/**
 * Conversion into one base currency so amounts compare across currencies. `rates[c]` is the
 * number of base units one unit of `c` buys (base itself is 1). A transaction in a currency the
 * table does not know is refused with an error, not guessed.
 */
export interface CurrencyTable {
  readonly base: string;
  readonly rates: Readonly<Record<string, number>>;
  /** the date the rates are from, ISO 8601 */
  readonly asOf?: string;
}

/** One line of `ariadne finance scan --output ALERTS.jsonl`: the contract, field for field. */
export interface AlertLine {
  readonly detector: string;
  readonly typology: string;
  /** 0..1 */
  readonly score: number;
  /** account references, sorted */
  readonly accounts: readonly string[];
  /** transaction ids, in time order */
  readonly transactions: readonly string[];
  readonly explanation: string;
}
