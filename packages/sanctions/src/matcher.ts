/**
 * An explainable name matcher in the nomenklatura style: every feature is a pure function
 * returning a score in 0..1 and a human-readable reason, an algorithm weighs them, and the
 * result carries one explanation line per feature so a reviewer sees why a name was flagged.
 */
import { asciiSpellingKey, jaroWinkler, mainRendering, nameTokens, oneSlip, phoneticOfSpellingKey, spellingForm, TokenWeights, withOrganisationWords, type NameToken } from '@ariadne/names';
import { shippedCanonicalSpellings } from '@ariadne/names/shipped-equivalences';

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
  /** The name already tokenised and weighted (an index prepares its names once); used when its weights are the algorithm's. */
  readonly prepared?: PreparedName;
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
  /** The name-equivalence table its name features compare by, when they use one. */
  readonly equivalences?: Equivalences;
}

export interface MatchResult {
  readonly score: number;
  readonly match: boolean;
  readonly explanation: string[];
}

/** Longest name (in characters) a feature looks at; longer input is cut, so hostile input stays cheap. */
export const MAX_NAME_CHARS = 500;
/** Most name tokens aligned per side. */
export const MAX_TOKENS = 16;
/** Tokens longer than this are compared by key equality only (Jaro-Winkler is quadratic). */
const MAX_JW_TOKEN = 40;
/** Jaro-Winkler similarity below which two tokens are not aligned. */
const JW_FLOOR = 0.85;
/** Jaro-Winkler below which a shared spelling or phonetic key is not believed (Arabic-script romanisations lack vowels: "hsin" and "hussein" are 0.64). */
const KEY_JW_FLOOR = 0.6;
/** The same for keys of one or two letters. */
const SHORT_KEY_JW_FLOOR = 0.75;
/**
 * Jaro-Winkler below which a shared phonetic code (of three or more letters) is not believed: a
 * phonetic code is coarser than a spelling key, and unrelated names share one (Natallia and
 * Nedal, Doris and Dor Sa, Saing and Chung are all above KEY_JW_FLOOR).
 */
const PHONETIC_JW_FLOOR = 0.7;
/** Tokens one typing slip apart (one letter inserted, dropped, changed or two swapped) count this much, when both are at least TYPO_MIN_LETTERS long. */
export const TYPO_SIM = 0.95;
/** Shortest tokens a single slip is believed in: shorter names one letter apart are often different names (Karim and Karin, Hasan and Hazan). */
const TYPO_MIN_LETTERS = 6;
/** Shortest tokens two swapped neighbours are believed a slip in (`swappedNeighbours`). */
const SWAP_MIN_LETTERS = 3;
/**
 * A part written as its initial on one side ("Haji M. Ashraf", "Ahmed Abdullah S. al-Zahrani"):
 * the lists abbreviate given names and patronymics so. Below PHONETIC_SIM, so initials align
 * only after every part that meets a spelled-out part.
 */
const INITIAL_SIM = 0.9;
/** The share of a spelled-out part's weight its initial on the other side covers. */
const INITIAL_SHARE = 0.5;
/** The weight of a Latin initial: the least any name part weighs (an IDF weight is ≥ 1). */
const INITIAL_WEIGHT = 1;
/** Jaro-Winkler below which two names written as one on one side are not believed to be the same, when either side is Arabic script (its vowels unwritten). */
const JOINED_JW_FLOOR = 0.8;
/**
 * The same between two Latin spellings: Jaro-Winkler is lenient with long strings, and at 0.8
 * "Marina Ishak" read as one met "Murwanashyaka", "Maria Essa" "Marius".
 */
const JOINED_LATIN_JW_FLOOR = 0.9;
/**
 * Jaro-Winkler (of the spellings, or of their `spellingForm`s) below which a shared spelling key
 * counts KEY_WEAK_SIM and a shared phonetic code PHON_WEAK_SIM: the consonant skeleton is the
 * same but the spellings are far apart (Hassan and Hsien, Mohammad and Mahmud share "hsn" and
 * "mhmd"; Grein and Karen "KRN"), which is weaker evidence than Hussein and Husayn.
 */
const KEY_STRONG_JW = 0.8;
const KEY_WEAK_SIM = 0.9;
const PHON_STRONG_JW = 0.8;
const PHON_WEAK_SIM = 0.9;
/** Tokens whose spellings the name-equivalence table puts in one group count this much (as equal spellings). */
const EQUIVALENT_SIM = 1;
/** Tokens equal by phonetic key only count this much. */
const PHONETIC_SIM = 0.95;
/** …when one side is Arabic script and the codes have one or two letters. */
const SHORT_PHONETIC_SIM = 0.9;
/** A Jaro-Winkler alignment counts this fraction of its similarity (a spelling-key match counts whole). */
const JW_FACTOR = 0.9;
/** Share of the name score from the query's covered weight (the rest from the candidate's). */
export const QUERY_SHARE = 0.8;
/**
 * A listed name of at least two parts found whole in the query (every listed part aligned) is
 * scored the other way round too, QUERY_SHARE from the listed name's covered weight: the query
 * adds a name part the list lacks ("Nusret Sulejman Imamovic" for "Nusret Imamovic") as a
 * dropped middle name is a listed part the query lacks. Only while the listed name covers at
 * least this share of the query's weight: a long text holding a short listed name is not it.
 */
export const CONTAINED_MIN_QUERY = 0.55;
/**
 * Share of an abd/abu/umm compound's weight its head carries, which it loses when the other side
 * has the part after the head but not the head ("Abdul Yasin" for "Yasin, Abdul Rahman").
 */
const HEAD_SHARE = 0.2;

