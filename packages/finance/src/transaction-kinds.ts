/**
 * Maps the transaction type codes banks and datasets use onto the kinds the detectors reason
 * about (`TX_KINDS`). The table is data: each kind lists the codes and words that mean it, and
 * adding a bank's code is adding a string.
 *
 * Sources of the codes: the payment formats of IBM's AMLworld datasets (Altman et al., 2023);
 * ISO 20022 Bank Transaction Codes (`ExternalBankTransactionDomain/Family/SubFamily1Code`, as in
 * camt.053 `BkTxCd/Domn`, written `PMNT/RCDT/ESCT`) and purpose codes (`ExternalPurpose1Code`,
 * `SALA`); and the plain words of statement exports in English and French.
 *
 * @example
 * ```ts
 * kindOf('Wire');           // 'wire'
 * kindOf('PMNT/CCRD/CWDL'); // 'cash_withdrawal'
 * kindOf('Virement SEPA');  // 'wire'
 * kindOf(undefined);        // 'transfer': a file with no type column is a list of transfers
 * kindOf('XYZ-42');         // 'other'
 * ```
 */
import type { TxKind } from './types.ts';

/** codes and words per kind, compared after lower-casing, dropping accents and folding `_`, `-` and runs of spaces to one space */
export const KIND_CODES: Readonly<Record<Exclude<TxKind, 'other'>, readonly string[]>> = {
  transfer: [
    'transfer', 'transfers', 'credit transfer', 'bank transfer', 'internal transfer', 'book transfer', 'p2p', 'xfer', 'tfr', 'trf',
    'virement', 'virement interne', 'virement recu', 'virement emis', 'transfert', 'standing order', 'direct debit', 'prelevement',
    'payment', 'paiement',
    // AMLworld
    'ach',
    // ISO 20022 bank transaction codes: families and sub-families of credit transfers and direct debits
    'pmnt/rcdt', 'pmnt/icdt', 'pmnt/rcdt/dmct', 'pmnt/icdt/dmct', 'pmnt/rcdt/book', 'pmnt/icdt/book',
    'pmnt/icdt/stdo', 'pmnt/rcdt/stdo', 'pmnt/iddt', 'pmnt/rddt', 'rcdt', 'icdt', 'dmct', 'book', 'stdo', 'iddt', 'rddt', 'esdd', 'bbdd',
    // ISO 20022 purpose codes of ordinary commercial transfers
    'intc', 'supp', 'trad', 'gdds', 'scve',
  ],
  // SEPA credit transfers count as wires, as the brief groups them: interbank, and often across a border
  wire: [
    'wire', 'wire transfer', 'wires', 'swift', 'sepa', 'sepa credit transfer', 'sct', 'virement sepa', 'esct', 'pmnt/rcdt/esct', 'pmnt/icdt/esct', 'international transfer', 'cross border', 'cross border transfer',
    'virement international', 'virement swift', 'telegraphic transfer', 'tt', 'rtgs', 'fedwire', 'chaps',
    'pmnt/rcdt/xbct', 'pmnt/icdt/xbct', 'pmnt/rcdt/fict', 'pmnt/icdt/fict', 'pmnt/rcdt/prct', 'pmnt/icdt/prct', 'xbct', 'fict', 'prct',
  ],
  cash_deposit: [
    'deposit', 'cash deposit', 'cash in', 'cash-in', 'counter deposit', 'atm deposit', 'depot', 'depot especes', 'versement', 'versement especes',
    'cash_deposit', 'cdpt', 'pmnt/cntr/cdpt', 'pmnt/mcrd/cdpt', 'pmnt/ccrd/cdpt',
    // AMLworld's "Cash" is a payment in cash between two accounts: in the receiver's books, cash paid in
    'cash payment',
  ],
  cash_withdrawal: [
    'withdrawal', 'cash withdrawal', 'cash out', 'cash-out', 'atm', 'atm withdrawal', 'retrait', 'retrait especes', 'retrait dab', 'dab', 'gab',
    'cash_withdrawal', 'cwdl', 'pmnt/ccrd/cwdl', 'pmnt/cntr/cwdl', 'pmnt/mcrd/cwdl', 'pmnt/dcrd/cwdl',
  ],
  card: [
    'card', 'card payment', 'credit card', 'debit card', 'pos', 'point of sale', 'carte', 'carte bancaire', 'cb', 'paiement carte',
    'ccrd', 'mcrd', 'dcrd', 'posd', 'posc', 'smrt', 'pmnt/ccrd', 'pmnt/mcrd', 'pmnt/dcrd', 'pmnt/ccrd/posd', 'pmnt/ccrd/posc', 'pmnt/mcrd/posd', 'pmnt/ccrd/smrt',
  ],
  salary: [
    'salary', 'salaries', 'payroll', 'wage', 'wages', 'salaire', 'salaires', 'paie', 'remuneration',
    'sala', 'payr', 'bonu', 'pmnt/rcdt/sala', 'pmnt/icdt/sala',
  ],
  cheque: [
    'cheque', 'check', 'cheques', 'checks', 'cheque deposit', 'remise de cheque', 'remise cheque',
    'ichq', 'rchq', 'cchq', 'bchq', 'urcq', 'pmnt/ichq', 'pmnt/rchq', 'pmnt/ichq/cchq', 'pmnt/rchq/cchq', 'pmnt/ichq/bchq', 'pmnt/rchq/urcq',
  ],
  crypto: [
    'crypto', 'cryptocurrency', 'crypto currency', 'crypto monnaie', 'cryptomonnaie', 'bitcoin', 'btc', 'eth', 'ether', 'ethereum', 'usdt', 'tether',
    'usdc', 'stablecoin', 'virtual asset', 'vasp', 'crypto exchange',
  ],
  msb: [
    'hawala', 'hawaladar', 'remittance', 'remittances', 'msb', 'money service business', 'money transfer', 'money remittance', 'money order',
    'transfert d argent', 'transfert de fonds', 'mandat cash', 'mobile money',
  ],
  fee: [
    'fee', 'fees', 'charge', 'charges', 'bank charge', 'bank charges', 'commission', 'frais', 'frais bancaires', 'agios',
    'chrg', 'comm', 'acmt/mdop/chrg', 'acmt/mdop/fees', 'acmt/mdop/comm', 'pmnt/rcdt/chrg', 'pmnt/icdt/chrg', 'pmnt/mdop/chrg', 'pmnt/mdop/fees',
  ],
};

