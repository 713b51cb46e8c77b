// Duplicate proposals inside Ariadne: blocking by name keys and identifiers, scored by the
// explainable matcher, for an analyst to merge or reject. All names are synthetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseIdentifier, proposeDuplicates, type DuplicateProposal, type ResolvableEntity } from '../src/index.ts';

function person(id: string, name: string, extra: Record<string, string[]> = {}, caseId: string | null = null): ResolvableEntity {
  return { id, schema: 'Person', caseId, properties: { name: [name], ...extra } };
}

function org(id: string, name: string, schema = 'Company'): ResolvableEntity {
  return { id, schema, caseId: null, properties: { name: [name] } };
}

/**
 * A synthetic word per number (up to 400) whose spelling and phonetic keys differ from every
 * other's: consonants of distinct phonetic classes, alternating between two sets so that no
 * two neighbours collapse into one.
 */
function distinctWord(n: number): string {
  const sets = ['bdfk', 'lmnrs'];
  let s = 'Zu';
  for (let k = 0; k < 4; k++) {
    const set = sets[k % 2]!;
    s += `${set[n % set.length]}${'aeio'[k]}`;
    n = Math.floor(n / set.length);
  }
  return s;
}

const pairs = (ps: readonly DuplicateProposal[]): string[] => ps.map((p) => `${p.aId}+${p.bId}`);

test('respelled Arabic names across two imports are proposed, with the aligned spellings explained', () => {
  const importA = [
    person('import-a/1', 'Yusuf Testperson al-Qasimi'),
    person('import-a/2', 'Abd al-Rahman Syntheticov Haddad'),
    person('import-a/3', 'Husayn Examplezade'),
  ];
  const importB = [
    person('import-b/1', 'Youssef Testperson el-Kassimi'),
    person('import-b/2', 'Abdulrahman Syntheticow al-Hadad'),
    person('import-b/3', 'يوسف تستبرسون القاسمي'),
    person('import-b/4', 'Omar Unrelatedname'),
  ];
  const proposals = proposeDuplicates([...importA, ...importB]);
  assert.deepEqual(pairs(proposals).sort(), ['import-a/1+import-b/1', 'import-a/1+import-b/3', 'import-a/2+import-b/2', 'import-b/1+import-b/3']);
  const yusuf = proposals.find((p) => p.bId === 'import-b/1');
  assert.match(yusuf?.explanation[0] ?? '', /yusuf~youssef.*testperson~testperson.*qasimi~kassimi/);
  assert.match(yusuf?.explanation.at(-1) ?? '', /^ariadne-duplicates-v1\+ariadne-name-v\d+: 0\.\d{3} \(threshold 0\.\d+\)$/);
  assert.equal(yusuf?.algorithm, 'ariadne-duplicates-v1+ariadne-name-v6');
});

test('the same passport under different spellings is proposed, and the passport explains it', () => {
  const a = person('p-1', 'Yusuf Qasim Testfamilia', { passportNumber: ['X1234567'] });
  const b = person('p-2', 'Y. Kasem Testfamillya Example', { passportNumber: ['x 123-4567'] });
  // The names alone fall short of the threshold; the shared passport lifts the pair over it.
  const strip = (e: ResolvableEntity): ResolvableEntity => ({ ...e, properties: { name: e.properties.name ?? [] } });
  assert.deepEqual(proposeDuplicates([strip(a), strip(b)]), []);
  const [p, ...rest] = proposeDuplicates([a, b]);
  assert.deepEqual(rest, []);
  assert.equal(`${p?.aId}+${p?.bId}`, 'p-1+p-2');
  assert.ok(p?.explanation.includes('identifier: same passport number X1234567 [+0.300]'));
});

test('a shared identifier is found even when the names share no key', () => {
  const proposals = proposeDuplicates([
    person('v-1', 'Testperson Alpha', { passportNumber: ['QQ998877'] }),
    person('v-2', 'Alpha Testperzon', { passportNumber: ['QQ998877'] }),
    person('v-3', 'Bravo Syntheticname', { passportNumber: ['QQ998877'] }),
  ]);
  // v-3 shares the passport but not the name: the identifier alone does not make a duplicate.
  assert.deepEqual(pairs(proposals), ['v-1+v-2']);
});

