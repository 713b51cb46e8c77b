import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateApiToken, generateCsrfToken, parseApiToken, randomToken, safeEqual, sha256Hex, verifyCsrfToken } from '../src/index.ts';

test('random tokens are 32 bytes base64url', () => {
  assert.match(randomToken(), /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(randomToken(), randomToken());
});

test('sha256Hex', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('API tokens round trip through parse', () => {
  for (let i = 0; i < 20; i++) {
    const { id, secret, token } = generateApiToken();
    assert.ok(token.startsWith('ariadne_'));
    assert.deepEqual(parseApiToken(token), { id, secret });
  }
});

test('malformed API tokens do not parse', () => {
  for (const bad of ['', 'ariadne_', 'ariadne_abc_def', 'bearer_0123456789abcdef01234567_' + 'a'.repeat(43), 'ariadne_0123456789abcdef01234567_short']) {
    assert.equal(parseApiToken(bad), null, bad);
  }
});

test('CSRF tokens compare in constant time and refuse empties', () => {
  const csrf = generateCsrfToken();
  assert.equal(verifyCsrfToken(csrf, csrf), true);
  assert.equal(verifyCsrfToken(csrf, csrf.slice(1)), false);
  assert.equal(verifyCsrfToken(csrf, undefined), false);
  assert.equal(verifyCsrfToken(csrf, ''), false);
  assert.equal(safeEqual('a', 'a'), true);
  assert.equal(safeEqual('a', 'b'), false);
});
