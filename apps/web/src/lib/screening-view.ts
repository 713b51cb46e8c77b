/**
 * Pure helpers behind the screening, lists, alerts and duplicates pages: score display, the
 * alert inbox's "undecided" view over two server filters, a designation laid out for reading,
 * and whether a duplicate proposal may be merged. No DOM, so node tests cover them.
 */
import type { DuplicateProposal, ListEntry } from '../api/screening-types.ts';
import type { Page } from '../api/types.ts';

/**
 * A 0–1 score as a whole percent, clamped (for the score bars).
 * @example scorePercent(0.876) // 88
 */
export function scorePercent(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

type Loader<T> = (cursor: string | null) => Promise<Page<T>>;

/** A finished stream in a combined cursor. */
const DONE = 0;

/**
 * Pages over several filtered lists at once (the inbox's default "open + needs review" is two
 * server filters): each page holds the next page of every list not yet finished, ordered by
 * `compare`; the cursor is the lists' own cursors together.
 * @example await unionPage({ open: (c) => api.alerts({ status: 'open', cursor: c }), … }, null, newestFirst)
 */
export async function unionPage<T>(loaders: Readonly<Record<string, Loader<T>>>, cursor: string | null, compare: (a: T, b: T) => number): Promise<Page<T>> {
  const state = parseUnionCursor(cursor, Object.keys(loaders));
  const keys = Object.keys(loaders).filter((k) => state[k] !== DONE);
  const pages = await Promise.all(keys.map((k) => loaders[k]!((state[k] as string | null | undefined) ?? null)));
  const next: Record<string, string | null | typeof DONE> = { ...state };
  const items: T[] = [];
  keys.forEach((k, i) => {
    items.push(...pages[i]!.items);
    next[k] = pages[i]!.next ?? DONE;
  });
  const more = Object.values(next).some((v) => v !== DONE);
  return { items: items.sort(compare), next: more ? JSON.stringify(next) : null };
}

function parseUnionCursor(cursor: string | null, keys: readonly string[]): Record<string, string | null | typeof DONE> {
  const fresh = Object.fromEntries(keys.map((k) => [k, null]));
  if (!cursor) return fresh;
  try {
    const parsed: unknown = JSON.parse(cursor);
    if (!parsed || typeof parsed !== 'object') return fresh;
    const rec = parsed as Record<string, unknown>;
    return Object.fromEntries(keys.map((k) => [k, typeof rec[k] === 'string' || rec[k] === DONE ? (rec[k] as string | typeof DONE) : null]));
  } catch {
    return fresh;
  }
}

/** Newest first by an ISO timestamp field, for `unionPage`. */
export function newestFirst<T extends { readonly createdAt: string }>(a: T, b: T): number {
  return b.createdAt.localeCompare(a.createdAt);
}

export type NameQuality = 'name' | 'alias' | 'weakAlias' | 'previousName';
export const NAME_QUALITIES: readonly NameQuality[] = ['name', 'alias', 'weakAlias', 'previousName'];

export interface ListedName {
  readonly quality: NameQuality;
  readonly value: string;
  /** the writing system when not Latin (`Arabic`, `Cyrillic`…): the original-script name */
  readonly script: string | null;
}

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Arabic', /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/],
  ['Cyrillic', /[\u0400-\u04FF]/],
  ['Hebrew', /[\u0590-\u05FF]/],
  ['Greek', /[\u0370-\u03FF]/],
  ['Han', /[\u4E00-\u9FFF]/],
  ['Hangul', /[\uAC00-\uD7AF]/],
  ['Thai', /[\u0E00-\u0E7F]/],
];

/**
 * The non-Latin script a name is written in, or null.
 * @example scriptOf('محمد') // 'Arabic'
 */
export function scriptOf(text: string): string | null {
  for (const [script, pattern] of SCRIPTS) if (pattern.test(text)) return script;
  return null;
}

export interface EntryView {
  readonly subject: ListEntry['entities'][number] | null;
  readonly names: readonly ListedName[];
  readonly birthDates: readonly string[];
  readonly birthPlaces: readonly string[];
  readonly nationalities: readonly string[];
  readonly gender: readonly string[];
  /** passport and identity numbers, then the list's own document notes */
  readonly documents: readonly string[];
  readonly programmes: readonly string[];
  readonly listingDates: readonly string[];
  readonly authorities: readonly string[];
  readonly addresses: readonly string[];
  /** remarks (including approximate birth dates and document details) */
  readonly notes: readonly string[];
}

const uniq = (values: readonly string[]) => [...new Set(values.filter((v) => v.trim() !== ''))];

/**
 * A designation laid out for an analyst: the subject's names by quality (original script marked),
 * birth dates, nationalities, documents, the programme and listing date from its Sanction.
 */
export function entryView(entry: ListEntry): EntryView {
  const subject = entry.entities.find((e) => e.id === entry.subjectId) ?? entry.entities.find((e) => e.schema !== 'Sanction') ?? null;
  const sanctions = entry.entities.filter((e) => e.schema === 'Sanction');
  const p = subject?.properties ?? {};
  const get = (prop: string) => [...(p[prop] ?? [])];
  const fromSanctions = (prop: string) => uniq(sanctions.flatMap((s) => [...(s.properties[prop] ?? [])]));
  const names: ListedName[] = [];
  const seen = new Set<string>();
  for (const quality of NAME_QUALITIES) {
    for (const value of get(quality)) {
      if (seen.has(value)) continue;
      seen.add(value);
      names.push({ quality, value, script: scriptOf(value) });
    }
  }
  const notes = get('notes');
  return {
    subject,
    names,
    birthDates: uniq(get('birthDate')),
    birthPlaces: uniq(get('birthPlace')),
    nationalities: uniq([...get('nationality'), ...get('citizenship')]),
    gender: uniq(get('gender')),
    documents: uniq([...get('passportNumber'), ...get('idNumber'), ...get('taxNumber'), ...get('registrationNumber'), ...notes.filter((n) => n.startsWith('Document '))]),
    programmes: uniq([...fromSanctions('program'), ...get('program')]),
    listingDates: fromSanctions('listingDate'),
    authorities: fromSanctions('authority'),
    addresses: uniq(get('address')),
    notes: notes.filter((n) => !n.startsWith('Document ')),
  };
}

/**
 * Why a proposal cannot be merged (a message key), or null when it can: merges never cross
 * cases (those are linked as the same subject instead), and only open proposals are decided.
 */
export function mergeBlocked(proposal: Pick<DuplicateProposal, 'a' | 'b' | 'status'>): string | null {
  if (proposal.status !== 'open') return 'duplicates.notOpen';
  if (proposal.a.caseId !== proposal.b.caseId) return 'duplicates.crossCase';
  return null;
}

/** Schemata screened against sanctions lists (persons and organisations, and their parents). */
const SCREENED_SCHEMATA = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody']);

export function isScreenable(schema: string): boolean {
  return SCREENED_SCHEMATA.has(schema);
}

/** Only persons and organisations have a designation dossier. */
export function hasDossier(schema: string): boolean {
  return SCREENED_SCHEMATA.has(schema);
}
