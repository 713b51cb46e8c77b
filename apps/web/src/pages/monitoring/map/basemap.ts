/**
 * The offline basemap: Natural Earth countries (world-atlas TopoJSON, bundled with the app) as a
 * MapLibre style with no tile server, no glyphs and no sprite, so the map works on a laptop with
 * no connection and leaks no viewing pattern to a tile host. Names are shown in HTML tooltips,
 * not as map text (text would need a glyph server).
 *
 * Also here: the numeric → alpha-2 crosswalk (world-atlas keys its countries by ISO 3166-1
 * numeric), country centroids for flows, the choropleth colours, and the map's palette.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
// The ISO 3166-1 table of @ariadne/monitoring (pure data, no imports). Imported by path because
// the package exports only its index and types, and its index pulls in server-side code; the
// file is plain constants, so the web bundle takes only the table.
import { COUNTRY_ROWS } from '@ariadne/monitoring/country-data';
import { BoxBuilder, rampBreaks, rampColours, rampClass, type Position, type RampClass, rampClasses } from './hexagon-layer.ts';
import type { LngLatBox, MapCountryValue, MapPalette } from './map-types.ts';

export type CountryLanguage = 'en' | 'fr' | 'ar';

export interface CountryInfo {
  readonly alpha2: string;
  readonly names: Readonly<Record<CountryLanguage, string>>;
}

const BY_NUMERIC: ReadonlyMap<string, CountryInfo> = new Map(
  COUNTRY_ROWS.map(([alpha2, , numeric, en, fr, ar]) => [numeric, { alpha2, names: { en, fr, ar } }]),
);
const BY_ALPHA2: ReadonlyMap<string, CountryInfo> = new Map([...BY_NUMERIC.values()].map((c) => [c.alpha2, c]));

/** The country of an ISO 3166-1 numeric code ("368" or "368"-padded), or undefined. */
export function countryByNumeric(numeric: string | number | undefined): CountryInfo | undefined {
  if (numeric === undefined) return undefined;
  const text = String(numeric).trim();
  return /^\d{1,3}$/.test(text) ? BY_NUMERIC.get(text.padStart(3, '0')) : undefined;
}

export function countryByAlpha2(code: string): CountryInfo | undefined {
  return typeof code === 'string' ? BY_ALPHA2.get(code.trim().toUpperCase()) : undefined;
}

export interface CountryProperties {
  /** ISO 3166-1 alpha-2, or '' for shapes without an ISO code (Kosovo, N. Cyprus, Somaliland). */
  readonly alpha2: string;
  /** Natural Earth's English name, the tooltip's fallback. */
  readonly name: string;
}

type CountryGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface CountryFeature {
  readonly type: 'Feature';
  readonly id: number;
  readonly geometry: CountryGeometry;
  readonly properties: CountryProperties;
}

export interface CountryCollection {
  readonly type: 'FeatureCollection';
  readonly features: CountryFeature[];
}

/** world-atlas's `countries` object as GeoJSON, each feature tagged with its alpha-2 code. */
export function countryFeatures(topology: Topology): CountryCollection {
  const object = topology.objects['countries'] as GeometryCollection<{ name?: string }> | undefined;
  if (!object) return { type: 'FeatureCollection', features: [] };
  const collection = feature(topology, object);
  const features: CountryFeature[] = [];
  collection.features.forEach((f, i) => {
    const geometry = f.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return;
    const info = countryByNumeric(f.id);
    features.push({
      type: 'Feature', id: i, geometry,
      properties: { alpha2: info?.alpha2 ?? '', name: f.properties?.name ?? info?.names.en ?? '' },
    });
  });
  return { type: 'FeatureCollection', features };
}

/** Signed planar area and centroid of a ring (shoelace), in degrees. */
function ringCentroid(ring: readonly Position[]): { area: number; x: number; y: number } {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  area /= 2;
  return area === 0 ? { area: 0, x: ring[0]?.[0] ?? 0, y: ring[0]?.[1] ?? 0 } : { area, x: x / (6 * area), y: y / (6 * area) };
}

