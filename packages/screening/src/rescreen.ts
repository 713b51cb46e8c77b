/**
 * Continuous screening: every person and organisation due (new, changed, or screened against
 * older list versions) is screened against the current lists; hits become alerts. Run as a job
 * on the queue after writes and list imports, and on a timer to catch writes of other processes.
 */
import { screenQuery } from '@ariadne/sanctions';
import type { Actor, ScreeningStore, ScreeningStateStore } from '@ariadne/store';
import type { ScreeningEngine } from './screening-engine.ts';
import { bestPerEntry, subjectQueries } from './subject-queries.ts';

export interface RescreenDeps {
  readonly store: Pick<ScreeningStore, 'recordScreeningHits'> & ScreeningStateStore;
  readonly engine: ScreeningEngine;
  /** who the alerts are raised by (a system actor) */
  readonly actor: Actor;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => Promise<void> | void;
}

export interface RescreenReport {
  readonly screened: number;
  readonly raised: number;
  readonly listsKey: string;
}

/** screens every due subject once; answers how many were screened and how many alerts were raised */
export async function rescreenDue(deps: RescreenDeps): Promise<RescreenReport> {
  const { store, engine, actor } = deps;
  const loaded = await engine.current();
  // with no list loaded there is nothing to screen against: subjects stay due until one is
  if (loaded.versions.length === 0) return { screened: 0, raised: 0, listsKey: '' };
  const versionOf = new Map(loaded.versions.map((v) => [v.list, v.id]));
  const total = await store.countDueForScreening(loaded.listsKey);
  let screened = 0;
  let raised = 0;
  let afterId: string | null = null;
  for (;;) {
    deps.signal?.throwIfAborted();
    const due = await store.dueForScreening(loaded.listsKey, { limit: deps.batchSize ?? 500, afterId });
    if (due.length === 0) break;
    for (const subject of due) {
      const matches = bestPerEntry(subjectQueries(subject).map((q) => screenQuery(loaded.index, q).matches.filter((m) => m.match)));
      const byList = new Map<string, typeof matches>();
      for (const m of matches) byList.set(m.list, [...(byList.get(m.list) ?? []), m]);
      for (const [list, hits] of byList) {
        const alerts = await store.recordScreeningHits(actor, {
          subjectId: subject.id, caseId: subject.caseId, algorithm: loaded.algorithm, listVersionId: versionOf.get(list) ?? null,
          hits: hits.map((m) => ({ list: m.list, entry: m.entry, score: m.score, matchedName: m.name, explanation: m.explanation })),
        });
        raised += alerts.length;
      }
    }
    await store.markScreened(due, loaded.listsKey);
    screened += due.length;
    afterId = due[due.length - 1]!.id;
    await deps.onProgress?.(screened, Math.max(total, screened));
  }
  return { screened, raised, listsKey: loaded.listsKey };
}
