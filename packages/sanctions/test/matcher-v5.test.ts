// ariadne-name-v5: a listed name found whole in the query, compounds apart, glued articles, the
// "j" reading of Korean "ch", legal forms as no evidence, fewer loose key matches, and the
// blocking that finds such candidates. Synthetic names throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { buildIndex, DEFAULT_ALGORITHM, nameScore, prepareName, score, screenQuery, type MatchCandidate } from '../src/index.ts';
import { joinedToken, nisbaDiffers } from '../src/matcher.ts';
import { nameTokens } from '@ariadne/names';

const listed = (name: string): MatchCandidate => ({ name, weak: false, birthDates: [], nationalities: [], genders: [] });
const names = (s: string) => nameScore(prepareName(s), prepareName(s));
const sim = (q: string, c: string) => nameScore(prepareName(q), prepareName(c));
const person = (id: string, ...n: string[]): EntityData => ({ id, schema: 'Person', properties: { name: [n[0]!], ...(n.length > 1 ? { alias: n.slice(1) } : {}) } });

test('the threshold is v5\'s', () => {
  assert.equal(DEFAULT_ALGORITHM.threshold, 0.75);
  assert.equal(names('Testperson Zorvath'), 1);
});

test('a listed name of two parts found whole in the query scores as a query found whole in a listed name', () => {
  const threshold = DEFAULT_ALGORITHM.threshold;
  // a middle name the list lacks costs as a listed middle name the query lacks
  const extra = score({ name: 'Testperson Quillonar Zorvath' }, listed('Testperson Zorvath'));
  const dropped = score({ name: 'Testperson Zorvath' }, listed('Testperson Quillonar Zorvath'));
  assert.ok(extra.score >= threshold, `${extra.score}`);
  assert.ok(Math.abs(extra.score - dropped.score) < 1e-9);
  assert.match(extra.explanation[0] ?? '', /the listed name found whole in the query/);
  // a one-part listed name, or one that is a small share of a long query, is not "found whole"
  assert.ok(score({ name: 'Testperson Zorvath' }, listed('Zorvath')).score < threshold);
  assert.ok(score({ name: 'Quillonar Testperson Zorvath Bramwellin Ostrakova' }, listed('Testperson Zorvath')).score < threshold);
  // nor is "Khairullah" two parts of its own because it splits as khair + allah
  assert.ok(sim('Zorvullah Quillonar', 'Zorvullah') < 0.85);
});

test('a compound meets its part after the head, with the head apart, shared or missing', () => {
  // "Fatah Abdul" reordered from "Abdul Fatah": the head aligns with the lone abd
  assert.equal(sim('Qudsyntha Zorvah Abdul', 'Qudsyntha, Abdul Zorvah'), 1);
  const r = score({ name: 'Abdul Yasynth' }, listed('Yasynth, Abdul Zorvah'));
  assert.match(r.explanation[0] ?? '', /abd-yasynth~yasynth \(spelling, part after abd; head shared with abd-zorvah\)/);
  assert.ok(r.score >= DEFAULT_ALGORITHM.threshold, `${r.score}`);
  // with no head at all the compound loses part of its weight
  assert.ok(sim('Zorvah Testperson', 'Abdul Zorvah Testperson') < 1);
  assert.ok(sim('Zorvah Testperson', 'Abdul Zorvah Testperson') > 0.9);
});

test('an article written glued meets the part alone, counted whole', () => {
  assert.equal(sim('Testperson Alzorvani', 'Testperson al-Zorvani'), 1);
  assert.equal(sim('Testperson Essabrov', 'Testperson as-Sabrov'), 1);
  assert.match(score({ name: 'Testperson Alzorvani' }, listed('Testperson al-Zorvani')).explanation[0] ?? '', /alzorvani~zorvani \(spelling, article written glued\)/);
});

test('Korean "ch" meets its "j" romanisation, as a phonetic match', () => {
  const r = score({ name: 'Cho Chong Testperson' }, listed('Jo Jong Testperson'));
  assert.match(r.explanation[0] ?? '', /cho~jo \(initial ch written j, another romanisation\)/);
  assert.ok(r.score >= DEFAULT_ALGORITHM.threshold);
  // only when it gives the other spelling exactly
  assert.ok(sim('Chun Testperson', 'Juan Testperson') < 0.9);
});

test("organisations' legal forms are no evidence either way", () => {
  assert.equal(sim('Zorvath Shipping Company Limited', 'Zorvath Shipping Co'), 1);
  assert.equal(sim('Zorvath SHPG Co', 'Zorvath Shipping Company'), 1);
  assert.equal(sim('Zorvath Anstalt', 'Zorvath Establishment'), 1);
});