/**
 * Where a flow starts or ends for each country: the centroid of its largest polygon, so France's
 * point is in France and not pulled towards French Guiana, nor the United States' towards Alaska.
 */
export function countryCentroids(countries: CountryCollection): Map<string, Position> {
  const out = new Map<string, Position>();
  for (const f of countries.features) {
    if (!f.properties.alpha2) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best: { area: number; x: number; y: number } | undefined;
    for (const polygon of polygons) {
      const outer = polygon[0];
      if (!outer || outer.length < 3) continue;
      const c = ringCentroid(outer as Position[]);
      if (!best || Math.abs(c.area) > Math.abs(best.area)) best = c;
    }
    if (best) out.set(f.properties.alpha2, [best.x, best.y]);
  }
  return out;
}

/**
 * Countries get their own sequential ramp (greens, ColorBrewer YlGn), so a country's value is never
 * read as a hexagon's: the hexagon ramp and the hot spot classes are reds and blues.
 */
export const COUNTRY_RAMP = ['#e5f5e0', '#c7e9c0', '#a1d99b', '#74c476', '#31a354'] as const;

export interface Choropleth {
  /** The countries layer's fill colour: a `match` on alpha-2, the no-data colour otherwise. */
  readonly expression: ExpressionSpecification | string;
  readonly classes: RampClass[];
  /** Values by alpha-2 (upper case), for the tooltip. */
  readonly values: ReadonlyMap<string, number>;
  /** Codes given that are not an ISO alpha-2 code, or have no shape at this scale. */
  readonly notDrawn: string[];
}

/**
 * Choropleth fill: each country's class colour on the sequential ramp. Classes are computed here
 * rather than in a MapLibre `step`, because the feature carries only its code; the first value
 * of a repeated code wins.
 */
export function choropleth(values: readonly MapCountryValue[], countries: CountryCollection, noData: string): Choropleth {
  const drawn = new Set(countries.features.map((f) => f.properties.alpha2).filter((c) => c !== ''));
  const byCode = new Map<string, number>();
  const notDrawn: string[] = [];
  for (const v of values) {
    const code = typeof v?.code === 'string' ? v.code.trim().toUpperCase() : '';
    if (!drawn.has(code) || typeof v.value !== 'number' || !Number.isFinite(v.value)) {
      notDrawn.push(String(v?.code ?? ''));
      continue;
    }
    if (!byCode.has(code)) byCode.set(code, v.value);
  }
  if (byCode.size === 0) return { expression: noData, classes: [], values: byCode, notDrawn };
  const breaks = rampBreaks([...byCode.values()]);
  const colours = rampColours(breaks, COUNTRY_RAMP);
  const pairs: string[] = [];
  for (const [code, value] of byCode) pairs.push(code, colours[rampClass(value, breaks)]!);
  return {
    // MapLibre's type spells match with fixed-length tuples; a spread of pairs is the same expression
    expression: ['match', ['get', 'alpha2'], ...pairs, noData] as unknown as ExpressionSpecification,
    classes: rampClasses(breaks, colours),
    values: byCode,
    notDrawn,
  };
}

/** Light and dark basemaps in the app's palette (styles.css): a calm sea, pale land, thin borders. */
export function mapPalette(dark: boolean): MapPalette {
  return dark
    ? {
      sea: '#0e1722', land: '#232a32', border: '#46505c', noData: '#2b323a',
      flow: '#98abf5', flowStart: 'rgba(152, 171, 245, 0.15)', highlight: '#ffffff',
    }
    : {
      sea: '#dbe5ee', land: '#f6f5f1', border: '#b3bbc4', noData: '#ebe9e3',
      flow: '#3049b8', flowStart: 'rgba(48, 73, 184, 0.15)', highlight: '#1b1f24',
    };
}

/** Layer and source ids: the component updates them, the e2e test may query them. */
export const LAYERS = {
  sea: 'sea',
  countryFill: 'country-fill',
  countryBorder: 'country-border',
  hexagonFill: 'hexagon-fill',
  hexagonHover: 'hexagon-hover',
  flowLine: 'flow-line',
  flowArrow: 'flow-arrow',
} as const;
export const SOURCES = { countries: 'countries', hexagons: 'hexagons', flows: 'flows', arrows: 'flow-arrows' } as const;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The whole style, data layers included (empty until the component sets their data), so layer
 * order never depends on when data arrives: sea, countries, borders, hexagons, flows on top.
 * No `glyphs` and no `sprite`: nothing is ever requested from a server.
 */
