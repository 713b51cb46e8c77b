/**
 * Incidents from a CSV tagged with HXL hashtags (Humanitarian Exchange Language, hxlstandard.org,
 * dictionary 1.1). The hashtag row may follow any number of human header rows: it is the first of
 * the first 25 records whose non-empty cells are at least half hashtags (libhxl's rule).
 *
 * Mapping (HXL_INCIDENT_MAPPING holds it as data; first matching rule per column wins):
 *
 * | hashtag (attributes in any order)          | Incident field                                                   |
 * |--------------------------------------------|------------------------------------------------------------------|
 * | #event +id / #event +code                  | key for duplicates within the file (the id is not copied)        |
 * | #date +occurred                            | date (preferred)                                                 |
 * | #date (no +reported/+start/+end)           | date, when no #date+occurred                                     |
 * | #date +reported                            | date, when neither of the above                                  |
 * | #country +code, else #country / +name      | place: country text for the resolver                             |
 * | #adm1…#adm5 +code, else +name / plain      | place: admin text for the resolver (deepest level given)         |
 * | #geo +lat, #geo +lon                       | place: point                                                     |
 * | #event +type / #event +category            | category (INCIDENT_CATEGORIES or a synonym; else 'other', noted) |
 * | #event +exploitation / #event +form        | forms (EXPLOITATION_FORMS or a synonym; else 'other', noted)     |
 * | #org +perpetrator / #group +perpetrator    | perpetratorGroup                                                 |
 * | #status +verification / #status           | verification (else 'reported'; an unknown word -> 'unverified')  |
 * | #affected with only sex/age attributes     | victims by sex and age (see below)                               |
 *
 * Victims: +f female, +m male, +i other; +infants 0-11, +adolescents 12-17, +children 0-17,
 * +adults and +elderly 18+ (the second of two columns for the same sex and age is ignored, as
 * +elderly may overlap +adults); +total (or no attribute) is a total. Counts are never added twice:
 * the finest breakdown is used, a coarser figure only adds its remainder (a total of 10 with
 * 7 by sex adds 3 of unknown sex), and a coarser figure smaller than its parts is a problem for
 * the record. Counts by age without sex are not added when counts by sex exist (they are the
 * same persons tabulated another way). #affected columns with other attributes (+killed, +idps,
 * +hh, …) are not counts of victims by sex and age: they are ignored and named in the notes.
 *
 * Unknown hashtags and untagged columns are ignored and named in the notes. Duplicates: a record
 * with the same #event+id as an earlier one (or, without that column, every cell the same) is a
 * problem naming the earlier line and is not imported, so nothing is counted twice.
 */
import { AriadneError } from '@ariadne/schema';
import { INCIDENT_CATEGORIES, VERIFICATION_STATUSES, type AgeBand, type Incident, type IncidentCategory, type Sex, type VerificationStatus, type VictimGroup } from '../types.ts';
import {
  DuplicateIndex, ImportLog, cell, exploitationForms, looksLikeFormula, parseCount, readCsvRecords, resolveRecordPlace, vocabularyKey,
  type CsvInput, type CsvRecord, type ImportOptions, type MonitoringImport, type PlaceResolver,
} from './csv-rows.ts';
import { isDateProblem, parseDate } from './dates.ts';

/** Records searched for the hashtag row. */
export const HASHTAG_ROW_SEARCH = 25;

export interface HxlTag {
  /** lower case, without '#' */
  readonly tag: string;
  /** lower case, without '+' */
  readonly attributes: ReadonlySet<string>;
  /** as written, normalised to "#tag+attr+attr" */
  readonly text: string;
}

const TAG_SYNTAX = /^#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)$/i;

/** Parses one hashtag cell ("#affected +f +children"); undefined when it is not one. */
export function parseHxlTag(text: string): HxlTag | undefined {
  const m = TAG_SYNTAX.exec(text.trim());
  if (!m) return undefined;
  const tag = m[1]!.toLowerCase();
  const attributes = m[2]!.split('+').map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
  return { tag, attributes: new Set(attributes), text: `#${tag}${attributes.map((a) => `+${a}`).join('')}` };
}

export type HxlRole = 'eventId' | 'date' | 'country' | 'admin' | 'lat' | 'lon' | 'category' | 'forms' | 'perpetrator' | 'verification' | 'victims';

