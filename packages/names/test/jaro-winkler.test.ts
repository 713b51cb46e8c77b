/** jaroWinkler: the one copy, shared by the equivalence miner and the sanctions matcher. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jaroWinkler } from '../src/index.ts';

test('classic values, empty strings, nothing in common', () => {
  assert.equal(jaroWinkler('martha', 'martha'), 1);
  assert.equal(Number(jaroWinkler('martha', 'marhta').toFixed(4)), 0.9611);
  assert.equal(Number(jaroWinkler('dwayne', 'duane').toFixed(4)), 0.84);
  assert.equal(jaroWinkler('', ''), 0);
  assert.equal(jaroWinkler('', 'x'), 0);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
});

test('reused scratch buffers: a long pair then a short one scores as the short one alone', () => {
  const short = jaroWinkler('zawahiri', 'zawahri');
  assert.ok(jaroWinkler('a'.repeat(5000), `${'a'.repeat(4999)}b`) > 0.99);
  assert.equal(jaroWinkler('zawahiri', 'zawahri'), short);
  assert.equal(jaroWinkler('zawahri', 'zawahiri'), short, 'symmetric');
});
