import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, parseProblem } from '../src/api/problem.ts';
import {
  IDLE_ACTION, actionErrorCleared, actionSettled, actionStarted, performAction, type ActionState, type ActionUpdate,
} from '../src/lib/use-action.ts';

const problem = (status = 422) => new ApiError(parseProblem(status, { title: 'Invalid', code: 'ARIADNE_VALIDATION_FAILED' }));

/** A stand-in for React state: applies each transition and records what the component would have rendered. */
function store(initial: ActionState = IDLE_ACTION) {
  let state = initial;
  const seen: ActionState[] = [];
  const update: ActionUpdate = (transition) => {
    state = transition(state);
    seen.push(state);
  };
  return { update, seen, get state() { return state; } };
}

test('transitions: a start is busy and clears the error, a settle stores an ApiError or keeps the error', () => {
  const err = problem();
  assert.deepEqual(actionStarted({ pending: 0, error: err }), { pending: 1, error: null });
  assert.deepEqual(actionSettled({ pending: 1, error: null }), { pending: 0, error: null });
  assert.deepEqual(actionSettled({ pending: 1, error: null }, err), { pending: 0, error: err });
  assert.deepEqual(actionSettled(IDLE_ACTION), IDLE_ACTION, 'never below zero');
  assert.deepEqual(actionErrorCleared({ pending: 1, error: err }), { pending: 1, error: null });
  assert.equal(actionErrorCleared(IDLE_ACTION), IDLE_ACTION, 'no new state when there is nothing to clear');
});

test('a successful run is busy while fn runs, returns its value and ends idle', async () => {
  const s = store({ pending: 0, error: problem() });
  let during: ActionState | undefined;
  const value = await performAction(async () => {
    during = s.state;
    return 42;
  }, s.update);
  assert.equal(value, 42);
  assert.deepEqual(during, { pending: 1, error: null }, 'busy and the old error gone before fn starts');
  assert.deepEqual(s.state, IDLE_ACTION);
});

test('an ApiError becomes the error, the run resolves to undefined and busy ends', async () => {
  const s = store();
  const err = problem(409);
  const value = await performAction(async () => {
    throw err;
  }, s.update);
  assert.equal(value, undefined);
  assert.deepEqual(s.state, { pending: 0, error: err });
  assert.equal(s.seen.length, 2, 'one update to start, one to settle');
});

test('any other failure is rethrown, not stored, and busy still ends', async () => {
  const s = store();
  const bug = new TypeError('boom');
  await assert.rejects(performAction(async () => {
    throw bug;
  }, s.update), (e) => e === bug);
  assert.deepEqual(s.state, IDLE_ACTION);
  const abort = new DOMException('Aborted', 'AbortError');
  await assert.rejects(performAction(() => Promise.reject(abort), s.update), (e) => e === abort);
  assert.deepEqual(s.state, IDLE_ACTION);
});

test('after unmount no state is touched, but fn still runs and failures still surface', async () => {
  const s = store();
  let live = true;
  let ran = false;
  const pending = performAction(async () => {
    await Promise.resolve();
    ran = true;
    throw problem();
  }, s.update, () => live);
  assert.deepEqual(s.state, { pending: 1, error: null });
  live = false;
  assert.equal(await pending, undefined);
  assert.equal(ran, true);
  assert.deepEqual(s.state, { pending: 1, error: null }, 'the settle after unmount was dropped');

  const bug = new Error('bug');
  await assert.rejects(performAction(() => Promise.reject(bug), s.update, () => false), (e) => e === bug);
  assert.equal(s.seen.length, 1, 'nothing recorded once unmounted');
});

test('overlapping runs: busy lasts until the last one settles, the later error wins', async () => {
  const s = store();
  let finishFirst!: () => void;
  let failSecond!: (e: unknown) => void;
  const first = performAction(() => new Promise<void>((resolve) => { finishFirst = resolve; }), s.update);
  const second = performAction(() => new Promise<void>((_, reject) => { failSecond = reject; }), s.update);
  assert.equal(s.state.pending, 2);
  const err = problem();
  failSecond(err);
  await second;
  assert.deepEqual(s.state, { pending: 1, error: err }, 'still busy: the first is running');
  finishFirst();
  await first;
  assert.deepEqual(s.state, { pending: 0, error: err }, 'a success after does not wipe the error');
});
