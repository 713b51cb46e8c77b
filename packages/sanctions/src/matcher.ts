/**
 * An explainable name matcher in the nomenklatura style: every feature is a pure function
 * returning a score in 0..1 and a human-readable reason, an algorithm weighs them, and the
 * result carries one explanation line per feature so a reviewer sees why a name was flagged.
 */
import { nameTokens, TokenWeights, type NameToken } from '@ariadne/names';

/** What is screened: a name plus optional identifying details. */
export interface MatchQuery {
  readonly name: string;
  /** ISO date "YYYY-MM-DD", "YYYY-MM" or year "YYYY". */
  readonly birthDate?: string;
  /** ISO 3166 alpha-2 code ("eg"), case-insensitive. */
  readonly nationality?: string;
  /** "male" | "female", case-insensitive. */
  readonly gender?: string;
}

/** One name of a listed subject, with the subject's identifying details. */
export interface MatchCandidate {
  readonly name: string;
  /** True for a weak alias (nickname, "Low quality" UN alias): scored by `weakAliasMatch` only. */
  readonly weak: boolean;
  readonly birthDates: readonly string[];
  readonly nationalities: readonly string[];
  readonly genders: readonly string[];
}

export interface FeatureResult {
  readonly score: number;
  readonly reason: string;
}

export type Feature = (query: MatchQuery, candidate: MatchCandidate) => FeatureResult;

export interface Algorithm {
  readonly name: string;
  readonly version: string;
  readonly features: readonly { readonly feature: Feature; readonly weight: number }[];
  readonly threshold: number;
}

export interface MatchResult {
  readonly score: number;
  readonly match: boolean;
  readonly explanation: string[];
}

/** Longest name (in characters) a feature looks at; longer input is cut, so hostile input stays cheap. */
export const MAX_NAME_CHARS = 500;
/** Most name tokens aligned per side. */
const MAX_TOKENS = 16;
/** Tokens longer than this are compared by key equality only (Jaro-Winkler is quadratic). */
const MAX_JW_TOKEN = 40;
/** Jaro-Winkler similarity below which two tokens are not aligned. */
const JW_FLOOR = 0.85;

/** Jaro-Winkler similarity of two strings, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = true;
      bHit[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

interface Pair { q: NameToken; c: NameToken; sim: number; how: string }

function nameParts(name: string): NameToken[] {
  return nameTokens(name.slice(0, MAX_NAME_CHARS)).filter((t) => t.role === 'name' && t.key !== '').slice(0, MAX_TOKENS);
}

function tokenSimilarity(q: NameToken, c: NameToken): { sim: number; how: string } {
  if (q.key === c.key) return { sim: 1, how: 'spelling' };
  if (q.phonetic === c.phonetic) return { sim: 0.95, how: 'phonetic' };
  if (q.text.length > MAX_JW_TOKEN || c.text.length > MAX_JW_TOKEN) return { sim: 0, how: '' };
  const jw = jaroWinkler(q.text, c.text);
  return jw >= JW_FLOOR ? { sim: jw * 0.9, how: `jaro-winkler ${jw.toFixed(2)}` } : { sim: 0, how: '' };
}

/** Greedy best alignment: the most similar free pair first, each token used once. */
function alignTokens(qs: readonly NameToken[], cs: readonly NameToken[]): Pair[] {
  const pairs: Pair[] = [];
  for (const q of qs) for (const c of cs) {
    const { sim, how } = tokenSimilarity(q, c);
    if (sim > 0) pairs.push({ q, c, sim, how });
  }
  pairs.sort((x, y) => y.sim - x.sim);
  const usedQ = new Set<NameToken>();
  const usedC = new Set<NameToken>();
  const out: Pair[] = [];
  for (const p of pairs) {
    if (usedQ.has(p.q) || usedC.has(p.c)) continue;
    usedQ.add(p.q);
    usedC.add(p.c);
    out.push(p);
  }
  return out;
}

/**
 * Aligned-token similarity of two names: 0.7 × the query's covered rarity weight plus 0.3 × the
 * candidate's, so an extra listed middle name costs a little and a missing rare surname a lot.
 */
function alignedNameScore(query: string, candidate: string, weights: TokenWeights | undefined): FeatureResult {
  const qs = nameParts(query);
  const cs = nameParts(candidate);
  if (qs.length === 0 || cs.length === 0) return { score: 0, reason: 'no comparable name tokens' };
  const w = (t: NameToken): number => (weights ? weights.weight(t.text) : 1);
  const total = (ts: readonly NameToken[]): number => ts.reduce((s, t) => s + w(t), 0);
  const pairs = alignTokens(qs, cs);
  if (pairs.length === 0) return { score: 0, reason: 'no aligned tokens' };
  const qCover = pairs.reduce((s, p) => s + w(p.q) * p.sim, 0) / total(qs);
  const cCover = pairs.reduce((s, p) => s + w(p.c) * p.sim, 0) / total(cs);
  const score = Math.min(1, 0.7 * qCover + 0.3 * cCover);
  const aligned = pairs.map((p) => `${p.q.text}~${p.c.text} (${p.how})`).join(', ');
  return { score, reason: `aligned ${pairs.length}/${qs.length} query tokens: ${aligned}` };
}