export interface HxlRule {
  readonly tag: string;
  /** attributes the column must carry (any one of the alternatives lists) */
  readonly anyOf?: readonly string[];
  /** attributes it must not carry */
  readonly noneOf?: readonly string[];
  readonly role: HxlRole;
  /** lower wins when several columns take the same role */
  readonly rank: number;
}

/** The mapping table above, as data. */
export const HXL_INCIDENT_MAPPING: readonly HxlRule[] = [
  { tag: 'event', anyOf: ['id', 'code'], role: 'eventId', rank: 0 },
  { tag: 'event', anyOf: ['type', 'category'], role: 'category', rank: 0 },
  { tag: 'event', anyOf: ['exploitation', 'form'], role: 'forms', rank: 0 },
  { tag: 'date', anyOf: ['occurred'], role: 'date', rank: 0 },
  { tag: 'date', noneOf: ['reported', 'start', 'end'], role: 'date', rank: 1 },
  { tag: 'date', anyOf: ['reported'], role: 'date', rank: 2 },
  { tag: 'country', anyOf: ['code'], role: 'country', rank: 0 },
  { tag: 'country', role: 'country', rank: 1 },
  ...[5, 4, 3, 2, 1].flatMap((level, i): HxlRule[] => [
    { tag: `adm${level}`, anyOf: ['code'], role: 'admin', rank: i * 2 },
    { tag: `adm${level}`, role: 'admin', rank: i * 2 + 1 },
  ]),
  { tag: 'geo', anyOf: ['lat'], role: 'lat', rank: 0 },
  { tag: 'geo', anyOf: ['lon'], role: 'lon', rank: 0 },
  { tag: 'org', anyOf: ['perpetrator'], role: 'perpetrator', rank: 0 },
  { tag: 'group', anyOf: ['perpetrator'], role: 'perpetrator', rank: 1 },
  { tag: 'status', anyOf: ['verification'], role: 'verification', rank: 0 },
  { tag: 'status', role: 'verification', rank: 1 },
  { tag: 'affected', role: 'victims', rank: 0 },
];

const SEX_ATTRIBUTES: ReadonlyMap<string, Sex> = new Map([['f', 'female'], ['m', 'male'], ['i', 'other']]);
const AGE_ATTRIBUTES: ReadonlyMap<string, AgeBand> = new Map([['infants', '0-11'], ['adolescents', '12-17'], ['children', '0-17'], ['adults', '18+'], ['elderly', '18+']]);
/** attributes that qualify without changing what is counted: individuals, totals, custom age ranges (+age_5_12), languages (+i_en) */
const NEUTRAL_ATTRIBUTE = /^(?:ind|total|age\w*|i_[a-z]{2,3})$/;

type SexKey = Sex | '*';
type AgeKey = AgeBand | '*';

interface VictimColumn {
  readonly index: number;
  readonly sex: SexKey;
  readonly age: AgeKey;
}

function matches(rule: HxlRule, tag: HxlTag): boolean {
  if (rule.tag !== tag.tag) return false;
  if (rule.anyOf && !rule.anyOf.some((a) => tag.attributes.has(a))) return false;
  if (rule.noneOf && rule.noneOf.some((a) => tag.attributes.has(a))) return false;
  return true;
}

/** The sex and age an #affected column counts, or why it is not read. */
function victimColumn(index: number, tag: HxlTag): VictimColumn | { ignored: string } {
  const sexes: Sex[] = [];
  const ages: string[] = [];
  for (const a of tag.attributes) {
    const sex = SEX_ATTRIBUTES.get(a);
    if (sex) { sexes.push(sex); continue; }
    if (AGE_ATTRIBUTES.has(a)) { ages.push(a); continue; }
    if (!NEUTRAL_ATTRIBUTE.test(a)) return { ignored: `${tag.text} (not a count of victims by sex and age)` };
  }
  if (sexes.length > 1) return { ignored: `${tag.text} (more than one sex)` };
  // +adults +elderly together still means 18+; other pairs of age groups are ambiguous
  const bands = new Set(ages.map((a) => AGE_ATTRIBUTES.get(a)!));
  if (bands.size > 1) return { ignored: `${tag.text} (more than one age group)` };
  return { index, sex: sexes[0] ?? '*', age: [...bands][0] ?? '*' };
}

interface Layout {
  readonly width: number;
  readonly single: Partial<Record<Exclude<HxlRole, 'victims'>, number>>;
  readonly victims: readonly VictimColumn[];
}