/** The divine name as `nameTokens` writes it ("Habibullah" → habib + allah). */
const DIVINE_NAME = 'allah';
/** The second elements of names `nameTokens` splits (Khairullah → khair + allah, Nuruddin → nur + din): not name parts of their own. */
const SECOND_ELEMENTS: ReadonlySet<string> = new Set([DIVINE_NAME, 'din']);
/** Compound heads written alone ("Fatah Abdul", "BAKI, Abdul"): half a name, not a part of its own. */
export const LONE_HEADS: ReadonlySet<string> = new Set(['abd', 'abu', 'umm']);

/** Jaro-Winkler similarity of two strings, 0..1 (the one copy lives in @ariadne/names). */
export { jaroWinkler };

/** The shipped name-equivalence table with the organisation words (`withOrganisationWords`): what the matcher compares by unless told otherwise. */
export const defaultEquivalences = (): Equivalences => withOrganisationWords(shippedCanonicalSpellings());

/**
 * A name tokenised and weighted once, so an index can score it against many queries without
 * tokenising it again. `weights` is the rarity weight of each token (1 without a TokenWeights);
 * `joined[i]` is tokens i and i + 1 written as one ("Akhund Zada" as "akhundzada"), for names
 * that one side writes glued and the other apart.
 */
export interface PreparedName {
  readonly tokens: readonly NameToken[];
  /** Each token's canonical spelling in the equivalence table (undefined: not in the table). */
  readonly canonical: readonly (string | undefined)[];
  /** The equivalences the canonical spellings came from. */
  readonly equivalences: Equivalences;
  readonly weights: readonly number[];
  readonly total: number;
  readonly joined: readonly NameToken[];
  /** Written in Arabic script, so romanised without short vowels (keys are trusted without a spelling check). */
  readonly unvowelled: boolean;
  /** Whether a token is an abd/abu/umm compound (has a `tail`): only then are heads and tails aligned apart. */
  readonly compounds: boolean;
  /** Bit i set: token i is a name part of its own (not a SECOND_ELEMENTS word nor a lone compound head), for `whole`. */
  readonly own: number;
  /** The TokenWeights the weights came from (undefined: every token weighs 1). */
  readonly by: TokenWeights | undefined;
}

/**
 * Spellings of name parts known to stand for the same name (from the lists' own alias and
 * original-script pairs, `@ariadne/names/equivalences`): token text as `nameTokens` writes it →
 * its group's canonical spelling. Build one with `canonicalSpellings(table)`.
 */
export type Equivalences = ReadonlyMap<string, string>;

/** No equivalences: spellings meet by keys and Jaro-Winkler only (ariadne-name-v2's behaviour). */
export const NO_EQUIVALENCES: Equivalences = new Map();

/** The comparable ('name') tokens of a name, at most MAX_TOKENS, from at most MAX_NAME_CHARS characters, of its main rendering (`mainRendering`). */
export function nameParts(name: string): NameToken[] {
  return nameTokens(mainRendering(name.slice(0, MAX_NAME_CHARS))).filter((t) => t.role === 'name' && t.key !== '').slice(0, MAX_TOKENS);
}

/**
 * The token with every optional field present, in one order: the matcher's hot loops then see
 * one object shape (tokens with and without an article, a Persian reading, a tail… would
 * otherwise be several, and the property reads megamorphic). `prepareName` makes its tokens so,
 * and an index each distinct token it keeps.
 */
export function uniformToken(t: NameToken): NameToken {
  return {
    text: t.text, role: t.role, article: t.article, key: t.key, phonetic: t.phonetic, altKey: t.altKey, altPhonetic: t.altPhonetic,
    tail: t.tail && uniformToken(t.tail), unglued: t.unglued && uniformToken(t.unglued), reading: t.reading && uniformToken(t.reading),
  };
}

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** The spelling key an Arabic-script token ending in ح or ه would have written in Latin ("slh" → "sl", as "Salah" keys); undefined when it does not end so. */
export function withoutFinalH(key: string): string | undefined {
  return key.length >= 3 && key.endsWith('h') ? key.slice(0, -1) : undefined;
}

/** Whether the rendering of `name` the matcher compares is in Arabic script (romanised without short vowels). */
export function isUnvowelled(name: string): boolean {
  return ARABIC_SCRIPT.test(mainRendering(name.slice(0, MAX_NAME_CHARS)));
}

/**
 * Two tokens written as one ("Akhund" + "Zada" as "akhundzada"), keyed as one token. When the
 * one word's consonant key is not the two keys in sequence, or the second adds no consonant to
 * it ("Salim" + "Wei" keys as "slm", the w of "Wei" lost between vowels), the two do not read as
 * one name: the token has an empty key and meets nothing.
 */
export function joinedToken(a: NameToken, b: NameToken): NameToken {
  const text = noHyphens(`${a.text}${b.text}`);
  const key = asciiSpellingKey(text);
  // inside one word a final h after a vowel is kept ("Allah" keys "al", "Allahdad" "alhd"), and
  // an initial vowel (keyed "a" on its own), w or y is dropped ("Won" keys "wn", "Yongwon" "yngn")
  let first = noHyphens(a.key);
  const an = a.text.length;
  if (an >= 2 && a.text.charCodeAt(an - 1) === 104 && isVowel(a.text.charCodeAt(an - 2))) first += 'h';
  let second = noHyphens(b.key);
  const b0 = b.text.charCodeAt(0);
  if ((isVowel(b0) && b0 !== 121 && second.charCodeAt(0) === 97) || b0 === 119 || b0 === 121) second = second.slice(1);
  const inSequence = first.charCodeAt(first.length - 1) === second.charCodeAt(0) ? first + second.slice(1) : first + second;
  // (a second part that adds no consonant, as "Wei", is not read into the first)
  const readsAsOne = second !== '' && key === inSequence;
  return { text, role: 'name', key: readsAsOne ? key : '', phonetic: readsAsOne ? phoneticOfSpellingKey(key) : '' };
}

