/** Deny by default: a route without a valid permission stops the server from starting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRouteTable } from '../src/register-routes.ts';
import { ROUTES } from '../src/index.ts';
import type { AnyRoute } from '../src/route.ts';

const base = { method: 'GET', url: '/api/x', summary: 's', tags: ['t'], handler: async () => undefined } as const;

test('the real table passes', () => assert.doesNotThrow(() => checkRouteTable(ROUTES)));

test('a route without a permission, with an unknown one, or duplicated is refused', () => {
  assert.throws(() => checkRouteTable([base as unknown as AnyRoute]), /no valid permission/);
  assert.throws(() => checkRouteTable([{ ...base, permission: 'root' } as unknown as AnyRoute]), /no valid permission/);
  const ok = { ...base, permission: 'search' } as unknown as AnyRoute;
  assert.throws(() => checkRouteTable([ok, ok]), /twice/);
  assert.throws(() => checkRouteTable([{ ...ok, url: '/x' } as AnyRoute]), /outside/);
});
