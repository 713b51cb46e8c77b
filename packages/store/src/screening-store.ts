/**
 * The store's sanctions part (`ScreeningStore`): list versions with their deltas, screening
 * alerts with their dispositions, and duplicate proposals. Each concern lives in its own module;
 * this binds them to one context.
 *
 * @example
 * ```ts
 * const { version } = await store.importListVersion(actor, { list: 'un-sc', format: 'un-xml', source: 'consolidated.xml', sha256, publishedAt: null, entries, errors: [] });
 * for await (const entry of store.currentListEntries({ list: 'un-sc' })) index.add(entry);
 * await store.recordScreeningHits(actor, { subjectId, caseId, algorithm: 'ariadne-names@1', listVersionId: version.id, hits });
 * ```
 */
import type { StoreContext } from './context.ts';
import type { ScreeningStore } from './screening-types.ts';
import { listVersionStore } from './list-versions.ts';
import { screeningAlertStore } from './screening-alerts.ts';
import { duplicateCandidateStore } from './duplicate-candidates.ts';

export function screeningStore(ctx: StoreContext): ScreeningStore {
  return {
    ...listVersionStore(ctx),
    ...screeningAlertStore(ctx),
    ...duplicateCandidateStore(ctx),
  };
}
