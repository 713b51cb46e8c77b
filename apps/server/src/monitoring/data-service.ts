/**
 * Outside data in: a file sent as a request body (HXL-tagged CSV, ACLED, HTCDS, GLOTIP .xlsx, a
 * GeoJSON boundary file) is received to a private temporary file (size capped, SHA-256 taken),
 * its kind detected when not given, read by @ariadne/monitoring's importers with places resolved
 * through the countries crosswalk and the latest loaded boundaries (P-codes), then saved by the
 * store as one dataset in one transaction. A file the importer refuses, or one where no record
 * could be taken, stores nothing.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AriadneError } from '@ariadne/schema';
import type { Actor, BoundaryFileInfo, GlotipValue, MonitoringDataset, MonitoringDatasetKind, Store } from '@ariadne/store';
import type { Incident, Movement, Place, RecordProblem } from '@ariadne/monitoring/types';
import {
  foldCountryName, getCountry, importAcledCsv, importHtcdsCsv, importHxlCsv, loadBoundaries, parseGlotipAsync, resolveCountry,
  type BoundaryArea, type BoundaryIndex, type GlotipRow, type PlaceQuery, type PlaceResolver,
} from '@ariadne/monitoring';
import { withReceivedFile, type ReceivedFile } from '../finance/import-file.ts';
import { ProblemError } from '../problem.ts';
import type { MonitoringSettings } from './monitoring-settings.ts';

export const PROBLEMS_ANSWERED = 100;

/** the P-code properties of OCHA COD-AB files, most detailed level first: a feature takes the first it carries */
export const PCODE_PROPERTIES = ['ADM4_PCODE', 'ADM3_PCODE', 'ADM2_PCODE', 'ADM1_PCODE', 'ADM0_PCODE', 'PCODE', 'pcode'] as const;
const NAME_PROPERTIES = ['ADM4_EN', 'ADM3_EN', 'ADM2_EN', 'ADM1_EN', 'ADM0_EN', 'ADM4_FR', 'ADM3_FR', 'ADM2_FR', 'ADM1_FR', 'name', 'NAME'];

export interface ImportRequest {
  /** absent: detected from the file */
  readonly kind?: MonitoringDatasetKind;
  readonly fileName: string;
  readonly body: Readable;
}

export interface ImportOutcome {
  readonly dataset: MonitoringDataset;
  /** false when the same file (SHA-256) was imported before: nothing was written */
  readonly created: boolean;
  readonly problems: readonly RecordProblem[];
  readonly notes: readonly string[];
}

