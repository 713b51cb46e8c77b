/**
 * A name-equivalence table mined from the sanctions lists themselves: a designation lists one
 * person as "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE", "Muhamad Ibrahim Makkawi" and
 * "محمد صلاح الدين عبدالحليم زيدان", so the list's own publishers tell us which spellings stand
 * for the same name part. Tokens of the names of one designation are aligned, aligned spellings
 * that differ become edges, and edges seen in enough designations join spellings into groups
 * with one canonical spelling, for the matcher to compare by.
 *
 * Original-script tokens (romanised by `nameTokens` to a consonant skeleton such as "mhmd") only
 * bridge Latin spellings (Mohammed —محمد— Muhammad, from two designations); the table holds
 * Latin spellings only, since a skeleton can coincide with an unrelated Latin spelling.
 *
 * Pure: no files. `EQUIVALENCES_URL` names the committed table for callers that read it.
 */
import { jaroWinkler } from './jaro-winkler.ts';
import { toLatinAscii } from './keys.ts';
import { normaliseName } from './normalise.ts';
import { detectScript } from './script.ts';
import { nameTokens } from './tokens.ts';

/** The names a designation is listed under: strong Latin names, and names in original script. */
export interface DesignationNames {
  readonly names: readonly string[];
  readonly originalScript: readonly string[];
}

/** Two names of one designation; `designation` is its ordinal in the input (its pairs count once). */
export interface NamePair {
  /** a Latin name */
  readonly a: string;
  /** another Latin name, or the name in original script */
  readonly b: string;
  readonly kind: 'latin' | 'original-script';
  readonly designation: number;
}

export interface EquivalenceGroup {
  /** the most frequent spelling (ties: shorter, then alphabetical), as `nameTokens` writes a token */
  readonly canonical: string;
  /** the other spellings, sorted; never the canonical one */
  readonly variants: readonly string[];
  /** how many designations show at least one of the group's equivalences */
  readonly support: number;
}

export interface EquivalenceTable {
  /** format version of the table */
  readonly version: 1;
  /** what it was mined from (files, list dates, settings), for the reader */
  readonly source: string;
  /** sorted by canonical spelling */
  readonly groups: readonly EquivalenceGroup[];
}

export interface MineOptions {
  /** groups whose equivalences are seen in fewer designations are dropped (default 2) */
  readonly minSupport?: number;
  /** recorded in the table's `source` (default "mined") */
  readonly source?: string;
}

/** The committed table mined from the UN and OFAC lists (`scripts/mine-equivalences.ts`). */
export const EQUIVALENCES_URL = new URL('../data/name-equivalences.json', import.meta.url);

/** Names of one designation taken into account (OFAC lists some with dozens of aliases). */
export const MAX_NAMES_PER_DESIGNATION = 24;
/** Longer names are skipped: no real name is this long, and alignment is quadratic in tokens. */
export const MAX_NAME_CHARS = 300;
/** Name tokens of one name taken into account. */
const MAX_TOKENS = 12;
/** Two spellings are only joined when at least this similar (Jaro-Winkler; see `mayBeSame`). */
export const MIN_JARO_WINKLER = 0.8;
/** Spellings of different phonetic keys must be this similar… */
export const CLOSE_JARO_WINKLER = 0.9;
/** …and of lengths at least this proportion of each other. */
export const MIN_LENGTH_RATIO = 0.75;
/** A group never grows beyond this many spellings: a bigger one is a chain of bad alignments. */
export const MAX_GROUP_SIZE = 64;

/** Limits a table file must keep to be loaded. */
export const TABLE_LIMITS = { chars: 8_000_000, groups: 100_000, variants: 256, tokenChars: 64, sourceChars: 2_000 } as const;

const ORIGINAL_NOTE = /^Name in original script \([^)]*\): (.+)$/;

/**
 * The strong Latin names and the original-script names of a listed subject, from its FtM
 * properties: `name` and `alias` (weak aliases and previous names are left out: a nickname or an
 * old company name is not a spelling of the name), and the UN's "Name in original script" note.
 * @example namesOfSubject({ name: ['AYMAN AL-ZAWAHIRI'], alias: ['أيمن الظواهري'] })
 * // { names: ['AYMAN AL-ZAWAHIRI'], originalScript: ['أيمن الظواهري'] }
 */
