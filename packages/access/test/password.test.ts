import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPasswordPolicy, dummyVerifyPassword, generateOneTimePassword, hashPassword, verifyPassword } from '../src/index.ts';

test('hash round trip, wrong password, and encoding', async () => {
  const stored = await hashPassword('violet-river-lantern-42');
  assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
  assert.equal(await verifyPassword('violet-river-lantern-42', stored), true);
  assert.equal(await verifyPassword('violet-river-lantern-43', stored), false);
  assert.notEqual(await hashPassword('violet-river-lantern-42'), stored, 'salted');
});

test('malformed hashes never verify', async () => {
  for (const bad of ['', 'plain', 'scrypt$1$2$3', 'bcrypt$x$y$z$a$b', 'scrypt$99999999$8$1$AAAA$AAAA', 'scrypt$32768$8$1$$']) {
    assert.equal(await verifyPassword('whatever-password', bad), false, bad);
  }
});

test('dummy verification is false', async () => {
  assert.equal(await dummyVerifyPassword('anything-at-all'), false);
});

const policy: readonly [string, string, boolean][] = [
  ['short', 'alice', false],
  ['elevenchars', 'alice', false],
  ['alice-is-the-best', 'alice', false],
  ['ALICE-is-the-best', 'alice', false],
  ['password1234', 'bob', false],
  ['aaaaaaaaaaaaaaaa', 'bob', false],
  ['violet-river-lantern', 'bob', true],
  ['نهر بنفسجي وفانوس', 'bob', true],
];
for (const [password, username, ok] of policy) {
  test(`policy: ${JSON.stringify(password)} for ${username} is ${ok ? 'accepted' : 'refused'}`, () => {
    const result = checkPasswordPolicy(password, username);
    if (ok) assert.equal(result, null);
    else assert.equal(typeof result, 'string');
  });
}

test('one-time passwords are long, readable, random and pass the policy', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const otp = generateOneTimePassword();
    assert.ok(otp.length >= 16);
    assert.match(otp, /^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
    assert.equal(checkPasswordPolicy(otp, 'someone'), null);
    seen.add(otp);
  }
  assert.equal(seen.size, 50);
});
