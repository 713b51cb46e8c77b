// Mining a name-equivalence table from the lists' own name pairs, its guards, its file format,
// and the committed table. Real pairs come from the UN list (test/fixtures/un-original-script-pairs.tsv
// and packages/sanctions/test/fixtures/un-consolidated-extract.xml, QDi.001).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  alignNames, EQUIVALENCES_URL, EquivalenceTableError, equivalenceIndex, MAX_NAMES_PER_DESIGNATION, minePairs, mineEquivalences,
  namesOfSubject, parseEquivalenceTable, serialiseEquivalenceTable, spellingSimilarity, TABLE_LIMITS, validateEquivalenceTable,
  type DesignationNames, type EquivalenceTable,
} from '../src/equivalences.ts';

// QDi.001 as the UN parser gives it (name, Good and Low aliases, the original-script note)
const QDI_001 = {
  name: ['MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE'],
  alias: ['Sayf-Al Adl', 'Muhamad Ibrahim Makkawi', 'محمد صلاح الدين عبدالحليم زيدان'],
  weakAlias: ['Ibrahim al-Madani', "Saif Al-'Adil", 'Seif al Adel'],
  notes: ['Name in original script (Arabic): محمد صلاح الدين عبدالحليم زيدان'],
};

// Real UN rows: the name in original script with the list's Latin name.
const UN_ROWS: [string, string][] = readFileSync(new URL('fixtures/un-original-script-pairs.tsv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split('\t')).map((c) => [c[3]!, c[4]!]);
const row = (latin: string): DesignationNames => {
  const found = UN_ROWS.find(([, l]) => l === latin);
  assert.ok(found, latin);
  return { names: [found[1]], originalScript: [found[0]] };
};

test('namesOfSubject keeps strong Latin names and the original script, not weak aliases', () => {
  const d = namesOfSubject(QDI_001);
  assert.deepEqual(d.names, ['MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE', 'Sayf-Al Adl', 'Muhamad Ibrahim Makkawi']);
  assert.deepEqual(d.originalScript, ['محمد صلاح الدين عبدالحليم زيدان', 'محمد صلاح الدين عبدالحليم زيدان']);
  assert.deepEqual(namesOfSubject({}), { names: [], originalScript: [] });
});

test('minePairs pairs Latin names with each other and the original script with each Latin name, once', () => {
  const pairs = minePairs([namesOfSubject(QDI_001)]);
  // 3 Latin names → 3 Latin pairs; the original script (repeated in the note) once × 3
  assert.equal(pairs.filter((p) => p.kind === 'latin').length, 3);
  assert.deepEqual(pairs.filter((p) => p.kind === 'original-script').map((p) => p.a), namesOfSubject(QDI_001).names);
  assert.ok(pairs.every((p) => p.designation === 0));
});

test('minePairs skips over-long and empty names and caps the names of one designation', () => {
  const many = Array.from({ length: 100 }, (_, i) => `Testperson Alpha${'x'.repeat(i)}`);
  const pairs = minePairs([{ names: ['', '  ', 'Synthetic '.repeat(1_000_000), ...many], originalScript: ['\u202E'] }]);
  assert.equal(pairs.length, (MAX_NAMES_PER_DESIGNATION * (MAX_NAMES_PER_DESIGNATION - 1)) / 2);
});

test('alignNames lines up the parts of QDi.001 across scripts', () => {
  const aligned = alignNames('MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE', 'محمد صلاح الدين عبدالحليم زيدان', true).map(([x, y]) => `${x.text}=${y.text}`);
  assert.ok(aligned.includes('mohammed=mhmd'), aligned.join(' '));
  assert.ok(aligned.includes('zidane=zidan'), aligned.join(' '));
  assert.ok(aligned.includes('abd-halim=abd-hlim'), aligned.join(' '));
});

test('the original script bridges Latin spellings across designations (Mohammed ~ Muhammad via محمد)', () => {
  const designations = [
    namesOfSubject(QDI_001),
    row('MUHAMMAD HAMZA ZUBAIDI'), row('HAMZA USAMA MUHAMMAD BIN LADEN'),
    row('Mohammed Al Amin Al-Arabi Kashlaf'), row('SAYYED MOHAMMED HAQQANI'),
  ];
  const table = mineEquivalences(minePairs(designations), { minSupport: 2 });
  const muhammad = table.groups.find((g) => g.canonical === 'muhammad' || g.variants.includes('muhammad'));
  assert.ok(muhammad, JSON.stringify(table.groups));
  assert.deepEqual([muhammad.canonical, ...muhammad.variants].sort(), ['mohammed', 'muhammad']);
  assert.equal(muhammad.support, 5);
  // the Arabic skeleton is a bridge, never a spelling in the table
  assert.ok(table.groups.every((g) => !g.variants.includes('mhmd') && g.canonical !== 'mhmd'));
});

test('minSupport drops equivalences seen in too few designations', () => {
  const designations = [row('MUHAMMAD HAMZA ZUBAIDI'), row('SAYYED MOHAMMED HAQQANI')];
  const pairs = minePairs(designations);
  assert.equal(mineEquivalences(pairs, { minSupport: 1 }).groups.length, 1);
  assert.deepEqual(mineEquivalences(pairs).groups, []); // default 2: each spelling seen once
  assert.throws(() => mineEquivalences(pairs, { minSupport: 0 }), RangeError);
  // pairs of one designation count once: the same variant in three aliases is support 1
  const one = minePairs([{ names: ['Testperson Yusuf', 'Testperson Yousef', 'Testperson Youssef Alpha'], originalScript: [] }]);
  assert.equal(mineEquivalences(one, { minSupport: 1 }).groups[0]?.support, 1);
  assert.deepEqual(mineEquivalences(one, { minSupport: 2 }).groups, []);
});

test('the guard refuses bad alignments: prefix look-alikes, other names, shared compound heads', () => {
  const repeated = (a: string, b: string): DesignationNames[] => Array.from({ length: 5 }, () => ({ names: [a, b], originalScript: [] }));
  const mined = (a: string, b: string) => mineEquivalences(minePairs(repeated(a, b)), { minSupport: 2 }).groups;
  assert.deepEqual(mined('Testperson Khalid', 'Testperson Khan'), []);
  assert.deepEqual(mined('Testperson Akhtar', 'Testperson Akhtarabad'), []);
  assert.deepEqual(mined('Abd al-Rahman Synthetic', 'Abdallah Synthetic'), []);
  assert.deepEqual(mined('Synthetic Omar', 'Synthetic Bakr'), []);
  assert.deepEqual(mined('Synthetic Yusuf', 'Synthetic Youssef').map((g) => [g.canonical, ...g.variants].sort()), [['youssef', 'yusuf']]);
  assert.ok(spellingSimilarity('abd-rahman', 'abd-allah') < 0.8);
});

test('one misaligned bridge does not join two names (Hassan and Hussein stay apart)', () => {
  const designations: DesignationNames[] = [
    ...Array.from({ length: 3 }, () => ({ names: ['Synthetic Hassan'], originalScript: ['حسن'] })),
    ...Array.from({ length: 3 }, () => ({ names: ['Synthetic Hasan'], originalScript: ['حسن'] })),
    // a mis-transcription, seen twice
    ...Array.from({ length: 2 }, () => ({ names: ['Synthetic Hussein'], originalScript: ['حسن'] })),
    ...Array.from({ length: 3 }, () => ({ names: ['Synthetic Husayn'], originalScript: ['حسين'] })),
    ...Array.from({ length: 3 }, () => ({ names: ['Synthetic Hussein'], originalScript: ['حسين'] })),
  ];
  const groups = mineEquivalences(minePairs(designations)).groups.map((g) => [g.canonical, ...g.variants].sort());
  assert.deepEqual(groups, [['hasan', 'hassan'], ['husayn', 'hussein']]);
});

test('mining is deterministic: input order does not change the table', () => {
  const designations = [namesOfSubject(QDI_001), ...UN_ROWS.map(([o, l]) => ({ names: [l], originalScript: [o] }))];
  const forward = serialiseEquivalenceTable(mineEquivalences(minePairs(designations), { minSupport: 1 }));
  const backward = serialiseEquivalenceTable(mineEquivalences(minePairs([...designations].reverse()), { minSupport: 1 }));
  assert.equal(forward, backward);
  const table = parseEquivalenceTable(forward);
  assert.deepEqual(table.groups.map((g) => g.canonical), table.groups.map((g) => g.canonical).sort());
  for (const g of table.groups) assert.deepEqual(g.variants, [...g.variants].sort());
});

test('hostile names are mined without error and give nothing', () => {
  const hostile = ['', '12345', '\u202E\u2066\u200B', 'a\uD800b', 'x'.repeat(1_000_000), '<script>alert(1)</script>', 'Ø'.repeat(299)];
  const table = mineEquivalences(minePairs([{ names: hostile, originalScript: hostile }, { names: hostile, originalScript: hostile }]));
  assert.deepEqual(table.groups, []);
});

const SMALL: EquivalenceTable = {
  version: 1,
  source: 'synthetic',
  groups: [{ canonical: 'muhammad', variants: ['mohamed', 'mohammed'], support: 3 }, { canonical: 'yusuf', variants: ['youssef'], support: 2 }],
};

test('equivalenceIndex maps every spelling to its canonical one', () => {
  const canonical = equivalenceIndex(SMALL);
  assert.equal(canonical('mohammed'), 'muhammad');
  assert.equal(canonical('muhammad'), 'muhammad');
  assert.equal(canonical('Youssef'), 'yusuf'); // folded to token form
  assert.equal(canonical('synthetic'), undefined);
  assert.equal(canonical('x'.repeat(1_000_000)), undefined);
});

test('a table round-trips through its JSON, one group per line', () => {
  const text = serialiseEquivalenceTable(SMALL);
  assert.deepEqual(parseEquivalenceTable(text), SMALL);
  assert.equal(text.split('\n').filter((l) => l.includes('"canonical"')).length, 2);
});

test('malformed and hostile tables are refused with a clear error', () => {
  const refuse = (text: string, pattern: RegExp) => assert.throws(() => parseEquivalenceTable(text), (e: unknown) => e instanceof EquivalenceTableError && pattern.test(e.message));
  const withGroups = (groups: unknown) => JSON.stringify({ version: 1, source: 's', groups });
  refuse('{"version": 1, "groups": [', /not JSON/);
  refuse('[]', /not an object/);
  refuse('null', /not an object/);
  refuse(JSON.stringify({ version: 2, source: 's', groups: [] }), /unsupported version 2/);
  refuse(JSON.stringify({ version: 1, groups: [] }), /missing field "source"/);
  refuse(JSON.stringify({ version: 1, source: 's', groups: [], extra: 1 }), /unknown field "extra"/);
  refuse('{"version": 1, "source": "s", "groups": [], "__proto__": {"polluted": true}}', /unknown field "__proto__"/);
  refuse(JSON.stringify({ version: 1, source: 'x'.repeat(5000), groups: [] }), /source must be text/);
  refuse(withGroups({}), /groups must be an array/);
  refuse(withGroups([42]), /group 1: not an object/);
  refuse(withGroups([{ canonical: 'Muhammad', variants: ['mohammed'], support: 1 }]), /group 1 canonical: a spelling must be/);
  refuse(withGroups([{ canonical: 'a', variants: ['<script>'], support: 1 }]), /group 1 variant 1/);
  refuse(withGroups([{ canonical: 'a', variants: ['b'.repeat(65)], support: 1 }]), /variant 1/);
  refuse(withGroups([{ canonical: 'a', variants: [], support: 1 }]), /variants must be an array of 1/);
  refuse(withGroups([{ canonical: 'a', variants: ['b'], support: 0 }]), /support must be a whole number/);
  refuse(withGroups([{ canonical: 'a', variants: ['b'], support: 1.5 }]), /support/);
  refuse(withGroups([{ canonical: 'a', variants: ['b'], support: '3' }]), /support/);
  refuse(withGroups([{ canonical: 'a', variants: ['b', 'b'], support: 1 }]), /"b" is listed twice/);
  refuse(withGroups([{ canonical: 'a', variants: ['a'], support: 1 }]), /"a" is listed twice/);
  refuse(withGroups([{ canonical: 'a', variants: ['b'], support: 1 }, { canonical: 'c', variants: ['b'], support: 1 }]), /"b" is in group 1 and group 2/);
  refuse(withGroups(Array.from({ length: TABLE_LIMITS.groups + 1 }, (_, i) => ({ canonical: `a${i}`, variants: [`b${i}`], support: 1 }))), /more than the 100000 allowed|characters, more than/);
  refuse(' '.repeat(TABLE_LIMITS.chars + 1), /characters, more than the/);
  assert.throws(() => serialiseEquivalenceTable({ ...SMALL, groups: [{ canonical: 'a', variants: ['a'], support: 1 }] }), EquivalenceTableError);
  assert.throws(() => validateEquivalenceTable({ version: 1, source: 's', groups: [{ canonical: 'a', variants: ['b'], support: 1, x: 1 }] }), /group 1: unknown field "x"/);
});

test('the committed table loads and holds the Muhammad, Hussein and Yusuf spelling families', () => {
  const table = parseEquivalenceTable(readFileSync(EQUIVALENCES_URL, 'utf8'));
  assert.ok(table.groups.length > 200, `${table.groups.length} groups`);
  assert.match(table.source, /UN_consolidated\.xml/);
  const canonical = equivalenceIndex(table);
  for (const s of ['mohammed', 'mohamed', 'mohammad', 'muhammed']) assert.equal(canonical(s), 'muhammad', s);
  assert.equal(canonical('husayn'), canonical('hussain'));
  assert.equal(canonical('youssef'), canonical('yusuf'));
  assert.equal(canonical('ahmed'), canonical('ahmad'));
  assert.notEqual(canonical('hassan'), canonical('hussein'));
  assert.notEqual(canonical('khalid'), canonical('khan'));
  // re-serialising gives the committed bytes: the file is in canonical form
  assert.equal(serialiseEquivalenceTable(table), readFileSync(EQUIVALENCES_URL, 'utf8'));
});
