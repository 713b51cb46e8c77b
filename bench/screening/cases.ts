/**
 * The labelled screening benchmark, built deterministically from the lists: positive queries
 * (perturbed listed names, held-out Arabic-script names and alternative spellings, yente's
 * treated UN names), each with the entry it must find, and negative queries (yente's synthetic
 * global persons, recombinations of two entries' names) that must find nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EntityData } from '@ariadne/schema';
import { jaroWinkler } from '@ariadne/sanctions';
import { nameTokens, normaliseName } from '@ariadne/names';
import { fnv1a, seededRng, type Rng } from './prng.ts';
import { dropMiddle, reorder, respell, typo } from './variants.ts';

export type Category = 'respelling' | 'reorder' | 'drop' | 'typo' | 'arabic' | 'alias' | 'treated' | 'negative-global' | 'negative-recombined';
export const POSITIVE_CATEGORIES: readonly Category[] = ['respelling', 'reorder', 'drop', 'typo', 'arabic', 'alias', 'treated'];
export const NEGATIVE_CATEGORIES: readonly Category[] = ['negative-global', 'negative-recombined'];

export interface BenchCase {
  readonly category: Category;
  readonly query: string;
  /** The entries that count as found (one, except for yente's treated names); none for negatives. */
  readonly expected: { readonly list: string; readonly entries: readonly string[] } | undefined;
  /** Calibration half or held-out half (by a hash of the entry, so one entry's cases stay together). */
  readonly half: 'calibration' | 'held-out';
  /** Which index the case runs against: the full lists, or the copy without held-out names. */
  readonly index: 'full' | 'held-out';
}

export interface Subject {
  readonly list: string;
  readonly entry: string;
  readonly entity: EntityData;
  /** The primary name in natural order ("First Last" for OFAC's "LAST, First"). */
  readonly display: string;
}

export interface BenchSet {
  readonly cases: BenchCase[];
  /** The lists with the held-out Arabic-script names and alternative spellings removed. */
  readonly heldOutLists: { list: string; entities: EntityData[] }[];
  readonly notes: string[];
}

const SUBJECTS = new Set(['Person', 'Organization', 'Company', 'LegalEntity']);
const ARABIC = /\p{Script=Arabic}/u;

/** The persons and organisations of a list, each with its reference (the Sanction's) and display name. */
export function subjectsOf(list: string, entities: readonly EntityData[]): Subject[] {
  const entryOf = new Map<string, string>();
  for (const e of entities) {
    const target = e.properties.entity?.[0];
    if (e.schema === 'Sanction' && target && !entryOf.has(target)) entryOf.set(target, e.properties.unscId?.[0] ?? e.properties.authorityId?.[0] ?? e.id);
  }
  return entities.filter((e) => SUBJECTS.has(e.schema) && e.properties.name?.[0]).map((entity) => {
    const p = entity.properties;
    const display = p.firstName?.[0] && p.lastName?.[0] ? `${p.firstName[0]} ${p.lastName[0]}` : p.name![0]!;
    return { list, entry: entryOf.get(entity.id) ?? entity.id, entity, display };
  });
}

/** The half a case belongs to, by a hash of its entry ("un-sc/QDi.001") or query. */
export const halfOf = (key: string) => (fnv1a(key) & 1 ? 'held-out' : 'calibration') as BenchCase['half'];
const positive = (category: Category, query: string, s: Subject, index: BenchCase['index'] = 'full'): BenchCase =>
  ({ category, query, expected: { list: s.list, entries: [s.entry] }, half: halfOf(`${s.list}/${s.entry}`), index });

function perturbed(category: Category, pool: readonly Subject[], { n, rng }: { n: number; rng: Rng }, make: (name: string) => string | undefined): BenchCase[] {
  const out: BenchCase[] = [];
  for (const s of rng.sample(pool, pool.length)) {
    if (out.length >= n) break;
    const q = make(s.display);
    if (q !== undefined) out.push(positive(category, q, s));
  }
  return out;
}

const strongNames = (e: EntityData) => [...(e.properties.name ?? []), ...(e.properties.alias ?? []), ...(e.properties.previousName ?? [])];
const tokenKeys = (name: string) => nameTokens(name).filter((t) => t.role === 'name' && t.key !== '').map((t) => t.key);

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
}

/**
 * Builds the cases. `perCategory` caps each generated category (the yente files are used whole).
 * @example const { cases, heldOutLists } = buildBenchSet([{ list: 'un-sc', entities: un }, { list: 'ofac-sdn', entities: ofac }], yenteDir, 400, 2331)
 */
