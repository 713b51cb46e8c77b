/**
 * Flows (origin → destination with a count) as curved lines and arrowheads in GeoJSON. Pure: the
 * node tests check the geometry, the map hands the two collections to two sources.
 *
 * Each flow bends to its left (seen from the origin), so A → B and B → A are drawn as two
 * separate arcs rather than one line over the other. Arcs take the short way round: a flow from
 * Fiji to Samoa crosses the antimeridian instead of circling the globe.
 */
import { cellToLatLng, isValidCell } from 'h3-js';
import type { LngLatBox, MapFlow } from './map-types.ts';
import { BoxBuilder, type Position } from './hexagon-layer.ts';

export interface FlowProperties {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly label: string;
  /** Line width in CSS pixels, by count. */
  readonly width: number;
}

export interface FlowFeature {
  readonly type: 'Feature';
  readonly id: number;
  readonly geometry: { readonly type: 'LineString'; readonly coordinates: Position[] };
  readonly properties: FlowProperties;
}

export interface ArrowFeature {
  readonly type: 'Feature';
  readonly id: number;
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: Position[][] };
  readonly properties: FlowProperties;
}

export interface FlowSkips {
  /** An end that is neither a known country (with a shape on the basemap) nor an H3 cell. */
  readonly unknownPlace: number;
  /** From and to are the same place: nothing to draw (the page's table still lists it). */
  readonly samePlace: number;
  /** A count that is not a positive finite number. */
  readonly invalidCount: number;
}

export interface BuiltFlows {
  readonly lines: { readonly type: 'FeatureCollection'; readonly features: FlowFeature[] };
  readonly arrows: { readonly type: 'FeatureCollection'; readonly features: ArrowFeature[] };
  readonly skipped: FlowSkips;
  readonly bounds: LngLatBox | undefined;
  /** The largest count drawn (the legend's widest sample). */
  readonly maxCount: number;
}

export const MIN_FLOW_WIDTH = 1.5;
export const MAX_FLOW_WIDTH = 12;

/**
 * Width by count, on a square-root scale: the line's area grows with the count as the eye reads
 * it, and one huge corridor does not reduce every other flow to a hairline.
 * @example flowWidth(100, 100) // 12
 */
export function flowWidth(count: number, maxCount: number): number {
  if (!(maxCount > 0) || !(count > 0)) return MIN_FLOW_WIDTH;
  const share = Math.sqrt(Math.min(count, maxCount) / maxCount);
  return Math.round((MIN_FLOW_WIDTH + share * (MAX_FLOW_WIDTH - MIN_FLOW_WIDTH)) * 10) / 10;
}

/**
 * Where an end of a flow is: a country's centroid (alpha-2, any case) or an H3 cell's centre.
 * Undefined when neither is known.
 */
export function endpointPosition(place: string, countryCentroids: ReadonlyMap<string, Position>): Position | undefined {
  if (typeof place !== 'string') return undefined;
  const text = place.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return countryCentroids.get(text.toUpperCase());
  const cell = text.toLowerCase();
  if (!isValidCell(cell)) return undefined;
  const [lat, lng] = cellToLatLng(cell);
  return [lng, lat];
}

export interface ArcOptions {
  /** Points along the curve, ends included. */
  readonly segments?: number;
  /** Sideways bulge at the middle as a share of the chord's length. */
  readonly bend?: number;
}

/**
 * A quadratic Bézier from `a` to `b` in longitude/latitude, bulging to the left of the direction
 * of travel. `b` is first moved by ±360° when that makes the way shorter, so the returned line may
 * run past ±180 (MapLibre draws it on the neighbouring world copy).
 */
export function arcCoordinates(a: Position, b: Position, options: ArcOptions = {}): Position[] {
  const segments = Math.max(2, Math.floor(options.segments ?? 48));
  const bend = options.bend ?? 0.2;
  let bx = b[0];
  while (bx - a[0] > 180) bx -= 360;
  while (a[0] - bx > 180) bx += 360;
  const dx = bx - a[0];
  const dy = b[1] - a[1];
  // the left normal of (dx, dy) is (-dy, dx): with the chord's own length it makes the bulge
  const cx = (a[0] + bx) / 2 - dy * bend;
  const cy = (a[1] + b[1]) / 2 + dx * bend;
  const out: Position[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const u = 1 - t;
    out.push([u * u * a[0] + 2 * u * t * cx + t * t * bx, clampLatitude(u * u * a[1] + 2 * u * t * cy + t * t * b[1])]);
  }
  return out;
}

