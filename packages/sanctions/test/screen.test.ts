// Screening against the real UN and OFAC fixture entities: respellings, reorderings and the
// original Arabic script find the listed entry; unrelated and hostile queries find nothing.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import type { EntityData } from '@ariadne/schema';
import { buildIndex, parseOfacLegacyCsv, parseUnConsolidated, screenQuery, type ListItem, type ScreeningIndex } from '../src/index.ts';

const fixture = (name: string) => createReadStream(new URL(`./fixtures/${name}`, import.meta.url));

async function fixtureIndex(): Promise<ScreeningIndex> {
  const collect = async (items: AsyncIterable<ListItem>) => {
    const entities: EntityData[] = [];
    for await (const i of items) if ('entity' in i) entities.push(i.entity);
    return entities;
  };
  return buildIndex([
    { list: 'un-sc', entities: await collect(parseUnConsolidated(fixture('un-consolidated-extract.xml'))) },
    { list: 'ofac-sdn', entities: await collect(parseOfacLegacyCsv({ sdn: fixture('ofac-sdn.csv'), alt: fixture('ofac-alt.csv'), add: fixture('ofac-add.csv') })) },
  ]);
}
const index = await fixtureIndex();

function top(name: string, extra: { birthDate?: string } = {}) {
  return screenQuery(index, { id: 'q-1', name, ...extra }).matches[0];
}

test('the index holds names of persons and organisations from both lists, not vessels', () => {
  assert.ok(index.names.some((n) => n.list === 'un-sc' && n.entry === 'QDe.002'));
  assert.ok(index.names.some((n) => n.list === 'ofac-sdn' && n.entry === '2676' && n.quality === 'alias'));
  assert.ok(index.names.some((n) => n.entry === 'QDi.001' && n.weak));
  assert.ok(!index.names.some((n) => n.entry === '4234'));
});

test('a respelling finds QDi.001 and explains the aligned tokens', () => {
  const m = top('Mohamed Salah al-Din Abdelhalim Zidan');
  assert.equal(m?.entry, 'QDi.001');
  assert.equal(m.list, 'un-sc');
  assert.equal(m.match, true);
  assert.match(m.explanation[0] ?? '', /mohamed~mohammed .*zidan~zidane/);
});

test('a reordering finds the OFAC entry by its ent_num', () => {
  const m = top('Ayman al-Zawahri');
  assert.deepEqual([m?.entry, m?.list, m?.match], ['2676', 'ofac-sdn', true]);
  assert.match(m?.explanation[0] ?? '', /ayman~ayman.*zawahri~zawahiri/);
});

test('the original Arabic script finds QDi.001', () => {
  const m = top('محمد صلاح الدين عبدالحليم زيدان');
  assert.deepEqual([m?.entry, m?.match], ['QDi.001', true]);
  assert.match(m?.explanation[0] ?? '', /zidan~zidane/);
});

test('an unrelated synthetic name finds nothing over threshold', () => {
  const r = screenQuery(index, { id: 'q-2', name: 'Synthetic Nobody Example' });
  assert.equal(r.id, 'q-2');
  assert.deepEqual(r.matches.filter((m) => m.match), []);
});

test('a contradicting birth year lowers the score, an agreeing date raises it', () => {
  const plain = top('Mohammed Salahaldin Zidane')?.score ?? 0;
  const wrong = top('Mohammed Salahaldin Zidane', { birthDate: '1990-01-01' });
  const right = top('Mohammed Salahaldin Zidane', { birthDate: '1963-04-11' });
  assert.ok((wrong?.score ?? 1) < plain);
  assert.ok(wrong?.explanation.some((l) => l.startsWith('birth year: 1990 contradicts')));
  assert.ok((right?.score ?? 0) > plain);
});

test('matches are sorted by score, one per listed subject', () => {
  const { matches } = screenQuery(index, { id: 'q-3', name: 'Muhammad Naghdi' });
  assert.equal(matches[0]?.entry, '12057');
  for (let i = 1; i < matches.length; i++) assert.ok((matches[i - 1]?.score ?? 0) >= (matches[i]?.score ?? 0));
  assert.equal(new Set(matches.map((m) => m.entry)).size, matches.length);
});

test('hostile queries (empty, digits, 1 MB) return without crashing', () => {
  for (const name of ['', '0000 1111 2222', '\u0000\u202e', 'Zidane '.repeat(150_000)]) {
    const started = Date.now();
    const r = screenQuery(index, { id: 'q-h', name, birthDate: 'not-a-date', nationality: '', gender: '??' });
    assert.ok(Array.isArray(r.matches));
    assert.ok(Date.now() - started < 2000);
  }
  assert.deepEqual(screenQuery(index, { id: 'q-e', name: '' }).matches, []);
});
