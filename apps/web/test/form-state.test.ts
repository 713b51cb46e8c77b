import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addValue, cleanValues, initialFormState, isPartialDate, missingRequired, removeValue, setValue,
  toCreateProperties, toPatchProperties,
} from '../src/components/form-state.ts';

test('editing values is immutable and supports multiple values', () => {
  let state = initialFormState();
  state = setValue(state, 'name', 0, 'Ana');
  state = addValue(state, 'name');
  state = setValue(state, 'name', 1, 'Anna');
  assert.deepEqual(state.name, ['Ana', 'Anna']);
  const before = state;
  state = removeValue(state, 'name', 0);
  assert.deepEqual(state.name, ['Anna']);
  assert.deepEqual(before.name, ['Ana', 'Anna']);
  assert.deepEqual(addValue({}, 'alias'), { alias: ['', ''] });
});

test('create payload trims, drops blanks and duplicates and empty properties', () => {
  assert.deepEqual(
    toCreateProperties({ name: [' Ana ', '', 'Ana'], birthDate: [''], country: ['ua', 'sd'] }),
    { name: ['Ana'], country: ['ua', 'sd'] },
  );
  assert.deepEqual(cleanValues(undefined), []);
});

test('patch payload lists only changed properties, clearing with []', () => {
  const original = { name: ['Ana'], country: ['ua'], notes: ['x'] };
  const state = { name: ['Ana '], country: ['ua', 'sd'], notes: [''], alias: ['A.'] };
  assert.deepEqual(toPatchProperties(original, state), { country: ['ua', 'sd'], notes: [], alias: ['A.'] });
  assert.deepEqual(toPatchProperties(original, initialFormState(original)), {});
  assert.deepEqual(toPatchProperties({ name: ['a', 'b'] }, { name: ['b', 'a'] }), { name: ['b', 'a'] });
});

test('missingRequired names required properties without values', () => {
  assert.deepEqual(missingRequired(['name', 'country'], { name: ['  '], country: ['ua'] }), ['name']);
});

test('isPartialDate accepts YYYY, YYYY-MM, YYYY-MM-DD', () => {
  for (const ok of ['2021', '2021-03', '2021-03-09', '2021-03-09T10:00:00Z']) assert.ok(isPartialDate(ok), ok);
  for (const bad of ['21', '2021-13', '2021-02-32', '03/09/2021', 'soon']) assert.ok(!isPartialDate(bad), bad);
});
