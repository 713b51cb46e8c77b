/**
 * H3 cells as one GeoJSON FeatureCollection, and the colour expressions that paint it (a
 * sequential ramp by value, or fixed colours by category). Pure: the node tests run it, and the
 * map hands the result to one GeoJSON source and one fill layer, so 50,000 cells cost one
 * `setData`, not 50,000 React elements.
 *
 * Cells that cross the antimeridian come out of `cellToBoundary` with longitudes jumping from
 * +179 to -179; drawn as given they would stretch across the whole map. Each ring is unwrapped
 * so consecutive vertices are never more than 180° apart (the polygon then runs past ±180, which
 * MapLibre draws on the neighbouring world copy), and the few cells around a pole are closed
 * along the pole's latitude.
 */
import { cellToBoundary, isValidCell } from 'h3-js';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { LngLatBox, MapHexagon } from './map-types.ts';

export type Position = [number, number];

export interface HexagonProperties {
  readonly cell: string;
  readonly value: number;
  readonly label: string;
  readonly category: string;
}

export interface HexagonFeature {
  readonly type: 'Feature';
  /** The index in the input: MapLibre's feature-state (the hover outline) needs numeric ids. */
  readonly id: number;
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: Position[][] };
  readonly properties: HexagonProperties;
}

export interface HexagonCollection {
  readonly type: 'FeatureCollection';
  readonly features: HexagonFeature[];
}

export interface HexagonSkips {
  /** Not an H3 cell id. */
  readonly invalidCell: number;
  /** A value that is not a finite number. */
  readonly invalidValue: number;
  /** The same cell again: the first one is drawn. */
  readonly duplicate: number;
}

export interface BuiltHexagons {
  readonly collection: HexagonCollection;
  readonly skipped: HexagonSkips;
  /** What the drawn cells cover, for `fitTo: 'data'`; undefined when nothing is drawn. */
  readonly bounds: LngLatBox | undefined;
}

/** Mercator stops near ±85.05°; closing a polar ring at ±90 would only be clipped. */
const POLE_LATITUDE = 85.0511;

/**
 * A ring whose consecutive longitudes never jump by more than 180°, shifted so it starts within
 * [-180, 180]. A ring that winds once around a pole is closed along that pole's latitude.
 * @example unwrapRing([[179, 0], [-179, 0], [-179, 1], [179, 0]]) // [[179,0],[181,0],[181,1],[179,0]]
 */
export function unwrapRing(ring: readonly (readonly number[])[]): Position[] {
  const out: Position[] = [];
  let previous: number | undefined;
  for (const point of ring) {
    let lng = point[0]!;
    const lat = point[1]!;
    if (previous !== undefined) {
      while (lng - previous > 180) lng -= 360;
      while (previous - lng > 180) lng += 360;
    }
    out.push([lng, lat]);
    previous = lng;
  }
  if (out.length < 2) return out;
  const first = out[0]!;
  const last = out[out.length - 1]!;
  const winding = last[0] - first[0];
  if (Math.abs(winding) > 180) {
    // The closing vertex came back 360° away: the ring goes round a pole. Walk down to the pole
    // along the last longitude, across, and back up along the first.
    let latSum = 0;
    for (const [, lat] of out) latSum += lat;
    const pole = latSum >= 0 ? POLE_LATITUDE : -POLE_LATITUDE;
    out.pop();
    const end = out[out.length - 1]!;
    out.push([end[0], pole], [first[0], pole], [first[0], first[1]]);
  }
  if (first[0] < -180 || first[0] > 180) {
    const shift = first[0] < -180 ? 360 : -360;
    for (const p of out) p[0] += shift;
  }
  return out;
}

/**
 * Builds the collection the hexagon source draws. Invalid cells and values are skipped and
 * counted (the legend says how many), never thrown on: the data comes from outside.
 */
export function buildHexagons(hexagons: readonly MapHexagon[]): BuiltHexagons {
  const features: HexagonFeature[] = [];
  const seen = new Set<string>();
  let invalidCell = 0;
  let invalidValue = 0;
  let duplicate = 0;
  const box = new BoxBuilder();
  for (let i = 0; i < hexagons.length; i++) {
    const hexagon = hexagons[i]!;
    const cell = typeof hexagon?.cell === 'string' ? hexagon.cell.trim().toLowerCase() : '';
    if (!isValidCell(cell)) {
      invalidCell++;
      continue;
    }
    if (typeof hexagon.value !== 'number' || !Number.isFinite(hexagon.value)) {
      invalidValue++;
      continue;
    }
    if (seen.has(cell)) {
      duplicate++;
      continue;
    }
    seen.add(cell);
    const ring = unwrapRing(cellToBoundary(cell, true));
    for (const [lng, lat] of ring) box.add(lng, lat);
    features.push({
      type: 'Feature',
      id: i,
      geometry: { type: 'Polygon', coordinates: [ring] },
      // empty strings rather than absent keys: MapLibre expressions then never meet null
      properties: { cell, value: hexagon.value, label: hexagon.label ?? '', category: hexagon.category ?? '' },
    });
  }
  return { collection: { type: 'FeatureCollection', features }, skipped: { invalidCell, invalidValue, duplicate }, bounds: box.box() };
}