/** Name similarity against a main name or strong alias; 0 for weak aliases. */
export function nameSimilarity(weights?: TokenWeights): Feature {
  return (query, candidate) =>
    candidate.weak ? { score: 0, reason: 'name: weak alias, not compared' } : prefixReason('name', alignedNameScore(query.name, candidate.name, weights));
}

/** Name similarity against a weak alias (weighted lower by the algorithm); 0 for strong names. */
export function weakAliasMatch(weights?: TokenWeights): Feature {
  return (query, candidate) =>
    candidate.weak ? prefixReason('weak alias', alignedNameScore(query.name, candidate.name, weights)) : { score: 0, reason: 'weak alias: not a weak alias' };
}

function prefixReason(label: string, r: FeatureResult): FeatureResult {
  return { score: r.score, reason: `${label}: ${r.reason}` };
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function parseDate(s: string): { year: string; full: string | undefined } | undefined {
  const m = DATE.exec(s.trim());
  if (!m?.[1]) return undefined;
  return { year: m[1], full: m[3] ? s.trim() : undefined };
}

/** Birth date agreement: 1 for the same full date, 0.5 for the same year only. */
export const birthDateMatch: Feature = (query, candidate) => {
  const q = query.birthDate === undefined ? undefined : parseDate(query.birthDate);
  const cs = candidate.birthDates.map(parseDate).filter((d) => d !== undefined);
  if (!q || cs.length === 0) return { score: 0, reason: 'birth date: not comparable' };
  if (q.full && cs.some((c) => c.full === q.full)) return { score: 1, reason: `birth date: same date ${q.full}` };
  if (cs.some((c) => c.year === q.year)) return { score: 0.5, reason: `birth date: same year ${q.year}` };
  return { score: 0, reason: 'birth date: no agreement' };
};

/** Birth date contradiction: 1 when the query's year is none of the listed years. */
export const birthDateContradiction: Feature = (query, candidate) => {
  const q = query.birthDate === undefined ? undefined : parseDate(query.birthDate);
  const cs = candidate.birthDates.map(parseDate).filter((d) => d !== undefined);
  if (!q || cs.length === 0) return { score: 0, reason: 'birth year: not comparable' };
  if (cs.some((c) => c.year === q.year)) return { score: 0, reason: 'birth year: consistent' };
  return { score: 1, reason: `birth year: ${q.year} contradicts listed ${[...new Set(cs.map((c) => c.year))].join('/')}` };
};

/** Nationality agreement. */
export const nationalityMatch: Feature = (query, candidate) => {
  const q = query.nationality?.trim().toLowerCase();
  if (!q || candidate.nationalities.length === 0) return { score: 0, reason: 'nationality: not comparable' };
  return candidate.nationalities.some((n) => n.toLowerCase() === q)
    ? { score: 1, reason: `nationality: same (${q})` }
    : { score: 0, reason: 'nationality: differs' };
};

/** Gender contradiction: 1 when both are known and differ. */
export const genderMismatch: Feature = (query, candidate) => {
  const q = query.gender?.trim().toLowerCase();
  if (!q || candidate.genders.length === 0) return { score: 0, reason: 'gender: not comparable' };
  return candidate.genders.some((g) => g.toLowerCase() === q)
    ? { score: 0, reason: `gender: consistent (${q})` }
    : { score: 1, reason: `gender: ${q} contradicts listed ${candidate.genders.join('/')}` };
};

/** The default algorithm; pass the index's rarity weights so common name parts count less. */
export function defaultAlgorithm(weights?: TokenWeights): Algorithm {
  return {
    name: 'ariadne-name',
    version: 'ariadne-name-v1',
    threshold: 0.7,
    features: [
      { feature: nameSimilarity(weights), weight: 0.85 },
      { feature: weakAliasMatch(weights), weight: 0.6 },
      { feature: birthDateMatch, weight: 0.1 },
      { feature: birthDateContradiction, weight: -0.2 },
      { feature: nationalityMatch, weight: 0.05 },
      { feature: genderMismatch, weight: -0.1 },
    ],
  };
}

/** `defaultAlgorithm()` without rarity weights (every name part counts the same). */
export const DEFAULT_ALGORITHM: Algorithm = defaultAlgorithm();

/** Weighted sum of the features, clamped to 0..1, with one explanation line per contributing feature. */
export function score(query: MatchQuery, candidate: MatchCandidate, algorithm: Algorithm = DEFAULT_ALGORITHM): MatchResult {
  let total = 0;
  const explanation: string[] = [];
  for (const { feature, weight } of algorithm.features) {
    const r = feature(query, candidate);
    const contribution = r.score * weight;
    total += contribution;
    if (contribution !== 0) explanation.push(`${r.reason} [${r.score.toFixed(2)} × ${weight} = ${contribution >= 0 ? '+' : ''}${contribution.toFixed(3)}]`);
  }
  const clamped = Math.max(0, Math.min(1, total));
  explanation.push(`${algorithm.version}: ${clamped.toFixed(3)} (threshold ${algorithm.threshold})`);
  return { score: clamped, match: clamped >= algorithm.threshold, explanation };
}