test('a person and an organisation with the same name are not proposed; a LegalEntity may pair with either', () => {
  const proposals = proposeDuplicates([
    person('x-person', 'Synthetic Trading Alpha'),
    org('x-org', 'Synthetic Trading Alpha', 'Organization'),
    org('x-company', 'Synthetic Trading Alpha', 'Company'),
    org('x-vessel', 'Synthetic Trading Alpha', 'Vessel'),
  ]);
  assert.deepEqual(pairs(proposals), ['x-company+x-org']);
  const withLegal = proposeDuplicates([person('y-person', 'Synthetic Trading Alpha'), org('y-legal', 'Synthetic Trading Alpha', 'LegalEntity')]);
  assert.deepEqual(pairs(withLegal), ['y-legal+y-person']);
});

test('an excluded (already rejected) pair is not proposed again; exclude sees ids in aId < bId order', () => {
  const entities = [person('r-2', 'Testperson Charlie Delta'), person('r-1', 'Testperson Charly Delta'), person('r-3', 'Testperson Charlie Delta')];
  const asked: string[] = [];
  const proposals = proposeDuplicates(entities, {
    exclude: (a, b) => {
      asked.push(`${a}+${b}`);
      return a === 'r-1' && b === 'r-2';
    },
  });
  assert.deepEqual(pairs(proposals).sort(), ['r-1+r-3', 'r-2+r-3']);
  assert.ok(asked.includes('r-1+r-2'));
  for (const pair of asked) {
    const [a = '', b = ''] = pair.split('+');
    assert.ok(a < b, pair);
  }
});

test('a huge block is skipped, yet a pair sharing a rarer key inside it is still found', () => {
  // 60 companies share every name key: each block has 60 members.
  const crowd = Array.from({ length: 60 }, (_, i) => org(`crowd-${String(i).padStart(2, '0')}`, 'Synthetic Holding Group'));
  assert.equal(proposeDuplicates(crowd, { maxBlockSize: 50 }).length, 0);
  assert.equal(proposeDuplicates(crowd, { maxBlockSize: 60 }).length, (60 * 59) / 2);
  // Same for persons sharing a very common first name, each with a rare surname.
  const common = Array.from({ length: 250 }, (_, i) => person(`m-${String(i).padStart(3, '0')}`, `Muhammad ${distinctWord(i)}`));
  const pair = [person('m-pair-1', 'Muhammad Zorvakelian'), person('m-pair-2', 'Mohammed Zorvakelyan')];
  assert.deepEqual(pairs(proposeDuplicates([...common, ...pair])), ['m-pair-1+m-pair-2']);
});

test('cross-case pairs are proposed, carrying both cases so the caller can choose merge or link', () => {
  const [p] = proposeDuplicates([
    person('case-one/7', 'Testperson Echo Foxtrot', {}, 'case-1'),
    person('case-two/3', 'Testperson Echo Foxtrott', {}, 'case-2'),
  ]);
  assert.deepEqual([p?.aId, p?.aCaseId, p?.bId, p?.bCaseId], ['case-one/7', 'case-1', 'case-two/3', 'case-2']);
});

test('aId is always the smaller id, whatever the input order', () => {
  const [p] = proposeDuplicates([person('zz-9', 'Testperson Golf Hotel'), person('aa-1', 'Testperson Golf Hotell')]);
  assert.deepEqual([p?.aId, p?.bId], ['aa-1', 'zz-9']);
});

