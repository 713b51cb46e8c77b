/** transliterateCyrillic: Cyrillic names in the Latin spelling lists use. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transliterateCyrillic } from '../src/index.ts';

test('BGN/PCGN-style digraphs, case kept', () => {
  assert.equal(transliterateCyrillic('Хаматович'), 'Khamatovich');
  assert.equal(transliterateCyrillic('Жуков Цой Щукин Юрий Яна'), 'Zhukov Tsoy Shchukin Yuriy Yana');
  assert.equal(transliterateCyrillic('Умаров Доку'), 'Umarov Doku');
});
test('е is ye at the start of a word and after a vowel, e elsewhere; ъ ь dropped', () => {
  assert.equal(transliterateCyrillic('Елена Андреевна'), 'Yelena Andreyevna');
  assert.equal(transliterateCyrillic('Игорь Подъячев'), 'Igor Podyachev');
});
test('Ukrainian letters and non-Cyrillic text', () => {
  assert.equal(transliterateCyrillic('Ґалина Її'), 'Galina Yiyi');
  assert.equal(transliterateCyrillic('Synthetic 42'), 'Synthetic 42');
});