const clampLatitude = (lat: number) => Math.max(-85, Math.min(85, lat));

/**
 * A triangle whose tip is the line's last point, pointing along its last segment. `size` is in
 * degrees of latitude; the sideways extent is corrected by cos(latitude), so the head is not
 * squashed away from the equator.
 */
export function arrowhead(line: readonly Position[], size: number): Position[] | undefined {
  const tip = line[line.length - 1];
  const before = line[line.length - 2];
  if (!tip || !before) return undefined;
  const k = Math.cos((tip[1] * Math.PI) / 180) || 1e-6;
  // work in a locally square frame (x scaled by cos(lat)), then map back
  const ux = (tip[0] - before[0]) * k;
  const uy = tip[1] - before[1];
  const length = Math.hypot(ux, uy);
  if (!(length > 0)) return undefined;
  const fx = ux / length;
  const fy = uy / length;
  const baseX = -fx * size;
  const baseY = -fy * size;
  const half = size * 0.5;
  const left: Position = [tip[0] + (baseX - fy * half) / k, tip[1] + baseY + fx * half];
  const right: Position = [tip[0] + (baseX + fy * half) / k, tip[1] + baseY - fx * half];
  return [[tip[0], tip[1]], left, right, [tip[0], tip[1]]];
}

/**
 * Lines and arrowheads for the flows. Bad flows are skipped and counted. Drawn smallest first,
 * so the big corridors lie on top and stay clickable.
 */
export function buildFlows(flows: readonly MapFlow[], countryCentroids: ReadonlyMap<string, Position>): BuiltFlows {
  let unknownPlace = 0;
  let samePlace = 0;
  let invalidCount = 0;
  const drawable: { index: number; flow: MapFlow; a: Position; b: Position }[] = [];
  flows.forEach((flow, index) => {
    if (typeof flow?.count !== 'number' || !Number.isFinite(flow.count) || flow.count <= 0) {
      invalidCount++;
      return;
    }
    const a = endpointPosition(flow.from, countryCentroids);
    const b = endpointPosition(flow.to, countryCentroids);
    if (!a || !b) {
      unknownPlace++;
      return;
    }
    if (flow.from.trim().toLowerCase() === flow.to.trim().toLowerCase() || (a[0] === b[0] && a[1] === b[1])) {
      samePlace++;
      return;
    }
    drawable.push({ index, flow, a, b });
  });
  const maxCount = drawable.reduce((m, d) => Math.max(m, d.flow.count), 0);
  drawable.sort((x, y) => x.flow.count - y.flow.count || x.index - y.index);
  const box = new BoxBuilder();
  const lines: FlowFeature[] = [];
  const arrows: ArrowFeature[] = [];
  for (const { index, flow, a, b } of drawable) {
    const coordinates = arcCoordinates(a, b);
    for (const [lng, lat] of coordinates) box.add(lng, lat);
    const properties: FlowProperties = {
      from: flow.from.trim(), to: flow.to.trim(), count: flow.count, label: flow.label ?? '', width: flowWidth(flow.count, maxCount),
    };
    lines.push({ type: 'Feature', id: index, geometry: { type: 'LineString', coordinates }, properties });
    // head size grows with the arc's length (a short hop gets a small head) within sane limits
    const chord = Math.hypot(coordinates[coordinates.length - 1]![0] - a[0], b[1] - a[1]);
    const head = arrowhead(coordinates, Math.min(3, Math.max(0.15, chord * 0.06)));
    if (head) arrows.push({ type: 'Feature', id: index, geometry: { type: 'Polygon', coordinates: [head] }, properties });
  }
  return {
    lines: { type: 'FeatureCollection', features: lines },
    arrows: { type: 'FeatureCollection', features: arrows },
    skipped: { unknownPlace, samePlace, invalidCount },
    bounds: box.box(),
    maxCount,
  };
}