export function basemapStyle(palette: MapPalette, countries: CountryCollection): StyleSpecification {
  return {
    version: 8,
    sources: {
      [SOURCES.countries]: { type: 'geojson', data: countries as unknown as GeoJSON.FeatureCollection, attribution: 'Natural Earth' },
      [SOURCES.hexagons]: { type: 'geojson', data: EMPTY },
      // lineMetrics: the line gradient (faint at the origin, strong at the destination) needs it
      [SOURCES.flows]: { type: 'geojson', data: EMPTY, lineMetrics: true },
      [SOURCES.arrows]: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: LAYERS.sea, type: 'background', paint: { 'background-color': palette.sea } },
      { id: LAYERS.countryFill, type: 'fill', source: SOURCES.countries, paint: { 'fill-color': palette.land } },
      { id: LAYERS.countryBorder, type: 'line', source: SOURCES.countries, paint: { 'line-color': palette.border, 'line-width': 0.6 } },
      {
        id: LAYERS.hexagonFill, type: 'fill', source: SOURCES.hexagons,
        // no outline: at low zoom the outlines of small cells would paint them all in the outline colour
        paint: { 'fill-color': '#fc8d59', 'fill-opacity': 0.85 },
      },
      {
        id: LAYERS.hexagonHover, type: 'line', source: SOURCES.hexagons,
        paint: {
          'line-color': palette.highlight, 'line-width': 2,
          'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0],
        },
      },
      {
        id: LAYERS.flowLine, type: 'line', source: SOURCES.flows,
        layout: { 'line-cap': 'butt', 'line-join': 'round' },
        paint: {
          'line-width': ['get', 'width'],
          'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0.85],
          'line-gradient': ['interpolate', ['linear'], ['line-progress'], 0, palette.flowStart, 1, palette.flow],
        },
      },
      { id: LAYERS.flowArrow, type: 'fill', source: SOURCES.arrows, paint: { 'fill-color': palette.flow } },
    ],
  };
}

/** The basemap colours of a palette, for switching theme without rebuilding the style. */
export function paletteProperties(palette: MapPalette): [layer: string, property: string, value: unknown][] {
  return [
    [LAYERS.sea, 'background-color', palette.sea],
    [LAYERS.countryBorder, 'line-color', palette.border],
    [LAYERS.hexagonHover, 'line-color', palette.highlight],
    [LAYERS.flowLine, 'line-gradient', ['interpolate', ['linear'], ['line-progress'], 0, palette.flowStart, 1, palette.flow]],
    [LAYERS.flowArrow, 'fill-color', palette.flow],
  ];
}

/**
 * One box around several (undefined ones ignored), or undefined. A box with east past 180 stays
 * so: MapLibre fits it across the antimeridian.
 */
export function unionBoxes(boxes: readonly (LngLatBox | undefined)[]): LngLatBox | undefined {
  const builder = new BoxBuilder();
  for (const b of boxes) {
    if (!b) continue;
    builder.add(b[0], b[1]);
    builder.add(b[2], b[3]);
  }
  return builder.box();
}

/** The box around the countries of a choropleth, from their centroids (enough to frame them). */
export function boxOfCodes(codes: Iterable<string>, centroids: ReadonlyMap<string, Position>): LngLatBox | undefined {
  const builder = new BoxBuilder();
  for (const code of codes) {
    const c = centroids.get(code);
    if (c) builder.add(c[0], c[1]);
  }
  return builder.box();
}

export const WORLD_BOX: LngLatBox = [-180, -60, 180, 80];

/** A country's name in the UI's language, else Natural Earth's English one. */
export function countryLabel(properties: CountryProperties, language: CountryLanguage): string {
  return (properties.alpha2 && countryByAlpha2(properties.alpha2)?.names[language]) || properties.name;
}
