/**
 * Admin boundaries: load a GeoJSON boundary file whose features carry a P-code (OCHA COD-AB
 * style, `ADM1_PCODE`, `ADM2_PCODE`…) and resolve points to the smallest area containing them.
 *
 * Hand-written rather than a library (turf, flatbush): none is installed, and the hot path (a
 * million points) needs an index shaped for it: a bounding-box grid picks the candidate areas,
 * then a y-slab index on each area's edges means a point is tested against the few edges a
 * horizontal line through it meets, not against every vertex of a detailed boundary.
 *
 * Rules, stated because reports depend on them:
 * - Areas are closed: a point on an area's boundary (outer ring or the rim of a hole) is in it.
 *   A point inside a hole is not.
 * - A point in several areas (nested admin levels, or on an edge two areas share) goes to the
 *   smallest of them by planar area; two of equal size go to the P-code that sorts first. The
 *   answer never depends on the order of the file.
 * - P-codes are opaque strings, compared exactly.
 * - Only rings are validated (closed, at least three distinct vertices, non-zero area, no
 *   self-intersection, coordinates in range); that holes lie inside their outer ring and that
 *   the parts of a MultiPolygon do not overlap is assumed, as COD-AB files guarantee.
 */

import { AriadneError } from '@ariadne/schema';
import type { ImportResult, RecordProblem } from '../types.ts';

/** 64 MiB: a national ADM2 file from OCHA is a few MB; much more is a wrong file or an attack. */
export const DEFAULT_MAX_BOUNDARY_BYTES = 64 * 1024 * 1024;
const MAX_PCODE_LENGTH = 100;
const MAX_NAME_LENGTH = 500;
// A point this close to an edge (in degrees, about 0.1 mm) is on it: absorbs floating-point
// rounding in the cross product, far below the precision of any boundary file.
const ON_EDGE_TOLERANCE = 1e-9;

export interface BoundaryOptions {
  /**
   * The property holding the P-code, or several: a feature takes the first it carries, so one
   * list (['ADM2_PCODE', 'ADM1_PCODE']) reads a file that mixes levels.
   */
  readonly pcodeProperty: string | readonly string[];
  /** The property holding the area's name (e.g. 'ADM2_EN'), or several (first present wins), kept for display. */
  readonly nameProperty?: string | readonly string[];
  /** Files larger than this are refused whole. Default 64 MiB. */
  readonly maxBytes?: number;
}

/** One admin area as loaded: its P-code, name, extent and geometry (rings as flat [lon, lat, …] arrays, closed). */
export interface BoundaryArea {
  readonly pcode: string;
  readonly name?: string;
  /** [west, south, east, north] in degrees. */
  readonly bbox: readonly [number, number, number, number];
  /** Planar area in square degrees: used to rank nested areas, not a surface measure. */
  readonly area: number;
  /** Polygons, each a list of rings (outer first, then holes), each ring [lon0, lat0, lon1, lat1, …]. */
  readonly polygons: readonly (readonly Float64Array[])[];
}

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

export interface BoundaryIndex {
  /** Number of areas indexed. */
  readonly size: number;
  /** P-code of the smallest area containing the point, or undefined (outside every area, or not a valid coordinate). */
  resolve(point: LonLat): string | undefined;
  /** Every area containing the point, smallest first (so nested levels come as district, province, country). */
  areasAt(point: LonLat): readonly BoundaryArea[];
}

// ---------------------------------------------------------------------------------------------
// Parsing and validation

class FeatureProblem extends Error {}

