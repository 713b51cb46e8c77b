/**
 * Batch screening against parsed sanctions lists: an in-memory index of every listed name of
 * persons and organisations, blocked by name keys so a query is scored only against candidates
 * sharing a spelling or phonetic key, then ranked by the explainable matcher.
 */
import type { EntityData } from '@ariadne/schema';
import { TokenWeights, typoKeys, type NameToken } from '@ariadne/names';
import { shippedCanonicalSpellings } from '@ariadne/names/shipped-equivalences';
import {
  defaultAlgorithm, isUnvowelled, withoutFinalH, MAX_NAME_CHARS, MAX_TOKENS, nameParts, nameScore, prepareName, QUERY_SHARE, score,
  type Algorithm, type Equivalences, type MatchCandidate, type PreparedName,
} from './matcher.ts';

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
  /**
   * Blocking key ("s:" spelling, "p:" phonetic, "d:" one-typo key, "e:" equivalence-table
   * canonical spelling of a name token) → positions in `names`, ascending.
   */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
  readonly weights: TokenWeights;
  /** The name-equivalence table the names were prepared with (the algorithm's). */
  readonly equivalences: Equivalences;
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

export interface IndexOptions {
  /** The name-equivalence table to compare by (default: the one shipped with @ariadne/names). */
  readonly equivalences?: Equivalences;
}

/**
 * Indexes the persons and organisations of each list (vessels, aircraft and other schemata are
 * skipped). Each name is tokenised once: its tokens and rarity weights are kept with it
 * (`prepared`), and it is blocked under the spelling key, phonetic key and one-typo keys
 * (`typoKeys`) of each of its name tokens, the keys of its Persian reading (Arabic script),
 * and its canonical spelling in the equivalence table.
 * @example buildIndex([{ list: 'un-sc', entities: unEntities }, { list: 'ofac-sdn', entities: ofac }])
 */
export function buildIndex(lists: Iterable<ListEntities>, options: IndexOptions = {}): ScreeningIndex {
  const equivalences = options.equivalences ?? shippedCanonicalSpellings();
  // the names are built once and given their preparation in place (a million names do not
  // need a second million objects)
  const raw: { -readonly [K in keyof IndexedName]: IndexedName[K] }[] = [];
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
        for (const name of p[quality] ?? []) raw.push({ ...common, name, weak, quality, prepared: undefined });
      }
    }
  }
  // one token object per distinct token, so a query's similarity memo serves every name holding it
  const interned = new Map<string, NameToken>();
  // (per script too: a memoised similarity depends on whether either side was Arabic script)
  let unvowelled = false;
  const intern = (t: NameToken): NameToken => {
    const id = `${t.text}\u0000${t.article ?? ''}\u0000${unvowelled}\u0000${t.altKey ?? ''}`;
    const seen = interned.get(id);
    if (seen) return seen;
    interned.set(id, t);
    return t;
  };
  const parts = raw.map((n) => {
    unvowelled = isUnvowelled(n.name);
    return nameParts(n.name).map(intern);
  });
  const weights = TokenWeights.fromKeys((function* () { for (const ts of parts) yield ts.map((t) => t.key); })());
  const blocks = new Map<string, number[]>();
  const block = (k: string, i: number): void => {
    const b = blocks.get(k);
    if (b === undefined) blocks.set(k, [i]);
    else if (b[b.length - 1] !== i) b.push(i);
  };
  raw.forEach((n, i) => {
    const own = prepareName(n.name, weights, parts[i]!, equivalences);
    unvowelled = own.unvowelled;
    const prepared = { ...own, joined: own.joined.map(intern) };
    prepared.tokens.forEach((t, k) => {
      block(`s:${t.key}`, i);
      block(`p:${t.phonetic}`, i);
      for (const d of typoKeys(t.key)) block(`d:${d}`, i);
      if (t.altKey !== undefined) block(`s:${t.altKey}`, i);
      if (t.altPhonetic !== undefined) block(`p:${t.altPhonetic}`, i);
      const bare = prepared.unvowelled ? withoutFinalH(t.key) : undefined;
      if (bare !== undefined) block(`s:${bare}`, i);
      const canonical = prepared.canonical[k];
      if (canonical !== undefined) block(`e:${canonical}`, i);
    });
    for (const t of prepared.joined) block(`s:${t.key}`, i);
    n.prepared = prepared;
  });
  return { names: raw, blocks, weights, equivalences, algorithm: defaultAlgorithm(weights, equivalences) };
}

/**
 * Candidates whose name alone scores below this are not scored in full nor returned: with the
 * default weights (name 0.85, at most +0.15 from birth date and nationality, threshold 0.77)
 * they cannot reach the threshold, so they are not even near misses.
 */
const NEAR_MISS = 0.7;
/**
 * Candidates whose blocking keys cover less than this share of the query's name weight cannot
 * reach NEAR_MISS even with every one of their own tokens aligned, so they are not scored.
 */
const MIN_COVER = (NEAR_MISS - (1 - QUERY_SHARE)) / QUERY_SHARE;
/** What a shared key promises about the best token alignment: spelling 1, phonetic, one typo. */
const COVER_SPELLING = 1;
const COVER_PHONETIC = 0.95;
const COVER_TYPO = 0.9;

// Per-index scratch (one slot per indexed name), reused by every query on that index.
interface Scratch { cover: Float64Array; tokenBest: Float64Array; stamp: Int32Array; touched: Int32Array; query: number }
const scratches = new WeakMap<ScreeningIndex, Scratch>();

