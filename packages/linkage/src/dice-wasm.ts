/**
 * The WebAssembly Dice kernel: one record of side A against every record of side B, with the
 * hardware popcount (`i64.popcnt`, two words a loop step): about 120 M comparisons/s against the
 * JS kernel's 10 M on FEBRL4 (1,024-bit CLKs, one core of the project machine). A 128-bit SIMD
 * variant (`i8x16.popcnt`) was tried and was slower.
 * The module is assembled here from its bytes (below, one instruction a line) so the package
 * ships no binary and needs no toolchain; `dice.ts` falls back to its JS kernel when WebAssembly
 * is unavailable (`node --jitless`, say) and tests that both give identical scores.
 *
 * The kernel reports (j, c) for each record j of B whose Dice score `2c / (|a| + |b_j|)` is at or
 * above the threshold, c being the popcount of `a AND b_j`; the caller recomputes the score from
 * c with the very same double division, so both kernels agree to the last bit.
 */
import type { ClkSet } from './types.ts';

// --- a minimal WebAssembly binary writer (only what the kernel needs) ---

/** unsigned LEB128, the integer encoding of the WebAssembly binary format */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}
const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, bytes: readonly number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;

// parameters and locals of `above`, by index
const A = 0; // byte offset of the A record (stride bytes, zero padded)
const B = 1; // byte offset of B's first record; advances record by record
const N = 2; // records in B
const PAIRS = 3; // 64-bit word pairs per record (the loop is unrolled by two)
const POP_B = 4; // byte offset of B's popcounts (u32 each)
const POP_A = 5; // popcount of the A record
const THRESHOLD = 6; // f64
const OUT = 7; // byte offset of the output: (j u32, c u32) per reported record
const J = 8;
const K = 9;
const COUNT = 10;
const CURSOR = 11; // walks the A record
const C = 12; // i64 popcount of the AND

const aboveBody: number[] = [
  ...vec([[4, I32], [1, I64]]), // locals J, K, COUNT, CURSOR (i32); C (i64)
  0x02, 0x40, //                   block $done
  0x03, 0x40, //                     loop $records
  0x20, J, 0x20, N, 0x4f, //           j >= n ?
  0x0d, 1, //                          br_if $done
  0x42, 0, 0x21, C, //                 c = 0
  0x20, A, 0x21, CURSOR, //            cursor = a
  0x20, PAIRS, 0x21, K, //             k = pairs
  0x03, 0x40, //                       loop $words
  0x20, C, //                            c +
  0x20, CURSOR, 0x29, 3, 0, //             load64(cursor)
  0x20, B, 0x29, 3, 0, //                  load64(b)
  0x83, 0x7b, 0x7c, //                     and, popcnt, add
  0x20, CURSOR, 0x29, 3, 8, //             load64(cursor + 8)
  0x20, B, 0x29, 3, 8, //                  load64(b + 8)
  0x83, 0x7b, 0x7c, //                     and, popcnt, add
  0x21, C, //                            -> c
  0x20, CURSOR, 0x41, 16, 0x6a, 0x21, CURSOR, // cursor += 16
  0x20, B, 0x41, 16, 0x6a, 0x21, B, //   b += 16 (so b ends at the next record)
  0x20, K, 0x41, 1, 0x6b, 0x22, K, //    --k
  0x0d, 0, //                            br_if $words
  0x0b, //                             end
  0x20, C, 0x20, C, 0x7c, 0xba, //     f64(2c)
  0x20, POP_A, //                      popA +
  0x20, POP_B, 0x20, J, 0x41, 2, 0x74, 0x6a, 0x28, 2, 0, // load32(popB + 4j)
  0x6a, 0xb8, //                       f64(popA + popB[j])
  0xa3, 0x20, THRESHOLD, 0x66, //      2c / (…) >= threshold ?
  0x04, 0x40, //                       if
  0x20, OUT, 0x20, COUNT, 0x41, 3, 0x74, 0x6a, 0x20, J, 0x36, 2, 0, //            out[count].j = j
  0x20, OUT, 0x20, COUNT, 0x41, 3, 0x74, 0x6a, 0x20, C, 0xa7, 0x36, 2, 4, //     out[count].c = c
  0x20, COUNT, 0x41, 1, 0x6a, 0x21, COUNT, //                                    count++
  0x0b, //                             end
  0x20, J, 0x41, 1, 0x6a, 0x21, J, //  j++
  0x0c, 0, //                          br $records
  0x0b, //                           end
  0x0b, //                         end
  0x20, COUNT, //                  return count
  0x0b,
];

