import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canManageCase, canMergeEntity, canReadEntity, canSeeCase, canWriteEntity, visibleCaseIds, type CasePrincipal,
} from '../src/index.ts';

const investigator: CasePrincipal = { roles: ['investigator'], memberCaseIds: ['c1'] };
const caseworker: CasePrincipal = { roles: ['caseworker'], memberCaseIds: ['c1'] };
const analyst: CasePrincipal = { roles: ['analyst'], memberCaseIds: ['c1'] };
const admin: CasePrincipal = { roles: ['admin'], memberCaseIds: [] };
const auditor: CasePrincipal = { roles: ['auditor'], memberCaseIds: ['c1'] };

const reads: readonly [string, CasePrincipal, { caseId: string | null; sealed: boolean }, boolean][] = [
  ['member reads own case', investigator, { caseId: 'c1', sealed: false }, true],
  ['non-member cannot read', investigator, { caseId: 'c2', sealed: false }, false],
  ['reference data readable with entity:read', investigator, { caseId: null, sealed: false }, true],
  ['reference data not readable without entity:read', auditor, { caseId: null, sealed: false }, false],
  ['sealed needs sealed:read', investigator, { caseId: 'c1', sealed: true }, false],
  ['caseworker member reads sealed', caseworker, { caseId: 'c1', sealed: true }, true],
  ['caseworker non-member cannot read sealed', caseworker, { caseId: 'c2', sealed: true }, false],
  ['admin reads no entity content', admin, { caseId: 'c1', sealed: false }, false],
  ['auditor member reads no entity content', auditor, { caseId: 'c1', sealed: false }, false],
];
for (const [name, principal, target, expected] of reads) {
  test(`read: ${name}`, () => assert.equal(canReadEntity(principal, target), expected));
}

const writes: readonly [string, CasePrincipal, { caseId: string | null; sealed: boolean }, boolean][] = [
  ['member writes', investigator, { caseId: 'c1', sealed: false }, true],
  ['non-member cannot write', investigator, { caseId: 'c2', sealed: false }, false],
  ['analyst is read-only', analyst, { caseId: 'c1', sealed: false }, false],
  ['reference data is not writable through the API', investigator, { caseId: null, sealed: false }, false],
  ['sealed writes need sealed:read', investigator, { caseId: 'c1', sealed: true }, false],
  ['caseworker writes sealed', caseworker, { caseId: 'c1', sealed: true }, true],
];
for (const [name, principal, target, expected] of writes) {
  test(`write: ${name}`, () => assert.equal(canWriteEntity(principal, target), expected));
}

test('merge needs entity:merge and write access', () => {
  assert.equal(canMergeEntity(investigator, { caseId: 'c1', sealed: false }), true);
  assert.equal(canMergeEntity(caseworker, { caseId: 'c1', sealed: false }), false);
});

test('case visibility: members, and admin sees every case', () => {
  assert.equal(canSeeCase(investigator, 'c1'), true);
  assert.equal(canSeeCase(investigator, 'c2'), false);
  assert.equal(canSeeCase(admin, 'c2'), true);
  assert.equal(canSeeCase(auditor, 'c1'), false);
  assert.equal(canManageCase(admin, 'c9'), true);
  assert.equal(canManageCase(analyst, 'c1'), false);
  assert.equal(canManageCase(investigator, 'c2'), false);
});

test('visibleCaseIds: member cases plus reference data, or one requested case', () => {
  assert.deepEqual(visibleCaseIds(investigator), ['c1', null]);
  assert.deepEqual(visibleCaseIds(investigator, 'c1'), ['c1']);
  assert.deepEqual(visibleCaseIds(investigator, 'c2'), []);
  assert.deepEqual(visibleCaseIds(admin), []);
});
