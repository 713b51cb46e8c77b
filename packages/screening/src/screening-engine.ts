/**
 * The screening index over the current version of every stored list, kept in memory and rebuilt
 * when a list gets a new version. Screening is a read of public reference data: it answers in
 * memory, checking the store for new list versions at most every `recheckMs`.
 */
import { buildIndex, screenQuery, type ListEntities, type ScreeningIndex, type ScreeningMatch, type ScreeningQuery } from '@ariadne/sanctions';
import type { EntityData } from '@ariadne/schema';
import type { ListEntry, ListVersion, ScreeningStore } from '@ariadne/store';

export interface LoadedLists {
  readonly index: ScreeningIndex;
  /** the current version of each list, by list name */
  readonly versions: readonly ListVersion[];
  /** the current version ids, sorted and joined: what a subject was screened against */
  readonly listsKey: string;
  /** `<algorithm name>@<version>` */
  readonly algorithm: string;
}

export interface ScreenOptions {
  /** most matches answered, best first (default 10) */
  readonly limit?: number;
  /** also answer near misses down to this score (default: only matches over the algorithm's threshold) */
  readonly minScore?: number;
}

export interface ScreeningAnswer {
  readonly matches: readonly ScreeningMatch[];
  readonly algorithm: string;
  readonly threshold: number;
  readonly versions: readonly ListVersion[];
}

type ListStore = Pick<ScreeningStore, 'listVersions' | 'currentListEntries'>;

/** the sorted, joined ids of the current versions */
export function listsKeyOf(versions: readonly Pick<ListVersion, 'id'>[]): string {
  return versions.map((v) => v.id).sort().join(',');
}

async function currentVersions(store: ListStore): Promise<ListVersion[]> {
  const out: ListVersion[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listVersions({ currentOnly: true }, { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** groups the stored designations by list, each subject resolving to its stored entry */
async function loadLists(store: ListStore): Promise<ListEntities[]> {
  const byList = new Map<string, { entities: EntityData[]; entries: Map<string, string> }>();
  for await (const entry of store.currentListEntries() as AsyncIterable<ListEntry>) {
    let list = byList.get(entry.list);
    if (!list) byList.set(entry.list, (list = { entities: [], entries: new Map() }));
    list.entities.push(...entry.entities);
    list.entries.set(entry.subjectId, entry.entry);
  }
  return [...byList].map(([list, { entities, entries }]) => ({ list, entities, entryOf: (subject: EntityData) => entries.get(subject.id) ?? subject.id }));
}

export class ScreeningEngine {
  readonly #store: ListStore;
  readonly #recheckMs: number;
  readonly #now: () => number;
  #loaded: Promise<LoadedLists> | null = null;
  #checkedAt = -Infinity;

  constructor(store: ListStore, options: { recheckMs?: number; now?: () => number } = {}) {
    this.#store = store;
    this.#recheckMs = options.recheckMs ?? 2_000;
    this.#now = options.now ?? Date.now;
  }

  /** the index for the current list versions, rebuilt when they changed */
  async current(): Promise<LoadedLists> {
    const now = this.#now();
    if (this.#loaded && now - this.#checkedAt < this.#recheckMs) return this.#loaded;
    this.#checkedAt = now;
    const versions = await currentVersions(this.#store);
    const key = listsKeyOf(versions);
    const loaded = this.#loaded ? await this.#loaded.catch(() => null) : null;
    if (loaded && loaded.listsKey === key) return loaded;
    this.#loaded = loadLists(this.#store).then((lists) => {
      const index = buildIndex(lists);
      return { index, versions, listsKey: key, algorithm: `${index.algorithm.name}@${index.algorithm.version}` };
    });
    this.#loaded.catch(() => {
      this.#loaded = null;
    });
    return this.#loaded;
  }

  /** forget the loaded index: the next call reloads (after an import in this process) */
  invalidate(): void {
    this.#checkedAt = -Infinity;
  }

  async screen(query: ScreeningQuery, options: ScreenOptions = {}): Promise<ScreeningAnswer> {
    const { index, versions, algorithm } = await this.current();
    const floor = options.minScore ?? index.algorithm.threshold;
    const matches = screenQuery(index, query).matches.filter((m) => m.match || m.score >= floor).slice(0, options.limit ?? 10);
    return { matches, algorithm, threshold: index.algorithm.threshold, versions };
  }
}
