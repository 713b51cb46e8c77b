/**
 * The job queue on every backend: a fresh database each, real pg-boss, no mocks. Each test uses
 * its own job name, so the tests share one queue without seeing each other's jobs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/connect.ts';
import { createTestBackend, testBackendNames, type TestBackend } from '../src/testing.ts';
import { createJobQueue, type JobQueue, type JobRecord } from '../src/jobs/index.ts';
import { ProgressReporter, type ProgressUpdate } from '../src/jobs/progress-reporter.ts';

const POLL = { pollIntervalSeconds: 0.5 };

async function waitForJob(queue: JobQueue, id: string, done: (job: JobRecord) => boolean, timeoutMs = 10_000): Promise<JobRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    if (job !== null && done(job)) return job;
    if (Date.now() > until) assert.fail(`job ${id} did not get there: ${JSON.stringify(job)}`);
    await sleep(20);
  }
}

const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/**
 * Two teardown gaps of `connect.ts` (see the report): `handle.close()` destroys the Kysely
 * instance, which ends the pool only if Kysely has run a query (its driver takes the pool on
 * first use), and `pool.end()` resolves before the sockets have closed, so `drop database …
 * with (force)` can still reach an idle client, whose error no pool listener catches.
 */
async function closeDatabase(handle: DatabaseHandle, socketsBefore = 0): Promise<void> {
  await sql`SELECT 1`.execute(handle.db);
  await handle.close();
  for (const until = Date.now() + 2000; sockets() > socketsBefore && Date.now() < until; ) await sleep(5);
}

/** timers created by the job queue or by pg-boss that are still pending */
function trackQueueTimers(): { pending: () => string[]; disable: () => void } {
  const alive = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      const stack = type === 'Timeout' ? (new Error().stack ?? '') : '';
      if (/src\/jobs\/|pg-boss/.test(stack)) alive.set(id, stack);
    },
    destroy: (id) => void alive.delete(id),
  }).enable();
  return { pending: () => [...alive.values()], disable: () => void hook.disable() };
}

const ended = (job: JobRecord): boolean => ['completed', 'failed', 'cancelled'].includes(job.state);

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

