import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustodyEvent } from '../src/api/evidence-types.ts';
import { custodyDetailRows, custodyPurpose, linkCustody } from '../src/lib/custody-chain.ts';

const ITEM = 'ev-synthetic-1';

function event(seq: number, leafHash: string, details: Record<string, unknown>, kind = 'view'): CustodyEvent {
  return { seq, at: '2025-01-01T00:00:00Z', actor: 'user:synthetic', kind, purpose: null, details, leafHash, entry: '{}' };
}

test('a well-formed chain: intake starts it, each event names the one before', () => {
  const chain = linkCustody([
    event(3, 'h3', { kind: 'intake', item: ITEM, prev: null }, 'intake'),
    event(7, 'h7', { kind: 'view', item: ITEM, prev: 'h3' }),
    event(9, 'h9', { kind: 'transfer', item: ITEM, prev: 'h7', recipient: 'Synthetic Court' }, 'transfer'),
  ], ITEM, 'h9');
  assert.deepEqual(chain.links.map((l) => [l.status, l.linkedSeq]), [['start', null], ['linked', 3], ['linked', 7]]);
  assert.equal(chain.intact, true);
  assert.equal(chain.headMatches, true);
});

test('an export commits to the item head without extending the chain', () => {
  const chain = linkCustody([
    event(1, 'a', { prev: null }, 'intake'),
    event(2, 'x', { kind: 'export', bundle: 'b1', items: [{ item: 'other', head: 'zz' }, { item: ITEM, head: 'a' }] }, 'export'),
    event(3, 'b', { prev: 'a' }),
  ], ITEM, 'b');
  assert.deepEqual(chain.links.map((l) => l.status), ['start', 'linked', 'linked']);
  assert.equal(chain.links[1]!.linkedSeq, 1);
  assert.equal(chain.intact, true);
  assert.equal(chain.headMatches, true);
});

test('a removed event breaks the link of the one after it', () => {
  const chain = linkCustody([
    event(1, 'a', { prev: null }, 'intake'),
    event(5, 'c', { prev: 'b' }),
  ], ITEM, 'c');
  assert.equal(chain.links[1]!.status, 'broken');
  assert.equal(chain.intact, false);
});

test('a fork (two events extending the same predecessor) is flagged', () => {
  const chain = linkCustody([
    event(1, 'a', { prev: null }, 'intake'),
    event(2, 'b', { prev: 'a' }),
    event(3, 'c', { prev: 'a' }),
  ], ITEM, 'c');
  assert.deepEqual(chain.links.map((l) => l.status), ['start', 'linked', 'broken']);
  assert.equal(chain.intact, false);
});

test('a second start, a stale head and missing links are reported', () => {
  const twoStarts = linkCustody([event(1, 'a', { prev: null }), event(2, 'b', { prev: null })], ITEM, 'b');
  assert.equal(twoStarts.links[1]!.status, 'broken');
  const stale = linkCustody([event(1, 'a', { prev: null }), event(2, 'b', { prev: 'a' })], ITEM, 'a');
  assert.equal(stale.intact, true);
  assert.equal(stale.headMatches, false, 'the head must be the tip, not an extended event');
  const unknown = linkCustody([event(1, 'a', {}), event(2, 'b', { prev: 7 })], ITEM, 'b');
  assert.deepEqual(unknown.links.map((l) => l.status), ['unknown', 'unknown']);
  assert.equal(unknown.intact, false);
  assert.equal(linkCustody([], ITEM, 'x').intact, false);
});

test('hostile details do not throw', () => {
  const weird = [
    event(1, 'a', null as unknown as Record<string, unknown>),
    event(2, 'b', { items: 'nope' }),
    event(3, 'c', { items: [null, 1, { item: ITEM, head: 5 }] }),
    event(4, '', { prev: '' }),
  ];
  const chain = linkCustody(weird, ITEM, null);
  assert.equal(chain.links.length, 4);
  assert.equal(chain.intact, false);
  assert.equal(chain.headMatches, false);
});

test('a long chain links in linear time', () => {
  const events = [event(0, 'h0', { prev: null })];
  for (let i = 1; i < 20_000; i++) events.push(event(i, `h${i}`, { prev: `h${i - 1}` }));
  const started = performance.now();
  const chain = linkCustody(events, ITEM, 'h19999');
  assert.equal(chain.intact, true);
  assert.equal(chain.headMatches, true);
  assert.ok(performance.now() - started < 1000);
});

test('custodyDetailRows shows what a person needs and hides the machinery', () => {
  assert.deepEqual(custodyDetailRows({ v: 1, kind: 'transfer', item: ITEM, prev: 'ab', purpose: 'p', recipient: 'Synthetic Court', empty: '', nil: null }),
    [['recipient', 'Synthetic Court']]);
  assert.deepEqual(custodyDetailRows({ sha256: 'ff', size: 12, sealed: true, tags: ['a', 'b'] }),
    [['sha256', 'ff'], ['size', '12'], ['sealed', 'true'], ['tags', 'a, b']]);
  assert.deepEqual(custodyDetailRows({ consent: { prosecution: true } }), [['consent', '{"prosecution":true}']]);
  const long = custodyDetailRows({ note: 'x'.repeat(5000) })[0]![1];
  assert.equal(long.length, 301);
  for (const bad of [null, undefined, 'str', 5, ['a']]) assert.deepEqual(custodyDetailRows(bad), []);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.deepEqual(custodyDetailRows({ loop: cyclic }), [['loop', '…']]);
});

test('custodyPurpose prefers the top-level purpose, else the details', () => {
  assert.equal(custodyPurpose({ ...event(1, 'a', { purpose: 'inner' }), purpose: 'outer' }), 'outer');
  assert.equal(custodyPurpose(event(1, 'a', { purpose: 'inner' })), 'inner');
  assert.equal(custodyPurpose(event(1, 'a', { purpose: 3 })), null);
});