export function buildBenchSet(lists: readonly { list: string; entities: EntityData[] }[], yente: string | undefined, perCategory: number, seed: number, { aliasRule = 'parts' }: { aliasRule?: AliasRule } = {}): BenchSet {
  const rng = seededRng(seed);
  const notes: string[] = [];
  const subjects = lists.flatMap(({ list, entities }) => subjectsOf(list, entities));
  const persons = subjects.filter((s) => s.entity.schema === 'Person');
  const latin = subjects.filter((s) => !ARABIC.test(s.display));
  const cases: BenchCase[] = [
    ...perturbed('respelling', latin, { n: perCategory, rng }, (n) => respell(n, rng)),
    ...perturbed('reorder', latin, { n: perCategory, rng }, (n) => reorder(n, rng)),
    ...perturbed('drop', persons, { n: perCategory, rng }, (n) => dropMiddle(n, rng)),
    ...perturbed('typo', latin, { n: perCategory, rng }, (n) => typo(n, rng)?.query),
  ];

  // Held out of the second index: each UN entry's Arabic-script name, and for a sample of
  // entries one alias that is an alternative spelling of another of its strong names, judged
  // part by part with the baseline's Jaro-Winkler, not the matcher under test (`isRespelling`;
  // aliasRule 'full-name' is the first rule, full-name Jaro-Winkler ≥ 0.8, which also took in
  // aliases that are other names: the benchmark reports that set beside).
  const unList = lists.find((l) => l.list === 'un-sc');
  const removed = new Map<string, Set<string>>();
  if (unList) {
    const un = subjectsOf('un-sc', unList.entities);
    for (const s of rng.sample(un, un.length)) {
      const arabic = (s.entity.properties.alias ?? []).find((a) => ARABIC.test(a));
      if (!arabic || cases.filter((c) => c.category === 'arabic').length >= perCategory) continue;
      removed.set(s.entity.id, new Set([arabic]));
      cases.push(positive('arabic', arabic, s, 'held-out'));
    }
    let aliases = 0;
    // each later category draws from its own generator, so how many cases one of them finds
    // does not change another's
    const aliasRng = seededRng(seed ^ fnv1a('alias'));
    for (const s of aliasRng.sample(un, un.length)) {
      if (aliases >= perCategory) break;
      const strong = strongNames(s.entity).filter((n) => !ARABIC.test(n));
      const norm = (n: string) => normaliseName(n.replace(/,/g, ' '));
      const candidates = (s.entity.properties.alias ?? []).filter((a) => !ARABIC.test(a) && strong.some((o) => norm(o) !== norm(a) && (aliasRule === 'full-name' ? jaroWinkler(norm(o), norm(a)) >= 0.8 : isRespelling(a, o))));
      if (candidates.length === 0) continue;
      const alias = aliasRng.pick(candidates);
      const set = removed.get(s.entity.id) ?? new Set<string>();
      set.add(alias);
      removed.set(s.entity.id, set);
      cases.push(positive('alias', alias, s, 'held-out'));
      aliases++;
    }
  }
  const heldOutLists = lists.map(({ list, entities }) => ({
    list,
    entities: entities.map((e) => {
      const drop = removed.get(e.id);
      if (!drop) return e;
      return { ...e, properties: { ...e.properties, alias: (e.properties.alias ?? []).filter((a) => !drop.has(a)) } };
    }),
  }));

  if (yente) {
    // yente's treated UN names carry no reference: a treated name counts as found when the
    // matcher flags any UN entry with a strong name equal (normalised) to the untreated name.
    const byName = new Map<string, Set<string>>();
    for (const s of subjects.filter((x) => x.list === 'un-sc')) {
      for (const n of strongNames(s.entity)) {
        const k = normaliseName(n);
        (byName.get(k) ?? byName.set(k, new Set()).get(k)!).add(s.entry);
      }
    }
    const untreated = readCsv(join(yente, 'positives_un_untreated.csv'));
    const treated = readCsv(join(yente, 'positives_un_treated.csv'));
    let unknown = 0;
    treated.forEach((row, i) => {
      const entries = byName.get(normaliseName(untreated[i]?.full_name ?? ''));
      if (!entries || !row.full_name) { unknown++; return; }
      cases.push({ category: 'treated', query: row.full_name, expected: { list: 'un-sc', entries: [...entries] }, half: halfOf([...entries].sort().join()), index: 'full' });
    });
    if (unknown > 0) notes.push(`${unknown} of ${treated.length} yente treated names have no UN entry of that exact name in this list version: skipped`);
    for (const row of readCsv(join(yente, 'negatives_global.csv'))) {
      if (row.full_name) cases.push({ category: 'negative-global', query: row.full_name, expected: undefined, half: halfOf(row.full_name), index: 'full' });
    }
  } else notes.push('yente fixtures absent: no treated positives and no global negatives');

  // Recombinations: the given name of one listed person with the family name of another,
  // rejected when every name part of it occurs in one single listed name (that would be a
  // listed name with parts dropped, i.e. a positive of the "drop" kind).
  const containing = new Map<string, Set<number>>();
  const allNames = lists.flatMap(({ entities }) => entities.filter((e) => SUBJECTS.has(e.schema)).flatMap((e) => [...strongNames(e), ...(e.properties.weakAlias ?? [])]));
  allNames.forEach((n, i) => { for (const k of tokenKeys(n)) (containing.get(k) ?? containing.set(k, new Set()).get(k)!).add(i); });
  const multi = persons.filter((p) => p.display.trim().split(/\s+/).length >= 2 && !ARABIC.test(p.display));
  let recombined = 0;
  const recombineRng = seededRng(seed ^ fnv1a('negative-recombined'));
  for (let tries = 0; recombined < Math.max(perCategory, 1000) && tries < 100_000; tries++) {
    const a = recombineRng.pick(multi);
    const b = recombineRng.pick(multi);
    if (a.entry === b.entry) continue;
    const given = a.display.replace(/,/g, '').split(/\s+/)[0]!;
    const family = b.display.replace(/,/g, '').split(/\s+/).at(-1)!;
    const query = `${given} ${family}`;
    const keys = tokenKeys(query);
    if (keys.length < 2 || new Set(keys).size < keys.length) continue;
    const sets = keys.map((k) => containing.get(k) ?? new Set<number>());
    if ([...sets[0]!].some((i) => sets.every((s) => s.has(i)))) continue;
    cases.push({ category: 'negative-recombined', query, expected: undefined, half: halfOf(query), index: 'full' });
    recombined++;
  }
  return { cases, heldOutLists, notes };
}