const noHyphens = (s: string): string => (s.includes('-') ? s.replace(/-/g, '') : s);

/**
 * Tokenises and weighs a name for the matcher, and looks its tokens up in the equivalences
 * (default: the table shipped with @ariadne/names).
 * @example prepareName('Ayman al-Zawahiri', index.weights).tokens.map((t) => t.key) // ['amn', 'zwhr']
 */
export function prepareName(name: string, weights?: TokenWeights, parts: readonly NameToken[] = nameParts(name), equivalences: Equivalences = defaultEquivalences()): PreparedName {
  return preparedFromParts(parts.map(uniformToken), {
    weights,
    equivalences,
    weightOf: (t) => (weights ? weights.weightOfKey(t.key) : 1),
    canonicalOf: (t) => equivalences.get(t.text),
    joinedOf: joinedToken,
  }, isUnvowelled(name));
}

/** What `preparedFromParts` asks of each token (its weight, its canonical spelling, two tokens written as one), and where the answers come from. */
export interface TokenFacts {
  readonly weights: TokenWeights | undefined;
  readonly equivalences: Equivalences;
  weightOf(t: NameToken): number;
  canonicalOf(t: NameToken): string | undefined;
  joinedOf(a: NameToken, b: NameToken): NameToken;
}

// Shared canonical lists for names none of whose tokens is in the equivalence table (most of a
// large index): one frozen list per length instead of one list per name.
const NO_CANONICAL: readonly (readonly undefined[])[] = Array.from({ length: MAX_TOKENS + 1 }, (_, n) => Object.freeze(new Array<undefined>(n).fill(undefined)));

/**
 * `prepareName` for tokens already made, with the per-token facts supplied: an index preparing
 * a million names looks each distinct token's weight, canonical spelling and joined pairs up
 * once (`facts` must answer as `prepareName` would, for the result to be the same).
 * @example preparedFromParts(nameParts(name), facts, isUnvowelled(name))
 */
export function preparedFromParts(parts: readonly NameToken[], facts: TokenFacts, unvowelled: boolean): PreparedName {
  const n = parts.length;
  const ws = new Array<number>(n);
  let total = 0;
  let canonical: (string | undefined)[] | undefined;
  let compounds = false;
  let own = 0;
  for (let i = 0; i < n; i++) {
    const t = parts[i]!;
    if (t.tail !== undefined) compounds = true;
    if (t.text.length > 5 || (!SECOND_ELEMENTS.has(t.text) && !LONE_HEADS.has(t.text))) own |= 1 << i;
    // an initial says little whatever its rarity as a token ("M." stands for any name in M)
    ws[i] = t.text.length === 1 && !unvowelled ? INITIAL_WEIGHT : facts.weightOf(t);
    // summed in token order from 0, as a reduce would (the scores depend on the exact total)
    total += ws[i]!;
    const c = facts.canonicalOf(t);
    if (c !== undefined) (canonical ??= new Array<string | undefined>(n).fill(undefined))[i] = c;
  }
  const joined = new Array<NameToken>(Math.max(0, n - 1));
  for (let i = 0; i + 1 < n; i++) joined[i] = facts.joinedOf(parts[i]!, parts[i + 1]!);
  return {
    tokens: parts, canonical: canonical ?? (n <= MAX_TOKENS ? NO_CANONICAL[n]! : new Array<undefined>(n).fill(undefined)), equivalences: facts.equivalences, weights: ws,
    total, joined, unvowelled, compounds, own, by: facts.weights,
  };
}

/**
 * Similarity of two tokens: 1 for the same spelling key or spellings the equivalence table
 * groups together (EQUIVALENT_SIM), PHONETIC_SIM for the same phonetic key (spellings not far
 * apart: PHONETIC_JW_FLOOR), TYPO_SIM for long spellings one typing slip apart, else
 * Jaro-Winkler (scaled) from JW_FLOOR. A shared key only counts when the spellings are not far apart
 * (KEY_JW_FLOOR, higher for keys of one or two letters, which many unrelated short names
 * share: Ayad and Eood, Heinonen and Hanna, Chun and Zona). An Arabic-script token also meets
 * by the keys of its Persian reading (ثاقب as "saqib" as well as "thaqib").
 */
function tokenSimilarity(q: NameToken, c: NameToken, unvowelled: boolean): number {
  const s = spellingSimilarity(q, c, unvowelled);
  if (s === 1 || (q.unglued === undefined && c.unglued === undefined && q.reading === undefined && c.reading === undefined)) return s;
  return Math.max(s, alternativeSimilarity(q, c, unvowelled));
}

/**
 * The similarity of two tokens by another reading of either: an article written glued on one
 * side ("Alzahrani", "Essabar") against the part alone, counted whole; an initial "ch" read as
 * "j" giving the other spelling exactly (Korean Cho/Jo, Chang/Jang), counted as a phonetic
 * match (PHONETIC_SIM).
 */
function alternativeSimilarity(q: NameToken, c: NameToken, unvowelled: boolean): number {
  let best = 0;
  if (q.unglued) best = Math.max(best, spellingSimilarity(q.unglued, c, unvowelled));
  if (c.unglued) best = Math.max(best, spellingSimilarity(q, c.unglued, unvowelled));
  if ((q.reading && q.reading.text === c.text) || (c.reading && c.reading.text === q.text)) best = Math.max(best, PHONETIC_SIM);
  return best;
}

