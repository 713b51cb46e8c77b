/**
 * A transaction as the generator plans it (account indices, an amount in the base currency), and
 * its conversion into the `TransactionRecord` every reader produces: ids, the payer's currency,
 * banks, countries and place.
 */
import { CASH_ACCOUNT, TX_KINDS, type TransactionRecord } from './types.ts';
import { BASE_CURRENCY, type GeneratorConfig } from './generator-config.ts';
import type { Population } from './generator-population.ts';
import { round2 } from './generator-sampling.ts';

export interface TxDraft {
  /** epoch ms, whole seconds */
  readonly t: number;
  /** account index, -1 for `@cash` */
  readonly from: number;
  readonly to: number;
  /** in the base currency; converted to the payer's currency on output */
  readonly amount: number;
  /** index into TX_KINDS */
  readonly kind: number;
  /** index into the population's places, -1 none */
  readonly place: number;
  readonly mcc: string | undefined;
  readonly beneficiary: string | undefined;
  /** set for planted transactions, whose ids the labels name before the stream runs */
  readonly id: string | undefined;
}

/** a draft with every field present, so all drafts share one shape */
export function draft(fields: Pick<TxDraft, 't' | 'from' | 'to' | 'amount' | 'kind'> & Partial<TxDraft>): TxDraft {
  return {
    t: fields.t, from: fields.from, to: fields.to, amount: fields.amount, kind: fields.kind,
    place: fields.place ?? -1, mcc: fields.mcc, beneficiary: fields.beneficiary, id: fields.id,
  };
}

/** The first transaction counter of planted transactions; background ones count from 0. */
export const PLANTED_COUNTER = 0x8000_0000;

/**
 * `TX-` and eight hex digits: the counter through a 32-bit bijection (xor-shift-multiply, the
 * "lowbias32" finaliser), so ids are unique, look random, and say nothing about time or label.
 */
export function transactionId(counter: number, key: number): string {
  let x = (counter ^ key) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return `TX-${HEX[x >>> 24]}${HEX[(x >>> 16) & 255]}${HEX[(x >>> 8) & 255]}${HEX[x & 255]}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

export function toRecord(d: TxDraft, id: string, population: Population, config: GeneratorConfig): TransactionRecord {
  const { records, ids } = population;
  const payer = d.from >= 0 ? d.from : d.to;
  const eur = population.eur[payer] === 1;
  const amount = Math.max(0.01, eur ? round2(d.amount / config.eurRate) : round2(d.amount));
  const fromRecord = records[d.from >= 0 ? d.from : d.to]!;
  const toRecord = records[d.to >= 0 ? d.to : d.from]!;
  return {
    id,
    from: d.from >= 0 ? ids[d.from]! : CASH_ACCOUNT,
    to: d.to >= 0 ? ids[d.to]! : CASH_ACCOUNT,
    amount,
    amountText: amount.toFixed(2),
    currency: eur ? 'EUR' : BASE_CURRENCY,
    timestamp: d.t,
    kind: TX_KINDS[d.kind]!,
    fromBank: fromRecord.bank,
    toBank: toRecord.bank,
    fromCountry: fromRecord.country,
    toCountry: toRecord.country,
    location: d.place >= 0 ? population.places[d.place] : undefined,
    merchantCategory: d.mcc,
    beneficiaryName: d.beneficiary,
  };
}
