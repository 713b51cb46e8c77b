/**
 * Batch screening against parsed sanctions lists: an in-memory index of every listed name of
 * persons and organisations, blocked by name keys so a query is scored only against candidates
 * sharing a spelling or phonetic key, then ranked by the explainable matcher.
 */
import type { EntityData } from '@ariadne/schema';
import { spellingTypoKeys, TokenWeights, typoKeys, withOrganisationWords, type NameToken } from '@ariadne/names';
import { shippedCanonicalSpellings } from '@ariadne/names/shipped-equivalences';
import {
  CONTAINED_MIN_QUERY, defaultAlgorithm, isUnvowelled, LONE_HEADS, uniformToken, joinedToken, withoutFinalH, MAX_NAME_CHARS, MAX_TOKENS, nameParts, nameScore, preparedFromParts, prepareName, QUERY_SHARE, score, TYPO_SIM,
  type Algorithm, type Equivalences, type MatchCandidate, type PreparedName, type TokenFacts,
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

/**
 * Longest spellings indexed with their one-letter deletions ("t:" keys, `spellingTypoKeys`): the
 * short parts whose consonant keys are too short for one-typo keys of their own. Longer parts
 * rely on the deletion keys of their consonant key ("d:"); the deletions of every part would
 * double the index's postings.
 */
const INDEXED_TYPO_LETTERS = 5;
/** Longest spelling given `slips` (longer parts are compound strings, not names anyone retypes). */
const MAX_SLIP_LETTERS = 24;

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
   * Blocking key ("s:" spelling, "p:" phonetic, "d:" one-typo key, "t:" short spelling and its
   * one-letter deletions, "e:" equivalence-table canonical spelling of a name token, "h:" head
   * and "u:" spelling of the part after the head of a compound, "r:" a spelling key the name
   * holds twice) → positions in `names`, ascending
   * (views of one Int32Array: a million names hold tens of millions of positions).
   */
  readonly blocks: ReadonlyMap<string, Int32Array>;
  /**
   * One-letter deletions of each distinct indexed spelling longer than INDEXED_TYPO_LETTERS →
   * the spelling keys of the spellings they come from: symmetric deletion over the vocabulary,
   * not the names, so a typing slip in a long part ("Govorux", "Hayzham", "Bareh" for "Barech")
   * reaches the names holding the part it slipped from, at the cost of one entry per letter of
   * each distinct spelling (tens of thousands, however many names hold them).
   */
  readonly slips: ReadonlyMap<string, readonly string[]>;
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
  // organisation words meet their translations whatever name table is chosen
  const equivalences = withOrganisationWords(options.equivalences ?? shippedCanonicalSpellings());
  // the names are built once and given their preparation in place (a million names do not
  // need a second million objects)
  const raw: { -readonly [K in keyof IndexedName]: IndexedName[K] }[] = [];
  for (const { list, entities, entryOf = defaultEntryOf } of lists) {
    const all = Array.isArray(entities) ? (entities as readonly EntityData[]) : [...entities];
    const sanctions = new Map<string, EntityData>();
    for (const e of all) {
      const target = e.schema === 'Sanction' ? e.properties.entity?.[0] : undefined;
      if (target !== undefined && !sanctions.has(target)) sanctions.set(target, e);
    }
    for (const e of all) {
      if (!SUBJECT_SCHEMATA.has(e.schema)) continue;
      const p = e.properties;
      const entityId = e.id;
      const entry = entryOf(e, sanctions.get(e.id));
      const birthDates = p.birthDate ?? NONE;
      const nationalities = p.nationality ?? NONE;
      const genders = p.gender ?? NONE;
      for (const [quality, weak] of NAME_PROPS) {
        for (const name of p[quality] ?? NONE) raw.push({ entityId, list, entry, birthDates, nationalities, genders, name, weak, quality, prepared: undefined });
      }
    }
  }
  const tokens = new TokenTable(equivalences);
  const unvowelled = new Uint8Array(raw.length);
  const parts = raw.map((n, i) => {
    const u = isUnvowelled(n.name);
    unvowelled[i] = u ? 1 : 0;
    return tokens.internAll(nameParts(n.name), u);
  });
  const weights = TokenWeights.fromKeys((function* () { for (const ts of parts) yield ts.map((t) => t.key); })());
  tokens.weights = weights;
  const builder = new BlockBuilder();
  for (let i = 0; i < raw.length; i++) {
    const u = unvowelled[i] === 1;
    const prepared = preparedFromParts(parts[i]!, tokens.factsFor(u), u);
    raw[i]!.prepared = prepared;
    for (const t of prepared.tokens) builder.count(tokens.blockKeys(t, u), i);
    for (const t of prepared.joined) builder.count(tokens.joinedKeys(t), i);
    const repeated = tokens.repeatedKeys(prepared.tokens);
    if (repeated !== undefined) builder.count(repeated, i);
  }
  builder.allocate();
  for (let i = 0; i < raw.length; i++) {
    const prepared = raw[i]!.prepared!;
    for (const t of prepared.tokens) builder.fill(tokens.blockKeys(t, prepared.unvowelled), i);
    for (const t of prepared.joined) builder.fill(tokens.joinedKeys(t), i);
    const repeated = tokens.repeatedKeys(prepared.tokens);
    if (repeated !== undefined) builder.fill(repeated, i);
  }
  return { names: raw, blocks: builder.blocks(tokens.keyNames), slips: tokens.slips(), weights, equivalences, algorithm: defaultAlgorithm(weights, equivalences) };
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * One token object per distinct token (per script too: a memoised similarity depends on
 * whether either side was Arabic script), so a query's similarity memo serves every name
 * holding it. Two tokens written as one are interned in the same table as the tokens, as they
 * always were: the query memo is keyed by token object for both, so which objects are shared
 * is part of the scores. And, once per distinct token, its weight, canonical spelling, joined pairs and
 * blocking keys (as numbers: a million names hold tens of millions of key references).
 */
class TokenTable {
  readonly #counted: { weights: TokenWeights | undefined } = { weights: undefined };
  readonly keyNames: string[] = [];
  readonly #keyIds = new Map<string, number>();
  // by unvowelled flag, then text: the token seen with that text, or the tokens (differing in
  // article or Persian reading) when more than one
  readonly #interned = [new Map<string, NameToken | NameToken[]>(), new Map<string, NameToken | NameToken[]>()];
  readonly #blockKeys = [new Map<NameToken, Int32Array>(), new Map<NameToken, Int32Array>()];
  readonly #joinedKeys = new Map<NameToken, Int32Array>();
  readonly #joined = [new Map<NameToken, Map<NameToken, NameToken>>(), new Map<NameToken, Map<NameToken, NameToken>>()];
  readonly #weightOf = new Map<string, number>();
  // the Latin name parts interned (not two parts written as one, which are nearly all distinct
  // in a large index and no one's spelling): what `slips` is built from
  readonly #parts = new Set<NameToken>();
  readonly #facts: [TokenFacts, TokenFacts];

  constructor(readonly equivalences: Equivalences) {
    // the weights are counted after the tokens are interned: the facts read them when asked
    const counted = this.#counted;
    const facts = (u: 0 | 1): TokenFacts => ({
      get weights() { return counted.weights; },
      equivalences,
      weightOf: (t) => {
        let w = this.#weightOf.get(t.key);
        if (w === undefined) this.#weightOf.set(t.key, (w = counted.weights!.weightOfKey(t.key)));
        return w;
      },
      canonicalOf: (t) => equivalences.get(t.text),
      joinedOf: (a, b) => {
        let byB = this.#joined[u]!.get(a);
        if (byB === undefined) this.#joined[u]!.set(a, (byB = new Map()));
        let j = byB.get(b);
        if (j === undefined) byB.set(b, (j = this.intern(joinedToken(a, b), u === 1, true)));
        return j;
      },
    });
    this.#facts = [facts(0), facts(1)];
  }

  set weights(weights: TokenWeights) {
    this.#counted.weights = weights;
  }

  factsFor(unvowelled: boolean): TokenFacts {
    return this.#facts[unvowelled ? 1 : 0];
  }

  /** The one token object for `t`'s text (and article, Persian reading and key); a new one is kept in `uniformToken`'s shape unless `asIs` (two parts written as one, compared by key and text only). */
  intern(t: NameToken, unvowelled: boolean, asIs = false): NameToken {
    const byText = this.#interned[unvowelled ? 1 : 0]!;
    const seen = byText.get(t.text);
    if (seen === undefined) {
      const kept = asIs ? t : uniformToken(t);
      byText.set(t.text, kept);
      return kept;
    }
    // (and the same key: two parts written as one that do not read as one keep an empty key)
    const same = (s: NameToken): boolean => s.article === t.article && s.altKey === t.altKey && s.key === t.key;
    if (!Array.isArray(seen)) {
      if (same(seen)) return seen;
      const kept = asIs ? t : uniformToken(t);
      byText.set(t.text, [seen, kept]);
      return kept;
    }
    const found = seen.find(same);
    if (found) return found;
    const kept = asIs ? t : uniformToken(t);
    seen.push(kept);
    return kept;
  }

  /** `ScreeningIndex.slips` of the name parts interned so far (Latin spellings only: a romanised Arabic-script skeleton has no letters to slip). */
  slips(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const add = (t: NameToken): void => {
      const text = t.text;
      if (text.length <= INDEXED_TYPO_LETTERS || text.length > MAX_SLIP_LETTERS || t.key === '' || !/^[a-z]+$/.test(text)) return;
      for (let i = 0; i < text.length; i++) {
        const d = text.slice(0, i) + text.slice(i + 1);
        const keys = out.get(d);
        if (keys === undefined) out.set(d, [t.key]);
        else if (!keys.includes(t.key)) keys.push(t.key);
      }
    };
    for (const t of this.#parts) add(t);
    return out;
  }

  internAll(ts: NameToken[], unvowelled: boolean): NameToken[] {
    for (let i = 0; i < ts.length; i++) {
      const t = (ts[i] = this.intern(ts[i]!, unvowelled));
      if (!unvowelled) this.#parts.add(t);
    }
    return ts;
  }

  #id(key: string): number {
    let id = this.#keyIds.get(key);
    if (id === undefined) {
      id = this.keyNames.length;
      this.#keyIds.set(key, id);
      this.keyNames.push(key);
    }
    return id;
  }

  /**
   * The blocking keys of a name token: spelling, phonetic, one-typo, short spelling and its
   * deletions, Persian reading, without final h (Arabic script), canonical spelling; a
   * compound's head and the spelling key of the part after it; the keys of a part without its
   * glued article and of its "ch" read as "j".
   */
  blockKeys(t: NameToken, unvowelled: boolean): Int32Array {
    const cache = this.#blockKeys[unvowelled ? 1 : 0]!;
    let ids = cache.get(t);
    if (ids === undefined) {
      const keys = [`s:${t.key}`, `p:${t.phonetic}`, ...typoKeys(t.key).map((d) => `d:${d}`), ...spellingTypoKeys(t.text, INDEXED_TYPO_LETTERS).map((d) => `t:${d}`)];
      for (const part of [t.unglued, t.reading]) {
        if (part === undefined) continue;
        keys.push(`s:${part.key}`, `p:${part.phonetic}`);
        if (part.altKey !== undefined) keys.push(`s:${part.altKey}`);
      }
      if (t.tail !== undefined) {
        keys.push(`u:${t.tail.key}`, `h:${t.text.slice(0, t.text.length - t.tail.text.length - 1)}`);
        if (t.tail.altKey !== undefined) keys.push(`u:${t.tail.altKey}`);
      }
      if (t.altKey !== undefined) keys.push(`s:${t.altKey}`);
      if (t.altPhonetic !== undefined) keys.push(`p:${t.altPhonetic}`);
      const bare = unvowelled ? withoutFinalH(t.key) : undefined;
      if (bare !== undefined) keys.push(`s:${bare}`);
      const canonical = this.equivalences.get(t.text);
      if (canonical !== undefined) keys.push(`e:${canonical}`);
      cache.set(t, (ids = Int32Array.from(keys, (k) => this.#id(k))));
    }
    return ids;
  }

  /** The "r:" keys of the spelling keys a name holds more than once ("Hamid al-Hammadi"), if any. */
  repeatedKeys(ts: readonly NameToken[]): Int32Array | undefined {
    let out: number[] | undefined;
    for (let i = 1; i < ts.length; i++) {
      const k = ts[i]!.key;
      for (let j = 0; j < i; j++) {
        if (ts[j]!.key !== k) continue;
        (out ??= []).push(this.#id(`r:${k}`));
        break;
      }
    }
    return out && Int32Array.from(out);
  }

  /** The blocking key of two tokens written as one: its spelling. */
  joinedKeys(t: NameToken): Int32Array {
    let ids = this.#joinedKeys.get(t);
    if (ids === undefined) this.#joinedKeys.set(t, (ids = t.key === '' ? new Int32Array(0) : Int32Array.of(this.#id(`s:${t.key}`))));
    return ids;
  }
}

/**
 * The blocks in two passes over the names, counting then filling one Int32Array, each key's
 * block a view of it: no lists grown by push, no per-element boxing.
 */
class BlockBuilder {
  #counts = new Int32Array(1024);
  // last name (position + 1) put under each key: a name holds each key once
  #last = new Int32Array(1024);
  #offsets: Int32Array | undefined;
  #postings: Int32Array | undefined;

  count(keys: Int32Array, i: number): void {
    for (let k = 0; k < keys.length; k++) {
      const id = keys[k]!;
      if (id >= this.#counts.length) this.#grow(id);
      if (this.#last[id] === i + 1) continue;
      this.#last[id] = i + 1;
      this.#counts[id]!++;
    }
  }

  #grow(id: number): void {
    const size = Math.max(id + 1, this.#counts.length * 2);
    const counts = new Int32Array(size);
    counts.set(this.#counts);
    const last = new Int32Array(size);
    last.set(this.#last);
    this.#counts = counts;
    this.#last = last;
  }

  allocate(): void {
    const offsets = new Int32Array(this.#counts.length + 1);
    for (let id = 0; id < this.#counts.length; id++) offsets[id + 1] = offsets[id]! + this.#counts[id]!;
    this.#offsets = offsets;
    this.#postings = new Int32Array(offsets[this.#counts.length]!);
    // the counts become each key's fill position from here on
    this.#counts.set(offsets.subarray(0, this.#counts.length));
    this.#last.fill(0);
  }

  fill(keys: Int32Array, i: number): void {
    for (let k = 0; k < keys.length; k++) {
      const id = keys[k]!;
      if (this.#last[id] === i + 1) continue;
      this.#last[id] = i + 1;
      this.#postings![this.#counts[id]!++] = i;
    }
  }

  blocks(keyNames: readonly string[]): Map<string, Int32Array> {
    const out = new Map<string, Int32Array>();
    for (let id = 0; id < keyNames.length; id++) out.set(keyNames[id]!, this.#postings!.subarray(this.#offsets![id]!, this.#offsets![id + 1]!));
    return out;
  }
}

/**
 * Candidates whose name alone scores below this are not scored in full nor returned: with the
 * default weights (name 0.85, at most +0.15 from birth date and nationality, threshold 0.75)
 * they cannot reach the threshold, so they are not even near misses.
 */
const NEAR_MISS = 0.7;
/**
 * Candidates whose blocking keys cover less than this share of the query's name weight cannot
 * reach NEAR_MISS even with every one of their own tokens aligned, so they are not scored;
 * unless they could be a listed name found whole in the query: CONTAINED_MIN_QUERY of it, with
 * as many query tokens meeting them as they have tokens.
 */
const MIN_COVER = (NEAR_MISS - (1 - QUERY_SHARE)) / QUERY_SHARE;
/** The least cover any candidate needs (a listed name found whole in the query needs less than MIN_COVER). */
const ADMIT_COVER = Math.min(MIN_COVER, CONTAINED_MIN_QUERY);

/** What a shared key promises about the best token alignment: spelling 1, phonetic, one typo (the matcher's TYPO_SIM). */
const COVER_SPELLING = 1;
const COVER_PHONETIC = 0.95;
const COVER_TYPO = TYPO_SIM;
/**
 * Block size beyond which a query part is not looked up by its letters' deletion keys ("t:" of
 * its spelling), nor as the part after a compound's head ("u:"), nor a compound's part after
 * its head as a part ("s:"): common parts (Mohamed, Ali, Rahman) are nearly always spelt right
 * and written as the lists write them, and their blocks hold thousands of names.
 */
const COMMON_PART = 300;
/** Most names a query part's own spelling key may block for the part to be looked up by its slips. */
const RARE_SPELLING = 20;

// Per-index scratch (one slot per indexed name), reused by every query on that index.
interface Scratch { cover: Float64Array; tokenBest: Float64Array; stamp: Int32Array; touched: Int32Array; hits: Uint8Array; query: number }
const scratches = new WeakMap<ScreeningIndex, Scratch>();

function scratchOf(index: ScreeningIndex): Scratch {
  let s = scratches.get(index);
  if (!s || s.cover.length !== index.names.length) {
    const n = index.names.length;
    s = { cover: new Float64Array(n), tokenBest: new Float64Array(n), stamp: new Int32Array(n).fill(-1), touched: new Int32Array(n), hits: new Uint8Array(n), query: 0 };
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
  // whether a name no earlier key touched may still become a candidate (see the token order below)
  let admitNew = true;
  const visit = (key: string, promise: number, weight: number, stamp: number): void => {
    const b = index.blocks.get(key);
    if (b === undefined) return;
    for (let k = 0; k < b.length; k++) {
      const i = b[k]!;
      const seen = s.stamp[i]!;
      if (seen < base) {
        if (!admitNew) continue;
        s.cover[i] = 0;
        s.hits[i] = 0;
        s.touched[touchedCount++] = i;
      }
      if (seen !== stamp) {
        s.stamp[i] = stamp;
        if (s.hits[i]! < 255) s.hits[i]!++;
        s.tokenBest[i] = promise;
        s.cover[i]! += promise * weight;
      } else if (promise > s.tokenBest[i]!) {
        s.cover[i]! += (promise - s.tokenBest[i]!) * weight;
        s.tokenBest[i] = promise;
      }
    }
  };
  const common = (key: string): boolean => (index.blocks.get(key)?.length ?? 0) > COMMON_PART;
  const visitPart = (part: NameToken, w: number, stamp: number): void => {
    visit(`s:${part.key}`, COVER_SPELLING, w, stamp);
    visit(`p:${part.phonetic}`, COVER_PHONETIC, w, stamp);
    if (part.altKey !== undefined) visit(`s:${part.altKey}`, COVER_SPELLING, w, stamp);
  };
  // Two parts written as one first; then the parts from the rarest to the most common. A name
  // no key has touched yet can only gain the weight of the parts still to come: once that is
  // below what any candidate needs, the common parts' large blocks (Mohamed, Ali, Abdul) only
  // add to names already touched, instead of touching thousands more that cannot qualify.
  for (let t = 0; t < query.joined.length; t++) {
    if (query.joined[t]!.key !== '') visit(`s:${query.joined[t]!.key}`, COVER_SPELLING, (query.weights[t]! + query.weights[t + 1]!) / query.total, base + MAX_TOKENS + t);
  }
  const order = qs.map((_, t) => t).sort((a, b) => query.weights[b]! - query.weights[a]!);
  let remaining = 1;
  const keysSeen = new Set<string>();
  for (const t of order) {
    const token = qs[t]!;
    const w = query.weights[t]! / query.total;
    const stamp = base + t;
    admitNew = remaining >= ADMIT_COVER - 1e-9;
    remaining -= w;
    // a repeated name part ("Mohamed Mohamed Omar", "Hamid al-Hammadi") is looked up once, and
    // again only among names holding its key twice: counting it again everywhere would credit
    // every name holding it once with both
    if (keysSeen.has(token.key)) {
      visit(`r:${token.key}`, COVER_SPELLING, w, stamp);
      continue;
    }
    keysSeen.add(token.key);
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
    // the letters' deletion keys for a part the lists seldom write (a common part is nearly
    // always spelt right, and its deletion neighbourhood holds thousands of names), up to one
    // letter longer than the indexed spellings (its deletions meet them)
    const letters = spellingTypoKeys(token.text, INDEXED_TYPO_LETTERS + 1);
    if (letters.length > 0 && !common(`t:${token.text}`)) for (const d of letters) visit(`t:${d}`, COVER_TYPO, w, stamp);
    // the longer spellings one typing slip away, by the vocabulary's deletions: for a part the
    // lists seldom spell so (a slip rarely lands on a common spelling), and only into blocks of
    // names that are not themselves common (a slip of "Mohamed" is met by the query's other parts)
    if (!query.unvowelled && (index.blocks.get(`s:${token.key}`)?.length ?? 0) <= RARE_SPELLING) {
      for (const key of slipNeighbours(index, token)) if (!common(`s:${key}`)) visit(`s:${key}`, COVER_TYPO, w, stamp);
    }
    // a compound also meets the part after its head written alone; a lone head ("Fatah Abdul")
    // meets the compounds it heads; a part with a glued article meets the part alone; Cho
    // meets Jo
    if (token.tail !== undefined) {
      if (!common(`s:${token.tail.key}`)) visit(`s:${token.tail.key}`, COVER_SPELLING, w, stamp);
      if (token.tail.altKey !== undefined && !common(`s:${token.tail.altKey}`)) visit(`s:${token.tail.altKey}`, COVER_SPELLING, w, stamp);
    }
    // and a part meets the compounds it is the part after the head of ("Fatah" / "Abdul Fatah"),
    // unless it is common (Rahman, Allah: thousands of names)
    if (!common(`u:${token.key}`)) visit(`u:${token.key}`, COVER_SPELLING, w, stamp);
    if (token.unglued !== undefined) visitPart(token.unglued, w, stamp);
    if (token.reading !== undefined) visitPart(token.reading, w, stamp);
    if (token.text.length === 3 && LONE_HEADS.has(token.text)) visit(`h:${token.text}`, COVER_SPELLING, w, stamp);
  }
  const out: number[] = [];
  for (let k = 0; k < touchedCount; k++) {
    const i = s.touched[k]!;
    const cover = s.cover[i]!;
    if (cover >= MIN_COVER - 1e-9) out.push(i);
    // a listed name found whole in the query needs less of it, but every one of its parts met
    else if (cover >= CONTAINED_MIN_QUERY - 1e-9 && s.hits[i]! >= (index.names[i]!.prepared?.tokens.length ?? Infinity)) out.push(i);
  }
  return out;
}

/**
 * The spelling keys (other than its own) of the indexed spellings longer than
 * INDEXED_TYPO_LETTERS one typing slip from a query part: one letter added, dropped or changed,
 * or two neighbours swapped (the spellings' deletions meet the part or one of its deletions).
 */
function slipNeighbours(index: ScreeningIndex, token: NameToken): string[] {
  const text = token.text;
  if (text.length < INDEXED_TYPO_LETTERS || text.length > MAX_SLIP_LETTERS + 1 || index.slips.size === 0 || !/^[a-z]+$/.test(text)) return [];
  const out = new Set<string>();
  const take = (d: string): void => {
    for (const key of index.slips.get(d) ?? []) if (key !== token.key) out.add(key);
  };
  take(text);
  for (let i = 0; i < text.length; i++) take(text.slice(0, i) + text.slice(i + 1));
  return [...out];
}

/**
 * Screens one query: takes each candidate name whose shared keys (spelling, phonetic, one
 * typo, two parts written as one, compound parts…) could cover MIN_COVER of the query's name
 * weight, or CONTAINED_MIN_QUERY with every one of its parts met, scores
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