/** The smallest box around points given one by one (longitudes may already run past ±180). */
export class BoxBuilder {
  private west = Infinity;
  private south = Infinity;
  private east = -Infinity;
  private north = -Infinity;

  add(lng: number, lat: number): void {
    if (lng < this.west) this.west = lng;
    if (lng > this.east) this.east = lng;
    if (lat < this.south) this.south = lat;
    if (lat > this.north) this.north = lat;
  }

  box(): LngLatBox | undefined {
    return this.west === Infinity ? undefined : [this.west, this.south, this.east, this.north];
  }
}

// ---------------------------------------------------------------------------------------------
// Colour by value: a classed sequential ramp

/**
 * Five classes from pale to dark (ColorBrewer OrRd): readable on the light and the dark sea,
 * ordered by lightness so it survives greyscale printing and colour-blind viewing.
 */
export const SEQUENTIAL_RAMP = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'] as const;

/**
 * Class breaks for a sequential ramp: quantiles of the values, so each colour covers about as
 * many cells (counts are heavily skewed: equal intervals would paint nearly everything pale).
 * Each break is a value from the data, strictly increasing, and above the minimum, so no class is
 * empty. A class holds values ≥ its break and < the next one.
 * @example rampBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5) // [3, 5, 7, 9]
 * @example rampBreaks([1 ×90, 10 ×9, 1000], 5)          // [10, 1000]
 */
export function rampBreaks(values: readonly number[], classes = SEQUENTIAL_RAMP.length): number[] {
  const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (finite.length === 0 || classes < 2) return [];
  const breaks: number[] = [];
  let last = finite[0]!;
  for (let c = 1; c < classes; c++) {
    let at = finite[Math.floor((c * finite.length) / classes)]!;
    // A long run of one value (90% of cells at 1) swallows several quantiles: move on to the
    // next distinct value, so the few high cells still get darker classes.
    if (at <= last) {
      const next = firstAbove(finite, last);
      if (next === undefined) break;
      at = next;
    }
    breaks.push(at);
    last = at;
  }
  return breaks;
}

/** The smallest value of a sorted array above `value` (binary search), or undefined. */
function firstAbove(sorted: Float64Array, value: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : undefined;
}

/** Colours for `breaks.length + 1` classes, spread over the ramp so few classes still span pale to dark. */
export function rampColours(breaks: readonly number[], ramp: readonly string[] = SEQUENTIAL_RAMP): string[] {
  const n = breaks.length + 1;
  if (n === 1) return [ramp[Math.floor((ramp.length - 1) / 2)]!];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!);
}

/** The class (0-based) a value falls in: the same rule as the `step` expression below. */
export function rampClass(value: number, breaks: readonly number[]): number {
  let c = 0;
  while (c < breaks.length && value >= breaks[c]!) c++;
  return c;
}

/** `['step', ['get', property], c0, b1, c1, …]`: MapLibre's own evaluation of `rampClass`. */
export function rampExpression(breaks: readonly number[], colours: readonly string[], property = 'value'): ExpressionSpecification | string {
  if (breaks.length === 0) return colours[0]!;
  const stops: (number | string)[] = [];
  breaks.forEach((b, i) => stops.push(b, colours[i + 1]!));
  return ['step', ['get', property], colours[0]!, ...stops] as ExpressionSpecification;
}