test('output is sorted by score, then ids, and does not depend on input order', () => {
  const entities = [
    person('o-1', 'Testperson India Juliet'),
    person('o-2', 'Testperson India Juliet'),
    person('o-3', 'Testperson Indya Juliett'),
    person('o-4', 'Testperson Kilo Lima'),
    person('o-5', 'Testperson Kilo Lima'),
    person('o-6', 'Testperson Kilo Lima', { birthDate: ['1971'] }),
    person('o-7', 'Testperson Kilo Lima', { birthDate: ['1980'] }),
  ];
  const forward = proposeDuplicates(entities);
  const backward = proposeDuplicates([...entities].reverse());
  assert.deepEqual(backward, forward);
  assert.ok(forward.length >= 5);
  for (let i = 1; i < forward.length; i++) {
    const prev = forward[i - 1]!;
    const cur = forward[i]!;
    assert.ok(prev.score > cur.score || (prev.score === cur.score && `${prev.aId}+${prev.bId}` < `${cur.aId}+${cur.bId}`), `${i}`);
  }
  // A birth-year contradiction sinks o-6 + o-7 below the threshold.
  assert.ok(!pairs(forward).includes('o-6+o-7'));
});

test('contradicting birth years and differing passports lower the score, with reasons', () => {
  const base = proposeDuplicates([person('d-1', 'Testperson Mike November'), person('d-2', 'Testperson Mike Novembre')], { threshold: 0 })[0];
  const born = proposeDuplicates([
    person('d-1', 'Testperson Mike November', { birthDate: ['1970-05-01'] }),
    person('d-2', 'Testperson Mike Novembre', { birthDate: ['1985'] }),
  ], { threshold: 0 })[0];
  const passports = proposeDuplicates([
    person('d-1', 'Testperson Mike November', { passportNumber: ['AB100200'] }),
    person('d-2', 'Testperson Mike Novembre', { passportNumber: ['CD300400'] }),
  ], { threshold: 0 })[0];
  assert.ok(base && born && passports);
  assert.ok(born.score < base.score);
  assert.ok(born.explanation.some((l) => l.startsWith('birth year: 1970 contradicts listed 1985')));
  assert.ok(passports.score < base.score);
  assert.ok(passports.explanation.includes('identifier: different passport number on record, none shared [-0.200]'));
});

test('one of several birth dates agreeing is agreement, not contradiction', () => {
  const [p] = proposeDuplicates([
    person('b-1', 'Testperson Oscar Papa', { birthDate: ['1969', '1970-01-02'] }),
    person('b-2', 'Testperson Oscar Papa', { birthDate: ['1970-01-02'] }),
  ]);
  assert.ok(p?.explanation.some((l) => l.startsWith('birth date: same date 1970-01-02')));
  assert.ok(!p?.explanation.some((l) => l.includes('contradicts')));
});

test('a pair with every kind of evidence explains itself in at most six lines', () => {
  const [p] = proposeDuplicates([
    person('e-1', 'Umar Testov Haddad', { birthDate: ['1970-01-02'], nationality: ['sy'], gender: ['male'], passportNumber: ['X1234567'], idNumber: ['ID-778899'], phone: ['+963 11 555 0101'], weakAlias: ['Abu Testov'] }),
    person('e-2', 'Omar Testow al-Hadad', { birthDate: ['1970-01-02'], nationality: ['SY'], gender: ['female'], passportNumber: ['P7000001'], idNumber: ['ID 778899'], phone: ['011 555 0101'], alias: ['Omar Testov'] }),
  ]);
  assert.ok(p);
  assert.ok(p.explanation.length <= 6);
  assert.match(p.explanation[0] ?? '', /^name: /);
  assert.ok(p.explanation.includes('identifier: same ID number ID778899; same phone 115550101 [+0.300]'));
  assert.match(p.explanation.at(-1) ?? '', /^ariadne-duplicates-v1/);
});

test('identifiers are compared in a normal form; placeholders identify nothing', () => {
  assert.equal(normaliseIdentifier('passportNumber', ' x-123 4567 '), 'X1234567');
  assert.equal(normaliseIdentifier('phone', '+44 7700 900123'), normaliseIdentifier('phone', '07700 900123'));
  assert.equal(normaliseIdentifier('idNumber', '١٢٣٤٥٦٧'), '1234567');
  assert.equal(normaliseIdentifier('imoNumber', 'IMO 9123456'), '9123456');
  assert.equal(normaliseIdentifier('email', ' Synthetic.Person@Example.ORG '), 'synthetic.person@example.org');
  for (const [kind, junk] of [['passportNumber', 'N/A'], ['passportNumber', '000000'], ['idNumber', '-'], ['phone', '123'], ['email', 'none'], ['imoNumber', '12']] as const) {
    assert.equal(normaliseIdentifier(kind, junk), undefined, `${kind} ${junk}`);
  }
  // Two persons sharing only a placeholder passport are not lifted by it.
  const proposals = proposeDuplicates([
    person('j-1', 'Testperson Quebec', { passportNumber: ['000000'] }),
    person('j-2', 'Syntheticname Romeo', { passportNumber: ['000000'] }),
  ], { threshold: 0 });
  assert.ok(proposals.every((p) => !p.explanation.some((l) => l.startsWith('identifier:'))));
});

