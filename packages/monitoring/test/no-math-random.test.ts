/**
 * Sampler hygiene (target D2): privacy code never uses JavaScript's floating-point generator,
 * and the DP samplers never build a floating-point Laplace (a logarithm of a uniform) or a
 * uniform double, which leak through the gaps in the doubles (Mironov 2012).
 *
 * Scans every .ts file under src/dp, src/gate and src/privacy (when it exists), comments
 * included: a ban that skips comments is one a commented-out line can slip past.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const PRIVACY_DIRS = ['dp', 'gate', 'privacy'];

/** Built from pieces so this file does not trip a repository-wide scan for the literal. */
const MATH_RANDOM = new RegExp(['Math', 'random'].join('\\s*\\.\\s*'));
/** Floating-point noise in the samplers: a log of something uniform, or a uniform double made by scaling random bits. */
const FLOAT_NOISE = [
  /Math\s*\.\s*log(1p|2|10)?\s*\([^)]*\b(u|u1|u2|uniform\w*|rand\w*)\b/i,
  /\/\s*(2\s*\*\*\s*(32|53|64)|4294967296|0x100000000|9007199254740992)\b/,
  /\*\s*2\s*\*\*\s*-\s*(32|53|64)\b/,
];

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** "file:line: text" for every line a pattern matches. */
function offences(files: readonly string[], patterns: readonly RegExp[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (patterns.some((p) => p.test(line)) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('no Math random in privacy code', () => {
  test('the scan covers the samplers and the gate', () => {
    const files = PRIVACY_DIRS.flatMap((d) => tsFiles(join(SRC, d))).map((f) => relative(SRC, f));
    for (const expected of ['dp/random.ts', 'dp/discrete-laplace.ts', 'dp/discrete-gaussian.ts', 'gate/publication-gate.ts', 'gate/budget.ts']) {
      assert.ok(files.includes(expected), `${expected} is scanned`);
    }
  });

  test('no file under src/dp, src/gate or src/privacy uses the built-in floating-point generator', () => {
    const files = PRIVACY_DIRS.flatMap((d) => tsFiles(join(SRC, d)));
    assert.deepEqual(offences(files, [MATH_RANDOM]), []);
  });

  test('no sampler in src/dp builds floating-point noise', () => {
    assert.deepEqual(offences(tsFiles(join(SRC, 'dp')), FLOAT_NOISE), []);
  });

  test('the patterns catch what they are meant to catch', () => {
    const bad = [
      ['Math', 'random()'].join('.'),
      `const x = ${['Math', 'random'].join(' . ')}()`,
      'return -scale * Math.log(u) * sign;',
      'const e = Math.log1p(-uniform);',
      'const d = word / 2 ** 32;',
      'const d = bits * 2 ** -53;',
      'const d = random.next() / 4294967296;',
    ];
    for (const line of bad) {
      assert.ok([MATH_RANDOM, ...FLOAT_NOISE].some((p) => p.test(line)), line);
    }
    for (const fine of ['const L = Math.log(1 / delta);', 'const limit = TWO_POW_32 - (TWO_POW_32 % n);', 'random.uniformInt(t)']) {
      assert.ok(![MATH_RANDOM, ...FLOAT_NOISE].some((p) => p.test(fine)), fine);
    }
  });
});
