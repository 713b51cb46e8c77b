/**
 * The CLK encoder: one record's fields into one Bloom filter of `l` bits (a cryptographic
 * long-term key, Schnell et al.; clkhash's scheme), and a party's whole table into the `ClkSet`
 * it hands to the matcher.
 *
 * Each token of each encoded field is hashed with the field's own key, exactly
 * HMAC-SHA256(fieldKey, UTF-8 token) (`hmac-sha256.ts`, checked against node's `createHmac`),
 * and sets k bits by double hashing: positions h1 + i·h2 mod l for i = 0…k−1, with h1 and h2
 * taken from the digest. h2 is drawn among the numbers coprime to l (all odd, as l is even), so
 * the k positions are always distinct: a plain h2 can be 0 mod l, or share a factor with l, and
 * then the token sets fewer bits than it should (clkhash #33). Field hashes repeat a lot (the
 * bigram "an" recurs through a file), so each field keeps a bounded memo of token → (h1, h2):
 * the same exact HMAC, computed once.
 */

import { randomBytes } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { ClkSet, FieldHashing, LinkageFeature, LinkageSchema, RecordTable } from './types.ts';
import { encodedFeatures, parseLinkageSchema, schemaSha256 } from './linkage-schema.ts';
import { isMissingValue, normaliseValue } from './normalise.ts';
import { tokenise } from './tokens.ts';
import { fieldKeys, type LinkageSecret } from './secret.ts';
import { keyedSha256, type KeyedSha256 } from './hmac-sha256.ts';
import { createBlocker } from './blocking.ts';

/** memo entries per field before it stops growing (about 10 MB per field at the cap) */
const TOKEN_MEMO_LIMIT = 1 << 17;
/** h1 and h2 are below l ≤ 4096 = 2^12, so both fit one small integer */
const POSITION_BITS = 12;
const POSITION_MASK = (1 << POSITION_BITS) - 1;

export interface ClkEncoder {
  /** bits per CLK */
  readonly l: number;
  /** 32-bit words per CLK (l / 32) */
  readonly words: number;
  /** one record's CLK; `fields` are its values in `schema.features` order (ignored ones may be blank) */
  encode(fields: readonly string[]): Uint32Array;
  /** the same, written into `target` from word `offset` on (the words must be zero) */
  encodeInto(fields: readonly string[], target: Uint32Array, offset: number): void;
  /** the number of set bits of a CLK */
  popcount(clk: Uint32Array): number;
}

