// ariadne-name-v4: a typing slip in a long name part costs little, and a shared phonetic code
// alone no longer pairs spellings that are far apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { buildIndex, score, screenQuery, type MatchCandidate } from '../src/index.ts';
import { oneSlipApart } from '../src/matcher.ts';

const listed = (name: string): MatchCandidate => ({ name, weak: false, birthDates: [], nationalities: [], genders: [] });

test('one slip apart: one letter inserted, dropped, changed, or two neighbours swapped', () => {
  assert.equal(oneSlipApart('grenvalde', 'grenvlade'), true); // swapped
  assert.equal(oneSlipApart('grenvalde', 'grenvaldxe'), true); // inserted
  assert.equal(oneSlipApart('grenvalde', 'grenvade'), true); // dropped
  assert.equal(oneSlipApart('grenvalde', 'grenvaxde'), true); // changed
  assert.equal(oneSlipApart('xgrenvalde', 'grenvalde'), true); // dropped at the start
  assert.equal(oneSlipApart('grenvalde', 'grenvalde'), false); // not a slip: the same
  assert.equal(oneSlipApart('grenvalde', 'grxnvaxde'), false); // two slips
  assert.equal(oneSlipApart('grenvalde', 'grenvaldexx'), false);
  assert.equal(oneSlipApart('zorbal', 'zorbla'), true);
  assert.equal(oneSlipApart('zorba', 'zorbo'), false); // under six letters a slip is not believed
});

test('a slip in a long name part is explained and still matches', () => {
  const r = score({ name: 'Testperson Grenvakde' }, listed('Testperson Grenvalde'));
  assert.equal(r.match, true);
  assert.match(r.explanation[0] ?? '', /grenvakde~grenvalde \(one slip apart\)/);
  assert.match(r.explanation.at(-1) ?? '', /^ariadne-name-v6: /);
  // two slips (a and l both changed) fall back to Jaro-Winkler, scaled down
  const two = score({ name: 'Testperson Grenvbkde' }, listed('Testperson Grenvalde'));
  assert.ok(two.score < r.score);
  assert.doesNotMatch(two.explanation[0] ?? '', /one slip apart/);
});

test('a shared phonetic code does not pair spellings far apart', () => {
  // natallia and nedal share the phonetic code NTL, but Jaro-Winkler puts them 0.65 apart
  const r = score({ name: 'Natallia Synthetica' }, listed('Nedal Synthetica'));
  assert.doesNotMatch(r.explanation[0] ?? '', /natallia~nedal/);
  assert.equal(r.match, false);
});

test('screening flags a listed name with a slip in a long part', () => {
  const entities: EntityData[] = [
    { id: 'synthetic-person', schema: 'Person', properties: { name: ['Testperson Grenvalde'] } },
    { id: 'synthetic-other', schema: 'Organization', properties: { name: ['Synthetic Trading LLC'] } },
  ];
  const index = buildIndex([{ list: 'synthetic', entities, entryOf: (e) => e.id }]);
  const [first, ...rest] = screenQuery(index, { id: 'q-1', name: 'Testperson Grenvakde' }).matches;
  assert.equal(first?.entry, 'synthetic-person');
  assert.equal(first.match, true);
  assert.match(first.explanation[0] ?? '', /one slip apart/);
  assert.deepEqual(rest, []);
});