function decode(input: string | Uint8Array, maxBytes: number): string {
  if (typeof input === 'string') {
    // A JS string's UTF-8 size is at most 3 bytes per UTF-16 unit; check cheaply before measuring.
    if (input.length * 3 > maxBytes && utf8Length(input) > maxBytes) throw tooLarge(maxBytes);
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  if (!(input instanceof Uint8Array)) throw new AriadneError('MALFORMED_INPUT', 'The boundary file must be text or bytes.');
  if (input.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch (cause) {
    throw new AriadneError('MALFORMED_INPUT', 'The boundary file is not UTF-8 text.', { cause });
  }
}

/** UTF-8 size of a string without Node's Buffer, so the module also runs in the browser. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; } // a surrogate pair
    else bytes += 3;
  }
  return bytes;
}

function tooLarge(maxBytes: number): AriadneError {
  return new AriadneError('PAYLOAD_TOO_LARGE', `The boundary file is larger than ${maxBytes} bytes; simplify it or load one admin level at a time.`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a GeoJSON FeatureCollection of Polygon / MultiPolygon features into admin areas.
 * Throws AriadneError for a file that cannot be read at all (too large, not UTF-8, not JSON, not
 * a FeatureCollection); every bad feature becomes a problem naming its 1-based number, and the
 * rest are still loaded.
 */
export function parseBoundaries(input: string | Uint8Array, options: BoundaryOptions): ImportResult<BoundaryArea> {
  const pcodeProperties = typeof options.pcodeProperty === 'string' ? [options.pcodeProperty] : [...options.pcodeProperty];
  if (pcodeProperties.length === 0 || pcodeProperties.some((p) => typeof p !== 'string' || p === '')) {
    throw new AriadneError('VALIDATION_FAILED', 'Name the property that holds the P-code (for example ADM1_PCODE).', { details: { pcodeProperty: 'required' } });
  }
  const nameProperties = options.nameProperty === undefined ? [] : typeof options.nameProperty === 'string' ? [options.nameProperty] : [...options.nameProperty];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BOUNDARY_BYTES;
  const text = decode(input, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AriadneError('MALFORMED_INPUT', 'The boundary file is not valid JSON.', { cause });
  }
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new AriadneError('MALFORMED_INPUT', 'The boundary file is not a GeoJSON FeatureCollection.');
  }
  const items: BoundaryArea[] = [];
  const problems: RecordProblem[] = [];
  json.features.forEach((feature: unknown, i: number) => {
    try {
      items.push(parseFeature(feature, pcodeProperties, nameProperties));
    } catch (error) {
      if (!(error instanceof FeatureProblem)) throw error;
      problems.push({ record: i + 1, message: `Feature ${i + 1}: ${error.message}` });
    }
  });
  return { items, problems };
}

function parseFeature(feature: unknown, pcodeProperties: readonly string[], nameProperties: readonly string[]): BoundaryArea {
  if (!isObject(feature) || feature.type !== 'Feature') throw new FeatureProblem('not a GeoJSON Feature');
  const properties = isObject(feature.properties) ? feature.properties : {};
  const pcodeKey = pcodeProperties.find((p) => Object.hasOwn(properties, p) && properties[p] !== null && properties[p] !== '');
  if (pcodeKey === undefined) throw new FeatureProblem(`has no P-code (property ${pcodeProperties.join(' or ')})`);
  const rawPcode = properties[pcodeKey];
  // Numbers are refused, not converted: a P-code read as a number has lost its leading zeros.
  if (typeof rawPcode !== 'string') throw new FeatureProblem(`P-code ${pcodeKey} is not text`);
  const pcode = rawPcode.trim();
  if (pcode === '' || pcode.length > MAX_PCODE_LENGTH) throw new FeatureProblem(`P-code ${pcodeKey} is empty or longer than ${MAX_PCODE_LENGTH} characters`);
  const rawName = nameProperties.map((p) => (Object.hasOwn(properties, p) ? properties[p] : undefined)).find((v) => typeof v === 'string' && v.trim() !== '');
  const name = typeof rawName === 'string' ? rawName.trim().slice(0, MAX_NAME_LENGTH) : undefined;

  const geometry = feature.geometry;
  if (!isObject(geometry)) throw new FeatureProblem(`(${pcode}) has no geometry`);
  let polygonCoordinates: unknown[];
  if (geometry.type === 'Polygon') polygonCoordinates = [geometry.coordinates];
  else if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) polygonCoordinates = geometry.coordinates;
  else throw new FeatureProblem(`(${pcode}) geometry is ${typeof geometry.type === 'string' ? geometry.type.slice(0, 40) : 'missing'}, not Polygon or MultiPolygon`);
  if (polygonCoordinates.length === 0) throw new FeatureProblem(`(${pcode}) has no polygons`);

  const polygons: Float64Array[][] = [];
  let area = 0;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  polygonCoordinates.forEach((rings, p) => {
    if (!Array.isArray(rings) || rings.length === 0) throw new FeatureProblem(`(${pcode}) polygon ${p + 1} has no rings`);
    const parsed = rings.map((ring, r) => parseRing(ring, `(${pcode}) polygon ${p + 1} ring ${r + 1}`));
    parsed.forEach((ring, r) => {
      const a = Math.abs(signedArea(ring));
      area += r === 0 ? a : -a;
    });
    const outer = parsed[0]!;
    for (let i = 0; i < outer.length; i += 2) {
      bbox[0] = Math.min(bbox[0], outer[i]!); bbox[1] = Math.min(bbox[1], outer[i + 1]!);
      bbox[2] = Math.max(bbox[2], outer[i]!); bbox[3] = Math.max(bbox[3], outer[i + 1]!);
    }
    polygons.push(parsed);
  });
  if (!(area > 0)) throw new FeatureProblem(`(${pcode}) has no area: its holes cover it`);
  return name === undefined ? { pcode, bbox, area, polygons } : { pcode, name, bbox, area, polygons };
}

