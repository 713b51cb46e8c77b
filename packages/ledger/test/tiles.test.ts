/**
 * The tiled tree against the leaf-array reference (merkle.ts): tiles grown in uneven appends
 * equal tiles built at once; roots and proofs from tiles are byte-identical to the reference
 * for every size up to 600 and random sizes up to 70,000, verify, and cost one tile read each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  advanceEdge, appendLeaves, consistencyFromTiles, consistencyProof, inclusionFromTiles, inclusionProof, memoryTileReader, NodeCache,
  rightEdgeTiles, RootAccumulator, rootFromTiles, rootOf, TileError, tileKey, verifyConsistency, verifyInclusion, type TileCoord,
  type TileReader,
} from '../src/index.ts';

/** synthetic leaf hashes: SHA-256 of the index, as the benchmark uses */
const leafHashOf = (i: number) => createHash('sha256').update(`synthetic leaf ${i}`).digest();
const LEAVES = Array.from({ length: 70_000 }, (_, i) => leafHashOf(i));

/** deterministic pseudo-random numbers (xorshift), so a failure reproduces */
function random(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

function buildAtOnce(leaves: readonly Buffer[]): Map<string, Buffer> {
  return new Map(appendLeaves(0, new Map(), leaves).map((t) => [tileKey(t), t.hashes]));
}

/** grows the tiles in uneven appends, as the journal does; returns every tile ever written, latest version */
function grow(leaves: readonly Buffer[], rnd: (below: number) => number): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  let edge = new Map<string, Buffer>();
  let size = 0;
  while (size < leaves.length) {
    const chunk = Math.min(leaves.length - size, [1, 2, 100, 255, 256, 257, 1000, 5000][rnd(8)]!);
    const written = appendLeaves(size, edge, leaves.slice(size, size + chunk));
    for (const t of written) all.set(tileKey(t), t.hashes);
    edge = advanceEdge(edge, written);
    size += chunk;
    assert.deepEqual([...edge.keys()].sort(), rightEdgeTiles(size).map(tileKey).sort(), `edge at ${size}`);
  }
  return all;
}

const TILES = grow(LEAVES, random(2331));

function countingReader(tiles: ReadonlyMap<string, Buffer>): { read: TileReader; calls: TileCoord[][] } {
  const calls: TileCoord[][] = [];
  const inner = memoryTileReader(tiles);
  return { calls, read: async (coords) => { calls.push([...coords]); return inner(coords); } };
}

test('tiles grown in uneven appends equal the tiles built at once', () => {
  const once = buildAtOnce(LEAVES);
  assert.deepEqual([...TILES.keys()].sort(), [...once.keys()].sort());
  for (const [key, hashes] of once) assert.ok(TILES.get(key)!.equals(hashes), key);
  // 70,000 leaves: 273 full level-0 tiles and one of 112; level 1 holds 273 hashes: one full tile, one of 17; level 2 one
  assert.equal(TILES.get('0/273')!.length, 112 * 32);
  assert.equal(TILES.get('1/1')!.length, 17 * 32);
  assert.equal(TILES.get('2/0')!.length, 32, 'level 2: the root of the first 65,536 leaves');
  assert.equal(TILES.has('3/0'), false);
});

test('roots and proofs from tiles equal the leaf-array reference for every size 1..600', async () => {
  const tiles = buildAtOnce(LEAVES.slice(0, 600));
  const read = memoryTileReader(tiles);
  const rnd = random(7);
  for (let n = 1; n <= 600; n++) {
    const tree = LEAVES.slice(0, n);
    const root = rootOf(tree);
    assert.ok((await rootFromTiles(n, read)).equals(root), `root of ${n}`);
    const every = n <= 40 || n === 257;
    const indexes = every ? tree.map((_, i) => i) : [n - 1, rnd(n), rnd(n)];
    for (const i of indexes) {
      const got = await inclusionFromTiles(i, n, read);
      assert.deepEqual(got.proof, inclusionProof(tree, i), `inclusion ${i} of ${n}`);
      assert.ok(got.leafHash.equals(tree[i]!) && got.root.equals(root));
      assert.ok(verifyInclusion({ leafHash: got.leafHash, index: i, size: n, root }, got.proof));
    }
    const sizes = every ? tree.map((_, i) => i + 1) : [n - 1 || 1, 1 + rnd(n), 1 + rnd(n)];
    for (const m of sizes) {
      const got = await consistencyFromTiles(m, n, read);
      assert.deepEqual(got.proof, consistencyProof(tree, m), `consistency ${m} → ${n}`);
      assert.ok(verifyConsistency({ size1: m, size2: n }, { root1: got.root1, root2: got.root2 }, got.proof));
      assert.ok(got.root1.equals(rootOf(tree.slice(0, m))) && got.root2.equals(root));
    }
  }
});