export function namesOfSubject(properties: Readonly<Record<string, readonly string[] | undefined>>): DesignationNames {
  const names: string[] = [];
  const originalScript: string[] = [];
  const notes = (properties.notes ?? []).map((n) => ORIGINAL_NOTE.exec(n)?.[1]).filter((n): n is string => n !== undefined);
  for (const value of [...(properties.name ?? []), ...(properties.alias ?? []), ...notes]) {
    const script = detectScript(value);
    if (script === 'latin') names.push(value);
    else if (script === 'arabic' || script === 'cyrillic') originalScript.push(value);
  }
  return { names, originalScript };
}

function distinctNames(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    if (v.length > MAX_NAME_CHARS) continue;
    const n = normaliseName(v);
    if (n === '' || seen.has(n)) continue;
    seen.add(n);
    out.push(v);
    if (out.length === MAX_NAMES_PER_DESIGNATION) break;
  }
  return out;
}

/**
 * Pairs of names of the same designation: every two of its strong Latin names, and each
 * original-script name with each Latin name. Over-long names and repeats are skipped; at most
 * `MAX_NAMES_PER_DESIGNATION` names of each kind count.
 * @example minePairs([{ names: ['Ayman al-Zawahiri', 'Ayman al-Zawahry'], originalScript: [] }])
 * // [{ a: 'Ayman al-Zawahiri', b: 'Ayman al-Zawahry', kind: 'latin', designation: 0 }]
 */
export function minePairs(designations: Iterable<DesignationNames>): NamePair[] {
  const pairs: NamePair[] = [];
  let designation = 0;
  for (const d of designations) {
    const latin = distinctNames(d.names);
    const original = distinctNames(d.originalScript);
    for (let i = 0; i < latin.length; i++) {
      for (let j = i + 1; j < latin.length; j++) pairs.push({ a: latin[i]!, b: latin[j]!, kind: 'latin', designation });
    }
    for (const o of original) for (const l of latin) pairs.push({ a: l, b: o, kind: 'original-script', designation });
    designation++;
  }
  return pairs;
}

/** A name part as `nameTokens` gives it. */
export interface Part {
  readonly text: string;
  readonly key: string;
  readonly phonetic: string;
}

function partsOf(name: string): Part[] {
  return nameTokens(name)
    .filter((t) => t.role === 'name' && t.key !== '' && t.text.length >= 2 && t.text.length <= TABLE_LIMITS.tokenChars && /[a-z]/.test(t.text))
    .slice(0, MAX_TOKENS);
}

/**
 * Jaro-Winkler of two spellings, compounds compared by what follows their shared head: "abd-rahman"
 * and "abd-allah" share "abd-", which would otherwise lift any two abd- names over the bar.
 * @example spellingSimilarity('abd-rahman', 'abd-allah') // jaroWinkler('rahman', 'allah')
 */
export function spellingSimilarity(x: string, y: string): number {
  const hx = x.indexOf('-');
  const hy = y.indexOf('-');
  if (hx > 0 && hy > 0) {
    if (x.slice(0, hx) === y.slice(0, hy)) return jaroWinkler(x.slice(hx + 1), y.slice(hy + 1));
    return jaroWinkler(x, y);
  }
  // one written as a compound, the other glued or bare ("abu-zayd", "abuzed"; "abd-rahman", "abd")
  return hx > 0 || hy > 0 ? jaroWinkler(x.replace(/-/g, ''), y.replace(/-/g, '')) : jaroWinkler(x, y);
}

/**
 * Whether two spellings may stand for one name part (the guard against bad alignments):
 * `spellingSimilarity` at least `MIN_JARO_WINKLER`, and either the same phonetic key or a
 * similarity of at least `CLOSE_JARO_WINKLER` with lengths within `MIN_LENGTH_RATIO` — so Khalid
 * is not taken for Khan, nor Akhtar for Akhtarabad, though Jaro-Winkler's prefix bonus rates
 * both over 0.8. When one side is a romanised original script its skeleton key is compared
 * with the other's (unwritten vowels would sink the score of the texts).
 */