/** How the alias category's aliases are chosen: respellings judged part by part, or (the first rule) full-name Jaro-Winkler ≥ 0.8. */
export type AliasRule = 'parts' | 'full-name';
const PART_JW = 0.8;
/** Lower-case letter runs of a name, marks removed: the baseline's own tokenisation, not the matcher's. */
const plainParts = (name: string): string[] => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}]+/u).filter((p) => p !== '');
/**
 * Whether alias `a` is another spelling of name `o`, judged part by part with the baseline's
 * Jaro-Winkler (not the matcher under test): the same number of parts, paired one to one (in
 * any order) so that each pair is within PART_JW or is an initial and a part it begins, and at
 * least one pair spelt differently. A different given name or an added family name is another
 * name, not a respelling ("Son Min" / "Son Jong Hyok", "Korea Foreign Insurance Company" /
 * "Korean National Insurance Company"), which full-name Jaro-Winkler ≥ 0.8 let in.
 */
export function isRespelling(a: string, o: string): boolean {
  const pa = plainParts(a);
  const po = plainParts(o);
  if (pa.length === 0 || pa.length !== po.length) return false;
  const close = (x: string, y: string) => x === y || (x.length === 1 ? y.startsWith(x) : y.length === 1 ? x.startsWith(y) : jaroWinkler(x, y) >= PART_JW);
  const used = new Array<boolean>(po.length).fill(false);
  // greedy on the closest pairs first (exact ones, then by similarity)
  const pairs = pa.flatMap((x, i) => po.map((y, j) => ({ i, j, sim: x === y ? 2 : close(x, y) ? jaroWinkler(x, y) : -1 }))).filter((p) => p.sim >= 0).sort((p, q) => q.sim - p.sim);
  const usedA = new Array<boolean>(pa.length).fill(false);
  let paired = 0;
  let differs = false;
  for (const p of pairs) {
    if (usedA[p.i] || used[p.j]) continue;
    usedA[p.i] = used[p.j] = true;
    paired++;
    if (pa[p.i] !== po[p.j]) differs = true;
  }
  return paired === pa.length && differs;
}
