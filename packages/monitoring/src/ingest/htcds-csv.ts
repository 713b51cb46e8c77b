/**
 * Trafficking events and routes from a CSV using the field names of IOM's Human Trafficking Case
 * Data Standard 2.0 (github.com/UNMigration/HTCDS, CC BY 4.0): one record per historic trafficking
 * event (`hte_*`), with the case's consent, victim context and a case key on each record.
 *
 * | HTCDS field                       | read as                                                            |
 * |-----------------------------------|--------------------------------------------------------------------|
 * | hte_Type                          | category: Recruitment -> tip:recruitment, Transit -> tip:transit,   |
 * |                                   | Exploitation -> tip:exploitation (anything else: a problem)        |
 * | hte_Date                          | date                                                               |
 * | hte_Country, hte_State (else      | place, through the resolver; coordinates rounded to               |
 * | hte_City), hte_Latitude/Longitude | `coordinateDecimals` (2 = about 1 km) as they may be a home        |
 * | con_Consent                       | only records whose case consented (true/yes/1/x) are read          |
 * | vic_TraffickingStatus             | ActualVictim… -> verified, PossibleVictim… or empty -> reported,   |
 * |                                   | NotAVictim… -> excluded (counted)                                  |
 * | vic_TypeOfExploitation            | forms                                                              |
 * | prs_Gender, vic_AgeWhenTrafficked | one victim: sex, age band (0-11, 12-17, 18+)                       |
 * | the case key (`caseColumn`)       | groups events into one route; never copied                         |
 *
 * Personal fields are never read, let alone copied: names, prs_Birthdate, identity numbers,
 * e-mail and phones, mailing and street addresses (prs_* other than prs_Gender, hte_Street,
 * hte_PostalCode). Consent (research target C1): a case with any record whose con_Consent is not
 * true is excluded as a whole, and the excluded records are counted, never listed.
 *
 * Movements: a case's events become a route when it has at least two stages: origin = its
 * earliest recruitment, transit = its transit events by date, destination = its earliest
 * exploitation. Duplicates (same case, type, date and place) are a problem naming the first line.
 */
import { createHash } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { AgeBand, ExploitationForm, Incident, IncidentCategory, Movement, Place, RouteStage, Sex, VerificationStatus } from '../types.ts';
import {
  DuplicateIndex, ImportLog, cell, columnIndexes, exploitationForms, looksLikeFormula, readCsvRecords, resolveRecordPlace, vocabularyKey,
  type CsvInput, type ImportOptions, type MonitoringImport, type PlaceResolver,
} from './csv-rows.ts';
import { isDateProblem, parseDate } from './dates.ts';

export interface HtcdsImport extends MonitoringImport<Incident> {
  /** Routes of cases with at least two stages. */
  readonly movements: Movement[];
  /** Records not imported because their case has no consent (con_Consent not true). */
  readonly excludedNoConsent: number;
  /** Records not imported because the person was found not to be a victim of trafficking. */
  readonly excludedNotAVictim: number;
}

export interface HtcdsImportOptions extends ImportOptions {
  readonly resolvePlace: PlaceResolver;
  /** The column that names the case; default: the first of cas_Id, cas_CaseNumber, cas_CaseId, case_id present. */
  readonly caseColumn?: string;
  /** Decimals kept of event coordinates; default 2 (about 1.1 km). */
  readonly coordinateDecimals?: number;
}

const COLUMNS = {
  type: 'hte_Type', date: 'hte_Date', country: 'hte_Country', state: 'hte_State', city: 'hte_City', lat: 'hte_Latitude', lon: 'hte_Longitude',
  consent: 'con_Consent', status: 'vic_TraffickingStatus', forms: 'vic_TypeOfExploitation', age: 'vic_AgeWhenTrafficked', gender: 'prs_Gender',
} as const;
const REQUIRED = ['type', 'date', 'consent'] as const;
const CASE_COLUMNS = ['cas_Id', 'cas_CaseNumber', 'cas_CaseId', 'case_id'];

const STAGES: ReadonlyMap<string, { category: IncidentCategory; role: RouteStage['role'] }> = new Map([
  ['recruitment', { category: 'tip:recruitment', role: 'origin' }],
  ['transit', { category: 'tip:transit', role: 'transit' }],
  ['exploitation', { category: 'tip:exploitation', role: 'destination' }],
]);

const CONSENT_TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'checked', 'oui', 'vrai']);

function sexOf(gender: string): Sex {
  const key = vocabularyKey(gender);
  if (['female', 'feminine', 'woman', 'girl', 'f'].includes(key)) return 'female';
  if (['male', 'masculine', 'man', 'boy', 'm'].includes(key)) return 'male';
  if (key.startsWith('transgender') || key.startsWith('non_conforming') || key === 'nonconforming') return 'other';
  return 'unknown';
}

