/**
 * Merkle tree hashing, proofs and their verification as RFC 6962 §2.1 and RFC 9162 §2.1 define
 * them: leaf hash SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right). Written here
 * rather than taken from a library because the hot path (hashing millions of journal leaves)
 * wants `node:crypto`, and because a court's expert must be able to read it against the RFC.
 * Every function works on 32-byte `Buffer`s; sizes and indexes are plain numbers (< 2^53).
 */
import * as crypto from 'node:crypto';

const { createHash } = crypto;
/** one-shot SHA-256 (Node ≥ 20.12): a third cheaper than a Hash object, which matters for proofs over tiles */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

export const HASH_SIZE = 32;

/** RFC 6962 §2.1: the hash of the empty tree is the hash of the empty string */
export const EMPTY_ROOT = createHash('sha256').digest();

export function hashLeaf(entry: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest();
}

const NODE_PREFIX = Buffer.of(1);
/** 0x01 ‖ left ‖ right, reused: hashing is synchronous, so no two calls ever share it */
const nodeInput = Buffer.concat([NODE_PREFIX, Buffer.alloc(2 * HASH_SIZE)]);

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (oneShot && left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return oneShot('sha256', nodeInput, 'buffer');
  }
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** the largest power of two smaller than n (n > 1) */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes (RFC 6962 §2.1), computed bottom-up in O(n) */
export function rootOf(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  // Fold complete subtrees left to right on a stack, as a log appends; then join the stack
  // right to left. Same result as the recursive definition, without recursion depth.
  const stack: { hash: Buffer; size: number }[] = [];
  for (const leaf of leaves) {
    let node: { hash: Buffer; size: number } = { hash: Buffer.from(leaf), size: 1 };
    while (stack.length > 0 && stack.at(-1)!.size === node.size) {
      const left = stack.pop()!;
      node = { hash: hashChildren(left.hash, node.hash), size: left.size * 2 };
    }
    stack.push(node);
  }
  let root = stack.pop()!.hash;
  while (stack.length > 0) root = hashChildren(stack.pop()!.hash, root);
  return root;
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`);
  let lo = 0;
  let hi = leaves.length;
  let m = index;
  const suffix: Buffer[] = [];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      suffix.push(rootOf(leaves.slice(lo + k, hi)));
      hi = lo + k;
    } else {
      suffix.push(rootOf(leaves.slice(lo, lo + k)));
      lo += k;
      m -= k;
    }
  }
  // the recursion appends on the way back up: innermost sibling first
  return suffix.reverse();
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: that the first `size1` leaves are a prefix of all */
export function consistencyProof(leaves: readonly Uint8Array[], size1: number): Buffer[] {
  const n = leaves.length;
  if (!Number.isInteger(size1) || size1 < 1 || size1 > n) throw new RangeError(`no consistency proof from ${size1} to ${n}`);
  const suffix: Buffer[] = [];
  let lo = 0;
  let hi = n;
  let m = size1;
  let whole = true; // SUBPROOF's b: the subtree is the old tree's own root
  for (;;) {
    const size = hi - lo;
    if (m === size) {
      if (!whole) suffix.push(rootOf(leaves.slice(lo, hi)));
      break;
    }
    const k = splitPoint(size);
    if (m <= k) {
      suffix.push(rootOf(leaves.slice(lo + k, hi)));
      hi = lo + k;
    } else {
      suffix.push(rootOf(leaves.slice(lo, lo + k)));
      lo += k;
      m -= k;
      whole = false;
    }
  }
  return suffix.reverse();
}

const isHash = (h: Uint8Array) => h.length === HASH_SIZE;

/**
 * The walk both RFC 9162 verifications share (§2.1.3.2 and §2.1.4.2): climb from node `fn` of a
 * tree whose last node is `sn`, taking each path hash as a left sibling (`left`) or a right one
 * (`right`). Returns false when the path is longer than the tree is deep, else whether it
 * reached the root exactly (`sn` == 0).
 */
function climb(
  start: { fn: number; sn: number },
  path: readonly Uint8Array[],
  visit: { left: (sibling: Uint8Array) => void; right: (sibling: Uint8Array) => void },
): boolean {
  let { fn, sn } = start;
  const up = () => {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  };
  for (const sibling of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      visit.left(sibling);
      while (fn % 2 === 0 && fn !== 0) up();
    } else {
      visit.right(sibling);
    }
    up();
  }
  return sn === 0;
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  claim: { readonly leafHash: Uint8Array; readonly index: number; readonly size: number; readonly root: Uint8Array },
  proof: readonly Uint8Array[],
): boolean {
  const { leafHash, index, size, root } = claim;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let r: Buffer = Buffer.from(leafHash);
  const reached = climb({ fn: index, sn: size - 1 }, proof, {
    left: (p) => { r = hashChildren(p, r); },
    right: (p) => { r = hashChildren(r, p); },
  });
  return reached && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `size1` with `root1` is a prefix of the tree
 * of `size2` with `root2`? Equal sizes need an empty proof and equal roots; a proof from the empty
 * tree proves nothing and is refused.
 */
export function verifyConsistency(
  sizes: { readonly size1: number; readonly size2: number },
  roots: { readonly root1: Uint8Array; readonly root2: Uint8Array },
  proof: readonly Uint8Array[],
): boolean {
  const { size1, size2 } = sizes;
  const { root1, root2 } = roots;
  if (!Number.isInteger(size1) || !Number.isInteger(size2) || size1 < 1 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash) || proof.length === 0) return false;
  // if size1 is a power of two, the old root is itself a node of the new tree: prepend it
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  const reached = climb({ fn, sn }, path.slice(1), {
    left: (c) => {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
    },
    right: (c) => { sr = hashChildren(sr, c); },
  });
  return reached && fr.equals(root1) && sr.equals(root2);
}