for (const backendName of testBackendNames()) {
  describe(`job queue on ${backendName}`, () => {
    let backend: TestBackend;
    let handle: DatabaseHandle;
    let queue: JobQueue;
    const errors: Error[] = [];

    before(async () => {
      const started = Date.now();
      backend = await createTestBackend(backendName);
      handle = await openDatabase(backend.options);
      const opened = Date.now();
      queue = createJobQueue(handle, { ...POLL, onError: (error) => errors.push(error) });
      await queue.start();
      await queue.start(); // idempotent
      console.log(`# ${backendName}: database open in ${opened - started} ms, queue installed in ${Date.now() - opened} ms`);
    });

    after(async () => {
      await queue.stop();
      await closeDatabase(handle);
      await backend.drop();
      assert.deepEqual(errors.map((e) => e.message), []);
    });

    it('runs a job and keeps its result', async () => {
      const seen: unknown[] = [];
      const unsubscribe = await queue.work<{ importId: string; rows: number[] }>('import', async (job) => {
        seen.push(job.data);
        return { imported: job.data.rows.length, attempt: job.attempt };
      });
      const id = await queue.enqueue('import', { importId: 'imp-1', rows: [1, 2, 3] });
      const job = await waitForJob(queue, id, ended);
      await unsubscribe();
      assert.equal(job.state, 'completed');
      assert.deepEqual(job.result, { imported: 3, attempt: 1 });
      assert.deepEqual(seen, [{ importId: 'imp-1', rows: [1, 2, 3] }]);
      assert.equal(job.name, 'import');
      assert.equal(job.error, null);
      assert.ok(job.startedAt && job.completedAt && job.startedAt >= job.createdAt);
      assert.equal(await queue.getJob('00000000-0000-4000-8000-000000000000'), null);
      assert.equal(await queue.getJob('not-a-uuid'), null);
    });

    it('shows progress while the job runs, and the last report at the end', async () => {
      const reported = gate();
      const release = gate();
      const unsubscribe = await queue.work('rescreen', async (_job, ctx) => {
        await ctx.reportProgress(1, 3, 'batch 1 of 3');
        reported.open();
        await release.promise;
        for (let i = 0; i <= 100; i++) await ctx.reportProgress(i, 100); // throttled
        await ctx.reportProgress(3, 3, 'done');
        await sleep(300); // past the throttle: the last write has answered the job's state
        return { aborted: ctx.signal.aborted };
      });
      const id = await queue.enqueue('rescreen', { caseId: 'case-1' });
      await reported.promise;
      const running = await waitForJob(queue, id, (j) => j.progress !== null);
      assert.equal(running.state, 'active');
      assert.deepEqual({ ...running.progress, updatedAt: undefined }, { done: 1, total: 3, message: 'batch 1 of 3', updatedAt: undefined });
      release.open();
      const job = await waitForJob(queue, id, ended);
      await unsubscribe();
      assert.equal(job.state, 'completed');
      assert.deepEqual(job.result, { aborted: false });
      assert.deepEqual([job.progress?.done, job.progress?.total, job.progress?.message], [3, 3, 'done']);
    });

    it('fails a job with its error message and no stack', async () => {
      const unsubscribe = await queue.work('scan', async () => {
        throw Object.assign(new Error('file f-7 is not a PDF'), { code: 'MALFORMED_INPUT', row: { name: 'kept out' } });
      });
      const id = await queue.enqueue('scan', { fileId: 'f-7' });
      const job = await waitForJob(queue, id, ended);
      await unsubscribe();
      assert.equal(job.state, 'failed');
      assert.equal(job.error, 'file f-7 is not a PDF');
      const { rows } = await handle.executeSql('SELECT output FROM pgboss.job WHERE id = $1', [id]);
      assert.deepEqual((rows[0] as { output: unknown }).output, { message: 'file f-7 is not a PDF', code: 'MALFORMED_INPUT' });
    });

    it('retries failed attempts up to retryLimit', async () => {
      const attempts = new Map<string, number[]>();
      const unsubscribe = await queue.work<{ failTimes: number }>('retrying', async (job) => {
        attempts.set(job.id, [...(attempts.get(job.id) ?? []), job.attempt]);
        if (job.attempt <= job.data.failTimes) throw new Error(`attempt ${job.attempt} failed`);
        return 'ok';
      });
      const recovers = await queue.enqueue('retrying', { failTimes: 2 }, { retryLimit: 2 });
      const givesUp = await queue.enqueue('retrying', { failTimes: 5 }, { retryLimit: 1 });
      const runsOnce = await queue.enqueue('retrying', { failTimes: 5 });
      const [a, b, c] = await Promise.all([recovers, givesUp, runsOnce].map((id) => waitForJob(queue, id, ended)));
      await unsubscribe();
      assert.deepEqual([a?.state, a?.result, attempts.get(recovers)], ['completed', 'ok', [1, 2, 3]]);
      assert.deepEqual([b?.state, b?.error, attempts.get(givesUp)], ['failed', 'attempt 2 failed', [1, 2]]);
      assert.deepEqual([c?.state, attempts.get(runsOnce)], ['failed', [1]], 'retryLimit defaults to 0');
    });

    it('cancels a queued job and a running one', async () => {
      const later = await queue.enqueue('cancelling', { n: 1 }, { startAfter: 3600 });
      assert.equal((await queue.getJob(later))?.state, 'queued');
      assert.equal(await queue.cancel(later), true);
      assert.equal(await queue.cancel(later), false, 'already cancelled');
      assert.equal((await queue.getJob(later))?.state, 'cancelled');

      const aborted = gate();
      const unsubscribe = await queue.work('cancelling', async (_job, ctx) => {
        for (let i = 0; !ctx.signal.aborted; i++) {
          await ctx.reportProgress(i, null);
          await sleep(10);
        }
        aborted.open();
        return 'finished anyway';
      });
      const running = await queue.enqueue('cancelling', { n: 2 });
      await waitForJob(queue, running, (j) => j.state === 'active');
      assert.equal(await queue.cancel(running), true);
      await aborted.promise;
      await unsubscribe();
      const job = await queue.getJob(running);
      assert.deepEqual([job?.state, job?.result], ['cancelled', null]);
    });

    it('keeps one queued job per singletonKey', async () => {
      const first = await queue.enqueue('singleton', { entityId: 'e-1' }, { singletonKey: 'e-1', startAfter: 3600 });
      const again = await queue.enqueue('singleton', { entityId: 'e-1' }, { singletonKey: 'e-1' });
      const other = await queue.enqueue('singleton', { entityId: 'e-2' }, { singletonKey: 'e-2', startAfter: 3600 });
      assert.equal(again, first);
      assert.notEqual(other, first);
      await queue.cancel(first);
      const after = await queue.enqueue('singleton', { entityId: 'e-1' }, { singletonKey: 'e-1', startAfter: 3600 });
      assert.notEqual(after, first, 'a new job once the first has ended');
    });

    it('stops without leaving timers behind', async () => {
      const timers = trackQueueTimers();
      try {
        const second = createJobQueue(handle, { ...POLL, onError: (error) => errors.push(error) });
        await second.start();
        await second.work('idle', async (_job, ctx) => ctx.reportProgress(1, 1), { concurrency: 3 });
        const id = await second.enqueue('idle', {});
        await waitForJob(second, id, ended);
        assert.ok(timers.pending().length > 0, 'the worker polls and pg-boss maintains on timers');
        await second.stop();
        await tick();
        assert.deepEqual(timers.pending(), []);
      } finally {
        timers.disable();
      }
    });

    it('fails the jobs still running when stop runs out of time', async () => {
      const second = createJobQueue(handle, { ...POLL, onError: (error) => errors.push(error) });
      await second.start();
      const started = gate();
      let aborted: unknown = null;
      await second.work('stuck', async (_job, ctx) => {
        started.open();
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        aborted = ctx.signal.reason;
      });
      const id = await second.enqueue('stuck', {});
      await started.promise;
      await second.stop({ timeoutMs: 100 });
      assert.match(String(aborted), /stopped/);
      const job = await queue.getJob(id);
      assert.deepEqual([job?.state, job?.error], ['failed', 'the worker stopped before the job finished']);
      await assert.rejects(second.enqueue('stuck', {}), /call start\(\) first/);
    });

    if (backendName === 'postgres') {
      it('shares one queue between two worker processes, each job running once', { timeout: 30_000 }, async () => {
        const socketsBefore = sockets();
        const handles = await Promise.all([openDatabase(backend.options), openDatabase(backend.options)]);
        // a schema of their own, so both install it at the same moment, as processes starting together do
        const queues = handles.map((h) => createJobQueue(h, { ...POLL, schema: 'shared_jobs', onError: (error) => errors.push(error) }));
        try {
          await Promise.all(queues.map((q) => q.start()));
          const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => queues[0]!.enqueue('shared', { n: i })));
          const runs = new Map<string, string[]>();
          const started = Date.now();
          await Promise.all(
            queues.map((q, worker) =>
              q.work(
                'shared',
                async (job) => {
                  runs.set(job.id, [...(runs.get(job.id) ?? []), `worker-${worker}`]);
                  await sleep(50);
                  return worker;
                },
                { concurrency: 2 },
              ),
            ),
          );
          const jobs = await Promise.all(ids.map((id) => waitForJob(queues[1]!, id, ended)));
          console.log(`# postgres: 20 jobs on 2 workers in ${Date.now() - started} ms`);
          assert.deepEqual(jobs.map((j) => j.state), ids.map(() => 'completed'));
          assert.deepEqual(ids.map((id) => runs.get(id)?.length), ids.map(() => 1), 'each job ran exactly once');
          const byWorker = [0, 1].map((w) => jobs.filter((j) => j.result === w).length);
          assert.ok(byWorker.every((n) => n > 0), `both workers ran jobs: ${byWorker.join(' + ')}`);
        } finally {
          await Promise.all(queues.map((q) => q.stop()));
          await Promise.all(handles.map((h) => closeDatabase(h, socketsBefore)));
        }
      });
    }
  });
}

describe('progress throttling', () => {
  it('writes at most every 250 ms and always writes the last report', async () => {
    const writes: { at: number; update: ProgressUpdate }[] = [];
    const reporter = new ProgressReporter({
      write: async (update) => void writes.push({ at: Date.now(), update }),
      onError: (error) => assert.fail(error),
    });
    const until = Date.now() + 600;
    let done = 0;
    while (Date.now() < until) {
      await reporter.report({ done: ++done, total: null, message: null });
      await sleep(5);
    }
    await reporter.close();
    assert.ok(writes.length >= 3 && writes.length <= 4, `${writes.length} writes`);
    for (let i = 1; i < writes.length - 1; i++) assert.ok(writes[i]!.at - writes[i - 1]!.at >= 245, 'throttled');
    assert.equal(writes.at(-1)?.update.done, done, 'the last report is written');
    await assert.rejects(reporter.report({ done: Number.NaN, total: null, message: null }), RangeError);
  });
});