/** the numbers in [1, l) coprime to l: the h2 values whose k multiples stay distinct mod l */
const unitsCache = new Map<number, Uint16Array>();
function unitsModulo(l: number): Uint16Array {
  let units = unitsCache.get(l);
  if (!units) {
    const list: number[] = [];
    for (let u = 1; u < l; u++) if (gcd(u, l) === 1) list.push(u);
    units = Uint16Array.from(list);
    unitsCache.set(l, units);
  }
  return units;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The double-hashing step from two 32-bit digest words: h1 = first mod l, h2 = a number coprime
 * to l chosen by the second. Exposed for tests (the singular case: a second word ≡ 0 mod l).
 */
export function doubleHashSteps(first: number, second: number, l: number): { h1: number; h2: number } {
  const units = unitsModulo(l);
  return { h1: (first >>> 0) % l, h2: units[(second >>> 0) % units.length]! };
}

/** the k bit positions h1 + i·h2 mod l; distinct for any k ≤ l because h2 is coprime to l */
export function bitPositions(h1: number, h2: number, k: number, l: number): number[] {
  const out: number[] = [];
  let p = h1;
  for (let i = 0; i < k; i++) {
    out.push(p);
    p += h2;
    if (p >= l) p -= l;
  }
  return out;
}

/** set bits of a CLK (or of any words) */
export function popcount(words: Uint32Array, start = 0, end = words.length): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    let v = words[i]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    count += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

interface PreparedFeature {
  readonly index: number;
  readonly feature: LinkageFeature;
  readonly hashing: FieldHashing;
  readonly hmac: KeyedSha256;
  readonly memo: Map<string, number>;
}

function bitsPerToken(strategy: FieldHashing['strategy'], tokenCount: number, l: number): number {
  const k = 'bitsPerToken' in strategy ? strategy.bitsPerToken : Math.max(1, Math.round(strategy.bitsPerFeature / tokenCount));
  return Math.min(k, l);
}

function checkFieldCount(fields: readonly string[], expected: number): void {
  if (fields.length !== expected) {
    throw new AriadneError('MALFORMED_INPUT', `A record has ${fields.length} values; the linkage schema has ${expected} features.`, {
      details: { fields: `expected ${expected} values` },
    });
  }
}

/** Prepares the encoding of `schema` (checked again here) under `secret`. */
export function createEncoder(schema: LinkageSchema, secret: LinkageSecret): ClkEncoder {
  const checked = parseLinkageSchema(schema);
  const l = checked.clkConfig.l;
  const words = l / 32;
  const keys = fieldKeys(secret, checked);
  const units = unitsModulo(l);
  const prepared: PreparedFeature[] = encodedFeatures(checked).map((feature) => ({
    index: checked.features.indexOf(feature),
    feature,
    hashing: feature.hashing!,
    hmac: keyedSha256(keys.features.get(feature.identifier)!),
    memo: new Map<string, number>(),
  }));
  const digest = new Int32Array(8);

  // (h1 << 12) | h2 of a token under a field's key
  const steps = (f: PreparedFeature, token: string): number => {
    let packed = f.memo.get(token);
    if (packed === undefined) {
      f.hmac.digestWords(token, digest);
      const h1 = (digest[0]! >>> 0) % l;
      const h2 = units[(digest[1]! >>> 0) % units.length]!;
      packed = (h1 << POSITION_BITS) | h2;
      if (f.memo.size < TOKEN_MEMO_LIMIT) f.memo.set(token, packed);
    }
    return packed;
  };

  const encodeInto = (fields: readonly string[], target: Uint32Array, offset: number): void => {
    checkFieldCount(fields, checked.features.length);
    for (const f of prepared) {
      const raw = fields[f.index]!;
      if (isMissingValue(raw, f.feature)) continue;
      const tokens = tokenise(normaliseValue(raw, f.feature.format), f.hashing.comparison);
      if (tokens.length === 0) continue;
      const k = bitsPerToken(f.hashing.strategy, tokens.length, l);
      for (const token of tokens) {
        const packed = steps(f, token);
        const h2 = packed & POSITION_MASK;
        let p = packed >>> POSITION_BITS;
        for (let i = 0; i < k; i++) {
          target[offset + (p >>> 5)]! |= 1 << (p & 31);
          p += h2;
          if (p >= l) p -= l;
        }
      }
    }
  };

  return {
    l,
    words,
    encodeInto,
    encode(fields) {
      const clk = new Uint32Array(words);
      encodeInto(fields, clk, 0);
      return clk;
    },
    popcount: (clk) => popcount(clk),
  };
}

export interface EncodeTableOptions {
  /** n random bytes (default node:crypto `randomBytes`); tests pass a seeded source */
  readonly random?: (n: number) => Uint8Array;
}

export interface EncodedTable {
  /** what goes to the matcher: tokens, CLKs and blocking hashes in a random order, no ids */
  readonly set: ClkSet;
  /** what the party keeps: token → record id */
  readonly tokenToId: Map<string, string>;
}

/** uniform integers from a byte source, without modulo bias (rejection sampling) */
function randomIndexSource(random: (n: number) => Uint8Array): (bound: number) => number {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  const nextWord = (): number => {
    if (at + 4 > pool.length) {
      pool = random(4096);
      at = 0;
      if (pool.length < 4) throw new AriadneError('INTERNAL', 'The random source returned too few bytes.');
    }
    const w = ((pool[at]! << 24) | (pool[at + 1]! << 16) | (pool[at + 2]! << 8) | pool[at + 3]!) >>> 0;
    at += 4;
    return w;
  };
  return (bound) => {
    const limit = 0x100000000 - (0x100000000 % bound);
    for (;;) {
      const w = nextWord();
      if (w < limit) return w % bound;
    }
  };
}

/** where each schema feature's value sits in a table row (−1: not needed, left blank) */
function columnSources(schema: LinkageSchema, columns: readonly string[]): number[] {
  const needed = new Set(encodedFeatures(schema).map((f) => f.identifier));
  for (const key of schema.blocking) for (const part of key.parts) needed.add(part.identifier);
  return schema.features.map((f) => {
    if (!needed.has(f.identifier)) return -1;
    const column = columns.indexOf(f.identifier);
    if (column === 0) {
      throw new AriadneError('VALIDATION_FAILED', `The id column "${f.identifier}" cannot be encoded or blocked on: ids never reach an encoding.`, {
        details: { [f.identifier]: 'is the id column' },
      });
    }
    if (column < 0) {
      throw new AriadneError('VALIDATION_FAILED', `The table has no column "${f.identifier}", which the linkage schema encodes or blocks on.`, {
        details: { [f.identifier]: 'missing column' },
      });
    }
    return column - 1; // rows hold the fields without the id
  });
}

function checkTable(table: RecordTable): void {
  if (table.columns.length < 1) throw new AriadneError('MALFORMED_INPUT', 'The table has no columns.');
  if (table.ids.length !== table.rows.length) {
    throw new AriadneError('MALFORMED_INPUT', `The table has ${table.ids.length} ids but ${table.rows.length} rows.`);
  }
  const width = table.columns.length - 1;
  const seen = new Set<string>();
  table.rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new AriadneError('MALFORMED_INPUT', `Row ${i + 1} has ${row.length} fields; the header names ${width} besides the id.`, {
        details: { row: String(i + 1) },
      });
    }
    const id = table.ids[i]!;
    if (seen.has(id)) {
      throw new AriadneError('VALIDATION_FAILED', `Row ${i + 1} repeats an id of an earlier row; ids must be unique.`, { details: { row: String(i + 1) } });
    }
    seen.add(id);
  });
}

