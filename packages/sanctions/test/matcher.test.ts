// The explainable matcher on its own: token alignment, weak aliases, dates, nationality, gender.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ALGORITHM, jaroWinkler, score, type MatchCandidate } from '../src/index.ts';

const listed: MatchCandidate = { name: 'SYNTHETIC WITNESS ALPHA', weak: false, birthDates: ['1970-01-02'], nationalities: ['eg'], genders: ['male'] };

test('Jaro-Winkler gives the textbook values', () => {
  assert.equal(jaroWinkler('martha', 'martha'), 1);
  assert.equal(Number(jaroWinkler('martha', 'marhta').toFixed(4)), 0.9611);
  assert.equal(jaroWinkler('', 'x'), 0);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
});

test('a reordered name matches and the explanation names the aligned tokens', () => {
  const r = score({ name: 'Alpha Witness Synthetic' }, listed);
  assert.equal(r.match, true);
  assert.match(r.explanation[0] ?? '', /synthetic~synthetic.*witness~witness|witness~witness.*synthetic~synthetic/);
  assert.match(r.explanation.at(-1) ?? '', /^ariadne-name-v6: /);
});

test('a weak alias scores lower than the same name as a strong alias', () => {
  const strong = score({ name: 'Synthetic Witness Alpha' }, listed);
  const weak = score({ name: 'Synthetic Witness Alpha' }, { ...listed, weak: true });
  assert.ok(weak.score < strong.score);
  assert.match(weak.explanation[0] ?? '', /^weak alias: /);
});

test('birth date, nationality and gender move the score both ways', () => {
  const base = score({ name: 'Synthetic Witness Alpha' }, listed).score;
  assert.ok(score({ name: 'Synthetic Witness Alpha', birthDate: '1970-01-02' }, listed).score > score({ name: 'Synthetic Witness Alpha', birthDate: '1970' }, listed).score);
  assert.ok(score({ name: 'Synthetic Witness Alpha', birthDate: '1970' }, listed).score > base);
  assert.ok(score({ name: 'Synthetic Witness Alpha', birthDate: '1985-05-05' }, listed).score < base);
  assert.ok(score({ name: 'Synthetic Witness Alpha', nationality: 'EG' }, listed).score > base);
  const female = score({ name: 'Synthetic Witness Alpha', gender: 'female' }, listed);
  assert.ok(female.score < base);
  assert.ok(female.explanation.some((l) => l.startsWith('gender: female contradicts')));
});

test('hostile names score 0 without throwing', () => {
  for (const name of ['', '   ', '1234567890', '\u202e\u0000', 'x'.repeat(1_000_000), 'ab '.repeat(300_000)]) {
    const r = score({ name }, listed, DEFAULT_ALGORITHM);
    assert.ok(r.score >= 0 && r.score <= 1);
    assert.equal(r.match, false);
  }
});