/** what an importer read, ready for the store */
type Parsed =
  | { kind: 'hxl' | 'acled' | 'htcds'; incidents: Incident[]; movements: Movement[]; problems: RecordProblem[]; notes: string[] }
  | { kind: 'glotip'; rows: GlotipValue[]; problems: RecordProblem[]; notes: string[] }
  | { kind: 'boundaries'; geojson: unknown; name: string; pcodeProperty: string; areas: number; problems: RecordProblem[]; notes: string[] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const SNIFF_BYTES = 64 * 1024;

/**
 * The kind of a file from its first bytes: a zip is a GLOTIP workbook, a JSON object a boundary
 * file; a CSV is ACLED by its `event_id_cnty` column, HTCDS by its `hte_`/`con_Consent` columns,
 * HXL by a hashtag row.
 */
export function detectKind(head: Uint8Array): MonitoringDatasetKind {
  if (ZIP_MAGIC.every((b, i) => head[i] === b)) return 'glotip';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(text)) return 'boundaries';
  const lines = text.split(/\r?\n/).slice(0, 30);
  const header = (lines[0] ?? '').toLowerCase();
  if (/(^|[,;\t"])event_id_cnty([,;\t"]|$)/.test(header)) return 'acled';
  if (/(^|[,;\t"])(hte_type|con_consent)([,;\t"]|$)/.test(header)) return 'htcds';
  if (lines.some((line) => /(^|[,;\t"])\s*#[a-z][a-z0-9_]*/i.test(line))) return 'hxl';
  throw new AriadneError('VALIDATION_FAILED', 'The kind of this file cannot be told from its content: give ?kind= (hxl, acled, htcds, glotip or boundaries).', { details: { kind: 'not detected' } });
}

async function head(file: ReceivedFile): Promise<Uint8Array> {
  const handle = await open(file.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, file.bytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** the file's name without directories or control characters, as the dataset keeps it */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/\p{Cc}+/gu, ' ').trim().slice(0, 200);
  return clean === '' ? 'upload' : clean;
}

/** the place resolver of an import: the countries crosswalk, and the boundaries loaded last */
export function placeResolver(boundaries: LoadedBoundaries | null): PlaceResolver {
  return (query: PlaceQuery): Place | { problem: string } => {
    const out: { country?: string; pcode?: string; lat?: number; lon?: number } = {};
    if (query.country !== undefined) {
      const resolved = resolveCountry(query.country);
      if (resolved.code === undefined) return { problem: `country "${query.country.slice(0, 60)}": ${resolved.reason}` };
      out.country = resolved.code;
    }
    if (query.lat !== undefined && query.lon !== undefined) {
      out.lat = query.lat;
      out.lon = query.lon;
    }
    if (boundaries !== null) {
      const admin = query.admin === undefined ? undefined : boundaries.byCode.get(query.admin.trim()) ?? boundaries.byName.get(foldCountryName(query.admin));
      const pcode = admin ?? (out.lat !== undefined ? boundaries.index.resolve({ lon: out.lon!, lat: out.lat }) : undefined);
      if (pcode !== undefined) out.pcode = pcode;
    }
    // OCHA P-codes begin with the country's alpha-2 code: a record named only by its P-code keeps its country
    if (out.country === undefined && out.pcode !== undefined) {
      const country = getCountry(out.pcode.slice(0, 2).toUpperCase());
      if (country !== undefined && /^[A-Z]{2}/.test(out.pcode)) out.country = country.alpha2;
    }
    if (out.country === undefined && out.pcode === undefined && out.lat === undefined) {
      return { problem: query.admin !== undefined ? `admin area "${query.admin.slice(0, 60)}" is not a P-code or area name of the loaded boundaries` : 'no place could be resolved' };
    }
    return out;
  };
}

export interface LoadedBoundaries {
  readonly id: string;
  readonly index: BoundaryIndex;
  readonly byCode: ReadonlyMap<string, string>;
  /** folded area name → P-code, for names that are unique in the file */
  readonly byName: ReadonlyMap<string, string>;
}

function boundariesOf(id: string, areas: readonly BoundaryArea[], index: BoundaryIndex): LoadedBoundaries {
  const byCode = new Map(areas.map((a) => [a.pcode, a.pcode]));
  const names = new Map<string, string | null>();
  for (const area of areas) {
    if (area.name === undefined) continue;
    const key = foldCountryName(area.name);
    names.set(key, names.has(key) ? null : area.pcode);
  }
  const byName = new Map([...names].filter((e): e is [string, string] => e[1] !== null));
  return { id, index, byCode, byName };
}

/** a GLOTIP row as the store keeps it: censored counts stay censored */
function glotipValue(row: GlotipRow): GlotipValue {
  return {
    record: row.record, iso3: row.iso3 ?? null, country: row.country ?? row.area, region: row.region ?? '', subregion: row.subregion ?? '',
    indicator: row.indicator, dimension: row.dimension, category: row.category, sex: row.sex, age: row.age, year: row.year, value: row.value,
  };
}

/** an ACLED event as a plain Incident: the store keeps incidents, not ACLED's own columns */
function plainIncident(i: Incident): Incident {
  return {
    id: i.id, source: i.source, date: i.date, place: i.place, category: i.category, forms: i.forms, verification: i.verification, victims: i.victims,
    ...(i.perpetratorGroup === undefined ? {} : { perpetratorGroup: i.perpetratorGroup }),
  };
}

export class MonitoringDataService {
  readonly #store: Store;
  readonly #settings: MonitoringSettings;
  readonly #now: () => Date;
  #boundaries: LoadedBoundaries | null = null;

  constructor(options: { store: Store; settings: MonitoringSettings; now: () => Date }) {
    this.#store = options.store;
    this.#settings = options.settings;
    this.#now = options.now;
  }

  /** the boundary file loaded last, indexed once and kept until another is loaded or it is deleted */
  async latestBoundaries(): Promise<LoadedBoundaries | null> {
    const list = await this.#store.listBoundaries();
    const latest = [...list].sort((a: BoundaryFileInfo, b: BoundaryFileInfo) => b.loadedAt.getTime() - a.loadedAt.getTime())[0];
    if (latest === undefined) return (this.#boundaries = null);
    if (this.#boundaries?.id === latest.id) return this.#boundaries;
    const file = await this.#store.getBoundaries(latest.id);
    if (file === null) return null;
    const loaded = loadBoundaries(JSON.stringify(file.geojson), { pcodeProperty: [...PCODE_PROPERTIES], nameProperty: NAME_PROPERTIES });
    this.#boundaries = boundariesOf(latest.id, loaded.items, loaded.index);
    return this.#boundaries;
  }

  /**
   * Imports one file. @throws AriadneError MALFORMED_INPUT (400) for an unreadable file,
   * PAYLOAD_TOO_LARGE (413), VALIDATION_FAILED (400/422) when no record could be imported.
   */
  async import(actor: Actor, request: ImportRequest): Promise<ImportOutcome> {
    const fileName = cleanFileName(request.fileName);
    return withReceivedFile(request.body, this.#settings.maxImportBytes, async (file) => {
      const kind = request.kind ?? detectKind(await head(file));
      const parsed = await this.#parse(kind, file, fileName);
      const items = parsed.kind === 'glotip' ? parsed.rows.length : parsed.kind === 'boundaries' ? parsed.areas : parsed.incidents.length + parsed.movements.length;
      if (items === 0) {
        throw new ProblemError('VALIDATION_FAILED', `No record of this ${kind} file could be imported; nothing was stored.`, {
          status: 422, members: { problems: parsed.problems.slice(0, PROBLEMS_ANSWERED) },
        });
      }
      const saved = await this.#save(actor, parsed, fileName, file.sha256);
      if (parsed.kind === 'boundaries' && saved.created) this.#boundaries = null;
      const notes = saved.created ? parsed.notes : [...parsed.notes, 'This file was imported before (same SHA-256): nothing was written.'];
      return { dataset: saved.dataset, created: saved.created, problems: parsed.problems.slice(0, PROBLEMS_ANSWERED), notes };
    });
  }

  async #parse(kind: MonitoringDatasetKind, file: ReceivedFile, fileName: string): Promise<Parsed> {
    const today = this.#now();
    if (kind === 'glotip') {
      const read = await parseGlotipAsync(await readFile(file.path));
      return { kind, rows: read.items.map(glotipValue), problems: read.problems, notes: read.provenance.releaseDate ? [`GLOTIP release of ${read.provenance.releaseDate}`] : [] };
    }
    if (kind === 'boundaries') {
      const bytes = await readFile(file.path);
      const loaded = loadBoundaries(bytes, { pcodeProperty: [...PCODE_PROPERTIES], nameProperty: NAME_PROPERTIES, maxBytes: this.#settings.maxImportBytes });
      // the parser checked the file is a FeatureCollection: the store keeps it as sent
      const geojson = JSON.parse(bytes.toString('utf8')) as { features: { properties?: Record<string, unknown> }[] };
      const used = PCODE_PROPERTIES.find((p) => geojson.features.some((f) => f?.properties?.[p] !== undefined)) ?? PCODE_PROPERTIES[0];
      return { kind, geojson, name: fileName, pcodeProperty: used, areas: loaded.items.length, problems: loaded.problems, notes: [`${loaded.items.length} areas loaded`] };
    }
    const boundaries = await this.latestBoundaries();
    const options = { resolvePlace: placeResolver(boundaries), sourceName: fileName, today };
    const input = createReadStream(file.path);
    if (kind === 'hxl') {
      const read = await importHxlCsv(input, options);
      return { kind, incidents: read.items, movements: [], problems: read.problems, notes: read.notes };
    }
    if (kind === 'acled') {
      const read = await importAcledCsv(input, options);
      return { kind, incidents: read.items.map(plainIncident), movements: [], problems: read.problems, notes: read.notes };
    }
    const read = await importHtcdsCsv(input, options);
    const notes = [...read.notes];
    if (read.excludedNoConsent > 0) notes.push(`${read.excludedNoConsent} records left out: their case has no consent`);
    return { kind: 'htcds', incidents: read.items, movements: read.movements, problems: read.problems, notes };
  }

  async #save(actor: Actor, parsed: Parsed, fileName: string, sha256: string): Promise<{ dataset: MonitoringDataset; created: boolean }> {
    if (parsed.kind === 'glotip') return this.#store.saveGlotip(actor, { fileName, sha256, rows: parsed.rows, problems: parsed.problems });
    if (parsed.kind === 'boundaries') {
      return this.#store.saveBoundaries(actor, { fileName, sha256, name: parsed.name, pcodeProperty: parsed.pcodeProperty, geojson: parsed.geojson, problems: parsed.problems });
    }
    return this.#store.saveDataset(actor, { kind: parsed.kind, fileName, sha256, incidents: parsed.incidents, movements: parsed.movements, problems: parsed.problems });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.#store.deleteDataset(actor, id);
    if (this.#boundaries !== null) this.#boundaries = null;
  }
}