export function mayBeSame(x: Part, y: Part, originalScript = false): boolean {
  const [a, b] = originalScript ? [x.key, y.key] : [x.text, y.text];
  if (x.phonetic === y.phonetic) return originalScript || spellingSimilarity(a, b) >= MIN_JARO_WINKLER;
  const sim = spellingSimilarity(a, b);
  return sim >= CLOSE_JARO_WINKLER && Math.min(a.length, b.length) / Math.max(a.length, b.length) >= MIN_LENGTH_RATIO;
}

function closeness(x: Part, y: Part): number {
  if (x.text === y.text) return 3;
  if (x.key === y.key) return 2;
  if (x.phonetic === y.phonetic) return 1.5;
  return spellingSimilarity(x.text, y.text);
}

/**
 * Aligns the name parts of two names one to one: the closest pairs first (equal text, then equal
 * spelling key, phonetic key, Jaro-Winkler), ties to the pair nearest in relative position. Only
 * pairs that `mayBeSame` are aligned.
 */
export function alignNames(a: string, b: string, originalScript = false): [Part, Part][] {
  const pa = partsOf(a);
  const pb = partsOf(b);
  const candidates: { i: number; j: number; score: number; shift: number }[] = [];
  for (let i = 0; i < pa.length; i++) {
    for (let j = 0; j < pb.length; j++) {
      if (!mayBeSame(pa[i]!, pb[j]!, originalScript)) continue;
      candidates.push({ i, j, score: closeness(pa[i]!, pb[j]!), shift: Math.abs(i / pa.length - j / pb.length) });
    }
  }
  candidates.sort((p, q) => q.score - p.score || p.shift - q.shift || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: [Part, Part][] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    out.push([pa[c.i]!, pb[c.j]!]);
  }
  return out;
}

// Original-script parts live in the graph under this prefix, so a skeleton ("amr" for عمر) is
// never taken for the Latin spelling it happens to equal ("Amr").
const ORIGINAL = '\u0000';

class Groups {
  readonly #parent = new Map<string, string>();
  readonly #members = new Map<string, string[]>();

