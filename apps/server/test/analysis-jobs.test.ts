/** Analysis jobs: answered at once or left running, polled by their owner only, cancelled, forgotten. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AriadneError } from '@ariadne/schema';
import type { AnalysisResult, EntityNetwork } from '@ariadne/network';
import { AnalysisJobs, type AnalysisRunner } from '../src/network/analysis-jobs.ts';

const empty: EntityNetwork = { nodes: [], edges: [], stats: { entities: 0, relations: 0, sharedIdentifiers: 0, selfLoops: 0, danglingReferences: 0, filteredOut: 0 } };
const answer: AnalysisResult = { kind: 'structure', result: { components: { count: 0, largest: 0, sizes: [] }, core: [], maxCore: 0, articulationPoints: [], bridges: [], explanation: 'empty' } };
const owner = { userId: 'u1', caseId: 'c1' };

/** a runner that reports progress and finishes only when `release` is called, or stops on abort */
function heldRunner(): { run: AnalysisRunner; release: () => void } {
  let release = () => {};
  const run: AnalysisRunner = (_network, _request, opts) => new Promise((resolve, reject) => {
    opts.onProgress?.(1, 4);
    release = () => resolve(answer);
    opts.signal?.addEventListener('abort', () => reject(new AriadneError('CANCELLED', 'cancelled')));
  });
  return { run, release: () => release() };
}

test('a quick analysis comes back completed', async () => {
  const jobs = new AnalysisJobs({ run: async () => answer, now: () => new Date() });
  const job = await jobs.start(owner, empty, { kind: 'structure' }, 1000);
  assert.equal(job.state, 'completed');
  assert.deepEqual(job.result, answer);
});

test('a slow analysis comes back active with its progress, then completes', async () => {
  const held = heldRunner();
  const jobs = new AnalysisJobs({ run: held.run, now: () => new Date() });
  const job = await jobs.start(owner, empty, { kind: 'structure' }, 10);
  assert.equal(job.state, 'active');
  assert.deepEqual(job.progress, { done: 1, total: 4 });
  held.release();
  await new Promise((r) => setImmediate(r));
  assert.equal(jobs.get('u1', job.id).state, 'completed');
});

test('only the owner sees or cancels a job; cancelling stops it', async () => {
  const held = heldRunner();
  const jobs = new AnalysisJobs({ run: held.run, now: () => new Date() });
  const job = await jobs.start(owner, empty, { kind: 'structure' }, 10);
  assert.throws(() => jobs.get('u2', job.id), (e: unknown) => e instanceof AriadneError && e.code === 'NOT_FOUND');
  assert.throws(() => jobs.cancel('u2', job.id), (e: unknown) => e instanceof AriadneError && e.code === 'NOT_FOUND');
  jobs.cancel('u1', job.id);
  await new Promise((r) => setImmediate(r));
  assert.equal(jobs.get('u1', job.id).state, 'cancelled');
});

test('a queued job cancelled while waiting for a slot frees its place in line', async () => {
  const first = heldRunner();
  let calls = 0;
  const run: AnalysisRunner = (n, r, o) => (++calls === 1 ? first.run(n, r, o) : Promise.resolve(answer));
  const jobs = new AnalysisJobs({ run, now: () => new Date(), concurrency: 1 });
  const a = await jobs.start(owner, empty, { kind: 'structure' }, 5);
  const b = await jobs.start(owner, empty, { kind: 'structure' }, 5);
  const c = await jobs.start(owner, empty, { kind: 'structure' }, 5);
  assert.equal(b.state, 'queued');
  jobs.cancel('u1', b.id);
  first.release();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(jobs.get('u1', a.id).state, 'completed');
  assert.equal(jobs.get('u1', b.id).state, 'cancelled');
  assert.equal(jobs.get('u1', c.id).state, 'completed', 'the next in line ran');
});

test('failures keep our error codes and hide unexpected ones', async () => {
  const jobs = new AnalysisJobs({ run: async () => { throw new AriadneError('NOT_FOUND', 'No entity "x" in this network.'); }, now: () => new Date() });
  const job = await jobs.start(owner, empty, { kind: 'structure' }, 100);
  assert.deepEqual(job.error, { code: 'NOT_FOUND', message: 'No entity "x" in this network.' });
  const buggy = new AnalysisJobs({ run: async () => { throw new TypeError('secret detail'); }, now: () => new Date() });
  const failed = await buggy.start(owner, empty, { kind: 'structure' }, 100);
  assert.equal(failed.error?.code, 'INTERNAL');
  assert.doesNotMatch(failed.error!.message, /secret/);
});

test('one user may not run more than four at once; finished jobs are forgotten after the ttl', async () => {
  const held = heldRunner();
  let now = 0;
  const jobs = new AnalysisJobs({ run: held.run, now: () => new Date(now), ttlMs: 1000 });
  for (let i = 0; i < 4; i++) await jobs.start(owner, empty, { kind: 'structure' }, 1);
  await assert.rejects(jobs.start(owner, empty, { kind: 'structure' }, 1), (e: unknown) => e instanceof AriadneError && e.code === 'RATE_LIMITED');
  const quick = new AnalysisJobs({ run: async () => answer, now: () => new Date(now), ttlMs: 1000 });
  const done = await quick.start(owner, empty, { kind: 'structure' }, 100);
  now = 5000;
  assert.throws(() => quick.get('u1', done.id), (e: unknown) => e instanceof AriadneError && e.code === 'NOT_FOUND');
  jobs.close();
});
