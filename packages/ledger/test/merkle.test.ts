/**
 * The Merkle log against the transparency-dev RFC 6962 test vectors (every happy path verifies,
 * every corrupted probe fails), the reference root of the eight reference leaves, and proofs we
 * generate for every leaf and every prefix of trees up to 40 leaves.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consistencyProof, EMPTY_ROOT, hashLeaf, inclusionProof, rootOf, verifyConsistency, verifyInclusion } from '../src/index.ts';
import { b64, probes } from './vectors.ts';

describe('RFC 6962 test vectors (transparency-dev/merkle)', () => {
  test('inclusion: happy paths verify, every corrupted probe fails', () => {
    const all = probes('inclusion');
    assert.ok(all.length > 50);
    for (const { file, data } of all) {
      const ok = verifyInclusion(
        { leafHash: b64(data.leafHash as string), index: data.leafIdx as number, size: data.treeSize as number, root: b64(data.root as string) },
        ((data.proof as string[] | null) ?? []).map(b64));
      assert.equal(ok, !data.wantErr, `${file}: ${data.desc}`);
    }
  });

  test('consistency: happy paths verify, every corrupted probe fails', () => {
    const all = probes('consistency');
    assert.ok(all.length > 50);
    for (const { file, data } of all) {
      const ok = verifyConsistency({ size1: data.size1 as number, size2: data.size2 as number },
        { root1: b64(data.root1 as string), root2: b64(data.root2 as string) }, ((data.proof as string[] | null) ?? []).map(b64));
      assert.equal(ok, !data.wantErr, `${file}: ${data.desc}`);
    }
  });
});

const REFERENCE_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
  .map((hex) => hashLeaf(Buffer.from(hex, 'hex')));

test('the reference tree of eight leaves has the published root', () => {
  assert.equal(rootOf(REFERENCE_LEAVES).toString('hex'), '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  assert.equal(rootOf([]).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.ok(rootOf([]).equals(EMPTY_ROOT));
});

test('generated proofs verify for every leaf and prefix of trees up to 40 leaves, and fail when altered', () => {
  const leaves = Array.from({ length: 40 }, (_, i) => hashLeaf(Buffer.from(`synthetic journal entry ${i}`)));
  for (let n = 1; n <= leaves.length; n++) {
    const tree = leaves.slice(0, n);
    const root = rootOf(tree);
    for (let i = 0; i < n; i++) {
      const proof = inclusionProof(tree, i);
      assert.ok(verifyInclusion({ leafHash: tree[i]!, index: i, size: n, root }, proof), `inclusion ${i} of ${n}`);
      assert.equal(verifyInclusion({ leafHash: tree[(i + 1) % n]!, index: i, size: n, root }, proof), n === 1, `wrong leaf ${i} of ${n}`);
    }
    for (let m = 1; m <= n; m++) {
      const proof = consistencyProof(tree, m);
      const root1 = rootOf(tree.slice(0, m));
      assert.ok(verifyConsistency({ size1: m, size2: n }, { root1, root2: root }, proof), `consistency ${m} → ${n}`);
      if (proof.length > 0) {
        const bad = proof.map((p, j) => (j === 0 ? Buffer.from(p.map((x) => x ^ 1)) : p));
        assert.equal(verifyConsistency({ size1: m, size2: n }, { root1, root2: root }, bad), false, `altered ${m} → ${n}`);
      }
    }
  }
});

test('a rewritten history is not consistent with the old root', () => {
  const leaves = Array.from({ length: 10 }, (_, i) => hashLeaf(Buffer.from(`entry ${i}`)));
  const oldRoot = rootOf(leaves.slice(0, 6));
  const rewritten = [...leaves];
  rewritten[2] = hashLeaf(Buffer.from('entry 2, altered'));
  const proof = consistencyProof(rewritten, 6);
  assert.equal(verifyConsistency({ size1: 6, size2: 10 }, { root1: oldRoot, root2: rootOf(rewritten) }, proof), false);
  assert.throws(() => inclusionProof(leaves, 10), RangeError);
  assert.throws(() => consistencyProof(leaves, 0), RangeError);
});