function spellingSimilarity(q: NameToken, c: NameToken, unvowelled: boolean): number {
  if (q.text === c.text) return 1;
  if (!unvowelled && isInitialOf(q.text, c.text)) return INITIAL_SIM;
  // the divine name has one spelling once tokenised ("-ullah", "Allah", الله): it meets no other
  // name that shares its short key (Ali, Alya)
  if (q.text === DIVINE_NAME || c.text === DIVINE_NAME) return 0;
  // a final -i after a consonant (the nisba: Husseini, Ahmadi, محمدی) is a letter the keys drop
  // but a different name: Husseini is not Hussein nor Hassan; the spellings alone decide
  // (only asked when the keys would otherwise decide: otherwise the spellings do anyway)
  if ((unvowelled || q.key === c.key || q.phonetic === c.phonetic) && nisbaDiffers(q.text, c.text)) return typoOrJaroWinkler(q, c, unvowelled);
  // (a one-letter key only between spellings of about one length: طائع "ta" is not "Tuito")
  if (unvowelled && (Math.min(q.key.length, c.key.length) >= 2 || Math.abs(q.text.length - c.text.length) <= 1)) {
    // a romanised Arabic-script name lacks its short vowels: its keys are all there is to compare
    if (q.key === c.key || q.altKey === c.key || c.altKey === q.key) return 1;
    // a phonetic code of one or two letters is shared by many names that are not spelt alike
    // (هدى "hda" and Htut), and the missing vowels leave nothing else to check
    if (q.phonetic === c.phonetic || q.altPhonetic === c.phonetic || c.altPhonetic === q.phonetic) return q.phonetic.length <= 2 && c.phonetic.length <= 2 ? SHORT_PHONETIC_SIM : PHONETIC_SIM;
    // a final ح or ه is a consonant the Latin key drops after a vowel ("Salah" keys as "sl", صالح as "slh")
    if (q.key === `${c.key}h` || c.key === `${q.key}h`) return PHONETIC_SIM;
    // a final ة, romanised "a", is "-at" before another name ("Nusrat al-Islam", نصرة الإسلام)
    if ((q.text.endsWith('a') && c.key === `${q.key}t`) || (c.text.endsWith('a') && q.key === `${c.key}t`)) return PHONETIC_SIM;
  }
  const long = q.text.length > MAX_JW_TOKEN || c.text.length > MAX_JW_TOKEN;
  const jw = long ? 0 : jaroWinkler(q.text, c.text);
  if (q.key === c.key && (long || jw >= (q.key.length <= 2 ? SHORT_KEY_JW_FLOOR : KEY_JW_FLOOR))) return long || jw >= KEY_STRONG_JW || jaroWinkler(formOf(q), formOf(c)) >= KEY_STRONG_JW ? 1 : KEY_WEAK_SIM;
  if (q.phonetic === c.phonetic && jw >= (q.phonetic.length <= 2 ? SHORT_KEY_JW_FLOOR : PHONETIC_JW_FLOOR)) return jw >= PHON_STRONG_JW ? PHONETIC_SIM : PHON_WEAK_SIM;
  if (!long && oneSlipApart(q.text, c.text, !unvowelled)) return Math.max(TYPO_SIM, jw * JW_FACTOR);
  return jw >= JW_FLOOR ? jw * JW_FACTOR : 0;
}

/** Whether one Latin spelling is the initial of the other ("M." for "Muhammad", "S" for "Saleh"). */
function isInitialOf(a: string, b: string): boolean {
  return (a.length === 1 && b.length > 1 && b.charCodeAt(0) === a.charCodeAt(0)) || (b.length === 1 && a.length > 1 && a.charCodeAt(0) === b.charCodeAt(0));
}

// `spellingForm` of each token seen (index tokens are shared objects, so each is formed once)
const forms = new WeakMap<NameToken, string>();
function formOf(t: NameToken): string {
  let f = forms.get(t);
  if (f === undefined) forms.set(t, (f = spellingForm(t.text)));
  return f;
}

/** The similarity of two spellings without their keys: one typing slip apart, or Jaro-Winkler (scaled) from JW_FLOOR. */
function typoOrJaroWinkler(q: NameToken, c: NameToken, unvowelled: boolean): number {
  if (q.text.length > MAX_JW_TOKEN || c.text.length > MAX_JW_TOKEN) return 0;
  const jw = jaroWinkler(q.text, c.text);
  if (oneSlipApart(q.text, c.text, !unvowelled)) return Math.max(TYPO_SIM, jw * JW_FACTOR);
  return jw >= JW_FLOOR ? jw * JW_FACTOR : 0;
}

const isVowel = (c: number): boolean => c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121; // a e i o u y
const isConsonant = (c: number): boolean => c >= 97 && c <= 122 && !isVowel(c);

/** Ends in -i, -y or -ee after a consonant. */
function endsInNisba(s: string): boolean {
  const n = s.length;
  const last = s.charCodeAt(n - 1);
  if (last === 105 || last === 121) return n >= 2 && isConsonant(s.charCodeAt(n - 2)); // i, y
  return last === 101 && n >= 3 && s.charCodeAt(n - 2) === 101 && isConsonant(s.charCodeAt(n - 3)); // ee
}

/**
 * Whether one spelling ends in a nisba -i (or -y, -ee) after a consonant and the other in a
 * consonant ("husseini" / "hussein", "mhmdi" / "muhammad"): the keys, which drop vowels, would
 * take them for one name.
 * @example nisbaDiffers('ahmadi', 'ahmad') // true; nisbaDiffers('zawahiri', 'zawahry') // false
 */
export function nisbaDiffers(a: string, b: string): boolean {
  const na = endsInNisba(a);
  if (na === endsInNisba(b)) return false;
  const other = na ? b : a;
  return other.length > 0 && isConsonant(other.charCodeAt(other.length - 1));
}