function ageBandOf(text: string): AgeBand | undefined {
  const t = text.trim();
  if (t === '') return 'unknown';
  if (!/^\d{1,3}$/.test(t) || Number(t) > 120) return undefined;
  const age = Number(t);
  return age < 12 ? '0-11' : age < 18 ? '12-17' : '18+';
}

function verificationOf(status: string): VerificationStatus | 'not-a-victim' | undefined {
  const key = vocabularyKey(status).replace(/_/g, '');
  if (key === '' || key.startsWith('possible')) return 'reported';
  if (key.startsWith('actual')) return 'verified';
  if (key.startsWith('not')) return 'not-a-victim';
  return undefined;
}

function rounded(place: Place, decimals: number): Place {
  if (place.lat === undefined || place.lon === undefined) return place;
  const f = 10 ** decimals;
  return { ...place, lat: Math.round(place.lat * f) / f, lon: Math.round(place.lon * f) / f };
}

/** What a route needs of an imported event. */
interface Stop {
  readonly line: number;
  readonly role: RouteStage['role'];
  readonly place: Place;
  readonly date: string;
  readonly forms: readonly ExploitationForm[];
}

/** origin = earliest recruitment, transits by date, destination = earliest exploitation; undefined under two stages. */
function routeOf(stops: readonly Stop[]): { stages: RouteStage[]; forms: ExploitationForm[] } | undefined {
  const byDate = [...stops].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line));
  const origin = byDate.find((s) => s.role === 'origin');
  const destination = byDate.find((s) => s.role === 'destination');
  const transit = byDate.filter((s) => s.role === 'transit');
  const stages = [...(origin ? [origin] : []), ...transit, ...(destination ? [destination] : [])]
    .map((s): RouteStage => ({ role: s.role, place: s.place, date: s.date }));
  if (stages.length < 2) return undefined;
  const forms = new Set(stops.flatMap((s) => s.forms));
  if (forms.size > 1) forms.delete('unknown');
  return { stages, forms: [...forms] };
}

const caseHash = (key: string): string => createHash('sha256').update(key).digest('base64').slice(0, 16);

/**
 * Imports HTCDS trafficking events (text, bytes or a stream) as incidents, and routes as movements.
 *
 * @throws AriadneError MALFORMED_INPUT for an empty file or an unreadable header; VALIDATION_FAILED when hte_Type, hte_Date or con_Consent is missing; PAYLOAD_TOO_LARGE over a limit
 * @example const { items, movements, excludedNoConsent } = await importHtcdsCsv(stream, { resolvePlace, sourceName: 'ngo-export.csv' })
 */
