import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AriadneError } from '@ariadne/schema';
import { baseOnlyTable, isCurrencyCode, minorUnits, parseCurrencyTable, toBase } from '../src/currency.ts';
import iso4217 from '../src/iso-4217.json' with { type: 'json' };

function refusal(fn: () => unknown): AriadneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AriadneError, `expected an AriadneError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to throw');
}

describe('parseCurrencyTable', () => {
  test('reads a table and adds the base at rate 1', () => {
    const table = parseCurrencyTable(JSON.parse(readFileSync(new URL('./fixtures/csv/rates.json', import.meta.url), 'utf8')));
    assert.equal(table.base, 'USD');
    assert.equal(table.asOf, '2026-01-05');
    assert.deepEqual(table.rates, { EUR: 1.08, IQD: 0.00076, SYP: 0.000077, USD: 1 });
  });

  test('accepts the base listed at rate 1', () => {
    assert.deepEqual(parseCurrencyTable({ base: 'EUR', rates: { EUR: 1, USD: 0.92 } }).rates, { EUR: 1, USD: 0.92 });
  });

  test('refuses a base whose own rate is not 1', () => {
    const error = refusal(() => parseCurrencyTable({ base: 'USD', rates: { USD: 1.1 } }));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(error.details ?? {}), ['rates.USD']);
  });

  test('names every bad key at once', () => {
    const error = refusal(() => parseCurrencyTable({
      base: 'usd', rates: { EUR: 0, GBP: -1, JPY: Number.NaN, CHF: Number.POSITIVE_INFINITY, XYZ: 2, eur: 1.1, IQD: '0.00076' }, extra: true,
    }));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(error.details ?? {}).sort(), ['base', 'extra', 'rates.CHF', 'rates.EUR', 'rates.GBP', 'rates.IQD', 'rates.JPY', 'rates.XYZ', 'rates.eur'].sort());
    assert.equal(error.details?.extra, 'unknown key');
  });

  test('reports a __proto__ rate key instead of dropping it', () => {
    const error = refusal(() => parseCurrencyTable(JSON.parse('{"base":"USD","rates":{"__proto__":2}}')));
    assert.ok(Object.hasOwn(error.details ?? {}, 'rates.__proto__'));
  });

  test('refuses a malformed asOf and values that are not tables', () => {
    assert.ok(Object.hasOwn(refusal(() => parseCurrencyTable({ base: 'USD', rates: {}, asOf: 'yesterday' })).details ?? {}, 'asOf'));
    for (const value of [null, 5, 'USD', [], { base: 'USD' }]) {
      assert.equal(refusal(() => parseCurrencyTable(value)).code, 'VALIDATION_FAILED');
    }
  });
});

describe('baseOnlyTable and toBase', () => {
  test('a base-only table converts its base and nothing else', () => {
    const table = baseOnlyTable('EUR');
    assert.deepEqual(table, { base: 'EUR', rates: { EUR: 1 } });
    assert.equal(toBase(table, 12.5, 'EUR'), 12.5);
    assert.equal(toBase(table, 12.5, 'USD'), undefined);
  });

  test('refuses a base that is not a currency', () => {
    assert.equal(refusal(() => baseOnlyTable('EURO')).code, 'VALIDATION_FAILED');
  });

  test('converts with the rate of base units per unit', () => {
    const table = parseCurrencyTable({ base: 'USD', rates: { EUR: 1.08, IQD: 0.00076 } });
    assert.equal(toBase(table, 100, 'EUR'), 108);
    assert.ok(Math.abs(toBase(table, 1_310_000, 'IQD')! - 995.6) < 1e-9);
    assert.equal(toBase(table, 1, 'toString'), undefined, 'object prototype names are not currencies');
  });
});

describe('ISO 4217 codes', () => {
  test('minor units follow the standard', () => {
    assert.equal(minorUnits('USD'), 2);
    assert.equal(minorUnits('JPY'), 0);
    assert.equal(minorUnits('IQD'), 3);
    assert.equal(minorUnits('KWD'), 3);
    assert.equal(minorUnits('CLF'), 4);
    assert.equal(minorUnits('XOF'), 0);
    assert.equal(minorUnits('XAU'), undefined, 'gold has no minor unit');
    assert.equal(minorUnits('XYZ'), undefined);
  });

  test('codes are upper-case only and withdrawn ones are gone', () => {
    assert.equal(isCurrencyCode('EUR'), true);
    assert.equal(isCurrencyCode('eur'), false);
    for (const withdrawn of ['HRK', 'VEF', 'MRO', 'STD', 'XXX', 'XTS']) assert.equal(isCurrencyCode(withdrawn), false, withdrawn);
    for (const current of ['SYP', 'IQD', 'AFN', 'YER', 'SDG', 'SSP', 'LYD', 'SOS', 'XAF', 'VES', 'ZWG', 'SLE', 'XCG']) assert.equal(isCurrencyCode(current), true, current);
  });

  test('the list is well formed', () => {
    const entries = Object.entries(iso4217.currencies);
    assert.ok(entries.length > 160, `${entries.length} codes`);
    for (const [code, units] of entries) {
      assert.match(code, /^[A-Z]{3}$/);
      assert.ok(units === null || [0, 2, 3, 4].includes(units), `${code}: ${units}`);
    }
  });
});
