/**
 * Where `ariadne monitor …` gets its data and puts its results: outside data files (their kind
 * detected from their first bytes, places resolved to ISO countries and P-codes), the store's
 * imported datasets, and output files written whole or not at all.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  UNKNOWN, checkRange, getCountry, importAcledCsv, importHtcdsCsv, importHxlCsv, resolveCountry,
  type BoundaryIndex, type Incident, type Movement, type Place, type PlaceResolver, type RecordProblem,
} from '@ariadne/monitoring';
import { isAriadneError } from '@ariadne/schema';
import type { IncidentFilter, MovementFilter, Store } from '@ariadne/store';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import type { MonitorFilter } from './monitor-settings.ts';

export const MONITOR_KINDS = ['hxl', 'acled', 'htcds', 'glotip', 'boundaries'] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];

/** the server's limit on one analysis: past it the caller narrows the filters (apps/server monitoring settings) */
export const MAX_ANALYSIS_ITEMS = 2_000_000;
/** the server's limit on one imported file */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** bytes looked at to tell a file's kind */
const SNIFF_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Files in

/** a file's size, or a one-line refusal (exit 5) when it cannot be read */
export async function checkedFile(path: string, maxBytes = MAX_IMPORT_BYTES): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(EXIT.INPUT, `${basename(path)} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(EXIT.INPUT, `Cannot read ${basename(path)}: ${code === 'ENOENT' ? 'no such file' : code ?? 'error'}.`);
  }
  if (size === 0) throw new CliError(EXIT.INPUT, `${basename(path)} is empty.`);
  if (size > maxBytes) throw new CliError(EXIT.INPUT, `${basename(path)} is larger than ${maxBytes.toLocaleString('en')} bytes.`);
  return size;
}

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The kind of a monitoring file from its first bytes: a zip is GLOTIP's workbook, a JSON object a
 * boundary file, a CSV with ACLED's or HTCDS's column names those, a CSV with a hashtag row HXL.
 *
 * @throws CliError (exit 5) when it is none of them: the caller then names it with --kind
 */
export async function detectKind(path: string): Promise<MonitorKind> {
  const head = await firstBytes(path);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'glotip';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(text)) return 'boundaries';
  const lower = text.toLowerCase();
  if (/(^|[,;"\s])event_id_cnty([,;"\s]|$)/m.test(lower)) return 'acled';
  if (/(^|[,;"\s])hte_type([,;"\s]|$)/m.test(lower)) return 'htcds';
  if (/(^|[,;])\s*"?#[a-z][a-z0-9_]*(\+[a-z0-9_]+)*"?\s*([,;]|$)/m.test(lower)) return 'hxl';
  throw new CliError(EXIT.INPUT, `Cannot tell what ${basename(path)} is (not an HXL-tagged, ACLED or HTCDS CSV, a GLOTIP workbook or a GeoJSON boundary file); name it with --kind.`);
}

/** SHA-256 of a file, streamed: the store keeps one dataset per content */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// P-codes are opaque, but OCHA's start with the country's alpha-2 code followed by digits ("XX0101")
const PCODE_SHAPE = /^[A-Z]{2}\d[0-9A-Z]{0,30}$/;

/**
 * Places as the importers ask for them: the country (code or name in en/fr/ar) through the ISO
 * crosswalk, the P-code from the loaded boundary files when the record has a point, else from an
 * admin cell that is itself a P-code. An admin NAME without a boundary file or a country cannot be
 * placed and is a problem of that record, never a guess.
 */
export function placeResolver(boundaries: readonly BoundaryIndex[] = []): PlaceResolver {
  return (query) => {
    let country: string | undefined;
    if (query.country !== undefined) {
      const resolved = resolveCountry(query.country);
      if (resolved.code === undefined) return { problem: `the country is ${resolved.reason}` };
      country = resolved.code;
    }
    let pcode: string | undefined;
    if (query.lat !== undefined && query.lon !== undefined) {
      for (const index of boundaries) {
        pcode = index.resolve({ lon: query.lon, lat: query.lat });
        if (pcode !== undefined) break;
      }
    }
    const admin = query.admin?.trim().toUpperCase();
    if (pcode === undefined && admin !== undefined && PCODE_SHAPE.test(admin)) pcode = admin;
    if (country === undefined && pcode !== undefined) country = getCountry(pcode.slice(0, 2))?.alpha2;
    if (country === undefined && pcode === undefined && query.lat === undefined) {
      return { problem: 'the admin area is not a P-code and no boundary file or country places it' };
    }
    const place: { country?: string; pcode?: string; lat?: number; lon?: number } = {};
    if (country !== undefined) place.country = country;
    if (pcode !== undefined) place.pcode = pcode;
    if (query.lat !== undefined && query.lon !== undefined) { place.lat = query.lat; place.lon = query.lon; }
    return place as Place;
  };
}

export interface ReadData {
  readonly kind: 'hxl' | 'acled' | 'htcds';
  readonly incidents: Incident[];
  readonly movements: Movement[];
  readonly problems: RecordProblem[];
  /** problems counted past the importer's list */
  readonly problemsNotListed: number;
  readonly notes: string[];
  readonly records: number;
}

/** an importer's refusal of the whole file as one line (exit 5 for a malformed file, 2 for a missing column) */
function fileError(path: string, error: unknown): never {
  if (isAriadneError(error)) {
    const exit = error.code === 'MALFORMED_INPUT' || error.code === 'PAYLOAD_TOO_LARGE' ? EXIT.INPUT : EXIT.USAGE;
    throw new CliError(exit, `${basename(path)}: ${error.message}`);
  }
  throw error;
}

/**
 * Reads an incidents (and routes) file: HXL-tagged CSV, ACLED or HTCDS. Bad records are problems
 * with their line; the rest is read.
 */
export async function readDataFile(path: string, kind: MonitorKind, resolvePlace: PlaceResolver): Promise<ReadData> {
  if (kind !== 'hxl' && kind !== 'acled' && kind !== 'htcds') {
    throw new CliError(EXIT.USAGE, `${basename(path)} is a ${kind === 'glotip' ? 'GLOTIP workbook' : 'boundary file'}, which holds no incidents or routes: import it with \`ariadne monitor import\`.`);
  }
  await checkedFile(path, Number.MAX_SAFE_INTEGER);
  const options = { resolvePlace, sourceName: basename(path) };
  try {
    if (kind === 'htcds') {
      const read = await importHtcdsCsv(createReadStream(path), options);
      const notes = [...read.notes];
      if (read.excludedNoConsent > 0) notes.push(`${read.excludedNoConsent} records left out: their case gave no consent`);
      if (read.excludedNotAVictim > 0) notes.push(`${read.excludedNotAVictim} records left out: the person was found not to be a victim`);
      return { kind, incidents: read.items, movements: read.movements, problems: read.problems, problemsNotListed: read.problemsNotListed, notes, records: read.records };
    }
    const read = kind === 'acled' ? await importAcledCsv(createReadStream(path), options) : await importHxlCsv(createReadStream(path), options);
    return { kind, incidents: read.items, movements: [], problems: read.problems, problemsNotListed: read.problemsNotListed, notes: read.notes, records: read.records };
  } catch (error) {
    return fileError(path, error);
  }
}

