/**
 * HMAC-SHA256 for many short messages under one key, exact (the same bytes as node's
 * `createHmac('sha256', key)`), about three times faster than `createHmac` per token.
 *
 * Why not node:crypto per token: each `createHmac` call crosses into C++ and costs about 2.5 µs
 * for a two-byte n-gram, and `hash.copy()` of precomputed keyed states is slower still (about
 * 3 µs: two copies, two digests). The CLK encoder hashes ~70 tokens per record, so the crossing
 * dominates. Here the key's inner and outer pads are compressed once (the HMAC "midstates",
 * RFC 2104 §4 notes this precomputation), and each token then costs one compression for the
 * inner hash (two if the token exceeds 55 bytes) and one for the outer hash, in plain JS
 * integer arithmetic with no allocation. Tests compare it with `createHmac` on random input.
 */

import { createHmac } from 'node:crypto';

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const BLOCK_BYTES = 64;
/** tokens longer than this many UTF-8 bytes go through node:crypto (never the case for n-grams) */
const MAX_FAST_MESSAGE_BYTES = 4096 - 2 * BLOCK_BYTES;

// Scratch space shared by all keys: hashing is synchronous, so no two calls interleave.
// A block's 16 words are loaded straight into the first 16 words of the message schedule.
const schedule = new Int32Array(64);
const message = new Uint8Array(4096);
const utf8 = new TextEncoder();

/** one SHA-256 compression of the block loaded in `schedule[0…15]` into `state` */
function compress(state: Int32Array): void {
  const w = schedule;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choose = (e & f) ^ (~e & g);
    const t1 = (h + sigma1 + choose + ROUND_CONSTANTS[i]! + w[i]!) | 0;
    const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (sigma0 + majority) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0;
}

function loadBlock(bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    schedule[i] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
  }
}

/** a key's HMAC, ready to hash many messages */
export interface KeyedSha256 {
  /**
   * HMAC-SHA256(key, UTF-8 of `text`) into `out` as eight big-endian 32-bit words (as signed
   * Int32 values): word 0 is digest bytes 0–3. Returns `out`.
   */
  digestWords(text: string, out: Int32Array): Int32Array;
  /** the same digest as bytes (for the rare caller that wants a Buffer) */
  digest(text: string): Buffer;
}

/** Precomputes the HMAC pads of `key` (any length; keys over 64 bytes are hashed first, as RFC 2104 says). */
export function keyedSha256(key: Uint8Array): KeyedSha256 {
  let keyBytes = key;
  if (keyBytes.length > BLOCK_BYTES) keyBytes = sha256Bytes(keyBytes);
  const pad = new Uint8Array(BLOCK_BYTES);
  const innerState = INITIAL_STATE.slice();
  const outerState = INITIAL_STATE.slice();
  pad.fill(0x36);
  for (let i = 0; i < keyBytes.length; i++) pad[i]! ^= keyBytes[i]!;
  loadBlock(pad, 0);
  compress(innerState);
  pad.fill(0x5c);
  for (let i = 0; i < keyBytes.length; i++) pad[i]! ^= keyBytes[i]!;
  loadBlock(pad, 0);
  compress(outerState);
  pad.fill(0);

  const digestWords = (text: string, out: Int32Array): Int32Array => {
    // At most 3 UTF-8 bytes per UTF-16 unit: a longer text might not fit the scratch buffer.
    if (text.length * 3 > MAX_FAST_MESSAGE_BYTES) return slowDigestWords(keyBytes, text, out);
    const { written } = utf8.encodeInto(text, message);
    out.set(innerState);
    // Inner hash of (ipad block ‖ message): the pad is already compressed, so the message is
    // padded as if it started at byte 64: 0x80, zeros, 64-bit big-endian bit length.
    const blocks = Math.ceil((written + 9) / BLOCK_BYTES);
    const end = blocks * BLOCK_BYTES;
    message[written] = 0x80;
    message.fill(0, written + 1, end);
    const bits = (BLOCK_BYTES + written) * 8;
    message[end - 4] = bits >>> 24;
    message[end - 3] = (bits >>> 16) & 0xff;
    message[end - 2] = (bits >>> 8) & 0xff;
    message[end - 1] = bits & 0xff;
    for (let b = 0; b < blocks; b++) {
      loadBlock(message, b * BLOCK_BYTES);
      compress(out);
    }
    // Outer hash of (opad block ‖ inner digest): one block, 32 digest bytes then padding.
    for (let i = 0; i < 8; i++) schedule[i] = out[i]!;
    schedule[8] = 0x80000000 | 0;
    for (let i = 9; i < 15; i++) schedule[i] = 0;
    schedule[15] = (BLOCK_BYTES + 32) * 8;
    out.set(outerState);
    compress(out);
    return out;
  };

  return {
    digestWords,
    digest(text: string): Buffer {
      const words = digestWords(text, new Int32Array(8));
      const bytes = Buffer.alloc(32);
      for (let i = 0; i < 8; i++) bytes.writeInt32BE(words[i]!, 4 * i);
      return bytes;
    },
  };
}

/** plain SHA-256 of bytes (used only for over-long HMAC keys) */
function sha256Bytes(bytes: Uint8Array): Uint8Array {
  const blocks = Math.ceil((bytes.length + 9) / BLOCK_BYTES);
  const padded = new Uint8Array(blocks * BLOCK_BYTES);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bytes.length / 0x20000000));
  view.setUint32(padded.length - 4, (bytes.length * 8) >>> 0);
  const state = INITIAL_STATE.slice();
  for (let b = 0; b < blocks; b++) {
    loadBlock(padded, b * BLOCK_BYTES);
    compress(state);
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setInt32(4 * i, state[i]!);
  return out;
}

/** the general path for very long texts (over ~1,300 characters): node's own HMAC, same result */
function slowDigestWords(key: Uint8Array, text: string, out: Int32Array): Int32Array {
  const bytes = createHmac('sha256', key).update(text, 'utf8').digest();
  for (let i = 0; i < 8; i++) out[i] = bytes.readInt32BE(4 * i);
  return out;
}