const aboveType = [0x60, ...vec([I32, I32, I32, I32, I32, I32, F64, I32].map((t) => [t])), ...vec([[I32]])];

/** the module: imports its memory (`env.mem`), exports `above` */
const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([aboveType])),
  ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
  ...section(3, vec([[0]])),
  ...section(7, vec([[...name('above'), 0x00, 0]])),
  ...section(10, vec([[...uleb(aboveBody.length), ...aboveBody]])),
]);

// eslint-disable-next-line max-params -- the WebAssembly export's signature
type Above = (a: number, b: number, n: number, pairs: number, popB: number, popA: number, threshold: number, out: number) => number;

let compiled: WebAssembly.Module | null | undefined;

/** the compiled module, or null where WebAssembly is unavailable (compiled once, on first use) */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(MODULE_BYTES) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** whether the WebAssembly kernel can run here */
export function wasmDiceAvailable(): boolean {
  return kernelModule() !== null;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; keep a margin below it */
const MAX_BYTES = 2 ** 31;

export interface WasmScan {
  readonly a: ClkSet;
  readonly popA: Uint16Array;
  readonly b: ClkSet;
  readonly popB: Uint16Array;
  readonly threshold: number;
  /** called per pair at or above the threshold, in (i, j) order; omitted: only count */
  readonly onPair?: ((i: number, j: number, score: number) => void) | undefined;
}

/**
 * Every record of `a` against every record of `b`; returns the number of pairs at or above the
 * threshold, or null when WebAssembly is unavailable or side B does not fit in its memory (the
 * caller then uses the JS kernel). Both sets must have the same `l` (the caller checks).
 */
export function wasmAllPairs(scan: WasmScan): number | null {
  const module = kernelModule();
  if (module === null) return null;
  const { a, b, popA, popB, threshold, onPair } = scan;
  const words = a.l / 32;
  // records padded with zero words to a whole number of 128-bit steps (the loop reads two i64)
  const strideWords = Math.ceil(words / 4) * 4;
  const strideBytes = strideWords * 4;
  const nB = b.tokens.length;
  const rowOffset = 0;
  const bOffset = strideBytes;
  const popOffset = bOffset + nB * strideBytes;
  const outOffset = popOffset + nB * 4;
  const bytes = outOffset + nB * 8;
  if (bytes > MAX_BYTES) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  const above = new WebAssembly.Instance(module, { env: { mem: memory } }).exports.above as Above;
  const heap = new Uint32Array(memory.buffer);
  for (let j = 0; j < nB; j++) heap.set(b.clks.subarray(j * words, (j + 1) * words), (bOffset >> 2) + j * strideWords);
  heap.set(popB, popOffset >> 2);
  const out = outOffset >> 2;
  const pairs = strideWords / 4;
  let total = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    heap.set(a.clks.subarray(i * words, (i + 1) * words), rowOffset >> 2);
    const pa = popA[i]!;
    const found = above(rowOffset, bOffset, nB, pairs, popOffset, pa, threshold, outOffset);
    total += found;
    if (onPair !== undefined) {
      for (let r = 0; r < found; r++) {
        const j = heap[out + 2 * r]!;
        const c = heap[out + 2 * r + 1]!;
        onPair(i, j, (2 * c) / (pa + popB[j]!));
      }
    }
  }
  return total;
}
