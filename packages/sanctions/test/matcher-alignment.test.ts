// ariadne-name-v2's alignment: names written as one or apart, shared keys checked against the
// spellings (except for Arabic script, which has no short vowels to compare), and the prepared,
// memoised path a screening index takes giving the same scores as the plain one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildIndex, nameScore, prepareName, score, screenQuery, type MatchCandidate } from '../src/index.ts';

const candidate = (name: string): MatchCandidate => ({ name, weak: false, birthDates: [], nationalities: [], genders: [] });

test('two name parts written apart meet the same parts written as one, both ways', () => {
  assert.equal(nameScore(prepareName('Testperson Akhund Zada'), prepareName('TESTPERSON AKHUNDZADA')), 1);
  assert.equal(nameScore(prepareName('TESTPERSON AKHUNDZADA'), prepareName('Testperson Akhund Zada')), 1);
  const r = score({ name: 'Testperson Shahid Khel' }, candidate('TESTPERSON SHAHIDKHEL'));
  assert.match(r.explanation[0] ?? '', /shahid\+khel~shahidkhel \(spelling\)/);
  // but not any two parts that happen to share a consonant skeleton with one
  assert.ok(nameScore(prepareName('Dmitry Assi'), prepareName('Dimitris')) < 0.7);
});

test('a shared short key does not align names spelt far apart', () => {
  // Ayad/Eood share the spelling key "ad", Heinonen/Hanna "hn": different names
  assert.ok(nameScore(prepareName('Ayad Synthetic'), prepareName('Eood Synthetic')) < 0.8);
  assert.ok(nameScore(prepareName('Testperson Heinonen'), prepareName('Testperson Hanna')) < 0.8);
  // spelling families still meet
  assert.equal(nameScore(prepareName('Mohamed Testperson'), prepareName('Muhammad Testperson')), 1);
  assert.equal(nameScore(prepareName('Husayn Testperson'), prepareName('Hussein Testperson')), 1);
});

test('Arabic script is compared by keys alone (romanised, it has no short vowels)', () => {
  assert.equal(nameScore(prepareName('حسين محمد'), prepareName('Hussein Mohammed')), 1);
  assert.equal(nameScore(prepareName('Hussein Mohammed'), prepareName('حسين محمد')), 1);
});

test('the index path (prepared names, memoised similarities) scores as the plain matcher does', () => {
  const entities = ['Synthetic Trading Akhundzada', 'Testperson Alpha Zawahiri', 'Testperson Beta Synthetic', 'Ayad Testperson Gamma']
    .map((name, i) => ({ id: `syn-${i}`, schema: 'Person', properties: { name: [name] } }));
  const index = buildIndex([{ list: 'synthetic', entities }]);
  assert.ok(index.names.every((n) => n.prepared?.by === index.weights));
  for (const query of ['Testperson Alpha Zawahri', 'Akhund Zada Synthetic Trading', 'Testperson Synthetic']) {
    const viaIndex = screenQuery(index, { id: 'q', name: query }).matches;
    for (const m of viaIndex) {
      const plain = score({ name: query }, candidate(m.name), index.algorithm);
      assert.equal(m.score, plain.score, `${query} → ${m.name}`);
    }
    assert.ok(viaIndex.length > 0, query);
  }
});

test('a typo in the only distinctive name part still finds the entry (one-typo blocking keys)', () => {
  const entities = [{ id: 'syn-1', schema: 'Organization', properties: { name: ['Synthetictradingco'] } }];
  const index = buildIndex([{ list: 'synthetic', entities }]);
  for (const q of ['Syntheticrtadingco', 'Synthetictradngco', 'Synthetictradingcoo', 'Synthetictradimgco']) {
    assert.equal(screenQuery(index, { id: 'q', name: q }).matches[0]?.entry, 'syn-1', q);
  }
});
