/**
 * Conflict events from an ACLED CSV export (columns event_id_cnty, event_date, year,
 * time_precision, disorder_type, event_type, sub_event_type, actor1, actor2, country, iso,
 * admin1, admin2, latitude, longitude, fatalities, notes, …).
 *
 * ACLED events are a CONTEXT layer for the maps (battles, violence against civilians, protests),
 * not trafficking incidents: each becomes an Incident with category 'other', source 'acled', no
 * forms and no victims, so no trafficking figure can count it. `Incident` has no field for the
 * event type the map colours by, so the importer returns `ConflictEvent`, an Incident with
 * ACLED's own event_type, sub_event_type, disorder_type, actors and fatalities.
 *
 * actor1 (ACLED's initiating actor) is also the Incident's perpetratorGroup, so the map's
 * perpetrator-group filter applies to the context layer too.
 *
 * Not copied: `notes` (free text that can name people), sources and timestamps.
 * Dates: "12 March 2024" (ACLED's export) or ISO; time_precision 3 ("within the month") keeps
 * only the month. Duplicates: a second record with the same event_id_cnty is a problem naming the
 * first line and is not imported.
 */
import { AriadneError } from '@ariadne/schema';
import type { Incident } from '../types.ts';
import {
  DuplicateIndex, ImportLog, cell, columnIndexes, looksLikeFormula, parseCount, readCsvRecords, resolveRecordPlace,
  type CsvInput, type ImportOptions, type MonitoringImport, type PlaceResolver,
} from './csv-rows.ts';
import { isDateProblem, parseDate } from './dates.ts';

/** An ACLED event: an Incident of category 'other' carrying what the map colours and filters by. */
export interface ConflictEvent extends Incident {
  readonly category: 'other';
  readonly source: 'acled';
  /** "Battles", "Violence against civilians", "Explosions/Remote violence", … as ACLED writes them. */
  readonly eventType: string;
  readonly subEventType?: string;
  readonly disorderType?: string;
  readonly actor1?: string;
  readonly actor2?: string;
  /** Reported fatalities (ACLED's conservative estimate); 0 when the column is empty. */
  readonly fatalities: number;
}

const COLUMNS = {
  id: 'event_id_cnty', date: 'event_date', precision: 'time_precision', disorder: 'disorder_type', type: 'event_type', subType: 'sub_event_type',
  actor1: 'actor1', actor2: 'actor2', country: 'country', admin1: 'admin1', lat: 'latitude', lon: 'longitude', fatalities: 'fatalities',
} as const;
const REQUIRED = ['id', 'date', 'type', 'country'] as const;

export interface AcledImportOptions extends ImportOptions {
  readonly resolvePlace: PlaceResolver;
}

/**
 * Imports ACLED events (text, bytes or a stream). ACLED's own files use commas; pass
 * `delimiter: ';'` for a re-saved European spreadsheet.
 *
 * @throws AriadneError MALFORMED_INPUT for an empty file or an unreadable header; VALIDATION_FAILED when a required column is missing; PAYLOAD_TOO_LARGE over a limit
 * @example const { items } = await importAcledCsv(createReadStream('acled.csv'), { resolvePlace })
 */
export async function importAcledCsv(input: CsvInput, options: AcledImportOptions): Promise<MonitoringImport<ConflictEvent>> {
  const log = new ImportLog(options.maxProblems);
  const items: ConflictEvent[] = [];
  const duplicates = new DuplicateIndex();
  const rules = options.today ? { today: options.today } : {};
  let col: Record<keyof typeof COLUMNS, number> | undefined;
  let width = 0;
  let records = 0;
  let formulaRecords = 0;
  for await (const r of readCsvRecords(input, options)) {
    if (col === undefined) {
      if (r.problem !== undefined) throw new AriadneError('MALFORMED_INPUT', `Line ${r.line}: the header cannot be read: ${r.problem}.`, { details: { line: String(r.line) } });
      col = columnIndexes(r.fields, COLUMNS);
      const missing = REQUIRED.filter((k) => col![k] < 0).map((k) => COLUMNS[k]);
      if (missing.length > 0) {
        throw new AriadneError('VALIDATION_FAILED', `This is not an ACLED export: the header lacks ${missing.join(', ')}.`, { details: Object.fromEntries(missing.map((m) => [m, 'required'])) });
      }
      width = r.fields.length;
      if (r.fields.some((h) => h.trim().toLowerCase() === 'notes')) log.note('the notes column is not imported (free text can name people)');
      continue;
    }
    records++;
    if (r.problem !== undefined) { log.problem(r.line, r.problem); continue; }
    const f = r.fields;
    if (f.length !== width) { log.problem(r.line, `the record has ${f.length} fields, the header has ${width}`); continue; }
    if (f.some(looksLikeFormula)) formulaRecords++;
    const id = cell(f, col.id);
    if (id === '') { log.problem(r.line, 'the record has no event_id_cnty'); continue; }
    const eventType = cell(f, col.type);
    if (eventType === '') { log.problem(r.line, 'the record has no event_type'); continue; }
    const parsed = parseDate(cell(f, col.date), rules);
    if (isDateProblem(parsed)) { log.problem(r.line, parsed.problem); continue; }
    const date = cell(f, col.precision) === '3' ? parsed.date.slice(0, 7) : parsed.date;
    const fatalities = parseCount(cell(f, col.fatalities), 'fatalities');
    if (typeof fatalities === 'object') { log.problem(r.line, fatalities.problem); continue; }
    const place = resolveRecordPlace(options.resolvePlace, { country: cell(f, col.country), admin: cell(f, col.admin1), lat: cell(f, col.lat), lon: cell(f, col.lon) });
    if ('problem' in place) { log.problem(r.line, place.problem); continue; }
    const earlier = duplicates.firstLine(id, r.line);
    if (earlier !== undefined) { log.problem(r.line, `duplicate of the record on line ${earlier} (same event_id_cnty); not imported`); continue; }
    const optional = (k: 'subType' | 'disorder' | 'actor1' | 'actor2'): string | undefined => cell(f, col![k]) || undefined;
    const actor1 = optional('actor1');
    const event: ConflictEvent = {
      id: `acled:${id}`, source: 'acled', date, place, category: 'other', forms: [], verification: 'reported', victims: [],
      eventType, fatalities: fatalities ?? 0,
      ...(actor1 !== undefined ? { actor1, perpetratorGroup: actor1 } : {}),
      ...(optional('actor2') !== undefined ? { actor2: optional('actor2') } : {}),
      ...(optional('subType') !== undefined ? { subEventType: optional('subType') } : {}),
      ...(optional('disorder') !== undefined ? { disorderType: optional('disorder') } : {}),
    };
    items.push(event);
  }
  if (col === undefined) throw new AriadneError('MALFORMED_INPUT', 'The file is empty.', { details: { file: 'empty' } });
  if (formulaRecords > 0) log.tally('cells start like a spreadsheet formula (=, +, -, @): kept as text, never evaluated; escape them when exporting', formulaRecords);
  return log.result(items, records);
}