test('random sizes and indexes up to 70,000: identical to the reference, one batched read per proof', async () => {
  const { read, calls } = countingReader(TILES);
  const rnd = random(6962);
  for (let k = 0; k < 12; k++) {
    const n = 1 + rnd(LEAVES.length);
    const tree = LEAVES.slice(0, n);
    const root = rootOf(tree);
    const i = rnd(n);
    calls.length = 0;
    const got = await inclusionFromTiles(i, n, read);
    assert.equal(calls.length, 1, 'one read');
    assert.ok(calls[0]!.length <= 8, `${calls[0]!.length} tiles for inclusion ${i} of ${n}`);
    assert.ok(got.root.equals(root));
    assert.deepEqual(got.proof, inclusionProof(tree, i), `inclusion ${i} of ${n}`);
    assert.ok(verifyInclusion({ leafHash: tree[i]!, index: i, size: n, root }, got.proof));

    const m = 1 + rnd(n);
    calls.length = 0;
    const c = await consistencyFromTiles(m, n, read);
    assert.equal(calls.length, 1, 'one read');
    assert.deepEqual(c.proof, consistencyProof(tree, m), `consistency ${m} → ${n}`);
    assert.ok(c.root2.equals(root));
    assert.ok(verifyConsistency({ size1: m, size2: n }, { root1: rootOf(tree.slice(0, m)), root2: root }, c.proof));
  }
});

test('a tree of ten million leaves needs a handful of tiles per proof', async () => {
  // only the planning is checked here: which tiles, not their content (the benchmark times that)
  const asked: TileCoord[][] = [];
  const read: TileReader = async (coords) => {
    asked.push([...coords]);
    return new Map();
  };
  await assert.rejects(inclusionFromTiles(1_234_567, 10_000_000, read), TileError);
  await assert.rejects(consistencyFromTiles(4_000_000, 10_000_000, read), TileError);
  assert.equal(asked.length, 2);
  for (const coords of asked) assert.ok(coords.length <= 12, `${coords.length} tiles: ${coords.map(tileKey).join(' ')}`);
});

test('refuses missing, short and mismatched tiles, and impossible sizes', async () => {
  const tiles = buildAtOnce(LEAVES.slice(0, 1000));
  const without = new Map(tiles);
  without.delete('0/1');
  await assert.rejects(inclusionFromTiles(300, 1000, memoryTileReader(without)), /tile 0\/1 is missing/);
  const short = new Map(tiles).set('0/3', tiles.get('0/3')!.subarray(0, 32 * 10));
  await assert.rejects(rootFromTiles(1000, memoryTileReader(short)), /tile 0\/3 holds 10 hashes; the tree needs/);
  const read = memoryTileReader(tiles);
  await assert.rejects(inclusionFromTiles(1000, 1000, read), RangeError);
  await assert.rejects(inclusionFromTiles(-1, 1000, read), RangeError);
  await assert.rejects(consistencyFromTiles(0, 1000, read), RangeError);
  await assert.rejects(consistencyFromTiles(1001, 1000, read), RangeError);
  await assert.rejects(rootFromTiles(2 ** 53, read), RangeError);
  assert.equal((await rootFromTiles(0, read)).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

  const edge = new Map([['0/3', tiles.get('0/3')!]]); // 232 hashes: a tree of 1000
  assert.throws(() => appendLeaves(1000, new Map(), [LEAVES[1000]!]), /right-edge tile 0\/3 of a tree of 1000 is missing/);
  assert.throws(() => appendLeaves(999, edge, [LEAVES[999]!]), /holds 232 hashes; a tree of 999 needs 231/);
  assert.throws(() => appendLeaves(1000, edge, [Buffer.alloc(31)]), RangeError);
  assert.deepEqual(appendLeaves(1000, edge, []), []);
});

test('a completed tile passes its root up a level', () => {
  const written = appendLeaves(255, new Map([['0/0', Buffer.concat(LEAVES.slice(0, 255))]]), [LEAVES[255]!]);
  assert.deepEqual(written.map((t) => [tileKey(t), t.hashes.length / 32]), [['0/0', 256], ['1/0', 1]]);
  assert.ok(written[1]!.hashes.equals(rootOf(LEAVES.slice(0, 256))));
});

test('a node cache gives the same proofs, survives its own evictions, and spares the upper tiles\' reads', async () => {
  const rnd = random(42);
  const n = LEAVES.length;
  const plain = memoryTileReader(TILES);
  const small = new NodeCache(600); // generations turn over many times below
  for (let k = 0; k < 200; k++) {
    const i = rnd(n);
    const m = 1 + rnd(n);
    assert.deepEqual(await inclusionFromTiles(i, n, plain, small), await inclusionFromTiles(i, n, plain), `inclusion ${i}`);
    assert.deepEqual(await consistencyFromTiles(m, n, plain, small), await consistencyFromTiles(m, n, plain), `consistency ${m}`);
  }
  const { read, calls } = countingReader(TILES);
  const cache = new NodeCache();
  for (let k = 0; k < 300; k++) {
    const i = rnd(n);
    calls.length = 0;
    await inclusionFromTiles(i, n, read, cache);
    if (k >= 100) assert.deepEqual(calls[0]!.map(tileKey), [`0/${Math.floor(i / 256)}`], 'warm: only the leaf\'s own tile is read');
  }
  assert.ok((await rootFromTiles(n, async () => new Map(), cache)).equals(rootOf(LEAVES)), 'a cached root needs no read at all');
});

test('the streamed root equals the root of the array, for every size to 300', () => {
  const acc = new RootAccumulator();
  assert.ok(acc.root().equals(rootOf([])));
  for (let n = 1; n <= 300; n++) {
    acc.push(LEAVES[n - 1]!);
    assert.equal(acc.size, n);
    assert.ok(acc.root().equals(rootOf(LEAVES.slice(0, n))), `size ${n}`);
  }
});