/** A ring as a flat closed [lon, lat, …] array, consecutive duplicate vertices dropped; throws FeatureProblem if unusable. */
function parseRing(ring: unknown, where: string): Float64Array {
  if (!Array.isArray(ring)) throw new FeatureProblem(`${where} is not a list of positions`);
  const flat: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const position: unknown = ring[i];
    if (!Array.isArray(position) || position.length < 2) throw new FeatureProblem(`${where} position ${i + 1} is not [longitude, latitude]`);
    const [lon, lat] = position as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      throw new FeatureProblem(`${where} position ${i + 1} is not a pair of numbers`);
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw new FeatureProblem(`${where} position ${i + 1} is out of range (longitude -180..180, latitude -90..90; are they swapped or projected?)`);
    }
    const n = flat.length;
    if (n >= 2 && flat[n - 2] === lon && flat[n - 1] === lat) continue;
    flat.push(lon, lat);
  }
  const n = flat.length;
  if (n < 4 || flat[0] !== flat[n - 2] || flat[1] !== flat[n - 1]) {
    if (ring.length < 4) throw new FeatureProblem(`${where} is empty (fewer than 4 positions)`);
    throw new FeatureProblem(`${where} is not closed (its last position must repeat its first)`);
  }
  // Closed with fewer than 3 distinct vertices (4 positions incl. the repeated first): a line or a point.
  if (n < 8) throw new FeatureProblem(`${where} is empty (fewer than 3 distinct vertices)`);
  const coordinates = Float64Array.from(flat);
  // Self-intersection first: a symmetric bow-tie also has zero area, and "intersects itself" is the useful message.
  const crossing = findSelfIntersection(coordinates);
  if (crossing !== undefined) throw new FeatureProblem(`${where} intersects itself (edges ${crossing[0] + 1} and ${crossing[1] + 1})`);
  if (signedArea(coordinates) === 0) throw new FeatureProblem(`${where} is empty (it has no area)`);
  return coordinates;
}

/** Shoelace formula over a closed flat ring. */
function signedArea(ring: Float64Array): number {
  let sum = 0;
  for (let i = 0; i + 3 < ring.length; i += 2) sum += ring[i]! * ring[i + 3]! - ring[i + 2]! * ring[i + 1]!;
  return sum / 2;
}

const orientation = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
const within = (a: number, b: number, c: number): boolean => Math.min(a, b) <= c && c <= Math.max(a, b);

function segmentsTouch(r: Float64Array, i: number, j: number): boolean {
  const ax = r[2 * i]!, ay = r[2 * i + 1]!, bx = r[2 * i + 2]!, by = r[2 * i + 3]!;
  const cx = r[2 * j]!, cy = r[2 * j + 1]!, dx = r[2 * j + 2]!, dy = r[2 * j + 3]!;
  const o1 = orientation(ax, ay, bx, by, cx, cy), o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay), o4 = orientation(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && within(ax, bx, cx) && within(ay, by, cy)) || (o2 === 0 && within(ax, bx, dx) && within(ay, by, dy))
    || (o3 === 0 && within(cx, dx, ax) && within(cy, dy, ay)) || (o4 === 0 && within(cx, dx, bx) && within(cy, dy, by));
}

