// ariadne-name-v6: swapped letters in short parts, initials, organisation names translated word
// for word, and blocking that finds a name whose long part has one typing slip. Synthetic names
// throughout (the organisation words are ordinary vocabulary).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { buildIndex, DEFAULT_ALGORITHM, nameScore, prepareName, score, screenQuery, type MatchCandidate } from '../src/index.ts';
import { oneSlipApart, swappedNeighbours } from '../src/matcher.ts';
import { nameTokens, withOrganisationWords } from '@ariadne/names';

const listed = (name: string): MatchCandidate => ({ name, weak: false, birthDates: [], nationalities: [], genders: [] });
const sim = (q: string, c: string) => nameScore(prepareName(q), prepareName(c));
const person = (id: string, name: string): EntityData => ({ id, schema: 'Person', properties: { name: [name] } });
const organisation = (id: string, ...n: string[]): EntityData => ({ id, schema: 'Organization', properties: { name: [n[0]!], ...(n.length > 1 ? { alias: n.slice(1) } : {}) } });
const threshold = DEFAULT_ALGORITHM.threshold;

test('the version is v6', () => {
  assert.equal(DEFAULT_ALGORITHM.version, 'ariadne-name-v6');
});

test('two neighbours swapped are a slip in short Latin parts; other slips need six letters', () => {
  assert.ok(swappedNeighbours('sko', 'sok'));
  assert.ok(swappedNeighbours('afiz', 'faiz'));
  assert.ok(!swappedNeighbours('sok', 'sok'));
  assert.ok(!swappedNeighbours('abc', 'cba'));
  assert.ok(oneSlipApart('sko', 'sok'));
  // a changed letter in a five-letter part is not believed a slip (Karim / Karin)
  assert.ok(!oneSlipApart('karim', 'karin'));
  // nor a swap between romanised Arabic-script skeletons, which have no written vowels to swap
  assert.ok(!oneSlipApart('azhr', 'zahr', false));
  const r = score({ name: 'Afiz Zorvath' }, listed('Faiz Zorvath'));
  assert.match(r.explanation[0] ?? '', /afiz~faiz \(two letters swapped\)/);
  assert.ok(r.score >= threshold, `${r.score}`);
});

test('an initial meets the part it begins, and says little on its own', () => {
  const r = score({ name: 'Testperson Q. Zorvath' }, listed('Testperson Quillonar Zorvath'));
  assert.match(r.explanation[0] ?? '', /q~quillonar \(initial\)/);
  assert.ok(r.score >= threshold, `${r.score}`);
  // a different initial does not
  assert.ok(sim('Testperson B. Zorvath', 'Testperson Quillonar Zorvath') < sim('Testperson Q. Zorvath', 'Testperson Quillonar Zorvath'));
  // two initials and nothing else are no match for a name they begin
  assert.ok(score({ name: 'T. Z.' }, listed('Testperson Zorvath')).score < threshold);
});

test('organisation words meet their translations and transliterations', () => {
  const arabic = 'الجماعة الاسلامية المقاتلة الزورفية';
  assert.equal(sim('Zorvian Islamic Fighting Group', 'Zorvian Islamic Fighting Group'), 1);
  const r = score({ name: 'Groupe Islamique Combattant Zorvien' }, listed('Zorvien Islamic Fighting Group'));
  assert.match(r.explanation[0] ?? '', /combattant≈fighting \(equivalent spellings\)/);
  assert.ok(r.score >= threshold, `${r.score}`);
  // Arabic script against the English name: every word but the name itself is vocabulary
  const words = nameTokens(arabic).map((t) => t.text);
  const table = withOrganisationWords(new Map());
  assert.deepEqual(words.slice(0, 3).map((w) => table.get(w)), ['org:group', 'org:islamic', 'org:fighting']);
  // a word already in a mined table takes its whole mined group along
  const mined = withOrganisationWords(new Map([['jamaat', 'jamat'], ['jamat', 'jamat'], ['jamaatt', 'jamat']]));
  assert.equal(mined.get('jamaatt'), 'org:group');
  // the vocabulary never makes two different organisations equal
  assert.ok(sim('Zorvian Islamic Army', 'Quillonese Islamic Army') < threshold);
});

test('Arabic: "for the" is an article, and a word ending like the divine name is not split', () => {
  assert.deepEqual(nameTokens('مكتب زورفا للصرافة').map((t) => t.text), ['mktb', 'zurfa', 'srafa']);
  assert.deepEqual(nameTokens('Al-Musallah').map((t) => t.text), ['musallah']);
  assert.deepEqual(nameTokens('Zorvullah').map((t) => t.text), ['zorv', 'allah']);
  // French connectives are no evidence either way
  assert.deepEqual(nameTokens('Mouvement pour la Zorvie et du Quillon').filter((t) => t.role === 'name').map((t) => t.text), ['mouvement', 'la', 'zorvie', 'quillon']);
});

test('the index finds a name whose long part has one typing slip, whatever its spelling key', () => {
  const index = buildIndex([{
    list: 'test',
    entities: [
      person('p1', 'Quvonor Zorvakhun'),
      person('p2', 'Testperson Barech'),
      person('p3', 'Ollivander Quist'),
      organisation('o1', 'Zorvian Islamic Fighting Group', 'الجماعة الاسلامية المقاتلة الزورفية'),
    ],
  }]);
  // x keys as "ks": two key letters off, found through the vocabulary's deletions
  const govorux = screenQuery(index, { id: 'q1', name: 'Quvonor Zorvakhux' });
  assert.equal(govorux.matches[0]?.entry, 'p1');
  assert.ok(govorux.matches[0]!.match);
  // a final h the key drops ("Bareh" keys "br", "Barech" "brch")
  const bareh = screenQuery(index, { id: 'q2', name: 'Testperson Bareh' });
  assert.equal(bareh.matches[0]?.entry, 'p2');
  assert.ok(bareh.matches[0]!.match);
  // translated word for word
  const translated = screenQuery(index, { id: 'q3', name: 'Groupe Islamique Combattant Zorvien' });
  assert.equal(translated.matches[0]?.entry, 'o1');
  assert.ok(translated.matches[0]!.match);
  // a made-up name one slip from nothing listed finds nothing
  assert.deepEqual(screenQuery(index, { id: 'q4', name: 'Hallvard Brennstok' }).matches.filter((m) => m.match), []);
});
