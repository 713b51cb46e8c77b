/** typoKeys and TokenWeights built from keys: what a screening index blocks and weighs names by. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameTokens, spellingKey, TokenWeights, typoKeys } from '../src/index.ts';

const shareTypoKey = (a: string, b: string) => {
  const ka = spellingKey(a);
  const kb = spellingKey(b);
  const da = new Set([ka, ...typoKeys(ka)]);
  return [kb, ...typoKeys(kb)].some((k) => da.has(k));
};

test('one typo (insert, delete, substitute, transpose) leaves a shared typo key', () => {
  assert.ok(shareTypoKey('Zawahiri', 'Zawahrii'));
  assert.ok(shareTypoKey('Tikriti', 'Tikrti'));
  assert.ok(shareTypoKey('Tikriti', 'Tiktiti'));
  assert.ok(shareTypoKey('Synthetic', 'Synthetci'));
  assert.ok(shareTypoKey('Mansour', 'Mansoure'));
});

test('unrelated names share no typo key, and short keys have none', () => {
  assert.equal(shareTypoKey('Zawahiri', 'Mansour'), false);
  assert.deepEqual(typoKeys('zdn'), []);
  assert.deepEqual(typoKeys(''), []);
  assert.deepEqual(typoKeys('zwhr'), ['whr', 'zhr', 'zwr', 'zwh']);
});

test('TokenWeights.fromKeys weighs like the constructor over the same names', () => {
  const names = ['Synthetic Alpha', 'Synthetic Beta', 'Testperson Gamma'];
  const fromNames = new TokenWeights(names);
  const fromKeys = TokenWeights.fromKeys(names.map((n) => nameTokens(n).map((t) => t.key)));
  for (const t of ['Synthetic', 'Gamma', 'Unseen']) {
    assert.equal(fromKeys.weight(t), fromNames.weight(t));
    assert.equal(fromKeys.weightOfKey(spellingKey(t)), fromNames.weight(t));
  }
  assert.ok(fromKeys.weight('Gamma') > fromKeys.weight('Synthetic'));
});

test('a glued -eddine compound splits like -eddin', () => {
  assert.deepEqual(nameTokens('Noureddine').map((t) => t.text), nameTokens('Noureddin').map((t) => t.text));
  assert.deepEqual(nameTokens('Noureddine').map((t) => t.key), nameTokens('نور الدين').map((t) => t.key));
});
