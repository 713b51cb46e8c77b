/** Dice scores of CLKs: both kernels against a naive bit-by-bit reference on random CLKs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { allPairsScores, andPopcount, clkPopcounts, countAllPairs, dice, jsDiceKernel, popcount32, wasmDiceKernel } from '../src/dice.ts';
import { randomClkSet, seededRandom } from './clk-fixtures.ts';
import type { ClkSet } from '../src/types.ts';

/** the definition, one bit at a time */
function naiveDice(a: ClkSet, i: number, b: ClkSet, j: number): number {
  let both = 0;
  let inA = 0;
  let inB = 0;
  for (let bit = 0; bit < a.l; bit++) {
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const x = (a.clks[i * (a.l / 32) + word]! & mask) !== 0;
    const y = (b.clks[j * (b.l / 32) + word]! & mask) !== 0;
    if (x) inA++;
    if (y) inB++;
    if (x && y) both++;
  }
  return inA + inB === 0 ? 0 : (2 * both) / (inA + inB);
}

function collect(run: (onPair: (i: number, j: number, score: number) => void) => number): { pairs: [number, number, number][]; count: number } {
  const pairs: [number, number, number][] = [];
  const count = run((i, j, score) => pairs.push([i, j, score]));
  return { pairs, count };
}

describe('popcount', () => {
  test('popcount32 counts the bits of any 32-bit word', () => {
    assert.equal(popcount32(0), 0);
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount32(0x80000001), 2);
    const random = seededRandom(7);
    for (let n = 0; n < 1000; n++) {
      const x = Math.floor(random() * 2 ** 32);
      assert.equal(popcount32(x), x.toString(2).split('1').length - 1);
    }
  });

  test('andPopcount of full 4096-bit words does not overflow its lanes', () => {
    const ones = new Uint32Array(128).fill(0xffffffff);
    assert.equal(andPopcount(ones, 0, ones, 0, 128), 4096);
  });

  test('per-record popcounts match the bit count', () => {
    const set = randomClkSet({ records: 20, l: 1024, density: 0.6, seed: 1 });
    const counts = clkPopcounts(set);
    for (let i = 0; i < 20; i++) assert.equal(counts[i], naivePopcount(set, i));
  });
});

function naivePopcount(set: ClkSet, i: number): number {
  let n = 0;
  for (let w = 0; w < set.l / 32; w++) n += set.clks[i * (set.l / 32) + w]!.toString(2).split('1').length - 1;
  return n;
}

describe('dice', () => {
  test('equals the bit-by-bit reference on random CLKs of several lengths and densities', () => {
    for (const [l, density] of [[512, 0.1], [1024, 0.68], [576, 0.5], [4096, 0.9]] as const) {
      const a = randomClkSet({ records: 12, l, density, seed: l });
      const b = randomClkSet({ records: 9, l, density, seed: l + 1 });
      for (let i = 0; i < 12; i++) for (let j = 0; j < 9; j++) assert.equal(dice(a, i, b, j), naiveDice(a, i, b, j));
    }
  });

  test('is 1 for a CLK against itself, 0 for disjoint CLKs and for two empty ones', () => {
    const words = new Uint32Array([0xf0f0f0f0, 0, 0x0f0f0f0f, 0, 0, 0]);
    const set: ClkSet = { schemaSha256: 'x', l: 64, tokens: ['t1', 't2', 't3'], clks: words, blocks: [[], [], []] };
    assert.equal(dice(set, 0, set, 0), 1);
    assert.equal(dice(set, 0, set, 1), 0);
    assert.equal(dice(set, 2, set, 2), 0);
  });
});

describe('all pairs', () => {
  const a = randomClkSet({ records: 40, l: 1024, density: 0.68, seed: 11 });
  const b = randomClkSet({ records: 33, l: 1024, density: 0.68, seed: 12, relatedTo: a });

  test('the JS kernel reports exactly the pairs at or above the threshold, in (i, j) order', () => {
    const { pairs, count } = collect((onPair) => jsDiceKernel.allPairs(a, b, 0.75, onPair));
    const expected: [number, number, number][] = [];
    for (let i = 0; i < 40; i++) for (let j = 0; j < 33; j++) {
      const score = naiveDice(a, i, b, j);
      if (score >= 0.75) expected.push([i, j, score]);
    }
    assert.ok(expected.length > 20, 'the fixture has related records above the threshold');
    assert.deepEqual(pairs, expected);
    assert.equal(count, expected.length);
    assert.equal(jsDiceKernel.countPairs(a, b, 0.75), expected.length);
  });

  test('the WebAssembly kernel gives the same pairs and bit-identical scores as the JS kernel', () => {
    const wasm = wasmDiceKernel();
    assert.ok(wasm, 'WebAssembly runs on Node 20');
    for (const l of [512, 576, 1024, 4096]) {
      const x = randomClkSet({ records: 25, l, density: 0.6, seed: l });
      const y = randomClkSet({ records: 31, l, density: 0.6, seed: l + 5, relatedTo: x });
      for (const threshold of [0.5, 0.6, 0.8, 1]) {
        const js = collect((onPair) => jsDiceKernel.allPairs(x, y, threshold, onPair));
        const viaWasm = collect((onPair) => wasm.allPairs(x, y, threshold, onPair));
        assert.deepEqual(viaWasm, js, `l=${l} threshold=${threshold}`);
        assert.equal(wasm.countPairs(x, y, threshold), js.count);
      }
    }
  });

  test('without WebAssembly (node --jitless) the JS kernel takes over', () => {
    const script = "import { bestDiceKernel } from './src/dice.ts'; process.stdout.write(bestDiceKernel().name);";
    const cwd = new URL('..', import.meta.url).pathname;
    const name = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(name.toString(), 'js');
  });

  test('allPairsScores and countAllPairs use the best kernel and agree', () => {
    const { count } = collect((onPair) => allPairsScores(a, b, 0.7, onPair));
    assert.equal(countAllPairs(a, b, 0.7), count);
  });

  test('refuses a threshold outside (0, 1] and sets of different lengths', () => {
    assert.throws(() => countAllPairs(a, b, 0), { code: 'VALIDATION_FAILED' });
    assert.throws(() => countAllPairs(a, b, 1.5), { code: 'VALIDATION_FAILED' });
    assert.throws(() => countAllPairs(a, b, Number.NaN), { code: 'VALIDATION_FAILED' });
    const short = randomClkSet({ records: 3, l: 512, density: 0.5, seed: 3 });
    assert.throws(() => countAllPairs(a, short, 0.8), { code: 'VALIDATION_FAILED', message: /1024 and 512/ });
  });

  test('refuses a set whose words do not match its tokens', () => {
    const broken: ClkSet = { ...a, clks: a.clks.subarray(1) };
    assert.throws(() => countAllPairs(broken, b, 0.8), { code: 'VALIDATION_FAILED', message: /CLK words/ });
  });
});
