/**
 * The Merkle log stored as C2SP tlog-tiles tiles of height 8, and the log's roots and proofs
 * computed from them. Why tiles: a tree of millions of leaves cannot be re-hashed per proof, and
 * a row per node would be billions of rows. A tile (L, N) holds up to 256 consecutive hashes of
 * tree level 8·L (level 0: the leaf hashes): those of nodes N·256 … N·256+255. Full tiles never
 * change; the right-edge tile of each level is partial (width < 256) and grows with the log.
 * A node at a level between tile levels (8·L + r, r = 1…7) is the root of 2^r adjacent hashes of
 * one tile at level L, so every node of every tree size is one tile read away.
 *
 * Proofs are planned first: the ranges a proof needs are split into tree nodes, the nodes mapped
 * to tiles, and the tiles fetched with one call of the reader (a proof over ten million leaves
 * touches about a dozen tiles; with a warm `NodeCache`, only the leaf's own tile). They come out
 * byte-identical to merkle.ts's proofs over leaves. Pure: storage is the caller's, behind a
 * `TileReader`.
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren } from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

export interface TileCoord {
  /** tile level L: the tile holds hashes of tree level 8·L */
  readonly level: number;
  /** tile index N: the tile holds the hashes N·256 … N·256 + width − 1 of its level */
  readonly index: number;
}

/** a tile's hashes, concatenated (width = hashes.length / 32) */
export interface Tile extends TileCoord {
  readonly hashes: Buffer;
}

/** fetches tiles in one batch; the map is keyed by `tileKey`, missing tiles are absent */
export type TileReader = (coords: readonly TileCoord[]) => Promise<ReadonlyMap<string, Buffer>>;

/** the stored tiles do not hold what a tree of the asked size needs */
export class TileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TileError';
  }
}

export function tileKey(coord: TileCoord): string {
  return `${coord.level}/${coord.index}`;
}

