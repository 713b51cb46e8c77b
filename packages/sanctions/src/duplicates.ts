/**
 * Entity resolution inside Ariadne: proposes pairs of persons or organisations that may be one
 * subject, across imports and cases, for an analyst to merge or reject. Pure: entities in,
 * proposals out; the store records them (`recordDuplicateCandidates`) and the analyst decides.
 *
 * Comparing every entity with every other is quadratic, so pairs are found by blocking: two
 * entities are compared only when they share a name key (the keys of `nameKeys`: spelling or
 * phonetic key of a name part, taken from the tokens already computed rather than tokenising
 * every name once more) or a strong identifier. A cheap token alignment then drops pairs whose
 * names barely overlap before the explainable matcher (`score`) runs, because the matcher
 * re-tokenises every name and costs tens of microseconds a call.
 */
import { nameTokens, TokenWeights } from '@ariadne/names';
import { defaultAlgorithm, jaroWinkler, MAX_NAME_CHARS, score, type Algorithm, type MatchCandidate, type MatchQuery } from './matcher.ts';

/** A person, organisation or other named entity from any import or case. */
export interface ResolvableEntity {
  readonly id: string;
  /** FollowTheMoney schema: Person, Organization, Company, LegalEntity… */
  readonly schema: string;
  readonly caseId: string | null;
  /** FtM properties; names from `name`, `alias`, `previousName`, `weakAlias` (and a Person's name parts). */
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

/** A proposed duplicate pair; assignable to the store's `DuplicateCandidateInput`. */
export interface DuplicateProposal {
  /** The smaller of the two ids (plain code-unit order). */
  readonly aId: string;
  readonly bId: string;
  /** The entities' cases, so the caller can tell a same-case merge from a cross-case link. */
  readonly aCaseId: string | null;
  readonly bCaseId: string | null;
  readonly score: number;
  /** At most `MAX_EXPLANATION_LINES` human-readable lines, the last one the total. */
  readonly explanation: string[];
  readonly algorithm: string;
}

export interface DuplicateOptions {
  /** Lowest score proposed; default the algorithm's threshold. */
  readonly threshold?: number;
  /**
   * Blocks (entities sharing one key) larger than this are skipped; default 200. A very common
   * key ("Muhammad", a placeholder passport number) says little and would make the work
   * quadratic; such pairs are still found through their rarer keys.
   */
  readonly maxBlockSize?: number;
  /** True for a pair not to propose again (already rejected, merged or judged the same); ids in `aId < bId` order. */
  readonly exclude?: (aId: string, bId: string) => boolean;
  /** The matcher's algorithm; default `defaultAlgorithm` with rarity weights from these entities' own names. */
  readonly algorithm?: Algorithm;
}

/** Version of the blocking, identifier and combination rules here (the matcher has its own). */
export const DUPLICATES_VERSION = 'ariadne-duplicates-v1';
export const DEFAULT_MAX_BLOCK_SIZE = 200;
export const MAX_EXPLANATION_LINES = 6;
/** Names per entity looked at; an entity with thousands of aliases stays cheap. */
const MAX_NAMES_PER_ENTITY = 50;
/** Values per identifier kind looked at, and longest value (characters) read. */
const MAX_IDENTIFIER_VALUES = 20;
const MAX_IDENTIFIER_CHARS = 100;
/** Tokens per name aligned, and longest token compared by Jaro-Winkler (as the matcher does). */
const MAX_TOKENS = 16;
const MAX_JW_TOKEN = 40;
const JW_FLOOR = 0.85;
/**
 * Lowest quick estimate (see `quickEstimate`) for which the matcher runs. The matcher weighs the
 * query name's aligned cover 0.7 and the candidate's 0.3 and needs about 0.65 of that to reach
 * its threshold even with birth date and nationality agreeing; the quick estimate over-states
 * it (no one-to-one alignment, no Jaro-Winkler discount), so 0.6 keeps the pairs the matcher
 * could accept while dropping those that share two common name parts and differ in the rare one.
 */
const MIN_QUICK_ESTIMATE = 0.6;
/**
 * Two entities sharing only one name part from a block larger than this (a fairly common first
 * name) are not compared unless they share a second part: the pairs through mid-sized blocks are
 * most of the work and almost never duplicates. Pairs sharing a rarer key are always compared.
 */
const RARE_BLOCK_SIZE = 20;
/** Name pairs per entity pair passed to the matcher, best quick estimate first. */
const MAX_SCORED_NAME_PAIRS = 3;

const STRONG_NAME_PROPS = ['name', 'alias', 'previousName'] as const;
const PERSON_NAME_PARTS = ['firstName', 'secondName', 'middleName', 'fatherName', 'lastName'] as const;

/**
 * Which schemata may describe the same subject. The store's schema model is not available in
 * this package, so this is the small part of the FtM hierarchy that matters: a LegalEntity may
 * turn out to be a person or an organisation, but a Person is never an Organization.
 * Any schema is compatible with itself (two Vessels may share an IMO number).
 */
const COMPATIBLE: Readonly<Record<string, readonly string[]>> = {
  Person: ['LegalEntity'],
  LegalEntity: ['Person', 'Organization', 'Company', 'PublicBody'],
  Organization: ['Company', 'LegalEntity', 'PublicBody'],
  Company: ['Organization', 'LegalEntity', 'PublicBody'],
  PublicBody: ['Organization', 'Company', 'LegalEntity'],
};

function compatible(a: string, b: string): boolean {
  return a === b || (COMPATIBLE[a]?.includes(b) ?? false);
}

type IdentifierKind =
  | 'passportNumber' | 'idNumber' | 'taxNumber' | 'innCode' | 'registrationNumber'
  | 'imoNumber' | 'iban' | 'accountNumber' | 'phone' | 'email';

interface IdentifierRule {
  readonly label: string;
  /** Added to the score when the two entities share a value. */
  readonly bonus: number;
  /** For two persons: both have values of this kind and none is shared, which counts against. */
  readonly personConflict: boolean;
}

/**
 * Strong identifiers and what a shared value is worth. Documents and registry numbers identify
 * one subject; a phone or e-mail is often shared (a recruiter's number across victims), so it
 * adds less. Persons hold several passports over a life, so a differing number lowers the score
 * without vetoing.
 */
const IDENTIFIERS: Readonly<Record<IdentifierKind, IdentifierRule>> = {
  passportNumber: { label: 'passport number', bonus: 0.3, personConflict: true },
  idNumber: { label: 'ID number', bonus: 0.3, personConflict: true },
  taxNumber: { label: 'tax number', bonus: 0.3, personConflict: true },
  innCode: { label: 'INN', bonus: 0.3, personConflict: true },
  registrationNumber: { label: 'registration number', bonus: 0.3, personConflict: false },
  imoNumber: { label: 'IMO number', bonus: 0.3, personConflict: false },
  iban: { label: 'IBAN', bonus: 0.25, personConflict: false },
  accountNumber: { label: 'account number', bonus: 0.2, personConflict: false },
  phone: { label: 'phone', bonus: 0.15, personConflict: false },
  email: { label: 'e-mail', bonus: 0.15, personConflict: false },
};
const IDENTIFIER_KINDS = Object.keys(IDENTIFIERS) as IdentifierKind[];
const CONFLICT_PENALTY = 0.2;

const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The comparable form of an identifier, or undefined for a value too short or too uniform to
 * identify anything ("N/A", "000000", "-"): upper-case letters and digits for document and
 * account numbers, the last 9 digits of a phone (so "+44 7700 900123" = "07700 900123"), the 7
 * digits of an IMO number, a lower-case e-mail. Arabic-Indic digits count as digits.
 */
export function normaliseIdentifier(kind: string, raw: string): string | undefined {
  const s = raw
    .slice(0, MAX_IDENTIFIER_CHARS)
    .normalize('NFKC')
    .replace(EASTERN_DIGITS, (d) => String((d.charCodeAt(0) - (d >= '\u06F0' ? 0x06f0 : 0x0660))))
    .trim();
  let v: string;
  if (kind === 'email') {
    v = s.toLowerCase();
    return EMAIL.test(v) ? v : undefined;
  }
  if (kind === 'phone') {
    const digits = s.replace(/\D/g, '');
    v = digits.slice(-9);
    if (digits.length < 7) return undefined;
  } else if (kind === 'imoNumber') {
    v = s.replace(/\D/g, '');
    if (v.length !== 7) return undefined;
  } else {
    v = s.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (v.length < 4 || !/\d/.test(v)) return undefined;
  }
  return /^(.)\1*$/.test(v) ? undefined : v;
}

interface QuickToken { readonly text: string; readonly phonetic: string; readonly weight: number }

interface PreparedName {
  readonly name: string;
  readonly weak: boolean;
  readonly tokens: readonly QuickToken[];
  /** As `nameKeys(name)`: "s:" + spelling key and "p:" + phonetic key of each name part. */
  readonly keys: readonly string[];
}

interface Prepared {
  readonly entity: ResolvableEntity;
  readonly names: readonly PreparedName[];
  readonly identifiers: ReadonlyMap<IdentifierKind, ReadonlySet<string>>;
  readonly details: MatchCandidate;
}

function values(p: ResolvableEntity['properties'], prop: string): readonly string[] {
  const v = p[prop];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Strong names first, then weak aliases; a Person with no name gets one from its name parts. */
function namesOf(e: ResolvableEntity): { name: string; weak: boolean }[] {
  const p = e.properties;
  const out: { name: string; weak: boolean }[] = [];
  for (const prop of STRONG_NAME_PROPS) for (const name of values(p, prop)) out.push({ name, weak: false });
  if (out.length === 0 && e.schema === 'Person') {
    const parts = PERSON_NAME_PARTS.map((prop) => values(p, prop)[0]).filter((x) => x !== undefined && x.trim() !== '');
    if (parts.length > 0) out.push({ name: parts.join(' '), weak: false });
  }
  for (const name of values(p, 'weakAlias')) out.push({ name, weak: true });
  const seen = new Set<string>();
  return out
    .map((n) => ({ name: n.name.slice(0, MAX_NAME_CHARS), weak: n.weak }))
    .filter((n) => n.name.trim() !== '' && !seen.has(n.name) && seen.add(n.name))
    .slice(0, MAX_NAMES_PER_ENTITY);
}

function identifiersOf(e: ResolvableEntity): Map<IdentifierKind, Set<string>> {
  const out = new Map<IdentifierKind, Set<string>>();
  for (const kind of IDENTIFIER_KINDS) {
    const set = new Set<string>();
    for (const raw of values(e.properties, kind).slice(0, MAX_IDENTIFIER_VALUES)) {
      const v = normaliseIdentifier(kind, raw);
      if (v !== undefined) set.add(v);
    }
    if (set.size > 0) out.set(kind, set);
  }
  return out;
}

/** Share of `q`'s rarity weight that `c`'s tokens cover, each `q` token by its most similar `c` token. */
function cover(q: PreparedName, c: PreparedName): number {
  let covered = 0;
  let total = 0;
  for (const qt of q.tokens) {
    total += qt.weight;
    let best = 0;
    for (const ct of c.tokens) {
      if (qt.phonetic === ct.phonetic) { best = 1; break; }
      if (qt.text.length > MAX_JW_TOKEN || ct.text.length > MAX_JW_TOKEN) continue;
      const jw = jaroWinkler(qt.text, ct.text);
      if (jw >= JW_FLOOR && jw > best) best = jw;
    }
    covered += qt.weight * best;
  }
  return total === 0 ? 0 : covered / total;
}

/** A cheap, generous stand-in for the matcher's name score: 0.7 × the better-covered side + 0.3 × the other. */
function quickEstimate(x: PreparedName, y: PreparedName): number {
  const xy = cover(x, y);
  const yx = cover(y, x);
  return 0.7 * Math.max(xy, yx) + 0.3 * Math.min(xy, yx);
}

/** One of `mine` that `theirs` shares by year (for dates) or value, so the matcher sees agreement when there is any. */
function pickAgreeing(mine: readonly string[], theirs: readonly string[], key: (s: string) => string): string | undefined {
  const other = new Set(theirs.map(key));
  return mine.find((m) => other.has(key(m))) ?? mine[0];
}

const year = (d: string): string => d.trim().slice(0, 4);
const lower = (s: string): string => s.trim().toLowerCase();

function queryOf(name: string, own: MatchCandidate, other: MatchCandidate): MatchQuery {
  const birthDate = pickAgreeing(own.birthDates, other.birthDates, year);
  const nationality = pickAgreeing(own.nationalities, other.nationalities, lower);
  const gender = own.genders[0];
  return {
    name,
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(nationality === undefined ? {} : { nationality }),
    ...(gender === undefined ? {} : { gender }),
  };
}

interface IdentifierEvidence { bonus: number; penalty: number; lines: string[] }

function identifierEvidence(a: Prepared, b: Prepared): IdentifierEvidence {
  const shared: string[] = [];
  const conflicting: string[] = [];
  let bonus = 0;
  const persons = a.entity.schema === 'Person' && b.entity.schema === 'Person';
  for (const [kind, aValues] of a.identifiers) {
    const bValues = b.identifiers.get(kind);
    if (!bValues) continue;
    const rule = IDENTIFIERS[kind];
    const same = [...aValues].filter((v) => bValues.has(v)).sort();
    if (same.length > 0) {
      shared.push(`${rule.label} ${same.slice(0, 2).join(', ')}`);
      bonus = Math.max(bonus, rule.bonus);
    } else if (persons && rule.personConflict) {
      conflicting.push(rule.label);
    }
  }
  const lines: string[] = [];
  if (shared.length > 0) lines.push(`identifier: same ${shared.join('; same ')} [+${bonus.toFixed(3)}]`);
  const penalty = conflicting.length > 0 ? CONFLICT_PENALTY : 0;
  if (penalty > 0) lines.push(`identifier: different ${conflicting.join(', ')} on record, none shared [-${penalty.toFixed(3)}]`);
  return { bonus, penalty, lines };
}

interface Scored { score: number; explanation: string[] }

/** The matcher on the most promising name pairs; the shorter name (or the strong one) is the query. */
function scoreNames(a: Prepared, b: Prepared, pairs: readonly { x: PreparedName; y: PreparedName }[], algorithm: Algorithm): Scored {
  let best: Scored = { score: 0, explanation: ['name: no comparable names'] };
  for (const { x, y } of pairs) {
    const xIsQuery = x.weak === y.weak ? x.tokens.length < y.tokens.length || (x.tokens.length === y.tokens.length && x.name.length <= y.name.length) : y.weak;
    const [q, qOwner, c, cOwner] = xIsQuery ? [x, a, y, b] : [y, b, x, a];
    const r = score(queryOf(q.name, qOwner.details, cOwner.details), { ...cOwner.details, name: c.name, weak: c.weak }, algorithm);
    if (r.score > best.score) {
      // The matcher ends with its own total line; the total here includes identifiers, so it is replaced.
      best = { score: r.score, explanation: r.explanation.filter((l) => !l.startsWith(`${algorithm.version}:`)) };
    }
  }
  return best;
}

function prepare(entities: readonly ResolvableEntity[]): { prepared: Prepared[]; weights: TokenWeights } {
  const unique = new Map<string, ResolvableEntity>();
  for (const e of entities) if (!unique.has(e.id)) unique.set(e.id, e);
  const named = [...unique.values()].map((e) => ({ e, names: namesOf(e) }));
  const weights = new TokenWeights(named.flatMap((n) => n.names.map((x) => x.name)));
  const weightCache = new Map<string, number>();
  const weightOf = (text: string): number => {
    let w = weightCache.get(text);
    if (w === undefined) weightCache.set(text, (w = weights.weight(text)));
    return w;
  };
  const prepared = named.map(({ e, names }): Prepared => ({
    entity: e,
    names: names.map(({ name, weak }) => {
      const parts = nameTokens(name).filter((t) => t.role === 'name' && t.key !== '').slice(0, MAX_TOKENS);
      return {
        name,
        weak,
        tokens: parts.map((t) => ({ text: t.text, phonetic: t.phonetic, weight: weightOf(t.text) })),
        keys: parts.flatMap((t) => [`s:${t.key}`, `p:${t.phonetic}`]),
      };
    }),
    identifiers: identifiersOf(e),
    details: {
      name: '',
      weak: false,
      birthDates: values(e.properties, 'birthDate').slice(0, MAX_IDENTIFIER_VALUES),
      nationalities: values(e.properties, 'nationality').slice(0, MAX_IDENTIFIER_VALUES),
      genders: values(e.properties, 'gender').slice(0, MAX_IDENTIFIER_VALUES),
    },
  }));
  return { prepared, weights };
}

interface Blocking {
  /** Each entity's blocking keys. */
  readonly keysOf: readonly (readonly string[])[];
  /** Key → positions in `prepared`, ascending, each once. */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
}

function buildBlocks(prepared: readonly Prepared[]): Blocking {
  const blocks = new Map<string, number[]>();
  const keysOf = prepared.map((p, i) => {
    const keys = new Set<string>();
    for (const n of p.names) for (const k of n.keys) keys.add(`n:${k}`);
    for (const [kind, vs] of p.identifiers) for (const v of vs) keys.add(`i:${kind}:${v}`);
    for (const k of keys) {
      const b = blocks.get(k);
      if (b) b.push(i);
      else blocks.set(k, [i]);
    }
    return [...keys];
  });
  return { keysOf, blocks };
}

/**
 * Proposes duplicate pairs among `entities` (any mix of imports and cases), best first: score
 * descending, then `aId`, then `bId`. Every name of one entity is weighed against every name of
 * the other (the most promising few go to the matcher); a shared strong identifier raises the
 * score, two persons with differing documents of one kind lower it, a contradicting birth year
 * lowers it. Cross-case pairs are proposed too: the caller decides between merging and linking.
 * Near-linear in the number of entities for realistic data (see `maxBlockSize`).
 *
 * @example
 * proposeDuplicates([
 *   { id: 'e1', schema: 'Person', caseId: null, properties: { name: ['Yusuf Testperson al-Qasimi'] } },
 *   { id: 'e2', schema: 'Person', caseId: 'c1', properties: { name: ['Youssef Testperson el-Kassimi'] } },
 * ]); // [{ aId: 'e1', bId: 'e2', score: 0.9…, explanation: ['name: aligned 3/3 …', …], … }]
 */
export function proposeDuplicates(entities: readonly ResolvableEntity[], options: DuplicateOptions = {}): DuplicateProposal[] {
  const { prepared, weights } = prepare(entities);
  const algorithm = options.algorithm ?? defaultAlgorithm(weights);
  const threshold = options.threshold ?? algorithm.threshold;
  const maxBlockSize = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const label = `${DUPLICATES_VERSION}+${algorithm.version}`;
  const { keysOf, blocks } = buildBlocks(prepared);

  const proposals: DuplicateProposal[] = [];
  // Per partner j of the entity i being paired: seenBy[j] === i once j is met, hits[j] counts
  // shared phonetic keys (one per shared name part), rare[j] marks a shared rare key or identifier.
  const seenBy = new Int32Array(prepared.length).fill(-1);
  const hits = new Int32Array(prepared.length);
  const rare = new Uint8Array(prepared.length);
  const minTokens = prepared.map((p) => Math.min(...p.names.map((n) => n.tokens.length)));
  const consider = (i: number, j: number): void => {
    const a = prepared[i]!;
    const b = prepared[j]!;
    if (!compatible(a.entity.schema, b.entity.schema)) return;
    const [lo, hi] = a.entity.id < b.entity.id ? [a, b] : [b, a];
    if (options.exclude?.(lo.entity.id, hi.entity.id)) return;
    const ids = identifierEvidence(lo, hi);
    const namePairs = lo.names
      .flatMap((x) => hi.names.map((y) => ({ x, y, estimate: quickEstimate(x, y) })))
      .filter((p) => ids.bonus > 0 || p.estimate >= MIN_QUICK_ESTIMATE)
      .sort((p, q) => q.estimate - p.estimate)
      .slice(0, MAX_SCORED_NAME_PAIRS);
    if (namePairs.length === 0 && ids.bonus === 0) return;
    const names = scoreNames(lo, hi, namePairs, algorithm);
    const total = Math.max(0, Math.min(1, names.score + ids.bonus - ids.penalty));
    if (total < threshold) return;
    const [first = 'name: no comparable names', ...rest] = names.explanation;
    const lines = [first, ...ids.lines, ...rest].slice(0, MAX_EXPLANATION_LINES - 1);
    lines.push(`${label}: ${total.toFixed(3)} (threshold ${threshold})`);
    proposals.push({ aId: lo.entity.id, bId: hi.entity.id, aCaseId: lo.entity.caseId, bCaseId: hi.entity.caseId, score: total, explanation: lines, algorithm: label });
  };

  prepared.forEach((_, i) => {
    const partners: number[] = [];
    for (const k of keysOf[i]!) {
      const block = blocks.get(k)!;
      if (block.length > maxBlockSize) continue;
      const phonetic = k.startsWith('n:p:');
      const strong = block.length <= RARE_BLOCK_SIZE || k.startsWith('i:');
      // Blocks are ascending: walk down from the end to the entities after i.
      for (let y = block.length - 1; y >= 0; y--) {
        const j = block[y]!;
        if (j <= i) break;
        if (seenBy[j] !== i) {
          seenBy[j] = i;
          hits[j] = 0;
          rare[j] = 0;
          partners.push(j);
        }
        if (phonetic) hits[j]!++;
        if (strong) rare[j] = 1;
      }
    }
    for (const j of partners) {
      if (rare[j] === 1 || hits[j]! >= Math.min(2, minTokens[i]!, minTokens[j]!)) consider(i, j);
    }
  });
  return proposals.sort((p, q) => q.score - p.score || cmp(p.aId, q.aId) || cmp(p.bId, q.bId));
}

// Code-unit order, not localeCompare: the same order on every machine and the one `aId < bId` uses.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
