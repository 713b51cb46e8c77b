import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, paths, PUBLIC_ROUTES } from '../src/router/routes.ts';

const cases: ReadonlyArray<[string, string, Record<string, string>]> = [
  ['/', 'home', {}],
  ['/login', 'login', {}],
  ['/cases', 'cases', {}],
  ['/cases/', 'cases', {}],
  ['/cases/c-1', 'case', { caseId: 'c-1' }],
  ['/cases/c-1/entities/new', 'newEntity', { caseId: 'c-1' }],
  ['/entities/e%2F1', 'entity', { entityId: 'e/1' }],
  ['/entities/abc/edit', 'editEntity', { entityId: 'abc' }],
  ['/search', 'search', {}],
  ['/journal', 'journal', {}],
  ['/admin/users', 'users', {}],
  ['/tokens', 'tokens', {}],
  ['/account/password', 'password', {}],
  ['/entities/abc?x=1', 'entity', { entityId: 'abc' }],
  ['/nope', 'notFound', {}],
  ['/entities/%E0%A4%A', 'notFound', {}],
  ['/cases/a/b', 'notFound', {}],
  ['/evidence/ev-1', 'evidence', { evidenceId: 'ev-1' }],
  ['/evidence', 'notFound', {}],
  ['/verify', 'verify', {}],
  ['/submit', 'submit', {}],
  ['/submissions', 'submissions', {}],
  ['/submissions/s%201', 'submission', { submissionId: 's 1' }],
  ['/screening', 'screening', {}],
  ['/lists', 'lists', {}],
  ['/lists/versions/v-1', 'listVersion', { versionId: 'v-1' }],
  ['/lists/un-sc/entries/QDi.001', 'listEntry', { list: 'un-sc', entry: 'QDi.001' }],
  ['/lists/un-sc', 'notFound', {}],
  ['/alerts', 'alerts', {}],
  ['/alerts/al-1', 'alert', { alertId: 'al-1' }],
  ['/duplicates', 'duplicates', {}],
];

for (const [path, name, params] of cases) {
  test(`matchRoute(${path}) → ${name}`, () => {
    const match = matchRoute(path);
    assert.equal(match.name, name);
    assert.deepEqual(match.params, params);
  });
}

test('paths round-trip through matchRoute', () => {
  assert.deepEqual(matchRoute(paths.entity('a b/c')).params, { entityId: 'a b/c' });
  assert.equal(matchRoute(paths.newEntity('x')).name, 'newEntity');
  assert.equal(matchRoute(paths.editEntity('x')).name, 'editEntity');
  assert.equal(matchRoute(paths.users()).name, 'users');
  assert.deepEqual(matchRoute(paths.evidence('ev/1')).params, { evidenceId: 'ev/1' });
  assert.deepEqual(matchRoute(paths.submission('s?1')).params, { submissionId: 's?1' });
  assert.equal(matchRoute(paths.verify()).name, 'verify');
  assert.equal(matchRoute(paths.submissions()).name, 'submissions');
  assert.deepEqual(matchRoute(paths.listEntry('ofac-sdn', 'a/b c')).params, { list: 'ofac-sdn', entry: 'a/b c' });
  assert.deepEqual(matchRoute(paths.listVersion('v/1')).params, { versionId: 'v/1' });
  assert.deepEqual(matchRoute(paths.alert('a?1')).params, { alertId: 'a?1' });
  for (const p of [paths.screening(), paths.lists(), paths.alerts(), paths.duplicates()]) assert.notEqual(matchRoute(p).name, 'notFound');
});

test('only the submission form is public, and it carries no receipt code in its path', () => {
  assert.deepEqual([...PUBLIC_ROUTES], ['submit']);
  assert.equal(paths.submit(), '/submit');
  assert.equal(paths.submit.length, 0, 'paths.submit takes no argument');
});

test('no path builder takes free text other than ids', () => {
  assert.equal(paths.search(), '/search');
  // a name to screen goes in the POST body, never in the page's URL
  assert.equal(paths.screening.length, 0, 'paths.screening takes no argument');
});
