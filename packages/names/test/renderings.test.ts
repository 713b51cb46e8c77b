/** mainRendering: names the UN publishes in two scripts at once, or with an "(original script)" note. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainRendering, nameTokens } from '../src/index.ts';

const texts = (s: string) => nameTokens(mainRendering(s)).filter((t) => t.role === 'name').map((t) => t.text);

test('a Latin name with its Arabic-script rendering in parentheses keeps the Latin one', () => {
  assert.deepEqual(texts('Testperson Alpha Synthetic (تست ألفا)'), ['testperson', 'alpha', 'synthetic']);
  // the parentheses may be unbalanced, the order either way
  assert.deepEqual(texts('تست ألفا (Testperson Alpha'), ['testperson', 'alpha']);
});

test('the "(original script)" note is removed, closed or not', () => {
  assert.deepEqual(texts('هيئة تست (original script)'), nameTokens('هيئة تست').map((t) => t.text));
  assert.deepEqual(texts('Synthetic Front (هيئة تست (original script)'), ['synthetic', 'front']);
  assert.deepEqual(texts('Synthetic Front (name in Original Script)'), ['synthetic', 'front']);
});

test('names in one script, and a stray initial beside an Arabic name, are left as they are', () => {
  assert.equal(mainRendering('Testperson Alpha'), 'Testperson Alpha');
  assert.equal(mainRendering('محمد'), 'محمد');
  assert.deepEqual(texts('محمد A'), ['mhmd']);
  assert.equal(mainRendering(''), '');
});

test('huge and hostile input is handled in linear time', () => {
  const huge = `${'Testperson '.repeat(50_000)}(${'تست '.repeat(50_000)}(original script`;
  const started = performance.now();
  assert.ok(!mainRendering(huge).includes('تست'));
  assert.ok(performance.now() - started < 2000);
  assert.equal(mainRendering('((((original script'), '((( ');
});
