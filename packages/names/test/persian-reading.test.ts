/**
 * Arabic-script names of Afghans, Pakistanis and Iranians: Persian, Dari, Pashto and Urdu read
 * ث ذ ض ظ otherwise than Arabic, write letters Arabic lacks (ځ ډ ړ ښ ټ ۍ, Urdu ہ ے), and
 * English lists write their names to match ("Saqib", "Fazl", "Zadran", "Nazirullah").
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasPersianReading, nameTokens, romaniseArabic, spellingKey } from '../src/index.ts';

const keys = (s: string) => nameTokens(s).filter((t) => t.role === 'name').map((t) => t.key);

describe('the Persian reading', () => {
  test('ث ذ ض ظ read as s z z z; the Arabic reading is the default', () => {
    assert.equal(romaniseArabic('فضل'), 'fdl');
    assert.equal(romaniseArabic('فضل', 'persian'), 'fzl');
    assert.equal(romaniseArabic('ثاقب', 'persian'), 'saqb');
    assert.equal(romaniseArabic('نذیر', 'persian'), 'nzir');
    assert.equal(romaniseArabic('Synthetic', 'persian'), 'Synthetic');
  });
  test('hasPersianReading says when a second reading can differ', () => {
    assert.equal(hasPersianReading('فضل رحيم'), true);
    assert.equal(hasPersianReading('محمد'), false);
    assert.equal(hasPersianReading('Fazl'), false);
  });
  test('a token whose Persian reading differs carries its keys as altKey / altPhonetic', () => {
    const [fazl, rahim] = nameTokens('فضل رحيم');
    assert.equal(fazl?.key, 'fdl');
    assert.equal(fazl?.altKey, spellingKey('Fazl'));
    assert.equal(fazl?.altPhonetic, 'FSL');
    assert.equal(rahim?.altKey, undefined, 'no ambiguous letter, no alternative');
    assert.equal(nameTokens('Fazl')[0]?.altKey, undefined, 'Latin input has one reading');
    assert.equal(nameTokens('ثاقب')[0]?.altKey, spellingKey('Saqib'));
  });
});

describe('Pashto and Urdu letters', () => {
  test('are romanised instead of dropped', () => {
    assert.deepEqual(keys('ځدران'), keys('Zadran'));
    assert.equal(romaniseArabic('ډ ړ ښ ټ ڼ ګ'), 'd r sh t n g');
    assert.equal(romaniseArabic('ٹ ڈ ڑ ں ے'), 't d r n e');
  });
});

describe('names written the Afghan and Mauritanian way', () => {
  test('the divine name written joined splits like its Latin spelling', () => {
    assert.deepEqual(keys('خيرالله'), keys('Khairullah'));
    assert.deepEqual(keys('سعیدالله'), keys('Saidullah'));
    assert.deepEqual(keys('الله'), ['al'], 'the divine name alone is still a word of its own');
  });
  test('ould / ولد ("son of") is a particle like bin', () => {
    assert.deepEqual(nameTokens('حماده ولد محمد').map((t) => t.role), ['name', 'particle', 'name']);
    assert.deepEqual(nameTokens('Hamada Ould Mohamed').map((t) => t.role), ['name', 'particle', 'name']);
  });
  test('connectives of organisation names are not name evidence', () => {
    assert.deepEqual(keys('Synthetic Shipping and Marine'), keys('Synthetic Shipping & Marine'));
    assert.deepEqual(keys('The Synthetic Society of Testing'), keys('Synthetic Society Testing'));
  });
  test('hostile input stays linear and total', () => {
    const huge = 'ثضذظ'.repeat(100_000);
    const started = performance.now();
    assert.equal(nameTokens(huge).length, 1);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(nameTokens('\u202Eفضل\u202C'), nameTokens('فضل'));
  });
});
