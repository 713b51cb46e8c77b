import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verificationFacts } from '../src/lib/verification.ts';

test('reads the verifier\'s nested summary', () => {
  const facts = verificationFacts({
    bytes: 20480, entries: 9, bundleId: 'b-1', createdAt: '2025-01-01T00:00:00.000Z', case: { id: 'c1', name: 'Synthetic case' },
    purpose: 'prosecution', recipient: 'Synthetic Court', log: { origin: 'ariadne.example/log', treeSize: 42, rootHash: 'ab'.repeat(32) },
    key: { name: 'ariadne.example', keyId: '0a0b0c0d', fingerprint: 'f'.repeat(64), verifierKey: 'ariadne.example+0a0b0c0d+AAAA' },
    bundleKey: null, keySource: 'bundle', items: 2, events: 7, fileBytes: 1234, verifier: { self: null, bundled: null }, moreProblems: 0,
  });
  assert.equal(facts.fingerprint, 'f'.repeat(64));
  assert.equal(facts.keyName, 'ariadne.example');
  assert.deepEqual(Object.fromEntries(facts.rows), {
    items: '2', events: '7', bundleId: 'b-1', createdAt: '2025-01-01T00:00:00.000Z', case: 'Synthetic case', purpose: 'prosecution',
    recipient: 'Synthetic Court', checkpointSize: '42', logOrigin: 'ariadne.example/log', rootHash: 'ab'.repeat(32), keyId: '0a0b0c0d',
    keySource: 'bundle', bytes: '20480',
  });
  assert.deepEqual(facts.rows.map(([k]) => k).slice(0, 2), ['items', 'events'], 'counts first');
});

test('reads the flat form of the contract too', () => {
  const facts = verificationFacts({ items: 1, events: 3, checkpointSize: 10, keyFingerprint: 'abc' });
  assert.equal(facts.fingerprint, 'abc');
  assert.deepEqual(facts.rows, [['items', '1'], ['events', '3'], ['checkpointSize', '10']]);
});

test('falls back to the bundle\'s own key and reports unlisted problems', () => {
  const facts = verificationFacts({ key: null, bundleKey: { name: 'n', fingerprint: 'dd' }, moreProblems: 12 });
  assert.equal(facts.fingerprint, 'dd');
  assert.deepEqual(facts.rows, [['moreProblems', '12']]);
});

test('hostile or empty summaries give no facts and do not throw', () => {
  for (const bad of [null, undefined, 'x', 7, [], { items: 'many', key: 'k', log: [1], case: 5, createdAt: '', events: Number.NaN }]) {
    const facts = verificationFacts(bad);
    assert.equal(facts.fingerprint, null);
    assert.deepEqual(facts.rows, []);
  }
});