/** Which column plays which role; notes what is ignored. */
function layoutOf(tags: readonly (HxlTag | undefined)[], log: ImportLog): Layout {
  const best = new Map<HxlRole, { index: number; rank: number; text: string }>();
  const victims: VictimColumn[] = [];
  const victimKeys = new Set<string>();
  const ignored: string[] = [];
  const unknown = new Set<string>();
  let untagged = 0;
  tags.forEach((tag, index) => {
    if (tag === undefined) { untagged++; return; }
    const rule = HXL_INCIDENT_MAPPING.find((r) => matches(r, tag));
    if (rule === undefined) { unknown.add(tag.text); return; }
    if (rule.role === 'victims') {
      const v = victimColumn(index, tag);
      if ('ignored' in v) { ignored.push(v.ignored); return; }
      const key = `${v.sex}/${v.age}`;
      if (victimKeys.has(key)) { ignored.push(`${tag.text} (a second column for the same sex and age)`); return; }
      victimKeys.add(key);
      victims.push(v);
      return;
    }
    const held = best.get(rule.role);
    if (held === undefined || rule.rank < held.rank) {
      if (held) ignored.push(`${held.text} (${tag.text} is used for ${rule.role})`);
      best.set(rule.role, { index, rank: rule.rank, text: tag.text });
    } else {
      ignored.push(`${tag.text} (${held.text} is used for ${rule.role})`);
    }
  });
  if (unknown.size > 0) log.note(`hashtags not in the mapping, ignored: ${[...unknown].slice(0, 30).join(', ')}${unknown.size > 30 ? ', …' : ''}`);
  if (ignored.length > 0) log.note(`columns not read: ${ignored.slice(0, 30).join('; ')}${ignored.length > 30 ? '; …' : ''}`);
  if (untagged > 0) log.note(`${untagged} column${untagged === 1 ? '' : 's'} without a hashtag, ignored`);
  const single: Layout['single'] = {};
  for (const [role, { index }] of best) if (role !== 'victims') single[role] = index;
  return { width: tags.length, single, victims };
}

/** The tag row: at least half of the non-empty cells are hashtags. */
function asTagRow(fields: readonly string[]): (HxlTag | undefined)[] | undefined {
  let filled = 0;
  let tagged = 0;
  const tags = fields.map((f) => {
    if (f.trim() === '') return undefined;
    filled++;
    const t = parseHxlTag(f);
    if (t) tagged++;
    return t;
  });
  return filled > 0 && tagged * 2 >= filled ? tags : undefined;
}

const CATEGORY_SYNONYMS: ReadonlyMap<string, IncidentCategory> = new Map([
  ['recruitment', 'tip:recruitment'], ['trafficking_recruitment', 'tip:recruitment'],
  ['transit', 'tip:transit'], ['transport', 'tip:transit'], ['exploitation', 'tip:exploitation'],
  ['sale', 'tip:sale'], ['sale_of_persons', 'tip:sale'],
  ['abduction', 'mrm:abduction'], ['child_recruitment', 'mrm:recruitment_use'], ['recruitment_and_use', 'mrm:recruitment_use'],
  ['killing_and_maiming', 'mrm:killing_maiming'], ['killing_maiming', 'mrm:killing_maiming'],
  ['attacks_on_schools_and_hospitals', 'mrm:attacks_schools_hospitals'], ['denial_of_humanitarian_access', 'mrm:denial_humanitarian_access'],
  ['rape', 'crsv:rape'], ['sexual_slavery', 'crsv:sexual_slavery'], ['forced_prostitution', 'crsv:forced_prostitution'],
  ['forced_marriage', 'crsv:forced_marriage'], ['trafficking_for_sexual_exploitation', 'crsv:trafficking_for_sexual_exploitation'],
  ['sexual_assault', 'gbv:sexual_assault'], ['physical_assault', 'gbv:physical_assault'], ['denial_of_resources', 'gbv:denial_of_resources'],
  ['psychological_abuse', 'gbv:psychological_abuse'], ['psychological_emotional_abuse', 'gbv:psychological_abuse'],
]);

/** A category from its own name ("crsv:rape") or a synonym ("Sexual slavery"); undefined when neither. */
export function incidentCategoryOf(text: string): IncidentCategory | undefined {
  const key = vocabularyKey(text);
  if ((INCIDENT_CATEGORIES as readonly string[]).includes(key)) return key as IncidentCategory;
  return CATEGORY_SYNONYMS.get(key);
}

