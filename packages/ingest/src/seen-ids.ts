/**
 * The ids seen so far in one file, for duplicate detection at 10M+ rows: an open-addressing
 * hash table of 8-byte SHA-1 prefixes and first line numbers in typed arrays (about 24 bytes
 * per id), not a `Map` of strings. Two different ids share a prefix with probability ~n²/2⁶⁵
 * (3·10⁻⁶ at 10M ids); such a collision is reported as a duplicate, never silently merged.
 */
import { createHash } from 'node:crypto';

export class SeenIds {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private lines: Float64Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Records `id` as first seen on `line`; returns the earlier line when it was seen before.
   *
   * @example seen.add('p1', 3); seen.add('p1', 9) // 3
   */
  add(id: string, line: number): number | null {
    const digest = createHash('sha1').update(id).digest();
    let hi = digest.readUInt32BE(0);
    const lo = digest.readUInt32BE(4);
    if (hi === 0 && lo === 0) hi = 1; // (0, 0) marks an empty slot
    const found = this.probe(hi, lo);
    if (this.lines[found] !== 0) return this.lines[found]!;
    this.hi[found] = hi;
    this.lo[found] = lo;
    this.lines[found] = line;
    this.count += 1;
    if (this.count * 2 > this.hi.length) this.grow();
    return null;
  }

  private probe(hi: number, lo: number): number {
    const mask = this.hi.length - 1;
    let slot = (lo ^ hi) & mask;
    while (this.lines[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    this.lines = new Float64Array(lines.length * 2);
    for (let i = 0; i < hi.length; i++) {
      if (lines[i] === 0) continue;
      const slot = this.probe(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