/** One class of the ramp for the legend: `from` undefined for the first, `to` undefined for the last. */
export interface RampClass {
  readonly colour: string;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

export function rampClasses(breaks: readonly number[], colours: readonly string[]): RampClass[] {
  return colours.map((colour, i) => ({ colour, from: i === 0 ? undefined : breaks[i - 1], to: breaks[i] }));
}

// ---------------------------------------------------------------------------------------------
// Colour by category: emerging hot spot classes get fixed colours, anything else a palette

/**
 * Emerging hot spot analysis categories (packages/monitoring/src/spatial/emerging-hotspots.ts,
 * after ArcGIS): hot spots in reds and magentas, cold spots in blues and greens, no pattern in
 * grey. Fixed colours, so a map of March and one of April can be compared by eye.
 */
export const HOTSPOT_COLOURS: Readonly<Record<string, string>> = {
  'new-hot': '#7f0000', 'consecutive-hot': '#b30000', 'intensifying-hot': '#d7301f', 'persistent-hot': '#ef6548',
  'diminishing-hot': '#fc8d59', 'sporadic-hot': '#fdbb84', 'oscillating-hot': '#c51b7d', 'historical-hot': '#f1b6da',
  'new-cold': '#08306b', 'consecutive-cold': '#08519c', 'intensifying-cold': '#2171b5', 'persistent-cold': '#4292c6',
  'diminishing-cold': '#6baed6', 'sporadic-cold': '#9ecae1', 'oscillating-cold': '#1b7837', 'historical-cold': '#a6dba0',
  'no-pattern': '#9aa0a8',
};

/** Other categories, in order of first appearance (Tableau 10: apart for the common colour blindnesses). */
export const CATEGORY_PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
export const OTHER_CATEGORY_COLOUR = '#6b7280';

/**
 * The hot spot key of a category as the analysis ('new-hot') or ArcGIS ('New Hot Spot') writes
 * it, or undefined when it is not one of them.
 * @example hotspotKey('Intensifying hot spot') // 'intensifying-hot'
 */
export function hotspotKey(category: string): string | undefined {
  const folded = category.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/-spot$/, '');
  const key = folded === 'no-pattern-detected' ? 'no-pattern' : folded;
  return key in HOTSPOT_COLOURS ? key : undefined;
}

/**
 * The i18n key naming a hot spot category in the UI, in any of its spellings, or undefined.
 * @example hotspotMessageKey('new-hot') // 'monitoring.map.category.newHot'
 */
export function hotspotMessageKey(category: string): string | undefined {
  const key = hotspotKey(category);
  return key && `monitoring.map.category.${key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;
}

export interface CategoryEntry {
  /** The category as the data wrote it (first spelling seen); '' for the shared "other" entry. */
  readonly category: string;
  /** The hot spot key, when it is one (the legend translates it). */
  readonly hotspot: string | undefined;
  /** True for the one entry that gathers the categories beyond the palette. */
  readonly overflow: boolean;
  readonly colour: string;
  /** Cells drawn in this category. */
  readonly cells: number;
}

export interface CategoryPalette {
  /** Hot spot categories in the analysis's order, then the others in order of first appearance, then "other". */
  readonly entries: CategoryEntry[];
  readonly expression: ExpressionSpecification | string;
}

const OVERFLOW_KEY = '\u0000overflow';

/**
 * Colours for the categories present. Spellings of one hot spot category share a colour and
 * one legend entry; beyond ten other categories the rest share one grey and one "other" entry.
 */
export function categoryPalette(categories: readonly string[]): CategoryPalette {
  const counts = new Map<string, number>();
  for (const c of categories) counts.set(c, (counts.get(c) ?? 0) + 1);
  const byKey = new Map<string, { category: string; hotspot: string | undefined; overflow: boolean; colour: string; cells: number }>();
  const colourOf = new Map<string, string>();
  let others = 0;
  for (const [category, cells] of counts) {
    const hotspot = hotspotKey(category);
    let key = hotspot ?? `other:${category}`;
    let entry = byKey.get(key);
    if (!entry) {
      if (hotspot) {
        entry = { category, hotspot, overflow: false, colour: HOTSPOT_COLOURS[hotspot]!, cells: 0 };
      } else if (others < CATEGORY_PALETTE.length) {
        entry = { category, hotspot, overflow: false, colour: CATEGORY_PALETTE[others++]!, cells: 0 };
      } else {
        key = OVERFLOW_KEY;
        entry = byKey.get(key) ?? { category: '', hotspot, overflow: true, colour: OTHER_CATEGORY_COLOUR, cells: 0 };
      }
      byKey.set(key, entry);
    }
    entry.cells += cells;
    colourOf.set(category, entry.colour);
  }
  const order = Object.keys(HOTSPOT_COLOURS);
  const rank = (e: CategoryEntry) => (e.hotspot ? order.indexOf(e.hotspot) : e.overflow ? order.length + 1 : order.length);
  const entries = [...byKey.values()].sort((a, b) => rank(a) - rank(b));
  if (colourOf.size === 0) return { entries, expression: OTHER_CATEGORY_COLOUR };
  const pairs: string[] = [];
  for (const [category, colour] of colourOf) pairs.push(category, colour);
  // MapLibre's type spells match with fixed-length tuples; a spread of pairs is the same expression
  return { entries, expression: ['match', ['get', 'category'], ...pairs, OTHER_CATEGORY_COLOUR] as unknown as ExpressionSpecification };
}