const VERIFICATION_SYNONYMS: ReadonlyMap<string, VerificationStatus> = new Map([
  ['confirmed', 'verified'], ['verifie', 'verified'], ['signale', 'reported'], ['alleged', 'unverified'],
  ['not_verified', 'unverified'], ['non_verifie', 'unverified'], ['false', 'discredited'], ['refuted', 'discredited'],
]);

/** A verification status from its name or a synonym (English, French); undefined when neither. */
export function verificationOf(text: string): VerificationStatus | undefined {
  const key = vocabularyKey(text);
  if ((VERIFICATION_STATUSES as readonly string[]).includes(key)) return key as VerificationStatus;
  return VERIFICATION_SYNONYMS.get(key);
}

type Counts = Map<string, number>;
const at = (counts: Counts, sex: SexKey, age: AgeKey): number | undefined => counts.get(`${sex}/${age}`);

/** The groups of one sex (or of unknown sex, '*'), from the finest counts up; a problem when a total is below its parts. */
function groupsOf(counts: Counts, sex: SexKey): VictimGroup[] | { problem: string } {
  const as: Sex = sex === '*' ? 'unknown' : sex;
  const out: VictimGroup[] = [];
  const add = (ageBand: AgeBand, count: number): void => { if (count > 0) out.push({ sex: as, ageBand, count }); };
  const infants = at(counts, sex, '0-11');
  const adolescents = at(counts, sex, '12-17');
  const children = at(counts, sex, '0-17');
  const adults = at(counts, sex, '18+');
  const total = at(counts, sex, '*');
  const label = sex === '*' ? '' : `${as} `;
  const parts = (infants ?? 0) + (adolescents ?? 0);
  add('0-11', infants ?? 0);
  add('12-17', adolescents ?? 0);
  if (children !== undefined) {
    if (children < parts) return { problem: `${label}children (${children}) are fewer than ${label}infants and adolescents (${parts})` };
    add('0-17', children - parts);
  }
  add('18+', adults ?? 0);
  const sum = Math.max(parts, children ?? 0) + (adults ?? 0);
  if (total !== undefined) {
    if (total < sum) return { problem: `the ${label}total (${total}) is less than its parts by age (${sum})` };
    add('unknown', total - sum);
  }
  return out;
}

/** Victims of one record from its #affected counts (see the header comment). */
function victimsOf(counts: Counts, log: ImportLog): VictimGroup[] | { problem: string } {
  const bySex: VictimGroup[] = [];
  for (const sex of ['female', 'male', 'other'] as const) {
    const groups = groupsOf(counts, sex);
    if ('problem' in groups) return groups;
    bySex.push(...groups);
  }
  const sexed = [...counts.keys()].some((k) => !k.startsWith('*/'));
  if (!sexed) return groupsOf(counts, '*');
  if ([...counts.keys()].some((k) => k.startsWith('*/') && k !== '*/*')) log.tally('counts by age without sex were not added (the counts by sex are used)');
  const sum = bySex.reduce((s, g) => s + g.count, 0);
  const total = at(counts, '*', '*');
  if (total !== undefined) {
    if (total < sum) return { problem: `the total (${total}) is less than the counts by sex (${sum})` };
    if (total > sum) bySex.push({ sex: 'unknown', ageBand: 'unknown', count: total - sum });
  }
  return bySex;
}

export interface HxlImportOptions extends ImportOptions {
  readonly resolvePlace: PlaceResolver;
}

/** Reads one data record into an Incident, or a problem. */
function incidentOf(r: { line: number; fields: string[] }, layout: Layout, options: HxlImportOptions, log: ImportLog): Incident | { problem: string } {
  const f = r.fields;
  const col = (role: keyof Layout['single']): string => cell(f, layout.single[role] ?? -1);
  const date = parseDate(col('date'), options.today ? { today: options.today } : {});
  if (isDateProblem(date)) return date;
  const place = resolveRecordPlace(options.resolvePlace, { country: col('country'), admin: col('admin'), lat: col('lat'), lon: col('lon') });
  if ('problem' in place) return place;
  const counts: Counts = new Map();
  for (const v of layout.victims) {
    const n = parseCount(cell(f, v.index), `the count under column ${v.index + 1}`);
    if (typeof n === 'object') return n;
    if (n !== undefined) counts.set(`${v.sex}/${v.age}`, n);
  }
  const victims = victimsOf(counts, log);
  if ('problem' in victims) return victims;
  let category: IncidentCategory = 'other';
  const categoryText = col('category');
  if (categoryText !== '') {
    const c = incidentCategoryOf(categoryText);
    if (c === undefined) log.tally('event type not in the category mapping, imported as "other"');
    else category = c;
  }
  const { forms, unmapped } = exploitationForms(col('forms'));
  if (unmapped > 0) log.tally('form of exploitation not in the list, imported as "other"');
  let verification: VerificationStatus = 'reported';
  const statusText = col('verification');
  if (statusText !== '') {
    const v = verificationOf(statusText);
    if (v === undefined) log.tally('verification status not recognised, imported as "unverified"');
    verification = v ?? 'unverified';
  }
  const perpetrator = col('perpetrator');
  const source = options.sourceName ?? 'file';
  return {
    id: `hxl:${source}#${r.line}`, source: 'hxl', date: date.date, place, category, forms, verification, victims,
    ...(perpetrator !== '' ? { perpetratorGroup: perpetrator } : {}),
  };
}