/**
 * Whether two different spellings are one typing slip apart (optimal-string-alignment distance
 * 1: one letter inserted, dropped or changed, or two neighbours swapped), both at least
 * TYPO_MIN_LETTERS letters long; or, with `swaps` (Latin spellings: a romanised Arabic-script
 * skeleton has no written vowels to swap), two neighbours swapped in parts of SWAP_MIN_LETTERS.
 * @example oneSlipApart('karbala', 'ksrbala') // true
 */
export function oneSlipApart(a: string, b: string, swaps = true): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter >= TYPO_MIN_LETTERS) return oneSlip(a, b);
  return swaps && shorter >= SWAP_MIN_LETTERS && swappedNeighbours(a, b);
}

/**
 * Whether two spellings of one length differ only by two neighbouring letters swapped ("Sko" for
 * "Sok", "Afiz" for "Faiz"): the commonest typing slip, and one that seldom turns a name into
 * another, so it is believed in shorter parts than other slips (SWAP_MIN_LETTERS).
 */
export function swappedNeighbours(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function howSimilar(q: NameToken, c: NameToken, sim: number, { equivalent = false, unvowelled = false }: { equivalent?: boolean; unvowelled?: boolean } = {}): string {
  if (equivalent) return 'equivalent spellings';
  if ((q.unglued || c.unglued || q.reading || c.reading) && spellingSimilarity(q, c, unvowelled) < sim) {
    if (q.unglued && spellingSimilarity(q.unglued, c, unvowelled) === sim) return `${plainHow(q.unglued, c, sim)}, article written glued`;
    if (c.unglued && spellingSimilarity(q, c.unglued, unvowelled) === sim) return `${plainHow(q, c.unglued, sim)}, article written glued`;
    return 'initial ch written j, another romanisation';
  }
  return plainHow(q, c, sim);
}

function plainHow(q: NameToken, c: NameToken, sim: number): string {
  if (sim === 1 && q.key !== c.key && (q.altKey === c.key || c.altKey === q.key)) return 'spelling, Persian reading';
  if (sim === 1) return 'spelling';
  if (sim === KEY_WEAK_SIM && q.key === c.key) return 'spelling key, spelt apart';
  if (sim === PHONETIC_SIM && q.phonetic === c.phonetic) return 'phonetic';
  if ((sim === PHON_WEAK_SIM || sim === SHORT_PHONETIC_SIM) && q.phonetic === c.phonetic) return 'phonetic, spelt apart';
  if (sim === PHONETIC_SIM && (q.key.endsWith('h') || c.key.endsWith('h'))) return 'phonetic, final h';
  if (sim === PHONETIC_SIM && (q.key.endsWith('t') || c.key.endsWith('t'))) return 'phonetic, final -at';
  if (sim === INITIAL_SIM && isInitialOf(q.text, c.text)) return 'initial';
  if (sim === TYPO_SIM && oneSlipApart(q.text, c.text)) return swappedNeighbours(q.text, c.text) ? 'two letters swapped' : 'one slip apart';
  return `jaro-winkler ${(sim / JW_FACTOR).toFixed(2)}`;
}

// Scratch for the greedy alignment: a MAX_TOKENS × MAX_TOKENS similarity matrix and used flags.
const simMatrix = new Float64Array(MAX_TOKENS * MAX_TOKENS);
const usedQ = new Uint8Array(MAX_TOKENS);
const usedC = new Uint8Array(MAX_TOKENS);

/**
 * How two tokens are compared: as written in Latin, with either side from Arabic script, one
 * side two parts written as one, or (spellings of one equivalence group) not at all.
 */
type Comparison = 'latin' | 'unvowelled' | 'joined' | 'joinedUnvowelled' | 'equivalent';

function memoised(seen: Map<NameToken, number> | undefined, q: NameToken, c: NameToken, how: Comparison): number {
  if (how === 'equivalent') return EQUIVALENT_SIM;
  let s = seen?.get(c);
  if (s === undefined) {
    s = how === 'joined' || how === 'joinedUnvowelled' ? joinedSimilarity(q, c, how === 'joinedUnvowelled') : tokenSimilarity(q, c, how === 'unvowelled');
    seen?.set(c, s);
  }
  return s;
}

/** Two tokens written as one against one token: the same spelling key and close spellings only. */
function joinedSimilarity(q: NameToken, c: NameToken, unvowelled: boolean): number {
  if (q.key !== c.key || q.key === '' || q.text.length > MAX_JW_TOKEN || c.text.length > MAX_JW_TOKEN) return 0;
  return jaroWinkler(q.text, c.text) >= (unvowelled ? JOINED_JW_FLOOR : JOINED_LATIN_JW_FLOOR) ? 1 : 0;
}

/**
 * An aligned pair: query token, candidate token, similarity, and how: one token each ('none'),
 * two tokens written as one on the query or candidate side, or the part after the head of a
 * compound on the query or candidate side (`head`: the other side's token standing for the
 * head, -1 when it has none).
 */
type AlignedPair = [q: number, c: number, sim: number, joined: 'none' | 'query' | 'candidate' | 'query-tail' | 'candidate-tail', head?: number];

interface Alignment {
  qCover: number;
  cCover: number;
  /**
   * The listed name found whole in the query: every candidate token aligned, one token each
   * (not two written as one), each pair as close as a phonetic match or closer, and at least
   * two listed parts of their own (SECOND_ELEMENTS and LONE_HEADS not counted).
   */
  whole: boolean;
  pairs: AlignedPair[] | undefined;
}

/**
 * Greedy best alignment, the most similar free pair first, each token used once: pairs sharing
 * a key or one typing slip apart, then two adjacent unaligned tokens of one side against one unaligned token of the other
 * written as one, then the part after the head of an unaligned compound against an unaligned
 * token of the other side (with the head written apart there, if it is), then pairs by
 * Jaro-Winkler.
 * Pairs are listed only when `explain` is set (the screening pre-pass needs the covers only).
 */
function align(q: PreparedName, c: PreparedName, explain: boolean, memo?: SimilarityMemo): Alignment {
  const nq = q.tokens.length;
  const nc = c.tokens.length;
  const unvowelled = q.unvowelled || c.unvowelled;
  const how: Comparison = unvowelled ? 'unvowelled' : 'latin';
  const joinedHow: Comparison = unvowelled ? 'joinedUnvowelled' : 'joined';
  for (let i = 0; i < nq; i++) {
    const seen = memo?.[i];
    const canonical = q.canonical[i];
    for (let j = 0; j < nc; j++) {
      const pairHow = canonical !== undefined && canonical === c.canonical[j] ? 'equivalent' : how;
      simMatrix[i * MAX_TOKENS + j] = memoised(seen, q.tokens[i]!, c.tokens[j]!, pairHow);
    }
  }
  const pairs: AlignedPair[] | undefined = explain ? [] : undefined;
  usedQ.fill(0, 0, nq);
  usedC.fill(0, 0, nc);
  let qCovered = 0;
  let cCovered = 0;
  let aligned = 0;
  // for `whole`: the least similar pair, and whether a pair was two tokens written as one
  let weakest = 1;
  let joinedPair = false;
  const greedy = (floor: number): void => {
    for (;;) {
      let best = 0;
      let bi = -1;
      let bj = -1;
      for (let i = 0; i < nq; i++) {
        if (usedQ[i]) continue;
        for (let j = 0; j < nc; j++) {
          const s = simMatrix[i * MAX_TOKENS + j]!;
          if (s > best && s >= floor && !usedC[j]) { best = s; bi = i; bj = j; }
        }
      }
      if (bi < 0) return;
      usedQ[bi] = 1;
      usedC[bj] = 1;
      // an initial tells one letter of the part it meets: that side is credited INITIAL_SHARE of it
      const initial = best === INITIAL_SIM && isInitialOf(q.tokens[bi]!.text, c.tokens[bj]!.text);
      qCovered += q.weights[bi]! * best * (initial && q.tokens[bi]!.text.length > 1 ? INITIAL_SHARE : 1);
      cCovered += c.weights[bj]! * best * (initial && c.tokens[bj]!.text.length > 1 ? INITIAL_SHARE : 1);
      aligned++;
      if (best < weakest) weakest = best;
      pairs?.push([bi, bj, best, 'none']);
    }
  };
  // keys first, then parts written as one on one side ("Akhund Zada" / "Akhundzada", before
  // Jaro-Winkler pairs "Akhund" with "Akhundzada"), then compounds apart, then Jaro-Winkler
  greedy(PHONETIC_SIM);
  if (aligned < nq && aligned < nc) {
    for (let i = 0; i + 1 < nq; i++) {
      if (usedQ[i] || usedQ[i + 1]) continue;
      for (let j = 0; j < nc; j++) {
        if (usedC[j]) continue;
        const s = memoised(memo?.[nq + i], q.joined[i]!, c.tokens[j]!, joinedHow);
        if (s === 0) continue;
        usedQ[i] = usedQ[i + 1] = usedC[j] = 1;
        qCovered += (q.weights[i]! + q.weights[i + 1]!) * s;
        cCovered += c.weights[j]! * s;
        aligned++;
        joinedPair = true;
        pairs?.push([i, j, s, 'query']);
        break;
      }
    }
    for (let j = 0; j + 1 < nc; j++) {
      if (usedC[j] || usedC[j + 1]) continue;
      for (let i = 0; i < nq; i++) {
        if (usedQ[i]) continue;
        const s = memoised(memo?.[i], q.tokens[i]!, c.joined[j]!, joinedHow);
        if (s === 0) continue;
        usedQ[i] = usedC[j] = usedC[j + 1] = 1;
        qCovered += q.weights[i]! * s;
        cCovered += (c.weights[j]! + c.weights[j + 1]!) * s;
        aligned++;
        joinedPair = true;
        pairs?.push([i, j, s, 'candidate']);
        break;
      }
    }
  }
  if ((q.compounds || c.compounds) && aligned < nq && aligned < nc) {
    // the part after an unaligned compound's head against an unaligned plain token of the other
    // side; the head then aligns with a lone head there ("Fatah Abdul" / "Abdul Fatah"), else
    // with the head of another unaligned compound there (HEAD_SHARE of its weight), else with
    // nothing (the compound loses HEAD_SHARE)
    const tails = (a: PreparedName, b: PreparedName, aIsQuery: boolean): void => {
      const [usedA, usedB] = aIsQuery ? [usedQ, usedC] : [usedC, usedQ];
      for (let i = 0; i < a.tokens.length; i++) {
        const tail = a.tokens[i]!.tail;
        if (usedA[i] || tail === undefined) continue;
        let best = 0;
        let bj = -1;
        for (let j = 0; j < b.tokens.length; j++) {
          const t = b.tokens[j]!;
          if (usedB[j] || t.tail !== undefined) continue;
          const s = aIsQuery ? tokenSimilarity(tail, t, unvowelled) : tokenSimilarity(t, tail, unvowelled);
          if (s > best) { best = s; bj = j; }
        }
        if (bj < 0) continue;
        const text = a.tokens[i]!.text;
        const head = text.slice(0, text.length - tail.text.length);
        let hk = -1;
        let headCredit = 0;
        for (let k = 0; k < b.tokens.length; k++) {
          if (usedB[k] || k === bj) continue;
          const t = b.tokens[k]!;
          if (`${t.text}-` === head) { hk = k; headCredit = 1; break; }
          if (hk < 0 && t.tail !== undefined && t.text.startsWith(head)) { hk = k; headCredit = HEAD_SHARE; }
        }
        usedA[i] = 1;
        usedB[bj] = 1;
        const aCredit = a.weights[i]! * best * (hk >= 0 ? 1 : 1 - HEAD_SHARE);
        let bCredit = b.weights[bj]! * best;
        if (hk >= 0) { usedB[hk] = 1; bCredit += b.weights[hk]! * best * headCredit; }
        if (aIsQuery) { qCovered += aCredit; cCovered += bCredit; } else { cCovered += aCredit; qCovered += bCredit; }
        aligned++;
        if (best < weakest) weakest = best;
        pairs?.push(aIsQuery ? [i, bj, best, 'query-tail', hk] : [bj, i, best, 'candidate-tail', hk]);
      }
    };
    if (q.compounds) tails(q, c, true);
    if (c.compounds) tails(c, q, false);
  }
  greedy(0);
  // at least two listed parts of their own, "allah" and "din" of a glued name (Khairullah,
  // Nuruddin) and lone heads not counted
  let whole = !joinedPair && weakest >= PHONETIC_SIM && (c.own & (c.own - 1)) !== 0;
  for (let j = 0; j < nc && whole; j++) if (!usedC[j]) whole = false;
  return { qCover: qCovered / q.total, cCover: cCovered / c.total, whole, pairs };
}

/**
 * The name score from the covers: QUERY_SHARE × the query's covered weight plus the rest × the
 * candidate's; for a listed name of two parts or more found whole in the query, the other way
 * round too (the larger), while it covers CONTAINED_MIN_QUERY of the query.
 */
function combine(a: Alignment): number {
  const forward = Math.min(1, QUERY_SHARE * a.qCover + (1 - QUERY_SHARE) * a.cCover);
  return contained(a) ? Math.max(forward, Math.min(1, QUERY_SHARE * a.cCover + (1 - QUERY_SHARE) * a.qCover)) : forward;
}

function contained(a: Alignment): boolean {
  return a.whole && a.qCover >= CONTAINED_MIN_QUERY;
}

/**
 * Token similarities already computed for one query, by query token position (then joined
 * query pair position after the tokens) and candidate token object: an index whose names share token objects (one per distinct token) computes each
 * Jaro-Winkler once per query instead of once per candidate name.
 */
export type SimilarityMemo = readonly Map<NameToken, number>[];

/**
 * The aligned-token name score of two prepared names, without its explanation: what a screening
 * index uses to decide which candidates are worth a full, explained score.
 * @example nameScore(prepareName('Zawahiri Ayman'), prepareName('Ayman al-Zawahiri')) // 1
 */
export function nameScore(q: PreparedName, c: PreparedName, memo?: SimilarityMemo): number {
  if (q.tokens.length === 0 || c.tokens.length === 0) return 0;
  return combine(align(q, c, false, memo));
}

/**
 * Aligned-token similarity of two names: QUERY_SHARE × the query's covered rarity weight plus
 * the rest × the candidate's, so an extra listed middle name costs a little and a missing rare
 * surname a lot.
 */
function alignedNameScore(q: PreparedName, c: PreparedName): FeatureResult {
  if (q.tokens.length === 0 || c.tokens.length === 0) return { score: 0, reason: 'no comparable name tokens' };
  const a = align(q, c, true);
  const pairs = a.pairs ?? [];
  const unvowelled = q.unvowelled || c.unvowelled;
  if (pairs.length === 0) return { score: 0, reason: 'no aligned tokens' };
  const text = (p: PreparedName, i: number, joined: boolean) => (joined ? `${p.tokens[i]!.text}+${p.tokens[i + 1]!.text}` : p.tokens[i]!.text);
  const aligned = pairs.map(([i, j, s, joined, head]) => {
    if (joined === 'query-tail' || joined === 'candidate-tail') {
      // "abd-yasin~yasin (spelling, part after abd; head shared with abd-rahman)"
      const [compound, other, otherHead] = joined === 'query-tail' ? [q.tokens[i]!, c.tokens[j]!, head !== undefined && head >= 0 ? c.tokens[head] : undefined] : [c.tokens[j]!, q.tokens[i]!, head !== undefined && head >= 0 ? q.tokens[head] : undefined];
      const tail = compound.tail!;
      const how = `${joined === 'query-tail' ? howSimilar(tail, other, s, { unvowelled }) : howSimilar(other, tail, s, { unvowelled })}, part after ${compound.text.slice(0, compound.text.length - tail.text.length - 1)}`;
      const headNote = otherHead === undefined ? 'its head unmatched' : otherHead.tail === undefined ? `head ${otherHead.text} apart` : `head shared with ${otherHead.text}`;
      return joined === 'query-tail' ? `${compound.text}~${other.text} (${how}; ${headNote})` : `${other.text}~${compound.text} (${how}; ${headNote})`;
    }
    const qt = joined === 'query' ? q.joined[i]! : q.tokens[i]!;
    const ct = joined === 'candidate' ? c.joined[j]! : c.tokens[j]!;
    // equal spellings by the table only: "mohamed≈muhammad (equivalent spellings)"
    const equivalent = joined === 'none' && qt.text !== ct.text && qt.key !== ct.key && q.canonical[i] !== undefined && q.canonical[i] === c.canonical[j];
    return `${text(q, i, joined === 'query')}${equivalent ? '≈' : '~'}${text(c, j, joined === 'candidate')} (${howSimilar(qt, ct, s, { equivalent, unvowelled })})`;
  }).join(', ');
  const score = combine(a);
  const whole = contained(a) && score > QUERY_SHARE * a.qCover + (1 - QUERY_SHARE) * a.cCover ? '; the listed name found whole in the query' : '';
  return { score, reason: `aligned ${pairs.length}/${q.tokens.length} query tokens: ${aligned}${whole}` };
}

/** A feature's view of the names: the query prepared once per distinct query, the candidate's own preparation when it carries one. */
function namePreparer(weights: TokenWeights | undefined, equivalences: Equivalences): (query: MatchQuery, candidate: MatchCandidate) => [PreparedName, PreparedName] {
  let lastQuery: string | undefined;
  let lastPrepared: PreparedName | undefined;
  return (query, candidate) => {
    if (query.name !== lastQuery || !lastPrepared) {
      lastQuery = query.name;
      lastPrepared = prepareName(query.name, weights, undefined, equivalences);
    }
    const own = candidate.prepared;
    return [lastPrepared, own && own.by === weights && own.equivalences === equivalences ? own : prepareName(candidate.name, weights, undefined, equivalences)];
  };
}

/** Name similarity against a main name or strong alias; 0 for weak aliases. */
export function nameSimilarity(weights?: TokenWeights, equivalences: Equivalences = defaultEquivalences()): Feature {
  const prepared = namePreparer(weights, equivalences);
  return (query, candidate) =>
    candidate.weak ? { score: 0, reason: 'name: weak alias, not compared' } : prefixReason('name', alignedNameScore(...prepared(query, candidate)));
}

/** Name similarity against a weak alias (weighted lower by the algorithm); 0 for strong names. */
export function weakAliasMatch(weights?: TokenWeights, equivalences: Equivalences = defaultEquivalences()): Feature {
  const prepared = namePreparer(weights, equivalences);
  return (query, candidate) =>
    candidate.weak ? prefixReason('weak alias', alignedNameScore(...prepared(query, candidate))) : { score: 0, reason: 'weak alias: not a weak alias' };
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

/**
 * The default algorithm; pass the index's rarity weights so common name parts count less.
 * v2 (calibrated on the calibration half of bench/screening.ts): query share 0.8 (was 0.7),
 * shared keys checked against the spellings, names written as one or apart aligned, threshold
 * 0.77 (was 0.7, which let 3% of made-up names through).
 * v3: spellings the name-equivalence table groups (mined from the lists' own alias and
 * original-script pairs; default the table shipped with @ariadne/names) align as equal,
 * Arabic-script parts also meet by their Persian reading (ث ذ ض ظ as s z z z), and a name
 * written in two scripts at once is compared by its Latin rendering.
 * v4: tokens of six letters or more one typing slip apart count TYPO_SIM (0.95, was Jaro-Winkler
 * × 0.9, about 0.86: "Ksrbala" for "Karbala" fell short with everything else equal), and a
 * shared phonetic code needs Jaro-Winkler ≥ 0.7 (was 0.6), which removed a third of the false
 * alerts on made-up recombined names at no cost in recall (bench/screening.ts, calibration half).
 * v5 (the same calibration half; recall 0.908 → 0.95+ on the benchmark):
 * - a listed name of two parts or more found whole in the query also scores the other way round
 *   (a query part the list lacks costs as a listed part the query lacks: CONTAINED_MIN_QUERY);
 * - an abd/abu/umm compound meets its part after the head written alone, with the head apart,
 *   elsewhere or missing ("Fatah Abdul", "Abdul Yasin" for "Abdul Rahman Yasin": HEAD_SHARE);
 * - an article written glued ("Alzahrani", "Essabar") meets the part alone; a short part in
 *   "ch" meets its "j" romanisation (Korean Cho/Jo, Chang/Jang); organisations' legal forms
 *   (Co, Ltd, Company, Anstalt…) and Arabic wa/fi are no evidence either way (@ariadne/names);
 * - fewer loose matches: a shared key or phonetic code between spellings far apart counts 0.9
 *   (KEY_WEAK_SIM, PHON_WEAK_SIM), so does a one- or two-letter phonetic code from Arabic
 *   script; a nisba -i against none (Husseini/Hussein, محمدی/Muhammad) is compared by spelling;
 *   the divine name meets only itself; two Latin parts read as one need Jaro-Winkler 0.9 and
 *   their keys in sequence;
 * - threshold 0.75 (was 0.77): the lowest with at most 0.8% of the calibration half's negatives
 *   alerting (0.2 points of margin under the 1% target for the held-out half).
 * Blocking (screen.ts) follows: one-letter deletions of short spellings, compound parts, glued
 * articles, "ch" read "j", repeated keys, and listed names found whole in the query.
 * v6 (the same threshold; recall 0.957 → 0.98+ on the benchmark, FPR unchanged):
 * - two neighbours swapped count as a slip in Latin parts of three letters or more ("Sko" for
 *   "Sok"), not only in parts of six;
 * - a Latin initial meets a part it begins (INITIAL_SIM) and weighs the least a part can;
 * - organisation words meet their translations ("Group", "Groupe", "Jama'a", الجماعة: the
 *   organisation vocabulary of @ariadne/names, merged into any equivalence table);
 * - "Musallah" is no longer read as "Mus" + the divine name; لل "for the" is an article; French
 *   connectives (et, pour, du, des, au, aux) are no evidence.
 * Blocking: a Latin part meets the indexed spellings one typing slip from it, however long
 * (`ScreeningIndex.slips`), so a slip in a long part no longer hides its name.
 */
export function defaultAlgorithm(weights?: TokenWeights, equivalences: Equivalences = defaultEquivalences()): Algorithm {
  return {
    name: 'ariadne-name',
    version: 'ariadne-name-v6',
    equivalences,
    threshold: 0.75,
    features: [
      { feature: nameSimilarity(weights, equivalences), weight: 0.85 },
      { feature: weakAliasMatch(weights, equivalences), weight: 0.6 },
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