/** the first problems of a file on stderr, each with its record number */
export function reportProblems(io: Io, name: string, problems: readonly RecordProblem[], total: number, shown = 20): void {
  if (total === 0) return;
  const lines = problems.slice(0, shown).map((p) => `  record ${p.record}: ${p.message}`);
  io.err(`${name}: ${total} record${total === 1 ? '' : 's'} refused\n${lines.join('\n')}${total > lines.length ? '\n  …' : ''}\n`);
}

// ---------------------------------------------------------------------------------------------
// Filters applied to a file's items, with the store's rules

/** the days an item's date may stand for ("2024-03" is every day of March), or undefined */
function daysOf(date: string | undefined): { from: string; to: string } | undefined {
  if (date === undefined || !/^\d{4}-\d{2}(-\d{2})?$/.test(date)) return undefined;
  try {
    return checkRange(date, date);
  } catch {
    return undefined;
  }
}

/** the store's rule: an incident is in the period when every day its date may stand for is */
export function incidentMatches(incident: Incident, filter: MonitorFilter): boolean {
  if (filter.range) {
    const days = daysOf(incident.date);
    if (days === undefined || days.from < filter.range.from || days.to > filter.range.to) return false;
  }
  if (filter.countries && !filter.countries.includes(incident.place.country ?? UNKNOWN)) return false;
  if (filter.pcodes && !filter.pcodes.includes(incident.place.pcode ?? UNKNOWN)) return false;
  if (filter.categories && !filter.categories.includes(incident.category)) return false;
  if (filter.forms && !incident.forms.some((f) => filter.forms!.includes(f))) return false;
  if (filter.groups && !filter.groups.includes(incident.perpetratorGroup ?? UNKNOWN)) return false;
  if (filter.verification && !filter.verification.includes(incident.verification)) return false;
  return true;
}

