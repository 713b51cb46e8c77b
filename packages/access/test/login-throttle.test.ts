import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginThrottle, isLocked, lockoutUntil } from '../src/index.ts';

const MIN = 60_000;

const lockouts: readonly [number, number | null][] = [
  [1, null], [4, null], [5, 15], [6, null], [9, null], [10, 30], [15, 60], [20, 120], [40, 1440], [100, 1440], [1000, 1440],
];
for (const [failures, minutes] of lockouts) {
  test(`lockout after ${failures} consecutive failures: ${minutes ?? 'none'}`, () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const until = lockoutUntil(failures, now);
    assert.equal(until === null ? null : (until.getTime() - now.getTime()) / MIN, minutes);
  });
}

test('isLocked compares with now', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  assert.equal(isLocked(null, now), false);
  assert.equal(isLocked(new Date(now.getTime() + 1), now), true);
  assert.equal(isLocked(now, now), false);
});

test('per-username sliding window with a fake clock', () => {
  let now = 0;
  const throttle = new LoginThrottle({ now: () => now, windowMs: 10 * MIN, maxPerUsername: 3, maxPerClient: 100 });
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.attempt('Alice', `ip${i}`).allowed, true);
    now += MIN;
  }
  const refused = throttle.attempt('alice', 'ip9');
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterMs, 7 * MIN);
  assert.equal(throttle.attempt('bob', 'ip9').allowed, true, 'other users unaffected');
  now = 10 * MIN; // the first attempt (t=0) leaves the window
  assert.equal(throttle.attempt('alice', 'ip9').allowed, true);
  assert.equal(throttle.attempt('alice', 'ip9').allowed, false);
  throttle.reset('alice');
  assert.equal(throttle.attempt('alice', 'ip9').allowed, true);
});

test('per-client window across usernames', () => {
  let now = 0;
  const throttle = new LoginThrottle({ now: () => now, windowMs: MIN, maxPerUsername: 100, maxPerClient: 2 });
  assert.equal(throttle.attempt('a', 'ip').allowed, true);
  assert.equal(throttle.attempt('b', 'ip').allowed, true);
  assert.equal(throttle.attempt('c', 'ip').allowed, false);
  assert.equal(throttle.attempt('c', 'other-ip').allowed, true);
  now = MIN;
  assert.equal(throttle.attempt('c', 'ip').allowed, true);
});

test('memory stays bounded', () => {
  const throttle = new LoginThrottle({ now: () => 0, maxKeys: 10 });
  for (let i = 0; i < 1000; i++) throttle.attempt(`user${i}`, `ip${i}`);
  // no assertion on internals: the point is that this completes and evicts; a fresh key still works
  assert.equal(throttle.attempt('fresh', 'fresh-ip').allowed, true);
});
