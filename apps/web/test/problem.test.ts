import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, fieldErrors, networkProblem, parseProblem } from '../src/api/problem.ts';

test('parseProblem reads an RFC 9457 body', () => {
  const p = parseProblem(422, {
    type: 'https://ariadne.example/problems/validation', title: 'Invalid entity', status: 422,
    detail: 'birthDate is not a date', code: 'ARIADNE_VALIDATION_FAILED', errors: { 'properties.birthDate': 'not a date' },
  });
  assert.equal(p.title, 'Invalid entity');
  assert.equal(p.code, 'ARIADNE_VALIDATION_FAILED');
  assert.deepEqual(p.errors, { 'properties.birthDate': 'not a date' });
});

test('parseProblem survives a non-JSON or empty body', () => {
  const p = parseProblem(502, undefined, 'Bad Gateway');
  assert.equal(p.title, 'Bad Gateway');
  assert.equal(p.status, 502);
  assert.equal(p.code, 'ARIADNE_UNEXPECTED_RESPONSE');
  assert.deepEqual(p.errors, {});
  assert.equal(parseProblem(500, 'oops').title, 'HTTP 500');
});

test('parseProblem tolerates list-form and array-valued errors', () => {
  const p = parseProblem(400, { errors: [{ pointer: '/properties/name', detail: 'required' }, { bogus: 1 }] });
  assert.deepEqual(p.errors, { '/properties/name': 'required' });
  assert.deepEqual(parseProblem(400, { errors: { name: ['too', 'short'] } }).errors, { name: 'too short' });
});

test('ApiError exposes status, code and message', () => {
  const error = new ApiError(parseProblem(423, { title: 'Locked', detail: 'Try later', code: 'ARIADNE_ACCOUNT_LOCKED' }));
  assert.equal(error.status, 423);
  assert.equal(error.code, 'ARIADNE_ACCOUNT_LOCKED');
  assert.equal(error.message, 'Try later');
  assert.ok(error instanceof Error);
  assert.equal(new ApiError(networkProblem('offline')).code, 'ARIADNE_NETWORK');
});

test('parseProblem accepts bare codes and prefixes them', () => {
  assert.equal(parseProblem(403, { title: 'Forbidden', code: 'FORBIDDEN' }).code, 'ARIADNE_FORBIDDEN');
});

test('fieldErrors maps property paths to property names', () => {
  assert.deepEqual(fieldErrors({
    'properties.name': 'required',
    '/properties/birthDate/0': 'bad date',
    'properties.country[1]': 'unknown country',
    nationality: 'unknown',
  }), { name: 'required', birthDate: 'bad date', country: 'unknown country', nationality: 'unknown' });
  assert.deepEqual(fieldErrors({ 'properties.name[0]': 'a', 'properties.name[1]': 'b' }), { name: 'a b' });
});