  find(x: string): string {
    let root = x;
    while (this.#parent.has(root) && this.#parent.get(root) !== root) root = this.#parent.get(root)!;
    return root;
  }

  members(root: string): string[] {
    return this.#members.get(root) ?? [root];
  }

  union(x: string, y: string): void {
    const [rx, ry] = [this.find(x), this.find(y)].sort() as [string, string];
    this.#parent.set(rx, rx);
    this.#parent.set(ry, rx);
    this.#members.set(rx, [...this.members(rx), ...this.members(ry)]);
    this.#members.delete(ry);
  }
}

const latinOnly = (nodes: readonly string[]) => nodes.filter((n) => !n.startsWith(ORIGINAL));

/** Every Latin spelling of one group may be the same as every one of the other (complete linkage). */
function compatibleGroups(a: readonly string[], b: readonly string[], parts: ReadonlyMap<string, Part>): boolean {
  if (a.length + b.length > MAX_GROUP_SIZE) return false;
  for (const x of latinOnly(a)) for (const y of latinOnly(b)) if (!mayBeSame(parts.get(x)!, parts.get(y)!)) return false;
  return true;
}

/**
 * Mines an equivalence table from name pairs. Each pair's parts are aligned (`alignNames`);
 * aligned spellings that differ make an edge, supported by the designations showing it. Edges
 * seen in at least `minSupport` designations join spellings, strongest first; two groups are
 * joined only when every Latin spelling of one is within `MIN_JARO_WINKLER` of every one of the
 * other (so Hassan and Hussein, bridged by one misaligned pair, stay apart). Deterministic.
 * @example mineEquivalences(minePairs(designations), { minSupport: 2 }).groups[0]
 * // { canonical: 'muhammad', variants: ['mohamed', 'mohammed'], support: 41 }
 */
export function mineEquivalences(pairs: Iterable<NamePair>, options: MineOptions = {}): EquivalenceTable {
  const minSupport = options.minSupport ?? 2;
  if (!Number.isSafeInteger(minSupport) || minSupport < 1) throw new RangeError(`minSupport must be a whole number from 1, not ${minSupport}`);
  const edges = new Map<string, Set<number>>();
  const seenIn = new Map<string, Set<number>>();
  const note = (map: Map<string, Set<number>>, key: string, designation: number) => {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Set()));
    s.add(designation);
  };
  const parts = new Map<string, Part>();
  for (const pair of pairs) {
    const original = pair.kind === 'original-script';
    for (const [px, py] of alignNames(pair.a, pair.b, original)) {
      const [x, y] = [px.text, py.text];
      if (x === y) continue;
      parts.set(x, px);
      if (!original) parts.set(y, py);
      const other = original ? ORIGINAL + y : y;
      note(edges, [x, other].sort().join('\u0001'), pair.designation);
      note(seenIn, x, pair.designation);
      if (!original) note(seenIn, y, pair.designation);
    }
  }
  const strong = [...edges]
    .filter(([, ds]) => ds.size >= minSupport)
    .map(([key, ds]) => ({ key, nodes: key.split('\u0001') as [string, string], ds }))
    .sort((p, q) => q.ds.size - p.ds.size || (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
  const groups = new Groups();
  const joined: typeof strong = [];
  for (const e of strong) {
    const [rx, ry] = [groups.find(e.nodes[0]), groups.find(e.nodes[1])];
    if (rx !== ry && !compatibleGroups(groups.members(rx), groups.members(ry), parts)) continue;
    if (rx !== ry) groups.union(rx, ry);
    joined.push(e);
  }
  const support = new Map<string, Set<number>>();
  for (const e of joined) for (const d of e.ds) note(support, groups.find(e.nodes[0]), d);
  const out: EquivalenceGroup[] = [];
  for (const [root, ds] of support) {
    const spellings = latinOnly(groups.members(root));
    if (spellings.length < 2 || ds.size < minSupport) continue;
    const count = (s: string) => seenIn.get(s)?.size ?? 0;
    spellings.sort((x, y) => count(y) - count(x) || x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
    const [canonical, ...variants] = spellings as [string, ...string[]];
    out.push({ canonical, variants: variants.sort(), support: ds.size });
  }
  out.sort((x, y) => (x.canonical < y.canonical ? -1 : x.canonical > y.canonical ? 1 : 0));
  return { version: 1, source: options.source ?? 'mined', groups: out };
}

/**
 * A lookup from any spelling in the table to its group's canonical spelling; undefined for a
 * spelling the table does not know. Takes a token as `nameTokens` writes its text ("mohammed",
 * "abd-rahman"); other text is folded to that form first.
 * @example equivalenceIndex(table)('mohammed') // 'muhammad'
 */
export function equivalenceIndex(table: EquivalenceTable): (token: string) => string | undefined {
  const canonicalOf = new Map<string, string>();
  for (const g of table.groups) {
    canonicalOf.set(g.canonical, g.canonical);
    for (const v of g.variants) canonicalOf.set(v, g.canonical);
  }
  return (token) => canonicalOf.get(token) ?? (token.length <= TABLE_LIMITS.tokenChars ? canonicalOf.get(toLatinAscii(token)) : undefined);
}

/**
 * Every spelling of the table (canonical ones included) → its group's canonical spelling, for
 * exact lookups of tokens already in `nameTokens` form (a matcher's hot path, where
 * `equivalenceIndex`'s fallback folding of unknown text would cost more than the lookup).
 * @example canonicalSpellings(table).get('mohamed') // 'muhammad'
 */
export function canonicalSpellings(table: EquivalenceTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of table.groups) {
    out.set(g.canonical, g.canonical);
    for (const v of g.variants) out.set(v, g.canonical);
  }
  return out;
}

/** A table file that cannot be used; the message says what is wrong and where. */
export class EquivalenceTableError extends Error {
  constructor(message: string) {
    super(`equivalence table: ${message}`);
    this.name = 'EquivalenceTableError';
  }
}

const TOKEN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(v: Record<string, unknown>, keys: readonly string[], where: string): void {
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new EquivalenceTableError(`${where}: unknown field "${extra[0]!.slice(0, 40)}"`);
  for (const k of keys) if (!Object.hasOwn(v, k)) throw new EquivalenceTableError(`${where}: missing field "${k}"`);
}

function checkToken(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length > TABLE_LIMITS.tokenChars || !TOKEN.test(v)) {
    throw new EquivalenceTableError(`${where}: a spelling must be 1 to ${TABLE_LIMITS.tokenChars} characters a-z, 0-9 and inner "-", not ${JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : v === undefined ? null : typeof v)}`);
  }
  return v;
}

