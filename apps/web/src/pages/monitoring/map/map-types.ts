/**
 * The shapes the monitoring map speaks: what a page passes in (hexagons, flows, a choropleth),
 * what it gets back on a click, and the legend model the layers hand to `MapLegend`. Pure types,
 * so the geometry modules and their node tests share them with the React component.
 */

/** One H3 cell to draw. `value` colours it on a sequential ramp unless the map colours by category. */
export interface MapHexagon {
  /** H3 cell id ("8928308280fffff"); invalid ids are skipped and counted, never thrown on. */
  readonly cell: string;
  readonly value: number;
  /** Shown in the tooltip (e.g. "Person counts suppressed below 10"). */
  readonly label?: string;
  /** A class such as an emerging hot spot category ("new-hot" or "New hot spot"). */
  readonly category?: string;
}

/** A movement between two places, drawn as a curved line from `from` to `to`. */
export interface MapFlow {
  /** ISO 3166-1 alpha-2 country code ("IQ") or an H3 cell id. */
  readonly from: string;
  readonly to: string;
  /** Persons (or movements) along the flow: the line's width. Must be > 0. */
  readonly count: number;
  readonly label?: string;
}

/** One country of the choropleth. */
export interface MapCountryValue {
  /** ISO 3166-1 alpha-2, any case. */
  readonly code: string;
  readonly value: number;
}

/** What a click selected, handed to `onSelect`. */
export type MapSelection =
  | { readonly kind: 'hexagon'; readonly cell: string; readonly value: number; readonly label?: string; readonly category?: string }
  | { readonly kind: 'flow'; readonly from: string; readonly to: string; readonly count: number; readonly label?: string }
  | { readonly kind: 'country'; readonly code: string; readonly name: string; readonly value?: number };

/** [west, south, east, north] in degrees; east may exceed 180 when the box crosses the antimeridian. */
export type LngLatBox = readonly [number, number, number, number];

/**
 * Where the camera goes when the data changes: `data` fits everything drawn (the default),
 * `world` shows the whole basemap, a box fits that box, `none` leaves the camera where the user put it.
 */
export type MapFitTo = 'data' | 'world' | 'none' | LngLatBox;

/** A legend the map shows: colour classes (ramp or categories) or line widths (flows). */
export interface LegendClass {
  readonly colour: string;
  /** Already translated, or a number range formatted by the caller. */
  readonly label: string;
}

export interface ColourLegend {
  readonly kind: 'colours';
  readonly title: string;
  readonly classes: readonly LegendClass[];
}

export interface WidthLegend {
  readonly kind: 'widths';
  readonly title: string;
  readonly colour: string;
  readonly samples: readonly { readonly width: number; readonly label: string }[];
  /** How direction is shown, in words (the gradient is not readable by everyone). */
  readonly direction: string;
}

export type MapLegendModel = ColourLegend | WidthLegend;

/** The basemap's colours for one theme. */
export interface MapPalette {
  readonly sea: string;
  readonly land: string;
  readonly border: string;
  /** Countries with no choropleth value when a choropleth is shown. */
  readonly noData: string;
  readonly flow: string;
  /** The faint start of a flow's gradient: the origin end. */
  readonly flowStart: string;
  readonly highlight: string;
}