/** the store's rule: every dated stage in the period (an undated movement is out when a period is given), a stage in a listed country */
export function movementMatches(movement: Movement, filter: MonitorFilter): boolean {
  if (filter.range) {
    const dated = movement.stages.filter((s) => s.date !== undefined);
    if (dated.length === 0) return false;
    for (const stage of dated) {
      const days = daysOf(stage.date);
      if (days === undefined || days.from < filter.range.from || days.to > filter.range.to) return false;
    }
  }
  if (filter.countries && !movement.stages.some((s) => filter.countries!.includes(s.place.country ?? UNKNOWN))) return false;
  if (filter.forms && !movement.forms.some((f) => filter.forms!.includes(f))) return false;
  return true;
}

export function movementFilterOf(filter: MonitorFilter): MovementFilter {
  return {
    ...(filter.range ? { from: filter.range.from, to: filter.range.to } : {}),
    ...(filter.countries && !filter.countries.includes(UNKNOWN) ? { countries: filter.countries } : {}),
    ...(filter.forms ? { forms: filter.forms } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The store's items

async function collect<T>(batches: AsyncIterable<T[]>, what: string): Promise<T[]> {
  const items: T[] = [];
  for await (const batch of batches) {
    for (const item of batch) items.push(item);
    if (items.length > MAX_ANALYSIS_ITEMS) {
      throw new CliError(EXIT.USAGE, `More than ${MAX_ANALYSIS_ITEMS.toLocaleString('en')} ${what} match; narrow the period or the filters.`);
    }
  }
  return items;
}

export const storeIncidents = (store: Store, filter: IncidentFilter): Promise<Incident[]> => collect(store.streamIncidents(filter), 'incidents');
export const storeMovements = (store: Store, filter: MovementFilter): Promise<Movement[]> => collect(store.streamMovements(filter), 'movements');

// ---------------------------------------------------------------------------------------------
// Files out

/**
 * Writes a new file whole or not at all: the bytes go to a temporary file beside it (mode 0600),
 * which is then hard-linked to its name (failing if the name exists: never overwritten) and removed.
 */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  const partial = join(dirname(path), `.${basename(path)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(partial, data, { flag: 'wx', mode: 0o600 });
    await link(partial, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(EXIT.USAGE, `${path} exists; it is never overwritten.`);
    throw new CliError(EXIT.USAGE, `Cannot write ${path} (${code ?? 'error'}).`);
  } finally {
    await rm(partial, { force: true });
  }
}

/** JSON on stdout, or in a new file when --output names one */
export async function printJson(io: Io, value: unknown, output: string | undefined): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (output === undefined) io.out(text);
  else {
    await writeNewFile(output, text);
    io.err(`Written to ${output}.\n`);
  }
}

