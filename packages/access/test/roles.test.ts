import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_ROLE_PERMISSIONS, PERMISSIONS, ROLES, ROLE_PERMISSIONS, hasPermission, permissionsOf, type Permission, type Role } from '../src/index.ts';

const cases: readonly [Role, Permission, boolean][] = [
  ['auditor', 'journal:read', true],
  ['auditor', 'journal:verify', true],
  ['auditor', 'entity:read', false],
  ['auditor', 'search', false],
  ['auditor', 'case:read', false],
  ['caseworker', 'sealed:read', true],
  ['investigator', 'sealed:read', false],
  ['admin', 'sealed:read', false],
  ['admin', 'entity:read', false],
  ['admin', 'user:manage', true],
  ['admin', 'case:manage', true],
  ['analyst', 'entity:read', true],
  ['analyst', 'entity:write', false],
  ['analyst', 'entity:merge', false],
  ['investigator', 'entity:merge', true],
  ['investigator', 'user:manage', false],
  ['fiu_analyst', 'import', true],
  ['fiu_analyst', 'user:manage', false],
  // a reporting officer publishes aggregates through the publication gate, and reads no records
  ['reporting_officer', 'monitoring:publish', true],
  ['reporting_officer', 'monitoring:import', true],
  ['reporting_officer', 'entity:read', false],
  ['reporting_officer', 'sealed:read', false],
  ['reporting_officer', 'search', false],
  ['analyst', 'monitoring:read', true],
  ['analyst', 'monitoring:publish', false],
  ['caseworker', 'monitoring:read', false],
];

for (const [role, permission, expected] of cases) {
  test(`${role} ${expected ? 'has' : 'lacks'} ${permission}`, () => {
    assert.equal(hasPermission([role], permission), expected);
  });
}

test('only caseworker gets sealed:read', () => {
  assert.deepEqual(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('sealed:read')), ['caseworker']);
});

test('only admin gets user:manage', () => {
  assert.deepEqual(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('user:manage')), ['admin']);
});

test('every permission is lacked by some role (so the route walk can prove every 403), but those meant for all', () => {
  for (const permission of PERMISSIONS) {
    const everyone = EVERY_ROLE_PERMISSIONS.includes(permission);
    assert.equal(ROLES.every((r) => ROLE_PERMISSIONS[r].includes(permission)), everyone, permission);
  }
});

test('permissionsOf unions roles and ignores unknown strings', () => {
  const set = permissionsOf(['auditor', 'analyst', 'superuser']);
  assert.ok(set.has('journal:read') && set.has('entity:read'));
  assert.equal(set.has('entity:write'), false);
  assert.equal(permissionsOf([]).size, 0);
  assert.equal(permissionsOf(['root']).size, 0);
});