test('a key shared by spellings far apart is weaker evidence; letter families are not far apart', () => {
  // Hassan and Hsien share "hsn", Mahmud and Mohammad "mhmd"
  assert.match(score({ name: 'Testperson Hsien' }, listed('Testperson Hassan')).explanation[0] ?? '', /hsien~hassan \(spelling key, spelt apart\)/);
  assert.ok(sim('Testperson Hsien', 'Testperson Hassan') < 1);
  // Qasim and Kassem are as far apart as the keys unify (q/k, double s)
  assert.equal(sim('Testperson Qasim', 'Testperson Kassem'), 1);
  // a phonetic code alone between spellings far apart
  assert.match(score({ name: 'Testperson Grein' }, listed('Testperson Karen')).explanation[0] ?? '', /grein~karen \(phonetic, spelt apart\)/);
});

test('a nisba -i against none is compared by spelling', () => {
  assert.equal(nisbaDiffers('husseini', 'hussein'), true);
  assert.equal(nisbaDiffers('mhmdi', 'muhammad'), true);
  assert.equal(nisbaDiffers('zawahiri', 'zawahry'), false);
  assert.equal(nisbaDiffers('hani', 'hany'), false);
  assert.ok(sim('Testperson Husseini', 'Testperson Hassan') < 0.8);
  assert.ok(sim('حسين محمدی', 'Hussein Muhammad') < 1);
  assert.equal(sim('Testperson Zawahri', 'Testperson Zawahiri'), 1);
});

test('the divine name meets only itself', () => {
  // "allah" and "ali" share the short key "al"
  assert.ok(sim('Zorvath Ali', 'Zorvath Allah') < 0.8);
  assert.equal(sim('Zorv Ullah Testperson', 'Zorvullah Testperson'), 1);
});

test('two Latin parts read as one only when their keys run on in the word and it is spelt alike', () => {
  const [salim] = nameTokens('Salim');
  const [wei] = nameTokens('Wei');
  assert.equal(joinedToken(salim!, wei!).key, '');
  assert.ok(sim('Salim Wei', 'Salimi') < 0.75);
  assert.equal(sim('Testperson Akhund Zada', 'Testperson Akhundzada'), 1);
  // the final h of "Allah" and the w of "Won" as a word keeps and drops them
  const [allah] = nameTokens('Allah');
  const [dad] = nameTokens('Dad');
  assert.notEqual(joinedToken(allah!, dad!).key, '');
  const [yong] = nameTokens('Yong');
  const [won] = nameTokens('Won');
  assert.equal(joinedToken(yong!, won!).key, nameTokens('Yongwon')[0]?.key);
});

test('screening finds short-part typos, first-letter typos and repeated keys through blocking', () => {
  const index = buildIndex([{
    list: 'synthetic',
    entities: [
      person('syn-1', 'Ruba Zorvathini'), person('syn-2', 'Gomez Quillonar'), person('syn-3', 'Zammadi, Zamid Yusrov'),
      person('syn-4', 'Nusrov Imamovitch'), person('syn-5', 'Abdul Zorvah Qudsyntha'), person('syn-6', 'Korvana Shipping Co'),
      ...Array.from({ length: 30 }, (_, i) => person(`filler-${i}`, `Testperson${String.fromCharCode(97 + (i % 26))} Filler${i}`)),
    ],
  }]);
  const top = (q: string) => screenQuery(index, { id: 'q', name: q }).matches[0];
  assert.equal(top('Rua Zorvathini')?.entry, 'syn-1'); // a letter dropped from a three-letter part
  assert.equal(top('Nomez Quillonar')?.entry, 'syn-2'); // the first letter changed
  assert.equal(top('Zamid Al-Zammadi')?.entry, 'syn-3'); // two parts with one key ("zmd")
  assert.equal(top('Nusrov Sulejmanovic Imamovitch')?.entry, 'syn-4'); // the listed name found whole
  assert.equal(top('Qudsyntha Zorvah Abdul')?.entry, 'syn-5'); // a compound's parts apart
  assert.equal(top('Korvana Shipping Company Limited')?.entry, 'syn-6');
  for (const q of ['Rua Zorvathini', 'Nusrov Sulejmanovic Imamovitch', 'Qudsyntha Zorvah Abdul', 'Korvana Shipping Company Limited']) {
    const m = top(q)!;
    assert.ok(m.match, q);
    // the index path scores as the plain matcher does
    assert.equal(m.score, score({ name: q }, listed(m.name), index.algorithm).score, q);
  }
  // and queries named like object properties screen without error
  for (const q of ['constructor', '__proto__ Zorvathini', 'toString Company']) assert.doesNotThrow(() => screenQuery(index, { id: 'q', name: q }), q);
});