export async function importHtcdsCsv(input: CsvInput, options: HtcdsImportOptions): Promise<HtcdsImport> {
  const log = new ImportLog(options.maxProblems);
  const duplicates = new DuplicateIndex();
  const rules = options.today ? { today: options.today } : {};
  const decimals = options.coordinateDecimals ?? 2;
  const source = options.sourceName ?? 'file';
  /** events kept until the end: a later record of the same case may withdraw consent */
  const kept: { incident: Incident; caseKey: string | undefined; stop: Stop }[] = [];
  const noConsentCases = new Set<string>();
  let col: Record<keyof typeof COLUMNS, number> | undefined;
  let caseCol = -1;
  let width = 0;
  let records = 0;
  let noConsent = 0;
  let notAVictim = 0;
  let formulaRecords = 0;
  for await (const r of readCsvRecords(input, options)) {
    if (col === undefined) {
      if (r.problem !== undefined) throw new AriadneError('MALFORMED_INPUT', `Line ${r.line}: the header cannot be read: ${r.problem}.`, { details: { line: String(r.line) } });
      col = columnIndexes(r.fields, COLUMNS);
      const missing = REQUIRED.filter((k) => col![k] < 0).map((k) => COLUMNS[k]);
      if (missing.length > 0) {
        throw new AriadneError('VALIDATION_FAILED', `The HTCDS file lacks ${missing.join(', ')}${missing.includes('con_Consent') ? ' (without consent no record may be imported)' : ''}.`, { details: Object.fromEntries(missing.map((m) => [m, 'required'])) });
      }
      const lower = r.fields.map((h) => h.trim().toLowerCase());
      const wanted = options.caseColumn !== undefined ? [options.caseColumn] : CASE_COLUMNS;
      caseCol = wanted.map((w) => lower.indexOf(w.toLowerCase())).find((i) => i >= 0) ?? -1;
      if (options.caseColumn !== undefined && caseCol < 0) {
        throw new AriadneError('VALIDATION_FAILED', `The case column "${options.caseColumn.slice(0, 60)}" is not in the header.`, { details: { caseColumn: 'missing' } });
      }
      if (caseCol < 0) log.note('no case column: each record is its own case, and no routes are built');
      const personal = lower.filter((h) => (h.startsWith('prs_') && h !== 'prs_gender') || h === 'hte_street' || h === 'hte_postalcode').length;
      if (personal > 0) log.note(`${personal} personal column${personal === 1 ? '' : 's'} (names, birth date, contacts, addresses) present and never read`);
      width = r.fields.length;
      continue;
    }
    records++;
    if (r.problem !== undefined) { log.problem(r.line, r.problem); continue; }
    const f = r.fields;
    if (f.length !== width) { log.problem(r.line, `the record has ${f.length} fields, the header has ${width}`); continue; }
    const caseText = cell(f, caseCol);
    const caseKey = caseText === '' ? undefined : caseHash(caseText);
    if (!CONSENT_TRUE.has(cell(f, col.consent).toLowerCase())) {
      noConsent++;
      if (caseKey !== undefined) noConsentCases.add(caseKey);
      continue;
    }
    const verification = verificationOf(cell(f, col.status));
    if (verification === 'not-a-victim') { notAVictim++; continue; }
    if (verification === undefined) { log.problem(r.line, 'vic_TraffickingStatus is not PossibleVictimOfTrafficking, ActualVictimOfTrafficking or NotAVictimOfTrafficking'); continue; }
    if (f.some(looksLikeFormula)) formulaRecords++;
    const stage = STAGES.get(vocabularyKey(cell(f, col.type)));
    if (stage === undefined) { log.problem(r.line, 'hte_Type is not Recruitment, Transit or Exploitation'); continue; }
    const date = parseDate(cell(f, col.date), rules);
    if (isDateProblem(date)) { log.problem(r.line, date.problem); continue; }
    const admin = cell(f, col.state) || cell(f, col.city);
    const resolved = resolveRecordPlace(options.resolvePlace, { country: cell(f, col.country), admin, lat: cell(f, col.lat), lon: cell(f, col.lon) });
    if ('problem' in resolved) { log.problem(r.line, resolved.problem); continue; }
    const place = rounded(resolved, decimals);
    const ageBand = ageBandOf(cell(f, col.age));
    if (ageBand === undefined) log.tally('vic_AgeWhenTrafficked is not an age in years: age band "unknown"');
    const { forms, unmapped } = exploitationForms(cell(f, col.forms));
    if (unmapped > 0) log.tally('form of exploitation not in the list, imported as "other"');
    const dupKey = caseKey !== undefined
      ? ['case', caseKey, stage.category, date.date, cell(f, col.country), admin, cell(f, col.lat), cell(f, col.lon)].join('\u0000')
      : ['row', ...f.map((x) => x.trim())].join('\u0000');
    const earlier = duplicates.firstLine(dupKey, r.line);
    if (earlier !== undefined) { log.problem(r.line, `duplicate of the record on line ${earlier} (same case, event type, date and place); not imported`); continue; }
    const incident: Incident = {
      id: `htcds:${source}#${r.line}`, source: 'htcds', date: date.date, place, category: stage.category, forms, verification,
      victims: [{ sex: sexOf(cell(f, col.gender)), ageBand: ageBand ?? 'unknown', count: 1 }],
    };
    kept.push({ incident, caseKey, stop: { line: r.line, role: stage.role, place, date: date.date, forms } });
  }
  if (col === undefined) throw new AriadneError('MALFORMED_INPUT', 'The file is empty.', { details: { file: 'empty' } });
  const items: Incident[] = [];
  const cases = new Map<string, Stop[]>();
  for (const k of kept) {
    if (k.caseKey !== undefined && noConsentCases.has(k.caseKey)) { noConsent++; continue; }
    items.push(k.incident);
    if (k.caseKey === undefined) continue;
    const stops = cases.get(k.caseKey);
    if (stops) stops.push(k.stop); else cases.set(k.caseKey, [k.stop]);
  }
  const movements: Movement[] = [];
  let n = 0;
  for (const stops of cases.values()) {
    n++;
    const route = routeOf(stops);
    if (route) movements.push({ id: `htcds:${source}#case${n}`, source: 'htcds', stages: route.stages, count: 1, forms: route.forms });
  }
  if (noConsent > 0) log.note(`${noConsent} record${noConsent === 1 ? '' : 's'} excluded: the case has no consent (con_Consent not true)`);
  if (notAVictim > 0) log.note(`${notAVictim} record${notAVictim === 1 ? '' : 's'} excluded: not a victim of trafficking`);
  if (formulaRecords > 0) log.tally('cells start like a spreadsheet formula (=, +, -, @): kept as text, never evaluated; escape them when exporting', formulaRecords);
  return { ...log.result(items, records), movements, excludedNoConsent: noConsent, excludedNotAVictim: notAVictim };
}
