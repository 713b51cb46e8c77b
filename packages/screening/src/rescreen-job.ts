/**
 * Re-screening as a job on the store's queue: one singleton job name, so a burst of writes and
 * list imports becomes one run over what is due, taken by whichever process works the queue (the
 * server, or `ariadne worker` processes sharing a PostgreSQL server). Job data is empty: the
 * job finds what is due itself, so no id or name of anyone travels in the queue.
 */
import type { Actor, JobQueue, ScreeningStateStore, ScreeningStore } from '@ariadne/store';
import { rescreenDue, type RescreenReport } from './rescreen.ts';
import type { ScreeningEngine } from './screening-engine.ts';

export const RESCREEN_JOB = 'ariadne-rescreen';
export const SCREENING_ACTOR: Actor = { kind: 'system', id: 'screening' };

/** asks for a re-screen: a no-op while one is already queued */
export function enqueueRescreen(queue: Pick<JobQueue, 'enqueue'>): Promise<string> {
  return queue.enqueue(RESCREEN_JOB, {}, { singletonKey: 'all' });
}

/** runs re-screen jobs in this process; answers the unsubscribe of `queue.work` */
export async function workRescreenJobs(
  queue: Pick<JobQueue, 'work'>,
  deps: { store: Pick<ScreeningStore, 'recordScreeningHits'> & ScreeningStateStore; engine: ScreeningEngine; onReport?: (report: RescreenReport) => void },
): Promise<() => Promise<void>> {
  const unsubscribe = await queue.work(RESCREEN_JOB, async (_job, ctx) => {
    const report = await rescreenDue({
      store: deps.store, engine: deps.engine, actor: SCREENING_ACTOR, signal: ctx.signal, onProgress: (done, total) => ctx.reportProgress(done, total),
    });
    deps.onReport?.(report);
    return { screened: report.screened, raised: report.raised };
  }, { concurrency: 1 });
  return async () => {
    await unsubscribe();
  };
}