function scratchOf(index: ScreeningIndex): Scratch {
  let s = scratches.get(index);
  if (!s || s.cover.length !== index.names.length) {
    const n = index.names.length;
    s = { cover: new Float64Array(n), tokenBest: new Float64Array(n), stamp: new Int32Array(n).fill(-1), touched: new Int32Array(n), query: 0 };
    scratches.set(index, s);
  }
  return s;
}

/** Positions of the indexed names whose shared keys could cover at least MIN_COVER of the query. */
function candidates(index: ScreeningIndex, query: PreparedName): number[] {
  const s = scratchOf(index);
  let touchedCount = 0;
  const qs = query.tokens;
  // stamps are (query number × 2 MAX_TOKENS + token or joined pair): no clearing between queries
  const base = (s.query = (s.query + 1) % Math.floor(0x7fffffff / (2 * MAX_TOKENS))) * 2 * MAX_TOKENS;
  const visit = (key: string, promise: number, weight: number, stamp: number): void => {
    const b = index.blocks.get(key);
    if (b === undefined) return;
    for (let k = 0; k < b.length; k++) {
      const i = b[k]!;
      const seen = s.stamp[i]!;
      if (seen < base) {
        s.cover[i] = 0;
        s.touched[touchedCount++] = i;
      }
      if (seen !== stamp) {
        s.stamp[i] = stamp;
        s.tokenBest[i] = promise;
        s.cover[i]! += promise * weight;
      } else if (promise > s.tokenBest[i]!) {
        s.cover[i]! += (promise - s.tokenBest[i]!) * weight;
        s.tokenBest[i] = promise;
      }
    }
  };
  const keysSeen = new Set<string>();
  for (let t = 0; t < qs.length; t++) {
    const token = qs[t]!;
    // a repeated name part ("Mohamed Mohamed Omar") is looked up once: counting it again would
    // credit every name holding it once with both
    if (keysSeen.has(token.key)) continue;
    keysSeen.add(token.key);
    const w = query.weights[t]! / query.total;
    const stamp = base + t;
    visit(`s:${token.key}`, COVER_SPELLING, w, stamp);
    visit(`p:${token.phonetic}`, COVER_PHONETIC, w, stamp);
    visit(`d:${token.key}`, COVER_TYPO, w, stamp);
    const canonical = query.canonical[t];
    if (canonical !== undefined) visit(`e:${canonical}`, COVER_SPELLING, w, stamp);
    if (token.altKey !== undefined) visit(`s:${token.altKey}`, COVER_SPELLING, w, stamp);
    if (token.altPhonetic !== undefined) visit(`p:${token.altPhonetic}`, COVER_PHONETIC, w, stamp);
    const bare = query.unvowelled ? withoutFinalH(token.key) : undefined;
    if (bare !== undefined) visit(`s:${bare}`, COVER_PHONETIC, w, stamp);
    for (const d of typoKeys(token.key)) {
      visit(`s:${d}`, COVER_TYPO, w, stamp);
      visit(`d:${d}`, COVER_TYPO, w, stamp);
    }
  }
  for (let t = 0; t < query.joined.length; t++) {
    visit(`s:${query.joined[t]!.key}`, COVER_SPELLING, (query.weights[t]! + query.weights[t + 1]!) / query.total, base + MAX_TOKENS + t);
  }
  const out: number[] = [];
  for (let k = 0; k < touchedCount; k++) {
    const i = s.touched[k]!;
    if (s.cover[i]! >= MIN_COVER - 1e-9) out.push(i);
  }
  return out;
}

/**
 * Screens one query: takes each candidate name whose shared keys (spelling, phonetic, one
 * typo, two parts written as one) could cover MIN_COVER of the query's name weight, scores
 * in full (with explanation) those whose name score reaches NEAR_MISS, keeps each listed
 * subject's best name, and returns them sorted by score (highest first). Matches below
 * threshold are included so the caller can show near misses; filter on `match`.
 */
export function screenQuery(index: ScreeningIndex, query: ScreeningQuery, algorithm: Algorithm = index.algorithm): ScreeningResult {
  const name = query.name.slice(0, MAX_NAME_CHARS);
  const prepared = prepareName(name, index.weights, undefined, index.equivalences);
  if (prepared.tokens.length === 0) return { id: query.id, matches: [] };
  const best = new Map<string, ScreeningMatch>();
  const q = { ...query, name };
  const memo = [...prepared.tokens, ...prepared.joined].map(() => new Map<NameToken, number>());
  for (const i of candidates(index, prepared)) {
    const candidate = index.names[i];
    if (!candidate) continue;
    const own = candidate.prepared?.by === index.weights && candidate.prepared.equivalences === index.equivalences
      ? candidate.prepared : prepareName(candidate.name, index.weights, undefined, index.equivalences);
    if (nameScore(prepared, own, memo) < NEAR_MISS) continue;
    const r = score(q, candidate, algorithm);
    const key = `${candidate.list}\u0000${candidate.entityId}`;
    const prev = best.get(key);
    if (prev && prev.score >= r.score) continue;
    best.set(key, { entry: candidate.entry, list: candidate.list, name: candidate.name, ...r });
  }
  const matches = [...best.values()].sort((a, b) => b.score - a.score || a.entry.localeCompare(b.entry));
  return { id: query.id, matches };
}
