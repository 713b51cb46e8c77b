import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cleanLine, cleanText, transliterateToAscii, xsdLength } from '../src/goaml/text.ts';
import { goamlDate, goamlDateTime, localAmount, toTwoDecimals } from '../src/goaml/values.ts';

describe('goAML values', () => {
  test('amounts: two decimals, half up, from the decimal text, never through a float', () => {
    assert.equal(toTwoDecimals('1200'), '1200.00');
    assert.equal(toTwoDecimals('1200.5'), '1200.50');
    assert.equal(toTwoDecimals('0.125'), '0.13');
    assert.equal(toTwoDecimals('0.124999'), '0.12');
    assert.equal(toTwoDecimals('1.005'), '1.01', 'a float would give 1.00');
    assert.equal(toTwoDecimals('99.995'), '100.00');
    assert.equal(toTwoDecimals('007.10'), '7.10');
    assert.equal(toTwoDecimals('7900000000000000'), '7900000000000000.00');
    for (const bad of ['7900000000000000.01', '-1', '1e5', '1,200.00', '', '.5', 'NaN', '12.']) assert.equal(toTwoDecimals(bad), null, bad);
  });

  test('local amounts: own currency as given; another converted by a table or given, keeping the original and the rate', () => {
    assert.deepEqual(localAmount({ amount: 10, amountText: '10.5', currency: 'USD' }, 'USD', undefined), { local: '10.50' });
    assert.deepEqual(localAmount({ amount: 10, currency: 'USD' }, 'USD', undefined), { local: '10.00' });
    assert.deepEqual(localAmount({ amount: 200, amountText: '200', currency: 'EUR' }, 'USD', { base: 'USD', rates: { EUR: 1.0856 } }),
      { local: '217.12', foreign: { currency: 'EUR', amount: '200.00', rate: '1.0856' } });
    assert.deepEqual(localAmount({ amount: 200, currency: 'EUR', amountLocal: 215 }, 'USD', undefined),
      { local: '215.00', foreign: { currency: 'EUR', amount: '200.00', rate: '1.075' } });
    assert.match(String(localAmount({ amount: 200, currency: 'EUR' }, 'USD', { base: 'GBP', rates: { EUR: 0.85 } })), /not the local currency USD/);
    assert.match(String(localAmount({ amount: 1, amountText: '1,00', currency: 'USD' }, 'USD', undefined)), /not a non-negative decimal/);
    assert.match(String(localAmount({ amount: Number.NaN, currency: 'USD' }, 'USD', undefined)), /not a non-negative decimal/);
  });

  test('date-times in the FIU\'s zone, from 1753 on', () => {
    const t = Date.UTC(2026, 0, 31, 22, 30, 5);
    assert.equal(goamlDateTime(t, 'UTC'), '2026-01-31T22:30:05');
    assert.equal(goamlDateTime(t, 'Asia/Dubai'), '2026-02-01T02:30:05');
    assert.equal(goamlDateTime(t, 'America/Bogota'), '2026-01-31T17:30:05');
    assert.equal(goamlDateTime(Date.UTC(2026, 0, 1, 0, 0, 0), 'UTC'), '2026-01-01T00:00:00', 'midnight is 00, not 24');
    assert.equal(goamlDateTime(Date.UTC(1700, 0, 1), 'UTC'), null);
    assert.equal(goamlDateTime(Number.NaN, 'UTC'), null);
    assert.throws(() => goamlDateTime(t, 'Mars/Olympus'), RangeError);
  });

  test('calendar dates are checked', () => {
    assert.equal(goamlDate('2024-02-29'), '2024-02-29T00:00:00');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '1752-12-31', '24-01-01', '2024-1-1']) assert.equal(goamlDate(bad), null, bad);
  });
});

describe('text for goAML', () => {
  test('cleaning removes control, non-character and bidi-override characters, keeps marks right-to-left text needs', () => {
    assert.equal(cleanText(' a\u0000b\u0008c\u000bd\u001be\u007ff\u0085g\u202eh\u2066i\u2069j\ufffek\ud800l\u200fm\r\nn\ro '), 'abcdefghijk' + 'l\u200fm\nn\no');
    assert.equal(cleanLine('  Test \t\n Person\u00a0 Two  '), 'Test Person Two');
    assert.equal(cleanText('\ud83d\ude00 emoji'), '\ud83d\ude00 emoji', 'a valid surrogate pair stays');
  });

  test('transliteration to ASCII: Latin letters and punctuation, other scripts reported', () => {
    assert.deepEqual(transliterateToAscii('Łódź – “Straße” Æsir Øre ﬁne…'), { text: 'Lodz - "Strasse" AEsir Ore fine...' });
    assert.deepEqual(transliterateToAscii('a\u200fb'), { text: 'ab' });
    assert.deepEqual(transliterateToAscii('Ali علي'), { text: 'Ali علي', untranslatable: { index: 4, codePoint: 'U+0639' } });
  });

  test('lengths count characters as XSD does, not UTF-16 units', () => {
    assert.equal(xsdLength('\ud83d\ude00ab'), 3);
  });
});