test('hostile entities (huge names, thousands of aliases, controls, junk values, repeated ids) are handled quickly', () => {
  const started = Date.now();
  const hostile: ResolvableEntity[] = [
    person('h-1', 'Testperson '.repeat(200_000)),
    person('h-2', '\u202e\u0000\u200b'),
    person('h-3', ''),
    { id: 'h-4', schema: 'Person', caseId: null, properties: { alias: Array.from({ length: 5000 }, (_, i) => `Testperson Sierra${i}`) } },
    { id: 'h-5', schema: 'Person', caseId: null, properties: { name: [42, null, 'Testperson Sierra7'] as unknown as string[], passportNumber: ['9'.repeat(1_000_000)] } },
    { id: 'h-6', schema: 'Person', caseId: null, properties: {} },
    person('h-7', 'Testperson Tango Uniform'),
    person('h-7', 'Testperson Tango Uniform'),
    person('h-8', 'Testperson Tango\u202e Uniform'),
  ];
  const proposals = proposeDuplicates(hostile);
  assert.ok(Date.now() - started < 5000);
  assert.ok(pairs(proposals).includes('h-7+h-8'));
  assert.ok(pairs(proposals).includes('h-4+h-5'));
  assert.ok(proposals.every((p) => p.aId < p.bId && p.explanation.length <= 6 && p.score >= 0 && p.score <= 1));
  assert.deepEqual(proposeDuplicates([]), []);
});

test('20,000 synthetic entities resolve in a few seconds and the planted respellings are found', () => {
  // A seeded generator (mulberry32), so the data and the result are the same on every run.
  let seed = 42;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const consonants = [...'bdfgklmnprstvz'];
  const vowels = [...'aeiou'];
  const word = (syllables: number): string => {
    let s = '';
    for (let i = 0; i < syllables; i++) s += pick(consonants) + pick(vowels);
    return s[0]!.toUpperCase() + s.slice(1);
  };
  const given = Array.from({ length: 300 }, () => word(2));
  const entities: ResolvableEntity[] = [];
  const planted: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    // Cubed uniform: a few given names are very common, most are rare (like real name data).
    const first = given[Math.floor(given.length * random() ** 3)]!;
    const family = word(4);
    const id = `s-${String(i).padStart(5, '0')}`;
    entities.push({ id, schema: random() < 0.8 ? 'Person' : 'Company', caseId: `case-${i % 50}`, properties: { name: [`${first} ${pick(given)} ${family}`] } });
    if (i % 100 === 0) {
      // A respelling from another import: vowels changed, al- prefixed, a consonant doubled.
      const respelled = `al-${family.replace(/a/g, 'e').replace(/([bdfgklmnprstvz])/, '$1$1')} ${first}`;
      entities.push({ id: `t-${id}`, schema: entities.at(-1)!.schema, caseId: 'import-b', properties: { name: [respelled] } });
      planted.push(`${id}+t-${id}`);
    }
  }
  const started = performance.now();
  const proposals = proposeDuplicates(entities);
  const seconds = (performance.now() - started) / 1000;
  assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
  const found = new Set(pairs(proposals));
  const recall = planted.filter((p) => found.has(p)).length / planted.length;
  assert.ok(recall >= 0.95, `recall ${recall}`);
  // Random synthetic names rarely collide: proposals are about the planted pairs, not a flood.
  assert.ok(proposals.length < planted.length * 2, `${proposals.length} proposals`);
});