/** AMLworld payment formats that carry no kind of their own (a reinvestment is an account paying itself) */
const OTHER_CODES = ['reinvestment', 'other', 'autre', 'divers', 'misc', 'miscellaneous', 'othr'];

function normalise(raw: string): string {
  let s = raw.trim().toLowerCase();
  // accents only matter for the French words; skip the normalisation for plain ASCII codes
  if (/[\u0080-\uffff]/.test(s)) s = s.normalize('NFD').replace(/\p{M}/gu, '');
  return s.replace(/[_\-'’]+/g, ' ').replace(/\s*\/\s*/g, '/').replace(/\s+/g, ' ');
}

const TABLE: ReadonlyMap<string, TxKind> = (() => {
  const table = new Map<string, TxKind>();
  for (const code of OTHER_CODES) table.set(normalise(code), 'other');
  for (const [kind, codes] of Object.entries(KIND_CODES) as [TxKind, readonly string[]][]) {
    table.set(kind.replace('_', ' '), kind);
    for (const code of codes) table.set(normalise(code), kind);
  }
  // AMLworld's "Cash": see the note in KIND_CODES.cash_deposit
  table.set('cash', 'cash_deposit');
  return table;
})();

/**
 * The kind of a transaction from its type code. Matching ignores case, accents and separators;
 * a structured code (`PMNT/RCDT/ESCT`, `PMNT-RCDT-XBCT`) that is not listed whole is looked up by
 * its sub-family, then its family. No code at all means a transfer (the minimal CSV has no
 * type column); a code the table does not know is `other`.
 */
export function kindOf(raw: string | undefined): TxKind {
  if (raw === undefined) return 'transfer';
  const code = normalise(raw);
  if (code === '') return 'transfer';
  const known = TABLE.get(code);
  if (known !== undefined) return known;
  // ISO 20022 domain/family/sub-family, written with slashes, dashes or dots
  const parts = code.split(/[/. ]/);
  if (parts.length === 3 && parts.every((p) => /^[a-z]{4}$/.test(p))) {
    return TABLE.get(`${parts[0]}/${parts[1]}/${parts[2]}`) ?? TABLE.get(parts[2]!) ?? TABLE.get(parts[1]!) ?? 'other';
  }
  // a word with a qualifier ("virement sepa recu", "cash deposit atm 12"): the first two words, then the first
  if (parts.length > 1) return TABLE.get(`${parts[0]} ${parts[1]}`) ?? TABLE.get(parts[0]!) ?? 'other';
  return 'other';
}
