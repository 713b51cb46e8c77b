/** nameTokens, nameKeys and TokenWeights: what a matcher indexes for a name and how much each part counts. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameKeys, nameTokens, TokenWeights } from '../src/index.ts';

const texts = (s: string) => nameTokens(s).map((t) => `${t.role === 'name' ? '' : `${t.role}:`}${t.text}`);

describe('nameTokens', () => {
  test('articles attach to the part they precede, in any spelling', () => {
    const [t] = nameTokens('al-Tikriti');
    assert.deepEqual(t, { text: 'tikriti', role: 'name', article: 'al', key: 'tkrt', phonetic: 'TKRT' });
    assert.deepEqual(texts('Synthetic El Witness'), ['synthetic', 'witness']);
    assert.equal(nameTokens('ash-Shami')[0]?.article, 'ash');
  });
  test('abd compounds are one token however they are written', () => {
    const forms = ['Abd al-Rahman', 'Abdul Rahman', 'Abdel Rahman', 'Abdurrahman', 'Abdulrahman', 'Abd-ur-Rahman', 'عبد الرحمن'];
    for (const f of forms) assert.deepEqual(nameTokens(f).map((t) => t.key), ['abd-rhmn'], f);
    assert.deepEqual(nameTokens('Abdallah').map((t) => t.key), nameTokens('عبد الله').map((t) => t.key));
  });
  test('abu and umm compounds; glued abu', () => {
    assert.deepEqual(texts('Abu Bakr'), ['abu-bakr']);
    assert.deepEqual(nameTokens('Abubakr')[0]?.key, nameTokens('أبو بكر')[0]?.key);
    assert.deepEqual(texts('Umm Synthetic'), ['umm-synthetic']);
  });
  test('bin, ibn, bint are particles; X-allah and X-ud-din split like their Arabic spelling', () => {
    assert.deepEqual(texts('Synthetic bin Witness'), ['synthetic', 'particle:bin', 'witness']);
    assert.deepEqual(nameTokens('Khayrallah').map((t) => t.key), nameTokens('خير الله').map((t) => t.key));
    assert.deepEqual(nameTokens('Nuruddin').map((t) => t.key), nameTokens('نور الدين').map((t) => t.key));
    assert.deepEqual(nameTokens('Muhyi-al-Din').map((t) => t.key), nameTokens('محي الدين').map((t) => t.key));
  });
  test('honorifics are flagged, in Latin and Arabic script', () => {
    assert.deepEqual(texts('Sheikh Synthetic Witness'), ['honorific:sheikh', 'synthetic', 'witness']);
    assert.deepEqual(texts('Mullah Synthetic'), ['honorific:mullah', 'synthetic']);
    assert.deepEqual(nameTokens('الشيخ ملا الحاج حسين').map((t) => t.role), ['honorific', 'honorific', 'honorific', 'name']);
    assert.deepEqual(texts('Dr. Synthetic'), ['honorific:dr', 'synthetic']);
  });
  test('Cyrillic names tokenise in Latin', () => {
    assert.deepEqual(texts('Доку Хаматович Умаров'), ['doku', 'khamatovich', 'umarov']);
  });
});

describe('nameKeys', () => {
  test('independent of word order, script, articles and honorifics', () => {
    assert.deepEqual(nameKeys('SADDAM HUSSEIN AL-TIKRITI'), nameKeys('صدام حسين التكريتي'));
    assert.deepEqual(nameKeys('Al-Tikriti, Saddam Hussein'), nameKeys('SADDAM HUSSEIN AL-TIKRITI'));
    assert.deepEqual(nameKeys('Умаров Доку Хаматович'), nameKeys('DOKU KHAMATOVICH UMAROV'));
    assert.deepEqual(nameKeys('Sheikh Mohamed Youssef'), nameKeys('Muhammad Yusuf'));
  });
  test('holds spelling and phonetic keys of the name parts only', () => {
    assert.deepEqual(nameKeys('Muhammad bin Yusuf'), ['p:MHMT', 'p:YSF', 's:mhmd', 's:ysf']);
    assert.deepEqual(nameKeys('Mullah'), []);
  });
});

describe('TokenWeights', () => {
  const corpus = ['Muhammad Synthetic Alpha', 'Mohammed Synthetic Beta', 'Mohamed Gamma', 'Witness Delta'];
  const w = new TokenWeights(corpus);
  test('counts names per spelling key, so variants share a weight', () => {
    assert.equal(w.names, 4);
    assert.equal(w.documentFrequency('Muhammad'), 3);
    assert.equal(w.documentFrequency('محمد'), 3);
    assert.equal(w.weight('Mohammad'), w.weight('Muhammad'));
  });
  test('rarer tokens weigh more; unseen tokens most; all weights ≥ 1', () => {
    assert.ok(w.weight('Delta') > w.weight('Synthetic'));
    assert.ok(w.weight('Synthetic') > w.weight('Muhammad'));
    assert.ok(w.weight('Unseen') > w.weight('Delta'));
    assert.equal(w.weight('Unseen'), Math.log(5) + 1);
    assert.ok(w.weight('Muhammad') >= 1);
  });
  test('a name repeating a token counts once; an empty corpus gives every token weight 1', () => {
    assert.equal(new TokenWeights(['Synthetic Synthetic']).documentFrequency('Synthetic'), 1);
    assert.equal(new TokenWeights([]).weight('Synthetic'), 1);
  });
});
