/**
 * Subtree proofs: inclusion in, and consistency of, an arbitrary subtree [start, end) of a
 * Merkle log, as the Merkle Tree Certificates draft (draft-ietf-plants-merkle-tree-certs,
 * "subtrees") and transparency-dev/merkle define them. A subtree is valid when `start` is a
 * multiple of the smallest power of two ≥ `end - start`: it is then one node of the tree, or the
 * left part of one, and its hash MTH(D[start:end]) is a node anyone holding the tree can check.
 *
 * - inclusion: an RFC 9162 inclusion proof of leaf `index − start` in the tree D[start:end];
 * - consistency: that the subtree with hash `subtreeRoot` is part of the tree of `size` leaves
 *   with root `root` (with start = 0 it is exactly an RFC 9162 consistency proof).
 *
 * Written to give the same verdict as transparency-dev/merkle's `VerifySubtreeInclusion` and
 * `VerifySubtreeConsistency` on every probe of its test data (test/fixtures/merkle). Pure.
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, rootOf, verifyInclusion } from './merkle.ts';

const isHash = (h: Uint8Array) => h.length === HASH_SIZE;
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

// Bit arithmetic on sizes up to 2^53: JavaScript's bitwise operators stop at 32 bits.
const big = (n: number) => BigInt(n);
const bitLength = (x: bigint) => (x === 0n ? 0 : x.toString(2).length);
const onesCount = (x: bigint) => x.toString(2).split('').filter((c) => c === '1').length;
function trailingZeros(x: bigint): number {
  let n = 0;
  while (x > 0n && (x & 1n) === 0n) {
    x >>= 1n;
    n += 1;
  }
  return n;
}

/** the smallest power of two ≥ n (1 for n ≤ 1) */
function bitCeil(n: bigint): bigint {
  return n <= 1n ? 1n : 1n << big(bitLength(n - 1n));
}

/**
 * Is [start, end) a subtree? Non-empty, and `start` a multiple of the smallest power of two that
 * holds `end − start` leaves.
 */
export function isValidSubtree(start: number, end: number): boolean {
  if (!isCount(start) || !isCount(end) || start >= end) return false;
  return start === 0 || big(start) % bitCeil(big(end - start)) === 0n;
}

/** true when `proof` shows `leafHash` at `index` of the subtree [start, end) whose hash is `root` */
export function verifySubtreeInclusion(
  claim: { readonly leafHash: Uint8Array; readonly index: number; readonly start: number; readonly end: number; readonly root: Uint8Array },
  proof: readonly Uint8Array[],
): boolean {
  const { leafHash, index, start, end, root } = claim;
  if (!isValidSubtree(start, end) || !Number.isSafeInteger(index) || index < start || index >= end) return false;
  return verifyInclusion({ leafHash, index: index - start, size: end - start, root }, proof);
}

/**
 * True when `proof` shows the subtree [start, end) with hash `subtreeRoot` is part of the tree of
 * `size` leaves with root `root`. The empty subtree (start = end) is part of every tree: it needs
 * an empty proof and the empty tree's hash, and says nothing about `root`.
 */
