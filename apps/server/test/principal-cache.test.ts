/** The principal cache: entries expire, every write clears it, and a lookup that raced a write is not kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Authenticated } from '@ariadne/store';
import { PrincipalCache } from '../src/principal-cache.ts';

const auth = (memberCaseIds: string[]): Authenticated<unknown> => ({
  credential: {},
  user: { id: 'u1', username: 'u1', displayName: 'U1', roles: ['analyst'], disabled: false, createdAt: new Date(0), passwordHash: 'x', failedLogins: 0, lockedUntil: null, mustChangePassword: false },
  memberCaseIds,
});

test('an entry lives for the TTL and no longer', () => {
  const cache = new PrincipalCache(2000);
  cache.set('k', auth(['c1']), 1000, cache.generation);
  assert.deepEqual(cache.get('k', 2999)?.memberCaseIds, ['c1']);
  assert.equal(cache.get('k', 3000), undefined);
});

test('clear drops everything', () => {
  const cache = new PrincipalCache(2000);
  cache.set('k', auth([]), 0, cache.generation);
  cache.clear();
  assert.equal(cache.get('k', 1), undefined);
});

test('a lookup begun before a write and stored after it is discarded', () => {
  const cache = new PrincipalCache(2000);
  const before = cache.generation; // the lookup starts reading the database
  cache.clear(); // a write (say, a new case membership) commits and clears
  cache.set('k', auth([]), 10, before); // the lookup, now stale, tries to store
  assert.equal(cache.get('k', 11), undefined);
  cache.set('k', auth(['new']), 12, cache.generation);
  assert.deepEqual(cache.get('k', 13)?.memberCaseIds, ['new']);
});

test('a TTL of 0 disables the cache', () => {
  const cache = new PrincipalCache(0);
  cache.set('k', auth([]), 0, cache.generation);
  assert.equal(cache.get('k', 0), undefined);
});
