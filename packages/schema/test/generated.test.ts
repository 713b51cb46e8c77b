import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR, generateFiles, readExtensionSpecs } from '../scripts/generate-types.ts';
import { checkExtensionSpecs } from '../src/index.ts';

test('the generated files are up to date (run `npm run generate`)', () => {
  for (const file of generateFiles()) {
    assert.equal(readFileSync(join(PACKAGE_DIR, file.path), 'utf8'), file.content, `${file.path} is stale`);
  }
});

test('the schema YAML files are complete in every locale', () => {
  assert.deepEqual(checkExtensionSpecs(readExtensionSpecs()), []);
  assert.deepEqual(checkExtensionSpecs({ X: { label: { en: 'X' }, plural: { en: 'X', ar: 'س', fr: 'X' } } as never }), [
    'X.label: missing ar, fr',
    'X.description: missing en, ar, fr',
  ]);
});