function checkSize(size: number, name = 'size'): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${name} ${size} is not a tree size`);
}

/** how many hashes tile level `level` holds in a tree of `size` leaves */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** the partial tiles on the right edge of a tree of `size` leaves (the tiles the next append changes) */
export function rightEdgeTiles(size: number): TileCoord[] {
  checkSize(size);
  const coords: TileCoord[] = [];
  for (let level = 0; hashesAtLevel(size, level) > 0; level++) {
    const count = hashesAtLevel(size, level);
    if (count % TILE_WIDTH !== 0) coords.push({ level, index: Math.floor(count / TILE_WIDTH) });
  }
  return coords;
}

/** the root of `count` (a power of two) consecutive hashes starting at hash `offset` of `hashes` */
function perfectRoot(hashes: Buffer, offset: number, count: number): Buffer {
  if (count === 1) return Buffer.from(hashes.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE));
  let row: Buffer[] = [];
  for (let i = 0; i < count; i += 2) {
    const a = (offset + i) * HASH_SIZE;
    row.push(hashChildren(hashes.subarray(a, a + HASH_SIZE), hashes.subarray(a + HASH_SIZE, a + 2 * HASH_SIZE)));
  }
  while (row.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < row.length; i += 2) next.push(hashChildren(row[i]!, row[i + 1]!));
    row = next;
  }
  return row[0]!;
}

/**
 * Appends leaf hashes to a tree of `size` leaves. `edge` holds the tree's right-edge tiles (at
 * least those `rightEdgeTiles(size)` names); returns every tile to write: the changed and new
 * tiles of each level, full ones and the new partial right edge. Throws `TileError` when an edge
 * tile is missing or does not have the width `size` implies.
 */
export function appendLeaves(size: number, edge: ReadonlyMap<string, Buffer>, leaves: readonly Uint8Array[]): Tile[] {
  checkSize(size);
  if (!Number.isSafeInteger(size + leaves.length)) throw new RangeError('the tree would outgrow 2^53 leaves');
  for (const leaf of leaves) if (leaf.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
  const out: Tile[] = [];
  let added: readonly Uint8Array[] = leaves;
  for (let level = 0; added.length > 0; level++) {
    const count = hashesAtLevel(size, level);
    let index = Math.floor(count / TILE_WIDTH);
    let filled = count % TILE_WIDTH;
    let parts: Uint8Array[] = [];
    if (filled > 0) {
      const key = tileKey({ level, index });
      const existing = edge.get(key);
      if (!existing) throw new TileError(`the right-edge tile ${key} of a tree of ${size} is missing`);
      if (existing.length !== filled * HASH_SIZE) {
        throw new TileError(`the right-edge tile ${key} holds ${existing.length / HASH_SIZE} hashes; a tree of ${size} needs ${filled}`);
      }
      parts.push(existing);
    }
    const up: Buffer[] = []; // hashes of the tiles this append completes: the next level's new hashes
    let i = 0;
    while (i < added.length) {
      const take = Math.min(TILE_WIDTH - filled, added.length - i);
      for (let j = 0; j < take; j++) parts.push(added[i + j]!);
      i += take;
      filled += take;
      const hashes = Buffer.concat(parts, filled * HASH_SIZE);
      out.push({ level, index, hashes });
      if (filled === TILE_WIDTH) up.push(perfectRoot(hashes, 0, TILE_WIDTH));
      index += 1;
      filled = 0;
      parts = [];
    }
    added = up;
  }
  return out;
}

/** the right edge after `written` (what `appendLeaves` returned) was applied to `edge` */
export function advanceEdge(edge: ReadonlyMap<string, Buffer>, written: readonly Tile[]): Map<string, Buffer> {
  const next = new Map(edge);
  for (const tile of written) {
    if (tile.hashes.length < TILE_WIDTH * HASH_SIZE) next.set(tileKey(tile), tile.hashes);
    else next.delete(tileKey(tile));
  }
  return next;
}

// ---- reading: ranges of leaves → tree nodes → tiles ----

type Range = readonly [lo: number, hi: number];

interface TreeNode {
  /** tree level h: the node covers 2^h leaves */
  readonly height: number;
  readonly index: number;
}

/** [lo, hi) as the aligned complete subtrees that make it up, left to right */
function nodesOf([lo, hi]: Range): TreeNode[] {
  const nodes: TreeNode[] = [];
  let at = lo;
  while (at < hi) {
    let height = 0;
    // grow while the next power of two stays aligned at `at` and inside the range
    while (at % 2 ** (height + 1) === 0 && at + 2 ** (height + 1) <= hi) height += 1;
    nodes.push({ height, index: at / 2 ** height });
    at += 2 ** height;
  }
  return nodes;
}

/** where a node's hash comes from: the tile (and the first of the hashes in it) below or at the node */
function sourceOf(node: TreeNode): { coord: TileCoord; offset: number } {
  const level = Math.floor(node.height / TILE_HEIGHT);
  const first = node.index * 2 ** (node.height - level * TILE_HEIGHT);
  return { coord: { level, index: Math.floor(first / TILE_WIDTH) }, offset: first % TILE_WIDTH };
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** the ranges whose hashes make up PATH(index, D[size]) (RFC 6962 §2.1.1), in proof order */
function inclusionRanges(index: number, size: number): Range[] {
  const ranges: Range[] = [];
  let lo = 0;
  let hi = size;
  let m = index;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m < k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

/** the ranges whose hashes make up PROOF(size1, D[size2]) (RFC 6962 §2.1.2), in proof order */
function consistencyRanges(size1: number, size2: number): Range[] {
  const ranges: Range[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let whole = true;
  for (;;) {
    if (m === hi - lo) {
      if (!whole) ranges.push([lo, hi]);
      break;
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      m -= k;
      whole = false;
    }
  }
  return ranges.reverse();
}

/**
 * Node hashes kept across proofs. A complete node never changes in an honest log, so the hot
 * ones (the upper levels, the right edge) are hashed once, and the tiles they come from are then
 * not even read. Two generations approximate least-recently-used in O(1): a node used while in
 * the old generation moves to the new one; when the new one fills, the old one is dropped. For
 * serving proofs only: checks that must see the stored tiles as they are now (signing,
 * verification) use no cache.
 */
export class NodeCache {
  readonly #generation: number;
  #young = new Map<string, Buffer>();
  #old = new Map<string, Buffer>();

  /** holds between `max / 2` and `max` nodes */
  constructor(max = 100_000) {
    this.#generation = Math.max(1, Math.floor(max / 2));
  }

  get(key: string): Buffer | undefined {
    const young = this.#young.get(key);
    if (young) return young;
    const old = this.#old.get(key);
    if (old) this.set(key, old);
    return old;
  }

  set(key: string, hash: Buffer): void {
    this.#young.set(key, hash);
    if (this.#young.size >= this.#generation) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }
}

const nodeKey = (node: TreeNode) => `${node.height}:${node.index}`;

/** MTH of each range, from one batched read of the tiles they need (none for cached nodes) */
async function hashRanges(ranges: readonly Range[], read: TileReader, cache?: NodeCache): Promise<Buffer[]> {
  const nodeLists = ranges.map(nodesOf);
  const memo = new Map<string, Buffer>();
  // worth keeping: nodes above the leaves' tiles, and those of the right edge's leaf tile (every
  // root needs them); other leaf-tile nodes are rarely asked for twice
  const edgeStart = Math.floor(Math.max(...ranges.map(([, hi]) => hi)) / TILE_WIDTH) * TILE_WIDTH;
  const keep = (node: TreeNode) => node.height >= TILE_HEIGHT || (node.height > 0 && node.index * 2 ** node.height >= edgeStart);
  const needed = new Map<string, TileCoord>();
  for (const node of nodeLists.flat()) {
    // a cached node is taken now: the cache may drop it before it is used
    const cached = keep(node) ? cache?.get(nodeKey(node)) : undefined;
    if (cached) {
      memo.set(nodeKey(node), cached);
      continue;
    }
    const { coord } = sourceOf(node);
    needed.set(tileKey(coord), coord);
  }
  const tiles = needed.size > 0 ? await read([...needed.values()]) : new Map<string, Buffer>();
  // a node between tile levels is hashed from its two children, memoised: the nodes of one proof
  // and of its root share subtrees, each hashed once
  const nodeHash = (node: TreeNode): Buffer => {
    const key = nodeKey(node);
    const known = memo.get(key) ?? (keep(node) ? cache?.get(key) : undefined);
    if (known) return known;
    let hash: Buffer;
    if (node.height % TILE_HEIGHT === 0) {
      const { coord, offset } = sourceOf(node);
      const hashes = tiles.get(tileKey(coord));
      if (!hashes) throw new TileError(`tile ${tileKey(coord)} is missing`);
      if (hashes.length % HASH_SIZE !== 0 || hashes.length < (offset + 1) * HASH_SIZE) {
        throw new TileError(`tile ${tileKey(coord)} holds ${Math.floor(hashes.length / HASH_SIZE)} hashes; the tree needs ${offset + 1}`);
      }
      hash = Buffer.from(hashes.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE));
    } else {
      const below = { height: node.height - 1, index: node.index * 2 };
      hash = hashChildren(nodeHash(below), nodeHash({ height: below.height, index: below.index + 1 }));
    }
    memo.set(key, hash);
    if (keep(node)) cache?.set(key, hash);
    return hash;
  };
  return nodeLists.map((list) => {
    // MTH of a range the RFC recursion produces: its aligned nodes joined right to left
    const nodes = list.map(nodeHash);
    let hash = nodes.pop()!;
    while (nodes.length > 0) hash = hashChildren(nodes.pop()!, hash);
    return hash;
  });
}

/** MTH(D[size]) from the tiles */
export async function rootFromTiles(size: number, read: TileReader, cache?: NodeCache): Promise<Buffer> {
  checkSize(size);
  if (size === 0) return EMPTY_ROOT;
  const [root] = await hashRanges([[0, size]], read, cache);
  return root!;
}

/** the leaf hash at `index`, the root of the tree of `size`, and the RFC 9162 inclusion proof */
export async function inclusionFromTiles(index: number, size: number, read: TileReader, cache?: NodeCache): Promise<{ leafHash: Buffer; root: Buffer; proof: Buffer[] }> {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const [leafHash, root, ...proof] = await hashRanges([[index, index + 1], [0, size], ...inclusionRanges(index, size)], read, cache);
  return { leafHash: leafHash!, root: root!, proof };
}

/** both roots and the RFC 9162 consistency proof from the tree of `size1` to the tree of `size2` */
export async function consistencyFromTiles(size1: number, size2: number, read: TileReader, cache?: NodeCache): Promise<{ root1: Buffer; root2: Buffer; proof: Buffer[] }> {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  if (size1 < 1 || size1 > size2) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  const [root1, root2, ...proof] = await hashRanges([[0, size1], [0, size2], ...consistencyRanges(size1, size2)], read, cache);
  return { root1: root1!, root2: root2!, proof };
}

/** a reader over tiles held in memory (tests, tools) */
export function memoryTileReader(tiles: ReadonlyMap<string, Buffer>): TileReader {
  return async (coords) => new Map(coords.flatMap((c) => {
    const hashes = tiles.get(tileKey(c));
    return hashes ? [[tileKey(c), hashes] as const] : [];
  }));
}