/**
 * The first pair of edges of a closed ring that cross or touch (other than neighbours meeting at
 * their shared vertex), or undefined. Edges are bucketed in a grid over the ring's extent so a
 * ring of n edges costs about n tests, not n².
 */
function findSelfIntersection(ring: Float64Array): [number, number] | undefined {
  const edges = ring.length / 2 - 1;
  // Neighbouring edges share a vertex; they are invalid only if they fold back on each other (a spike).
  for (let i = 0; i < edges; i++) {
    const j = (i + 1) % edges;
    const ax = ring[2 * i]!, ay = ring[2 * i + 1]!, bx = ring[2 * i + 2]!, by = ring[2 * i + 3]!, cx = ring[2 * j + 2]!, cy = ring[2 * j + 3]!;
    if (orientation(ax, ay, bx, by, cx, cy) === 0 && (bx - ax) * (cx - bx) + (by - ay) * (cy - by) < 0) return [i, j];
  }
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    west = Math.min(west, ring[i]!); east = Math.max(east, ring[i]!);
    south = Math.min(south, ring[i + 1]!); north = Math.max(north, ring[i + 1]!);
  }
  const side = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(edges))));
  const cellW = (east - west) / side || 1, cellH = (north - south) / side || 1;
  const cell = (v: number, min: number, size: number): number => Math.min(side - 1, Math.max(0, Math.floor((v - min) / size)));
  const buckets = new Map<number, number[]>();
  for (let e = 0; e < edges; e++) {
    const x0 = cell(Math.min(ring[2 * e]!, ring[2 * e + 2]!), west, cellW), x1 = cell(Math.max(ring[2 * e]!, ring[2 * e + 2]!), west, cellW);
    const y0 = cell(Math.min(ring[2 * e + 1]!, ring[2 * e + 3]!), south, cellH), y1 = cell(Math.max(ring[2 * e + 1]!, ring[2 * e + 3]!), south, cellH);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const key = y * side + x;
        const bucket = buckets.get(key);
        if (bucket === undefined) { buckets.set(key, [e]); continue; }
        for (const other of bucket) {
          const adjacent = other === e - 1 || (other === 0 && e === edges - 1);
          if (!adjacent && segmentsTouch(ring, other, e)) return [other, e];
        }
        bucket.push(e);
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The index

/** An area's edges bucketed into horizontal slabs: a point meets only the edges of its slab. */
interface SlabbedArea {
  readonly area: BoundaryArea;
  readonly edges: Float64Array; // x1, y1, x2, y2 per edge
  readonly south: number;
  readonly slabHeight: number;
  readonly offsets: Uint32Array; // slab s holds items[offsets[s] .. offsets[s + 1])
  readonly items: Uint32Array;
}

function slabArea(area: BoundaryArea): SlabbedArea {
  const edgeList: number[] = [];
  for (const polygon of area.polygons) {
    for (const ring of polygon) {
      for (let i = 0; i + 3 < ring.length; i += 2) edgeList.push(ring[i]!, ring[i + 1]!, ring[i + 2]!, ring[i + 3]!);
    }
  }
  const edges = Float64Array.from(edgeList);
  const count = edges.length / 4;
  const south = area.bbox[1], north = area.bbox[3];
  const slabs = Math.max(1, Math.min(4096, Math.ceil(count / 4)));
  const slabHeight = (north - south) / slabs || 1;
  const slabOf = (y: number): number => Math.min(slabs - 1, Math.max(0, Math.floor((y - south) / slabHeight)));
  const counts = new Uint32Array(slabs + 1);
  for (let e = 0; e < count; e++) {
    const a = slabOf(Math.min(edges[4 * e + 1]!, edges[4 * e + 3]!)), b = slabOf(Math.max(edges[4 * e + 1]!, edges[4 * e + 3]!));
    for (let s = a; s <= b; s++) counts[s + 1]!++;
  }
  for (let s = 0; s < slabs; s++) counts[s + 1]! += counts[s]!;
  const offsets = counts.slice();
  const fill = counts.slice(0, slabs);
  const items = new Uint32Array(offsets[slabs]!);
  for (let e = 0; e < count; e++) {
    const a = slabOf(Math.min(edges[4 * e + 1]!, edges[4 * e + 3]!)), b = slabOf(Math.max(edges[4 * e + 1]!, edges[4 * e + 3]!));
    for (let s = a; s <= b; s++) items[fill[s]!++] = e;
  }
  return { area, edges, south, slabHeight, offsets, items };
}

/** Crossing-number test over every ring of the area at once (even-odd: holes subtract), boundary counted as inside. */
function contains(slabbed: SlabbedArea, x: number, y: number): boolean {
  const { edges, offsets, items } = slabbed;
  const slabs = offsets.length - 1;
  const s = Math.min(slabs - 1, Math.max(0, Math.floor((y - slabbed.south) / slabbed.slabHeight)));
  let inside = false;
  for (let k = offsets[s]!; k < offsets[s + 1]!; k++) {
    const e = items[k]! * 4;
    const x1 = edges[e]!, y1 = edges[e + 1]!, x2 = edges[e + 2]!, y2 = edges[e + 3]!;
    if (within(y1, y2, y) && within(x1, x2, x)) {
      const length = Math.hypot(x2 - x1, y2 - y1);
      if (Math.abs((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)) <= ON_EDGE_TOLERANCE * length) return true;
    }
    if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside;
}

/** Smaller area first; equal areas by P-code, so ties never depend on file order. */
const bySize = (a: BoundaryArea, b: BoundaryArea): number => a.area - b.area || (a.pcode < b.pcode ? -1 : a.pcode > b.pcode ? 1 : 0);

/**
 * Indexes areas (from one or several files, e.g. ADM1 and ADM2) for point lookups. A grid of
 * about 4 cells per area over the areas' joint extent lists, in each cell, the areas whose
 * bounding box meets it, in size order, so the first area found to contain a point is the answer.
 */
export function createBoundaryIndex(areas: readonly BoundaryArea[]): BoundaryIndex {
  const sorted = [...areas].sort(bySize).map(slabArea);
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const { area } of sorted) {
    west = Math.min(west, area.bbox[0]); south = Math.min(south, area.bbox[1]);
    east = Math.max(east, area.bbox[2]); north = Math.max(north, area.bbox[3]);
  }
  const side = Math.max(1, Math.min(1024, Math.ceil(2 * Math.sqrt(sorted.length))));
  const cellW = (east - west) / side || 1, cellH = (north - south) / side || 1;
  const column = (x: number): number => Math.min(side - 1, Math.max(0, Math.floor((x - west) / cellW)));
  const row = (y: number): number => Math.min(side - 1, Math.max(0, Math.floor((y - south) / cellH)));
  const cells: number[][] = Array.from({ length: side * side }, () => []);
  sorted.forEach(({ area }, i) => {
    for (let y = row(area.bbox[1]); y <= row(area.bbox[3]); y++) {
      for (let x = column(area.bbox[0]); x <= column(area.bbox[2]); x++) cells[y * side + x]!.push(i);
    }
  });

  const candidates = (point: LonLat): number[] | undefined => {
    if (typeof point !== 'object' || point === null) return undefined;
    const { lon, lat } = point;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < west || lon > east || lat < south || lat > north) return undefined;
    return cells[row(lat) * side + column(lon)];
  };
  const hit = (i: number, lon: number, lat: number): boolean => {
    const slabbed = sorted[i]!;
    const [w, s, e, n] = slabbed.area.bbox;
    return lon >= w && lon <= e && lat >= s && lat <= n && contains(slabbed, lon, lat);
  };

  return {
    size: sorted.length,
    resolve(point) {
      const list = candidates(point);
      if (list === undefined) return undefined;
      for (const i of list) if (hit(i, point.lon, point.lat)) return sorted[i]!.area.pcode;
      return undefined;
    },
    areasAt(point) {
      const list = candidates(point);
      if (list === undefined) return [];
      return list.filter((i) => hit(i, point.lon, point.lat)).map((i) => sorted[i]!.area);
    },
  };
}

/** Parses a boundary file and indexes what loaded: the usual one-call entry point. */
export function loadBoundaries(input: string | Uint8Array, options: BoundaryOptions): ImportResult<BoundaryArea> & { readonly index: BoundaryIndex } {
  const { items, problems } = parseBoundaries(input, options);
  return { items, problems, index: createBoundaryIndex(items) };
}
