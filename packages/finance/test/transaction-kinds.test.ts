import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_CODES, kindOf } from '../src/transaction-kinds.ts';
import { TX_KINDS, type TxKind } from '../src/types.ts';

function expectKinds(cases: Readonly<Record<string, TxKind>>): void {
  for (const [code, kind] of Object.entries(cases)) assert.equal(kindOf(code), kind, code);
}

describe('kindOf', () => {
  test('IBM AMLworld payment formats', () => {
    expectKinds({
      Cheque: 'cheque', 'Credit Card': 'card', ACH: 'transfer', Wire: 'wire', Cash: 'cash_deposit', Reinvestment: 'other', Bitcoin: 'crypto',
    });
  });

  test('ISO 20022 bank transaction codes, written with any separator', () => {
    expectKinds({
      'PMNT/RCDT/ESCT': 'wire', 'PMNT/ICDT/XBCT': 'wire', 'PMNT/ICDT/DMCT': 'transfer', 'PMNT/ICDT': 'transfer', 'PMNT/RCDT/BOOK': 'transfer',
      'PMNT/CCRD/CWDL': 'cash_withdrawal', 'PMNT/CNTR/CDPT': 'cash_deposit', 'PMNT/CCRD/POSD': 'card', 'PMNT/RCDT/SALA': 'salary',
      'PMNT/ICHQ/CCHQ': 'cheque', 'ACMT/MDOP/CHRG': 'fee',
      'pmnt-rcdt-esct': 'wire', 'PMNT.CNTR.CWDL': 'cash_withdrawal', 'PMNT / RCDT / SALA': 'salary',
    });
  });

  test('an unlisted structured code falls back to its sub-family, then its family', () => {
    assert.equal(kindOf('PMNT/MCOP/CWDL'), 'cash_withdrawal');
    assert.equal(kindOf('PMNT/CCRD/ZZZZ'), 'card');
    assert.equal(kindOf('XTND/NTAV/NTAV'), 'other');
  });

  test('ISO 20022 purpose codes', () => {
    expectKinds({ SALA: 'salary', PAYR: 'salary', BONU: 'salary', CCRD: 'card', CWDL: 'cash_withdrawal', CDPT: 'cash_deposit', INTC: 'transfer', SUPP: 'transfer' });
  });

  test('plain words in English and French, whatever the case and accents', () => {
    expectKinds({
      deposit: 'cash_deposit', 'Cash Deposit': 'cash_deposit', 'DÉPÔT ESPÈCES': 'cash_deposit', withdrawal: 'cash_withdrawal', 'Retrait DAB': 'cash_withdrawal',
      ATM: 'cash_withdrawal', salary: 'salary', Payroll: 'salary', WAGES: 'salary', Salaire: 'salary', card: 'card', POS: 'card', 'Carte bancaire': 'card',
      transfer: 'transfer', Virement: 'transfer', wire: 'wire', SWIFT: 'wire', SEPA: 'wire', crypto: 'crypto', BTC: 'crypto', USDT: 'crypto',
      hawala: 'msb', Remittance: 'msb', MSB: 'msb', "Transfert d'argent": 'msb', fee: 'fee', Frais: 'fee', 'bank_charges': 'fee', chèque: 'cheque',
    });
  });

  test('a qualified word is read by its first words', () => {
    assert.equal(kindOf('Virement reçu de l’étranger'), 'transfer');
    assert.equal(kindOf('Cash deposit branch 12'), 'cash_deposit');
    assert.equal(kindOf('ATM 0042'), 'cash_withdrawal');
  });

  test('the kinds themselves map to themselves', () => {
    for (const kind of TX_KINDS) assert.equal(kindOf(kind), kind);
  });

  test('no code means a transfer; an unknown code is other', () => {
    assert.equal(kindOf(undefined), 'transfer');
    assert.equal(kindOf('   '), 'transfer');
    assert.equal(kindOf('XYZ-42'), 'other');
    assert.equal(kindOf('💸'), 'other');
    assert.equal(kindOf('x'.repeat(100_000)), 'other');
  });

  test('every code in the table maps to the kind it is listed under (no code is listed twice)', () => {
    for (const [kind, codes] of Object.entries(KIND_CODES)) {
      for (const code of codes) assert.equal(kindOf(code), kind, `${code} is listed under ${kind}`);
    }
  });
});