export function verifySubtreeConsistency(
  range: { readonly start: number; readonly end: number; readonly size: number },
  roots: { readonly subtreeRoot: Uint8Array; readonly root: Uint8Array },
  proof: readonly Uint8Array[],
): boolean {
  const { start, end, size } = range;
  const { subtreeRoot, root } = roots;
  if (!isCount(start) || !isCount(end) || !isCount(size) || start > end || end > size) return false;
  if (start === end) return proof.length === 0 && Buffer.from(subtreeRoot).equals(EMPTY_ROOT);
  if (!isValidSubtree(start, end)) return false;
  if (start === 0 && end === size) return proof.length === 0 && Buffer.from(subtreeRoot).equals(root);
  if (proof.length === 0 || !isHash(subtreeRoot) || !isHash(root) || !proof.every(isHash)) return false;

  const [s, e, n] = [big(start), big(end), big(size)];
  const height = bitLength((e - 1n) ^ s); // the subtree's node is at this level
  if (end === size) {
    // the subtree is the tree's right edge: climb with one left sibling per right-child ancestor
    if (proof.length !== onesCount(s >> big(height))) return false;
    let r: Buffer = Buffer.from(subtreeRoot);
    for (const p of proof) r = hashChildren(p, r);
    return r.equals(root);
  }
  // Split where the paths to leaves end−1 and size−1 part. Below that, the proof rebuilds the
  // subtree twice: as it is (left siblings only) and grown to the tree's size (right ones too).
  const fork = bitLength((e - 1n) ^ (n - 1n));
  const shift = trailingZeros(e - s); // level of the rightmost complete node inside the subtree
  const full = e - s === 1n << big(shift);
  const first = full ? 0 : 1; // a full subtree's own hash is not repeated in the proof
  if (proof.length !== first + (fork - shift) + onesCount((e - 1n) >> big(fork))) return false;
  const seed: Buffer = full ? Buffer.from(subtreeRoot) : Buffer.from(proof[0]!);
  const path = proof.slice(first);
  let asIs: Buffer = seed;
  let grown: Buffer = seed;
  let used = 0;
  for (let level = shift; level < height; level++) {
    const sibling = path[used];
    if (((e - 1n) >> big(level)) & 1n) {
      if (!sibling) return false;
      asIs = hashChildren(sibling, asIs);
      grown = hashChildren(sibling, grown);
      used += 1;
    } else if (level < fork) {
      if (!sibling) return false;
      grown = hashChildren(grown, sibling);
      used += 1;
    }
  }
  if (!asIs.equals(subtreeRoot)) return false;
  // the rest is an inclusion proof of the grown subtree's node in the tree, one level up
  const nodeIndex = Number(s >> big(height));
  const levelSize = Number(((n - 1n) >> big(height)) + 1n);
  return verifyInclusion({ leafHash: grown, index: nodeIndex, size: levelSize, root }, path.slice(used));
}

/** the inclusion proof of leaf `index` in the subtree [start, end) of `leaves` */
export function subtreeInclusionProof(leaves: readonly Uint8Array[], index: number, start: number, end: number): Buffer[] {
  if (!isValidSubtree(start, end) || end > leaves.length) throw new RangeError(`[${start}, ${end}) is not a subtree of a tree of ${leaves.length}`);
  if (!Number.isInteger(index) || index < start || index >= end) throw new RangeError(`leaf ${index} is not in [${start}, ${end})`);
  const sub = leaves.slice(start, end);
  // the same recursion as an ordinary inclusion proof, over the subtree's leaves
  let lo = 0;
  let hi = sub.length;
  let m = index - start;
  const suffix: Buffer[] = [];
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m < k) {
      suffix.push(rootOf(sub.slice(lo + k, hi)));
      hi = lo + k;
    } else {
      suffix.push(rootOf(sub.slice(lo, lo + k)));
      lo += k;
      m -= k;
    }
  }
  return suffix.reverse();
}

/**
 * SUBTREE_PROOF(start, end, D[n]) of the Merkle Tree Certificates draft: that the subtree
 * [start, end) is part of the tree of all `leaves`. With start = 0 it equals RFC 6962's PROOF.
 */
export function subtreeConsistencyProof(leaves: readonly Uint8Array[], start: number, end: number): Buffer[] {
  if (!isValidSubtree(start, end) || end > leaves.length) throw new RangeError(`[${start}, ${end}) is not a subtree of a tree of ${leaves.length}`);
  const suffix: Buffer[] = [];
  let lo = 0; // the current tree is leaves[lo, hi); the subtree [a, b) is relative to lo
  let hi = leaves.length;
  let a = start;
  let b = end;
  let known = true; // the verifier already knows the hash of a subtree that fills the tree
  for (;;) {
    const n = hi - lo;
    if (a === 0 && b === n) {
      if (!known) suffix.push(rootOf(leaves.slice(lo, hi)));
      break;
    }
    const k = largestPowerOfTwoBelow(n);
    if (b <= k) {
      suffix.push(rootOf(leaves.slice(lo + k, hi)));
      hi = lo + k;
    } else if (a >= k) {
      suffix.push(rootOf(leaves.slice(lo, lo + k)));
      lo += k;
      a -= k;
      b -= k;
    } else {
      // a valid subtree straddles the split only when it starts at 0 (RFC 6962's SUBPROOF)
      suffix.push(rootOf(leaves.slice(lo, lo + k)));
      lo += k;
      b -= k;
      known = false;
    }
  }
  return suffix.reverse();
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
