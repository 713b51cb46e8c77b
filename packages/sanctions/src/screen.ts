/**
 * Batch screening against parsed sanctions lists: an in-memory index of every listed name of
 * persons and organisations, blocked by name keys so a query is scored only against candidates
 * sharing a spelling or phonetic key, then ranked by the explainable matcher.
 */
import type { EntityData } from '@ariadne/schema';
import { nameKeys, TokenWeights } from '@ariadne/names';
import { defaultAlgorithm, MAX_NAME_CHARS, score, type Algorithm, type MatchCandidate } from './matcher.ts';

export type ListName = 'un-sc' | 'ofac-sdn';

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

/** The list and its own reference for a subject: UN reference number or OFAC ent_num. */
function listEntry(id: string, sanctions: ReadonlyMap<string, EntityData>): { list: ListName; entry: string } | undefined {
  const s = sanctions.get(id)?.properties;
  if (id.startsWith('un-sc-')) return { list: 'un-sc', entry: s?.unscId?.[0] ?? id.slice('un-sc-'.length) };
  if (id.startsWith('ofac-')) return { list: 'ofac-sdn', entry: s?.authorityId?.[0] ?? id.slice('ofac-'.length) };
  return undefined;
}

/** Indexes persons and organisations (other schemata and unknown lists are skipped). */
export function buildIndex(entities: Iterable<EntityData>): ScreeningIndex {
  const all = [...entities];
  const sanctions = new Map<string, EntityData>();
  for (const e of all) {
    const target = e.schema === 'Sanction' ? e.properties.entity?.[0] : undefined;
    if (target !== undefined) sanctions.set(target, e);
  }
  const names: IndexedName[] = [];
  for (const e of all) {
    if (!SUBJECT_SCHEMATA.has(e.schema)) continue;
    const where = listEntry(e.id, sanctions);
    if (!where) continue;
    const p = e.properties;
    const common = { entityId: e.id, ...where, birthDates: p.birthDate ?? [], nationalities: p.nationality ?? [], genders: p.gender ?? [] };
    for (const [quality, weak] of NAME_PROPS) {
      for (const name of p[quality] ?? []) names.push({ ...common, name, weak, quality });
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
    const prev = best.get(candidate.entityId);
    if (prev && prev.score >= r.score) continue;
    best.set(candidate.entityId, { entry: candidate.entry, list: candidate.list, name: candidate.name, ...r });
  }
  const matches = [...best.values()].sort((a, b) => b.score - a.score || a.entry.localeCompare(b.entry));
  return { id: query.id, matches };
}