/**
 * Encodes a party's table: every record gets a fresh random 128-bit token (hex), its CLK and its
 * blocking hashes, and the records are put in a random order (a CSPRNG Fisher–Yates shuffle),
 * because the order of a file can say when or where a record was made. Record ids stay in
 * `tokenToId`, never in the set.
 */
export function encodeTable(schema: LinkageSchema, secret: LinkageSecret, table: RecordTable, options: EncodeTableOptions = {}): EncodedTable {
  const encoder = createEncoder(schema, secret);
  const blocker = createBlocker(schema, fieldKeys(secret, schema).blocking);
  checkTable(table);
  const sources = columnSources(schema, table.columns);
  const random = options.random ?? ((n: number) => randomBytes(n));
  const count = table.rows.length;

  // order[j] = the table row placed at position j
  const order = Array.from({ length: count }, (_, i) => i);
  const randomIndex = randomIndexSource(random);
  for (let i = count - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }

  const tokens = freshTokens(count, random);
  const clks = new Uint32Array(count * encoder.words);
  const blocks: string[][] = new Array<string[]>(count);
  const tokenToId = new Map<string, string>();
  const fields: string[] = new Array<string>(sources.length).fill('');
  for (let j = 0; j < count; j++) {
    const row = table.rows[order[j]!]!;
    for (let f = 0; f < sources.length; f++) {
      const source = sources[f]!;
      fields[f] = source < 0 ? '' : row[source]!;
    }
    encoder.encodeInto(fields, clks, j * encoder.words);
    blocks[j] = blocker(fields);
    tokenToId.set(tokens[j]!, table.ids[order[j]!]!);
  }
  return { set: { schemaSha256: schemaSha256(schema), l: encoder.l, tokens, clks, blocks }, tokenToId };
}

const TOKEN_BYTES = 16;

function freshTokens(count: number, random: (n: number) => Uint8Array): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  let bytes = random(TOKEN_BYTES * count);
  let at = 0;
  let repeats = 0;
  while (tokens.length < count) {
    if (at + TOKEN_BYTES > bytes.length) {
      bytes = random(TOKEN_BYTES * (count - tokens.length));
      at = 0;
      if (bytes.length < TOKEN_BYTES) throw new AriadneError('INTERNAL', 'The random source returned too few bytes.');
    }
    const token = Buffer.from(bytes.subarray(at, at + TOKEN_BYTES)).toString('hex');
    at += TOKEN_BYTES;
    // a repeat of 128 random bits does not happen with a real CSPRNG; a broken source must not pass
    if (seen.has(token)) {
      if (++repeats > 8) throw new AriadneError('INTERNAL', 'The random source repeats itself; no tokens were made.');
      continue;
    }
    seen.add(token);
    tokens.push(token);
  }
  return tokens;
}
