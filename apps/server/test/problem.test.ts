/** The code → status table and its docs stay in sync with ERROR_CODES. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, type ErrorCode } from '@ariadne/schema';
import { STATUS_BY_CODE, buildOpenApi, ROUTES } from '../src/index.ts';

test('every ERROR_CODES key has an HTTP status and a doc line', () => {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  assert.deepEqual(Object.keys(STATUS_BY_CODE).sort(), [...codes].sort());
  const description = String((buildOpenApi(ROUTES, { version: 't' }).info as { description?: string }).description);
  for (const code of codes) {
    const status = STATUS_BY_CODE[code];
    assert.ok(Number.isInteger(status) && status >= 400 && status < 600, code);
    assert.ok(ERROR_CODES[code].length > 10, `${code} has a doc line`);
    assert.ok(description.includes(`\`${code}\` (${status}): ${ERROR_CODES[code]}`), `${code} documented`);
  }
});
