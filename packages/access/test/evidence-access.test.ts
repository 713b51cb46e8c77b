/** Who may read, write and export evidence items: case members, sealed items for the cleared only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canExportEvidence, canReadEvidence, canWriteEvidence } from '../src/index.ts';

const investigator = { roles: ['investigator'], memberCaseIds: ['c1'] };
const caseworker = { roles: ['caseworker'], memberCaseIds: ['c1'] };
const analyst = { roles: ['analyst'], memberCaseIds: ['c1'] };
const admin = { roles: ['admin'], memberCaseIds: [] };

test('case members read the case evidence; others see nothing', () => {
  assert.equal(canReadEvidence(investigator, { caseId: 'c1', sealed: false }), true);
  assert.equal(canReadEvidence(investigator, { caseId: 'c2', sealed: false }), false);
  assert.equal(canReadEvidence(analyst, { caseId: 'c1', sealed: false }), true);
  assert.equal(canReadEvidence(admin, { caseId: 'c1', sealed: false }), false);
});

test('sealed items need sealed:read, even for members', () => {
  assert.equal(canReadEvidence(investigator, { caseId: 'c1', sealed: true }), false);
  assert.equal(canReadEvidence(caseworker, { caseId: 'c1', sealed: true }), true);
});

test('items waiting in the submissions inbox are for those who triage', () => {
  assert.equal(canReadEvidence(investigator, { caseId: null, sealed: false }), true);
  assert.equal(canReadEvidence(analyst, { caseId: null, sealed: false }), false);
  assert.equal(canExportEvidence(investigator, { caseId: null, sealed: false }), false);
});

test('analysts read but neither write nor export; caseworkers write but do not export', () => {
  assert.equal(canWriteEvidence(analyst, { caseId: 'c1', sealed: false }), false);
  assert.equal(canExportEvidence(analyst, { caseId: 'c1', sealed: false }), false);
  assert.equal(canWriteEvidence(caseworker, { caseId: 'c1', sealed: false }), true);
  assert.equal(canExportEvidence(caseworker, { caseId: 'c1', sealed: false }), false);
  assert.equal(canExportEvidence(investigator, { caseId: 'c1', sealed: false }), true);
});