/**
 * Checks a parsed table and returns a clean copy: the shape, the limits (`TABLE_LIMITS`),
 * spellings in `nameTokens` form, positive whole supports, and no spelling in two groups (or
 * twice in one). Throws EquivalenceTableError naming the first problem.
 */
export function validateEquivalenceTable(value: unknown): EquivalenceTable {
  if (!isRecord(value)) throw new EquivalenceTableError('not an object with version, source and groups');
  checkKeys(value, ['version', 'source', 'groups'], 'table');
  if (value.version !== 1) throw new EquivalenceTableError(`unsupported version ${JSON.stringify(value.version)} (this code reads version 1)`);
  if (typeof value.source !== 'string' || value.source.length > TABLE_LIMITS.sourceChars) throw new EquivalenceTableError(`source must be text of at most ${TABLE_LIMITS.sourceChars} characters`);
  if (!Array.isArray(value.groups)) throw new EquivalenceTableError('groups must be an array');
  if (value.groups.length > TABLE_LIMITS.groups) throw new EquivalenceTableError(`${value.groups.length} groups, more than the ${TABLE_LIMITS.groups} allowed`);
  const groupOf = new Map<string, number>();
  const groups: EquivalenceGroup[] = value.groups.map((g: unknown, i: number) => {
    const where = `group ${i + 1}`;
    if (!isRecord(g)) throw new EquivalenceTableError(`${where}: not an object`);
    checkKeys(g, ['canonical', 'variants', 'support'], where);
    const canonical = checkToken(g.canonical, `${where} canonical`);
    if (!Array.isArray(g.variants) || g.variants.length < 1 || g.variants.length > TABLE_LIMITS.variants) {
      throw new EquivalenceTableError(`${where}: variants must be an array of 1 to ${TABLE_LIMITS.variants} spellings`);
    }
    const variants = g.variants.map((v: unknown, j: number) => checkToken(v, `${where} variant ${j + 1}`));
    if (typeof g.support !== 'number' || !Number.isSafeInteger(g.support) || g.support < 1) throw new EquivalenceTableError(`${where}: support must be a whole number from 1`);
    for (const s of [canonical, ...variants]) {
      const before = groupOf.get(s);
      if (before !== undefined) throw new EquivalenceTableError(before === i ? `${where}: "${s}" is listed twice` : `"${s}" is in group ${before + 1} and group ${i + 1}`);
      groupOf.set(s, i);
    }
    return { canonical, variants, support: g.support };
  });
  return { version: 1, source: value.source, groups };
}

/**
 * Reads a table from its JSON text, refusing an over-long text before parsing it.
 * @example parseEquivalenceTable(readFileSync(EQUIVALENCES_URL, 'utf8')).groups.length
 */
export function parseEquivalenceTable(text: string): EquivalenceTable {
  if (text.length > TABLE_LIMITS.chars) throw new EquivalenceTableError(`${text.length} characters, more than the ${TABLE_LIMITS.chars} allowed`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EquivalenceTableError(`not JSON (${(error as Error).message.slice(0, 200)})`);
  }
  return validateEquivalenceTable(value);
}

/** The table as JSON, one group per line (so a re-mined table diffs line by line). Validates first. */
export function serialiseEquivalenceTable(table: EquivalenceTable): string {
  const t = validateEquivalenceTable(JSON.parse(JSON.stringify(table)));
  const lines = t.groups.map((g) => `    ${JSON.stringify(g)}`);
  return `{\n  "version": ${t.version},\n  "source": ${JSON.stringify(t.source)},\n  "groups": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
