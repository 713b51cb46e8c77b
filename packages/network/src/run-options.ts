/**
 * How a long analysis is watched and stopped. Every algorithm that can run for more than a moment
 * on a large graph takes these options: it reports progress now and then and checks the signal,
 * so a job can show how far it is and a cancelled job stops within a fraction of a second.
 */
import { AriadneError } from '@ariadne/schema';

export interface RunOptions {
  /** aborted when the caller cancels (a job cancelled from the UI, a closed request) */
  readonly signal?: AbortSignal;
  /** `done` of `total` units of the algorithm's own work (sources visited, passes, …) */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * A cheap checkpoint for hot loops: call `tick(done)` as often as you like; every `every` calls it
 * reports progress and throws a CANCELLED error when the signal is aborted.
 * @example const tick = ticker(opts, n); for (let s = 0; s < n; s++) { tick(s); … } tick.done();
 */
export function ticker(opts: RunOptions | undefined, total: number, every = 64): ((done: number) => void) & { done(): void } {
  let calls = 0;
  const fn = ((done: number) => {
    if (++calls % every !== 0) return;
    throwIfCancelled(opts?.signal);
    opts?.onProgress?.(done, total);
  }) as ((done: number) => void) & { done(): void };
  fn.done = () => { throwIfCancelled(opts?.signal); opts?.onProgress?.(total, total); };
  return fn;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AriadneError('CANCELLED', 'The analysis was cancelled.');
}
