/**
 * Subtree proofs against the transparency-dev/merkle subtree probes (every happy path verifies,
 * every corrupted probe fails), and proofs we generate for every subtree of trees up to 33 leaves.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consistencyProof, EMPTY_ROOT, hashLeaf, isValidSubtree, rootOf, subtreeConsistencyProof, subtreeInclusionProof,
  verifySubtreeConsistency, verifySubtreeInclusion,
} from '../src/index.ts';
import { b64, probes } from './vectors.ts';

describe('subtree test vectors (transparency-dev/merkle)', () => {
  test('subtree inclusion: happy paths verify, every corrupted probe fails', () => {
    const all = probes('subtreeinclusion');
    assert.equal(all.length, 204);
    let happy = 0;
    for (const { file, data } of all) {
      const ok = verifySubtreeInclusion({
        leafHash: b64(data.leafHash as string), index: data.leafIdx as number, start: data.start as number, end: data.end as number,
        root: b64(data.root as string),
      }, ((data.proof as string[] | null) ?? []).map(b64));
      assert.equal(ok, !data.wantErr, `${file}: ${data.desc}`);
      if (ok) happy += 1;
    }
    assert.equal(happy, 12);
  });

  test('subtree consistency: happy paths verify, every corrupted probe fails', () => {
    const all = probes('subtreeconsistency');
    assert.equal(all.length, 118);
    let happy = 0;
    for (const { file, data } of all) {
      const ok = verifySubtreeConsistency(
        { start: data.start as number, end: data.end as number, size: data.size as number },
        { subtreeRoot: b64(data.root1 as string), root: b64(data.root2 as string) },
        ((data.proof as string[] | null) ?? []).map(b64));
      assert.equal(ok, !data.wantErr, `${file}: ${data.desc}`);
      if (ok) happy += 1;
    }
    assert.equal(happy, 12);
  });
});

const leaves = Array.from({ length: 33 }, (_, i) => hashLeaf(Buffer.from(`synthetic journal entry ${i}`)));
const flip = (h: Buffer) => Buffer.from(h.map((x, i) => (i === 0 ? x ^ 1 : x)));

test('which ranges are subtrees', () => {
  for (const [s, e] of [[0, 1], [0, 7], [4, 8], [8, 13], [8, 16], [12, 13], [16, 32], [32, 33], [0, 33]]) assert.ok(isValidSubtree(s!, e!), `[${s}, ${e})`);
  for (const [s, e] of [[0, 0], [1, 1], [2, 1], [1, 3], [2, 5], [2, 6], [1, 15], [16, 33], [-1, 1], [0.5, 1], [1, 2 ** 63]]) assert.ok(!isValidSubtree(s!, e!), `[${s}, ${e})`);
});

test('generated subtree proofs verify for every subtree of trees up to 33 leaves, and fail when altered', () => {
  for (let n = 1; n <= leaves.length; n++) {
    const tree = leaves.slice(0, n);
    const root = rootOf(tree);
    for (let start = 0; start < n; start++) {
      for (let end = start + 1; end <= n; end++) {
        if (!isValidSubtree(start, end)) continue;
        const subtreeRoot = rootOf(tree.slice(start, end));
        const proof = subtreeConsistencyProof(tree, start, end);
        const range = { start, end, size: n };
        assert.ok(verifySubtreeConsistency(range, { subtreeRoot, root }, proof), `[${start}, ${end}) in ${n}`);
        assert.equal(verifySubtreeConsistency(range, { subtreeRoot: flip(subtreeRoot), root }, proof), false, `bad subtree root [${start}, ${end}) in ${n}`);
        if (start > 0 || end < n) assert.equal(verifySubtreeConsistency(range, { subtreeRoot, root: flip(root) }, proof), false, `bad root [${start}, ${end}) in ${n}`);
        proof.forEach((_, j) => {
          const bad = proof.map((p, i) => (i === j ? flip(p) : p));
          assert.equal(verifySubtreeConsistency(range, { subtreeRoot, root }, bad), false, `altered proof[${j}] [${start}, ${end}) in ${n}`);
        });
        if (start === 0 && end < n) assert.deepEqual(proof, consistencyProof(tree, end), 'with start 0 it is an RFC 6962 consistency proof');
        if (end - start <= 4 || n === leaves.length) {
          for (let index = start; index < end; index++) {
            const p = subtreeInclusionProof(tree, index, start, end);
            assert.ok(verifySubtreeInclusion({ leafHash: tree[index]!, index, start, end, root: subtreeRoot }, p), `leaf ${index} of [${start}, ${end})`);
            assert.equal(verifySubtreeInclusion({ leafHash: flip(tree[index]!), index, start, end, root: subtreeRoot }, p), false);
          }
        }
      }
    }
  }
});

test('the draft\'s worked examples: [4, 8) and [8, 13) in a tree of 14', () => {
  const tree = leaves.slice(0, 14);
  const mth = (a: number, b: number) => rootOf(tree.slice(a, b));
  assert.deepEqual(subtreeConsistencyProof(tree, 4, 8), [mth(0, 4), mth(8, 14)]);
  assert.deepEqual(subtreeConsistencyProof(tree, 8, 13), [mth(12, 13), mth(13, 14), mth(8, 12), mth(0, 8)]);
});

test('the empty subtree is part of every tree, and proves nothing about it', () => {
  assert.ok(verifySubtreeConsistency({ start: 3, end: 3, size: 5 }, { subtreeRoot: EMPTY_ROOT, root: Buffer.alloc(32, 9) }, []));
  assert.equal(verifySubtreeConsistency({ start: 3, end: 3, size: 5 }, { subtreeRoot: Buffer.alloc(32), root: Buffer.alloc(32) }, []), false);
  assert.equal(verifySubtreeConsistency({ start: 6, end: 6, size: 5 }, { subtreeRoot: EMPTY_ROOT, root: EMPTY_ROOT }, []), false);
});

test('refuses hostile input without throwing', () => {
  const root = rootOf(leaves);
  const proof = subtreeConsistencyProof(leaves, 16, 32);
  for (const range of [
    { start: 16, end: 32, size: Number.MAX_SAFE_INTEGER + 2 }, { start: 16, end: 32, size: -1 }, { start: 16, end: 32, size: 31 },
    { start: 16.5, end: 32, size: 33 }, { start: NaN, end: 32, size: 33 }, { start: 16, end: Infinity, size: 33 },
  ]) {
    assert.equal(verifySubtreeConsistency(range, { subtreeRoot: rootOf(leaves.slice(16, 32)), root }, proof), false, JSON.stringify(range));
  }
  const huge = Array.from({ length: 10_000 }, () => Buffer.alloc(32));
  assert.equal(verifySubtreeConsistency({ start: 16, end: 32, size: 33 }, { subtreeRoot: rootOf(leaves.slice(16, 32)), root }, huge), false);
  assert.equal(verifySubtreeConsistency({ start: 16, end: 32, size: 33 }, { subtreeRoot: rootOf(leaves.slice(16, 32)), root }, [Buffer.alloc(31), proof[1]!]), false);
  assert.equal(verifySubtreeInclusion({ leafHash: leaves[0]!, index: 0, start: 0, end: 2 ** 60, root }, huge), false);
  assert.throws(() => subtreeConsistencyProof(leaves, 1, 3), RangeError);
  assert.throws(() => subtreeInclusionProof(leaves, 5, 4, 5), RangeError);
});
