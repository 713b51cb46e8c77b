/** Hostile input for every function: empty, digits only, a 1 MB name, lone surrogates, bidi overrides. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectScript, foldArabic, nameKeys, nameTokens, normaliseName, phoneticKey, romaniseArabic, spellingKey, TokenWeights, transliterateCyrillic,
} from '../src/index.ts';

const ALL: Record<string, (s: string) => unknown> = {
  normaliseName, detectScript, foldArabic, romaniseArabic, transliterateCyrillic, spellingKey, phoneticKey, nameTokens, nameKeys,
};

test('empty and whitespace-only input gives empty results', () => {
  for (const s of ['', '   ', '\u200B\u202E\u2066']) {
    assert.equal(normaliseName(s), '');
    assert.equal(detectScript(s), 'other');
    assert.equal(spellingKey(s), '');
    assert.equal(phoneticKey(s), '');
    assert.deepEqual(nameTokens(s), []);
    assert.deepEqual(nameKeys(s), []);
  }
});

test('digits only: kept as digits, Arabic-Indic digits folded', () => {
  assert.equal(normaliseName('123 456'), '123 456');
  assert.equal(spellingKey('١٢٣'), '123');
  assert.deepEqual(nameTokens('007').map((t) => t.text), ['007']);
});

test('lone surrogates are dropped, paired ones kept', () => {
  const s = `Synthetic\uD800 Wit\uDFFFness 😀`;
  assert.equal(normaliseName(s), 'synthetic witness');
  assert.equal(normaliseName('a\uD83D\uDE00b'), 'a b');
  for (const f of Object.values(ALL)) f(s);
  assert.deepEqual(nameKeys(s), nameKeys('Synthetic Witness'));
});

test('bidi overrides and isolates cannot disguise a name', () => {
  const disguised = '\u202Eمحمد\u202C \u2067يوسف\u2069\u200F';
  assert.deepEqual(nameKeys(disguised), nameKeys('محمد يوسف'));
  assert.deepEqual(nameKeys('Mo\u202Ehammed'), nameKeys('Mohammed'));
});

test('a 1 MB name is read whole and keys like its short form', () => {
  const huge = 'محمد Synthetic Доку '.repeat(Math.ceil(1_048_576 / 19));
  for (const f of Object.values(ALL)) f(huge);
  const w = new TokenWeights([huge]);
  assert.ok(w.weight('Synthetic') >= 1);
  assert.deepEqual(nameKeys(huge), nameKeys('محمد Synthetic Доку'));
});

// Growth, not speed: 8× the input must cost about 8× the time (quadratic work would cost 64×).
// The fastest of three runs of each size is compared, so a busy machine does not decide it.
test('work grows linearly with the length of a name', () => {
  const fastest = (text: string) => Math.min(...[0, 1, 2].map(() => {
    const started = performance.now();
    for (const f of Object.values(ALL)) f(text);
    nameKeys(text);
    return performance.now() - started;
  }));
  const unit = 'محمد Synthetic Доку ';
  const small = fastest(unit.repeat(1_700));
  const large = fastest(unit.repeat(13_600));
  assert.ok(large < small * 24, `8× the input took ${(large / small).toFixed(1)}× the time`);
});

test('control characters and punctuation soup', () => {
  assert.equal(normaliseName('\u0000Syn\u0007thetic\u001B[31m'), 'synthetic 31m');
  assert.deepEqual(nameTokens('--- \'\' -- al- bin'), [{ text: 'bin', role: 'particle', key: '', phonetic: '' }]);
});
