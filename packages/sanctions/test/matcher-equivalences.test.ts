// ariadne-name-v3: spellings the name-equivalence table groups align as equal (and block
// together), Arabic-script parts also meet by their Persian reading, a name written in two
// scripts is compared by its Latin rendering, and the one Jaro-Winkler is @ariadne/names'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalSpellings } from '@ariadne/names/equivalences';
import { jaroWinkler as namesJaroWinkler } from '@ariadne/names';
import {
  buildIndex, defaultAlgorithm, jaroWinkler, nameScore, NO_EQUIVALENCES, prepareName, score, screenQuery, type Equivalences, type MatchCandidate,
} from '../src/index.ts';

const candidate = (name: string): MatchCandidate => ({ name, weak: false, birthDates: [], nationalities: [], genders: [] });
// invented spellings no key or Jaro-Winkler would join: only the table makes them one name
const synthetic = canonicalSpellings({ version: 1, source: 'synthetic', groups: [{ canonical: 'xendrik', variants: ['zorblat'], support: 2 }] });
const prepared = (name: string, eq: Equivalences = synthetic) => prepareName(name, undefined, undefined, eq);

test('two spellings of one equivalence group align as equal, with the reason given', () => {
  assert.equal(nameScore(prepared('Testperson Zorblat'), prepared('Testperson Xendrik')), 1);
  assert.ok(nameScore(prepared('Testperson Zorblat', NO_EQUIVALENCES), prepared('Testperson Xendrik', NO_EQUIVALENCES)) < 0.77);
  const r = score({ name: 'Testperson Zorblat' }, candidate('TESTPERSON XENDRIK'), defaultAlgorithm(undefined, synthetic));
  assert.equal(r.match, true);
  assert.match(r.explanation[0] ?? '', /zorblat≈xendrik \(equivalent spellings\)/);
  assert.match(r.explanation.at(-1) ?? '', /^ariadne-name-v6: /);
});

test('the shipped table is the default: Yelena and Elena are one name', () => {
  const r = score({ name: 'Yelena Testperson' }, candidate('ELENA TESTPERSON'));
  assert.equal(r.score, 0.85);
  assert.match(r.explanation[0] ?? '', /yelena≈elena \(equivalent spellings\)/);
  const without = score({ name: 'Yelena Testperson' }, candidate('ELENA TESTPERSON'), defaultAlgorithm(undefined, NO_EQUIVALENCES));
  assert.ok(without.score < r.score);
});

test('blocking keys names under the canonical spelling, so an equivalent spelling is a candidate', () => {
  const entities = [{ id: 'syn-1', schema: 'Person', properties: { name: ['Xendrik'] } }];
  const withTable = buildIndex([{ list: 'synthetic', entities }], { equivalences: synthetic });
  const found = screenQuery(withTable, { id: 'q', name: 'Zorblat' }).matches;
  assert.equal(found[0]?.entry, 'syn-1');
  assert.equal(found[0]?.match, true);
  const withoutTable = buildIndex([{ list: 'synthetic', entities }], { equivalences: NO_EQUIVALENCES });
  assert.deepEqual(screenQuery(withoutTable, { id: 'q', name: 'Zorblat' }).matches, []);
  // the index's own algorithm compares by the same table, so index and plain scores agree
  assert.equal(found[0]?.score, score({ name: 'Zorblat' }, candidate('Xendrik'), withTable.algorithm).score);
});

test('an Arabic-script name meets the Persian-reading Latin spelling, in scoring and blocking', () => {
  assert.equal(nameScore(prepareName('فضل رحيم'), prepareName('Fazl Rahim')), 1);
  assert.equal(nameScore(prepareName('نور محمد ثاقب'), prepareName('Noor Mohammad Saqib')), 1);
  const r = score({ name: 'ثاقب' }, candidate('SAQIB'));
  assert.match(r.explanation[0] ?? '', /\(spelling, Persian reading\)/);
  const entities = [{ id: 'syn-2', schema: 'Person', properties: { name: ['Fazl Testperson Saqib'] } }];
  const index = buildIndex([{ list: 'synthetic', entities }]);
  assert.equal(screenQuery(index, { id: 'q', name: 'فضل ثاقب' }).matches[0]?.entry, 'syn-2');
});

test('a final ح meets a Latin spelling ending in a vowel and h', () => {
  assert.ok(nameScore(prepareName('صالح قاسمي'), prepareName('Salah Gasmi')) >= 0.9);
});

test('a name written in two scripts at once is compared by its Latin rendering', () => {
  assert.equal(nameScore(prepareName('Testperson Hassan Asiri (تست حسن عسيري)'), prepareName('TESTPERSON HASSAN ASIRI')), 1);
  assert.equal(nameScore(prepareName('Synthetic Front (هيئة تست (original script)'), prepareName('Synthetic Front')), 1);
  assert.equal(prepareName('Testperson (تست)').unvowelled, false);
});

test('the sanctions jaroWinkler is the names one', () => {
  assert.equal(jaroWinkler, namesJaroWinkler);
});
