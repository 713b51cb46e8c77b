import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isMissingValue, normaliseValue } from '../src/normalise.ts';
import { ngrams, tokenise } from '../src/tokens.ts';

describe('normaliseValue', () => {
  test('folds case, Unicode form and spacing', () => {
    assert.equal(normaliseValue('  Synthia   EXAMPLE\t'), 'synthia example');
    assert.equal(normaliseValue('Mu\u0308ller'), 'müller'); // decomposed ü composes (NFKC)
    assert.equal(normaliseValue('ＴＥＳＴ'), 'test'); // full-width letters
    assert.equal(normaliseValue('Straße'), 'strasse');
    assert.equal(normaliseValue('Testperson', { case: 'none' }), 'Testperson');
  });

  test('removes controls, bidi marks and zero-width characters', () => {
    assert.equal(normaliseValue('\u202Eab\u200Bc\u200F\u0000'), 'abc');
    assert.equal(normaliseValue('line\nbreak'), 'line break');
  });

  test('Arabic letters are letters; tatweel and optional vowel marks do not count', () => {
    assert.equal(normaliseValue('مُحَمَّد', { keep: 'letters' }), 'محمد');
    assert.equal(normaliseValue('محـــمد'), 'محمد');
    assert.equal(normaliseValue('عبد الله', { keep: 'letters' }), 'عبد الله');
  });

  test('keeps only the asked character classes', () => {
    assert.equal(normaliseValue("O'Brien-Smith 3rd", { keep: 'letters' }), 'obriensmith rd');
    assert.equal(normaliseValue('Flat 3b, 12 Example St.', { keep: 'alphanumeric' }), 'flat 3b 12 example st');
    assert.equal(normaliseValue('1915-11-11', { keep: 'digits' }), '19151111');
  });

  test('digits of any script read as 0–9', () => {
    assert.equal(normaliseValue('١٩١٥-١١-١١', { keep: 'digits' }), '19151111'); // Arabic-Indic
    assert.equal(normaliseValue('۱۹۸۰', { keep: 'digits' }), '1980'); // Persian (extended Arabic-Indic)
    assert.equal(normaliseValue('१९४७', { keep: 'digits' }), '1947'); // Devanagari
  });

  test('cuts at maxLength code points, never inside a character', () => {
    assert.equal(normaliseValue('abcdefgh', { maxLength: 5 }), 'abcde');
    assert.equal(normaliseValue('😀😀😀', { maxLength: 2 }), '😀😀');
    assert.equal(normaliseValue('x'.repeat(500)).length, 128);
  });

  test('a blank value, or the sentinel, is missing', () => {
    const feature = { identifier: 'dob', hashing: { comparison: { type: 'exact' as const }, strategy: { bitsPerToken: 20 }, missingValue: { sentinel: 'unknown' } } };
    assert.equal(isMissingValue('  ', feature), true);
    assert.equal(isMissingValue('unknown', feature), true);
    assert.equal(isMissingValue('19151111', feature), false);
    assert.equal(isMissingValue('unknown', { identifier: 'x' }), false);
  });
});

describe('tokens', () => {
  test('bigrams are padded with a space on both ends', () => {
    assert.deepEqual(tokenise('anna', { type: 'ngram', n: 2 }), [' a', 'an', 'nn', 'na', 'a ']);
    assert.deepEqual(tokenise('ab', { type: 'ngram', n: 3 }), [' ab', 'ab ']);
  });

  test('positional unigrams carry their 1-based position', () => {
    assert.deepEqual(tokenise('1917', { type: 'ngram', n: 1, positional: true }), ['1:1', '2:9', '3:1', '4:7']);
    assert.deepEqual(tokenise('nsw', { type: 'ngram', n: 2, positional: true }), ['1:ns', '2:sw']);
    assert.deepEqual(ngrams('a', 2, true), ['1:a']);
  });

  test('n-grams are over characters, not UTF-16 units', () => {
    assert.deepEqual(tokenise('سمر', { type: 'ngram', n: 2 }), [' س', 'سم', 'مر', 'ر ']);
    assert.deepEqual(tokenise('😀x', { type: 'ngram', n: 1 }), ['😀', 'x']);
  });

  test('an exact comparison is one token; a blank value has none', () => {
    assert.deepEqual(tokenise('synthia example', { type: 'exact' }), ['synthia example']);
    assert.deepEqual(tokenise('', { type: 'ngram', n: 2 }), []);
  });
});
