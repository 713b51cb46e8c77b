/**
 * Batch screening against parsed sanctions lists: an in-memory index of every listed name of
 * persons and organisations, blocked by name keys so a query is scored only against candidates
 * sharing a spelling or phonetic key, then ranked by the explainable matcher.
 */
import type { EntityData } from '@ariadne/schema';
import { nameKeys, TokenWeights } from '@ariadne/names';
import { defaultAlgorithm, MAX_NAME_CHARS, score, type Algorithm, type MatchCandidate } from './matcher.ts';

/** A list's short name: `un-sc`, `ofac-sdn`, `eu-fsf`, `gb-fcdo`, or the name given to an FtM JSON file. */
export type ListName = string;

/** One list's entities, as a parser yields them (subjects plus their Sanction entities). */
export interface ListEntities {
  readonly list: ListName;
  readonly entities: Iterable<EntityData>;
  /**
   * The list's own reference for a subject. Default: the Sanction's `unscId` (UN reference
   * number), else its `authorityId` (OFAC ent_num, EU logical id, UK unique id), else the
   * subject's id (FtM JSON exports, whose ids are the reference).
   */
  readonly entryOf?: (subject: EntityData, sanction: EntityData | undefined) => string;
}

export const defaultEntryOf = (subject: EntityData, sanction: EntityData | undefined): string =>
  sanction?.properties.unscId?.[0] ?? sanction?.properties.authorityId?.[0] ?? subject.id;

const SUBJECT_SCHEMATA: ReadonlySet<string> = new Set(['Person', 'Organization', 'Company', 'LegalEntity']);
const NAME_PROPS = [['name', false], ['alias', false], ['previousName', false], ['weakAlias', true]] as const;

export interface IndexedName extends MatchCandidate {
  readonly entityId: string;
  readonly entry: string;
  readonly list: ListName;
  readonly quality: 'name' | 'alias' | 'previousName' | 'weakAlias';
}

export interface ScreeningIndex {
  readonly names: readonly IndexedName[];
  /** name key → positions in `names`. */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
  readonly weights: TokenWeights;
  readonly algorithm: Algorithm;
}

export interface ScreeningQuery {
  readonly id: string;
  readonly name: string;
  readonly birthDate?: string;
  readonly nationality?: string;
  readonly gender?: string;
}

export interface ScreeningMatch {
  readonly entry: string;
  readonly list: ListName;
  readonly name: string;
  readonly score: number;
  readonly match: boolean;
  readonly explanation: string[];
}

export interface ScreeningResult {
  readonly id: string;
  readonly matches: ScreeningMatch[];
}

/**
 * Indexes the persons and organisations of each list (vessels, aircraft and other schemata are
 * skipped). @example buildIndex([{ list: 'un-sc', entities: unEntities }, { list: 'ofac-sdn', entities: ofac }])
 */
export function buildIndex(lists: Iterable<ListEntities>): ScreeningIndex {
  const names: IndexedName[] = [];
  for (const { list, entities, entryOf = defaultEntryOf } of lists) {
    const all = [...entities];
    const sanctions = new Map<string, EntityData>();
    for (const e of all) {
      const target = e.schema === 'Sanction' ? e.properties.entity?.[0] : undefined;
      if (target !== undefined && !sanctions.has(target)) sanctions.set(target, e);
    }
    for (const e of all) {
      if (!SUBJECT_SCHEMATA.has(e.schema)) continue;
      const p = e.properties;
      const common = { entityId: e.id, list, entry: entryOf(e, sanctions.get(e.id)), birthDates: p.birthDate ?? [], nationalities: p.nationality ?? [], genders: p.gender ?? [] };
      for (const [quality, weak] of NAME_PROPS) {
        for (const name of p[quality] ?? []) names.push({ ...common, name, weak, quality });
      }
    }
  }
  const blocks = new Map<string, number[]>();
  names.forEach((n, i) => {
    for (const k of nameKeys(n.name)) {
      const b = blocks.get(k);
      if (b) b.push(i);
      else blocks.set(k, [i]);
    }
  });
  const weights = new TokenWeights(names.map((n) => n.name));
  return { names, blocks, weights, algorithm: defaultAlgorithm(weights) };
}

/**
 * Screens one query: scores each candidate name sharing a key, keeps each listed subject's best
 * name, and returns them sorted by score (highest first). Matches below threshold are included
 * so the caller can show near misses; filter on `match`.
 */
export function screenQuery(index: ScreeningIndex, query: ScreeningQuery, algorithm: Algorithm = index.algorithm): ScreeningResult {
  const name = query.name.slice(0, MAX_NAME_CHARS);
  const positions = new Set<number>();
  for (const k of nameKeys(name)) for (const i of index.blocks.get(k) ?? []) positions.add(i);
  const best = new Map<string, ScreeningMatch>();
  for (const i of positions) {
    const candidate = index.names[i];
    if (!candidate) continue;
    const r = score({ ...query, name }, candidate, algorithm);
    const key = `${candidate.list}\u0000${candidate.entityId}`;
    const prev = best.get(key);
    if (prev && prev.score >= r.score) continue;
    best.set(key, { entry: candidate.entry, list: candidate.list, name: candidate.name, ...r });
  }
  const matches = [...best.values()].sort((a, b) => b.score - a.score || a.entry.localeCompare(b.entry));
  return { id: query.id, matches };
}