/**
 * Imports incidents from an HXL-tagged CSV (text, bytes or a stream).
 *
 * @throws AriadneError MALFORMED_INPUT when the file is empty or has no hashtag row in its first
 *   25 records; VALIDATION_FAILED when the hashtags give no date or no place; PAYLOAD_TOO_LARGE over a limit
 * @example const { items, problems, notes } = await importHxlCsv(createReadStream(path), { resolvePlace, sourceName: 'ocha-2024.csv' })
 */
export async function importHxlCsv(input: CsvInput, options: HxlImportOptions): Promise<MonitoringImport<Incident>> {
  const log = new ImportLog(options.maxProblems);
  const items: Incident[] = [];
  const duplicates = new DuplicateIndex();
  const before: CsvRecord[] = [];
  let layout: Layout | undefined;
  let records = 0;
  let formulaRecords = 0;
  for await (const r of readCsvRecords(input, options)) {
    if (layout === undefined) {
      const tags = r.fields ? asTagRow(r.fields) : undefined;
      if (tags === undefined) {
        before.push(r);
        if (before.length >= HASHTAG_ROW_SEARCH) break;
        continue;
      }
      layout = layoutOf(tags, log);
      if (layout.single.date === undefined) {
        throw new AriadneError('VALIDATION_FAILED', 'The HXL hashtag row has no #date column; incidents cannot be dated.', { details: { '#date': 'required' } });
      }
      if (layout.single.country === undefined && layout.single.admin === undefined && layout.single.lat === undefined) {
        throw new AriadneError('VALIDATION_FAILED', 'The HXL hashtag row has no place column (#country, #adm1-5 or #geo+lat/#geo+lon).', { details: { '#country': 'required' } });
      }
      // bad records before the tag row were header rows or damage: either way, name them
      for (const b of before) if (b.problem !== undefined) log.problem(b.line, b.problem);
      continue;
    }
    records++;
    if (r.problem !== undefined) { log.problem(r.line, r.problem); continue; }
    if (r.fields.length !== layout.width) {
      log.problem(r.line, `the record has ${r.fields.length} fields, the hashtag row has ${layout.width}`);
      continue;
    }
    if (r.fields.some(looksLikeFormula)) formulaRecords++;
    const idCell = cell(r.fields, layout.single.eventId ?? -1);
    const key = idCell !== '' ? `id\u0000${idCell}` : `row\u0000${r.fields.map((x) => x.trim()).join('\u0000')}`;
    const incident = incidentOf(r, layout, options, log);
    if ('problem' in incident) { log.problem(r.line, incident.problem); continue; }
    const earlier = duplicates.firstLine(key, r.line);
    if (earlier !== undefined) {
      log.problem(r.line, `duplicate of the record on line ${earlier} (${idCell !== '' ? 'same #event+id' : 'every cell the same'}); not imported`);
      continue;
    }
    items.push(incident);
  }
  if (layout === undefined) {
    if (before.length === 0) throw new AriadneError('MALFORMED_INPUT', 'The file is empty.', { details: { file: 'empty' } });
    throw new AriadneError('MALFORMED_INPUT', `No HXL hashtag row (a row of #tags) in the first ${HASHTAG_ROW_SEARCH} records; this is not an HXL-tagged CSV.`, { details: { hashtags: 'missing' } });
  }
  if (formulaRecords > 0) log.tally('cells start like a spreadsheet formula (=, +, -, @): kept as text, never evaluated; escape them when exporting', formulaRecords);
  return log.result(items, records);
}
