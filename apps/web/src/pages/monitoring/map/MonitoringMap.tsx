/// <reference types="vite/client" />
/**
 * The monitoring map: H3 hexagons (by value or hot spot category), flows between countries or
 * cells, and a country choropleth over an offline Natural Earth basemap. Presentational: it
 * fetches nothing, the page passes the data in.
 *
 * MapLibre and the countries file are loaded on first mount (dynamic imports), so pages without
 * a map never download them. The map instance is created once per locale and basemap detail;
 * data changes only call `setData` / `setPaintProperty` on the existing sources and layers, and
 * event handlers read the latest props through a ref, so a re-render never restarts the map.
 *
 * MapLibre's worker is loaded from a same-origin file (the CSP worker build, emitted by Vite),
 * not from a blob: URL, so the server's Content-Security-Policy needs no `worker-src blob:`.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-csp-worker.js?url';
import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import type { Topology } from 'topojson-specification';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import {
  basemapStyle, boxOfCodes, choropleth, countryByAlpha2, countryCentroids, countryFeatures, countryLabel, LAYERS, mapPalette,
  paletteProperties, SOURCES, unionBoxes, WORLD_BOX, type CountryCollection, type CountryLanguage, type CountryProperties,
} from './basemap.ts';
import { buildFlows, MAX_FLOW_WIDTH, MIN_FLOW_WIDTH, flowWidth } from './flow-layer.ts';
import {
  buildHexagons, categoryPalette, hotspotMessageKey, rampBreaks, rampClasses, rampColours, rampExpression, type Position, type RampClass,
} from './hexagon-layer.ts';
import { MapLegend } from './MapLegend.tsx';
import type {
  LngLatBox, MapCountryValue, MapFitTo, MapFlow, MapHexagon, MapLegendModel, MapPalette, MapSelection,
} from './map-types.ts';

export interface MonitoringMapProps {
  readonly hexagons?: readonly MapHexagon[];
  readonly flows?: readonly MapFlow[];
  readonly countries?: readonly MapCountryValue[];
  /** Called with what a click landed on (the top-most of flow, hexagon, country). */
  readonly onSelect?: (selection: MapSelection) => void;
  /** Where the camera goes when the data changes. Default `data`. */
  readonly fitTo?: MapFitTo;
  /** The period shown ("March 2025"), at the top of the legend. */
  readonly timeLabel?: string;
  /** Colour hexagons by value or by category. Default: category when any hexagon has one. */
  readonly colourBy?: 'value' | 'category';
  /** Legend titles (translated by the page); the defaults are generic. */
  readonly valueTitle?: string;
  readonly countryTitle?: string;
  readonly flowTitle?: string;
  /** Natural Earth 1:110m (small, the default) or 1:50m (more small countries and islands). */
  readonly detail?: 'low' | 'medium';
  /** The map's accessible name. */
  readonly label?: string;
}

type Status = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'no-webgl' } | { readonly kind: 'failed' };

interface Basemap {
  readonly countries: CountryCollection;
  readonly centroids: ReadonlyMap<string, Position>;
}

interface Tooltip {
  readonly x: number;
  readonly y: number;
  /** Near the right or bottom edge the tooltip opens to the other side of the pointer, so it is never cut off. */
  readonly flipX: boolean;
  readonly flipY: boolean;
  readonly rows: readonly (readonly [string, string])[];
  readonly title: string;
}

const INTERACTIVE_LAYERS = [LAYERS.flowArrow, LAYERS.flowLine, LAYERS.hexagonFill, LAYERS.countryFill];

async function loadTopology(detail: 'low' | 'medium'): Promise<Topology> {
  // Two separate chunks: the 110m file is ~100 KB, the 50m one ~750 KB; only the chosen one is fetched.
  const module = detail === 'medium' ? await import('world-atlas/countries-50m.json') : await import('world-atlas/countries-110m.json');
  return module.default as unknown as Topology;
}

function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function MonitoringMap(props: MonitoringMapProps) {
  const { hexagons = [], flows = [], countries = [], fitTo = 'data', timeLabel, detail = 'low' } = props;
  const { t, locale, dir, formatNumber } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  const [dark, setDark] = useState(prefersDark);
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const summaryId = useId();
  const language: CountryLanguage = locale;

  // --- pure builds: recomputed only when their inputs change ---------------------------------
  const builtHexagons = useMemo(() => buildHexagons(hexagons), [hexagons]);
  const colourBy = props.colourBy ?? (hexagons.some((h) => h?.category) ? 'category' : 'value');
  const hexagonColours = useMemo(() => {
    const features = builtHexagons.collection.features;
    if (colourBy === 'category') {
      const palette = categoryPalette(features.map((f) => f.properties.category));
      return { expression: palette.expression, category: palette.entries, ramp: undefined };
    }
    const breaks = rampBreaks(features.map((f) => f.properties.value));
    const colours = rampColours(breaks);
    return { expression: rampExpression(breaks, colours), category: undefined, ramp: rampClasses(breaks, colours) };
  }, [builtHexagons, colourBy]);
  const builtFlows = useMemo(() => (basemap ? buildFlows(flows, basemap.centroids) : undefined), [flows, basemap]);
  const palette: MapPalette = useMemo(() => mapPalette(dark), [dark]);
  const builtChoropleth = useMemo(
    () => (basemap ? choropleth(countries, basemap.countries, palette.noData) : undefined),
    [countries, basemap, palette],
  );

  // the event handlers of the map read the current data and callbacks from here
  const latest = useRef({ props, builtChoropleth, language, t, formatNumber });
  latest.current = { props, builtChoropleth, language, t, formatNumber };

  // --- the map itself: one per locale (its control labels) and basemap detail ----------------
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let map: MapLibreMap | null = null;
    setStatus({ kind: 'loading' });
    if (!webglAvailable()) {
      setStatus({ kind: 'no-webgl' });
      return;
    }
    (async () => {
      const [maplibre, topology] = await Promise.all([import('maplibre-gl'), loadTopology(detail)]);
      if (cancelled) return;
      maplibre.setWorkerUrl(workerUrl);
      const countryCollection = countryFeatures(topology);
      const base: Basemap = { countries: countryCollection, centroids: countryCentroids(countryCollection) };
      try {
        map = new maplibre.Map({
          container: element,
          style: basemapStyle(mapPalette(prefersDark()), countryCollection),
          bounds: [WORLD_BOX[0], WORLD_BOX[1], WORLD_BOX[2], WORLD_BOX[3]],
          maxZoom: 12,
          // a flat thematic map: rotation and pitch only disorient
          dragRotate: false,
          pitchWithRotate: false,
          touchPitch: false,
          attributionControl: false,
          fadeDuration: 0,
          locale: {
            'Map.Title': latest.current.props.label ?? latest.current.t('monitoring.map.label'),
            'NavigationControl.ZoomIn': latest.current.t('monitoring.map.zoomIn'),
            'NavigationControl.ZoomOut': latest.current.t('monitoring.map.zoomOut'),
            'AttributionControl.ToggleAttribution': latest.current.t('monitoring.map.attribution'),
          },
        });
      } catch {
        // MapLibre throws when it cannot get a WebGL context even though the probe above did
        setStatus({ kind: 'no-webgl' });
        return;
      }
      map.touchZoomRotate.disableRotation();
      map.keyboard.disableRotation();
      // controls at the reading end (right in English and French, left in Arabic), away from the
      // legend, which sits at the reading start of the bottom edge
      const end = dir === 'rtl' ? 'left' : 'right';
      map.addControl(new maplibre.NavigationControl({ showCompass: false }), `top-${end}`);
      map.addControl(new maplibre.AttributionControl({ compact: true }), `bottom-${end}`);
      wireEvents(map, latest, setTooltip);
      map.on('webglcontextlost', () => setStatus({ kind: 'failed' }));
      map.once('load', () => {
        if (cancelled) return;
        mapRef.current = map;
        setBasemap(base);
        setStatus({ kind: 'ready' });
      });
    })().catch(() => {
      if (!cancelled) setStatus({ kind: 'failed' });
    });
    return () => {
      cancelled = true;
      mapRef.current = null;
      setBasemap(null);
      setTooltip(null);
      map?.remove();
    };
  }, [detail, locale, dir]);

  // --- theme: follow the system's light or dark scheme, as styles.css does ------------------
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  // --- data into the existing sources and layers ---------------------------------------------
  const ready = status.kind === 'ready';
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    for (const [layer, property, value] of paletteProperties(palette)) map.setPaintProperty(layer, property, value);
  }, [ready, palette]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource(SOURCES.hexagons) as GeoJSONSource | undefined)?.setData(builtHexagons.collection as unknown as GeoJSON.FeatureCollection);
  }, [ready, builtHexagons]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setPaintProperty(LAYERS.hexagonFill, 'fill-color', hexagonColours.expression);
  }, [ready, hexagonColours]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !builtFlows) return;
    (map.getSource(SOURCES.flows) as GeoJSONSource | undefined)?.setData(builtFlows.lines as unknown as GeoJSON.FeatureCollection);
    (map.getSource(SOURCES.arrows) as GeoJSONSource | undefined)?.setData(builtFlows.arrows as unknown as GeoJSON.FeatureCollection);
  }, [ready, builtFlows]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !builtChoropleth) return;
    // with no choropleth the land keeps the basemap's colour; with one, countries without a value are "no data"
    map.setPaintProperty(LAYERS.countryFill, 'fill-color', countries.length > 0 ? builtChoropleth.expression : palette.land);
  }, [ready, builtChoropleth, countries.length, palette]);

  // --- camera --------------------------------------------------------------------------------
  const fitKey = Array.isArray(fitTo) ? fitTo.join(',') : fitTo;
  const dataBox = useMemo((): LngLatBox | undefined => unionBoxes([
    builtHexagons.bounds,
    builtFlows?.bounds,
    // from the countries given, not the built choropleth: that one is rebuilt on a theme change,
    // and a theme change must not move the camera
    basemap ? boxOfCodes(countries.map((c) => String(c?.code ?? '').trim().toUpperCase()), basemap.centroids) : undefined,
  ]), [builtHexagons, builtFlows, countries, basemap]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || fitTo === 'none') return;
    const box = fitTo === 'world' ? WORLD_BOX : fitTo === 'data' ? dataBox : fitTo;
    if (!box) return;
    // keep the data clear of the legend, which covers the reading start of a wide map
    const legendSide = map.getContainer().clientWidth > 720 ? 300 : 40;
    const padding = dir === 'rtl' ? { top: 40, bottom: 40, left: 40, right: legendSide } : { top: 40, bottom: 40, left: legendSide, right: 40 };
    map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding, maxZoom: 8, duration: 0 });
    // fitKey stands for fitTo: an inline array prop would otherwise refit on every render
  }, [ready, fitKey, dataBox]);

  // --- legend and notes ----------------------------------------------------------------------
  const rangeLabel = (c: RampClass): string => {
    if (c.from === undefined && c.to === undefined) return t('monitoring.map.rangeAll');
    if (c.from === undefined) return t('monitoring.map.rangeBelow', { to: formatNumber(c.to!) });
    if (c.to === undefined) return t('monitoring.map.rangeFrom', { from: formatNumber(c.from) });
    return t('monitoring.map.range', { from: formatNumber(c.from), to: formatNumber(c.to) });
  };
  const legends: MapLegendModel[] = [];
  if (builtHexagons.collection.features.length > 0) {
    if (hexagonColours.category) {
      legends.push({
        kind: 'colours',
        title: props.valueTitle ?? t('monitoring.map.categories'),
        classes: hexagonColours.category.map((e) => ({
          colour: e.colour,
          label: e.overflow ? t('monitoring.map.otherCategories')
            : e.hotspot ? t(hotspotMessageKey(e.hotspot)!)
              : e.category || t('monitoring.map.noCategory'),
        })),
      });
    } else if (hexagonColours.ramp) {
      legends.push({ kind: 'colours', title: props.valueTitle ?? t('monitoring.map.cellValues'), classes: hexagonColours.ramp.map((c) => ({ colour: c.colour, label: rangeLabel(c) })) });
    }
  }
  if (builtChoropleth && builtChoropleth.classes.length > 0) {
    legends.push({ kind: 'colours', title: props.countryTitle ?? t('monitoring.map.countryValues'), classes: builtChoropleth.classes.map((c) => ({ colour: c.colour, label: rangeLabel(c) })) });
  }
  if (builtFlows && builtFlows.lines.features.length > 0) {
    const max = builtFlows.maxCount;
    const samples = [...new Set([max, Math.max(1, Math.round(max / 4)), Math.max(1, Math.round(max / 25))])].sort((a, b) => b - a);
    legends.push({
      kind: 'widths',
      title: props.flowTitle ?? t('monitoring.map.flows'),
      colour: palette.flow,
      samples: samples.map((n) => ({ width: Math.max(MIN_FLOW_WIDTH, Math.min(MAX_FLOW_WIDTH, flowWidth(n, max))), label: formatNumber(n) })),
      direction: t('monitoring.map.flowDirection'),
    });
  }
  const notes: string[] = [];
  const note = (key: string, count: number) => {
    if (count > 0) notes.push(t(`monitoring.map.skipped.${key}`, { count: formatNumber(count) }));
  };
  note('invalidCell', builtHexagons.skipped.invalidCell);
  note('invalidValue', builtHexagons.skipped.invalidValue);
  note('duplicate', builtHexagons.skipped.duplicate);
  if (builtFlows) {
    note('unknownPlace', builtFlows.skipped.unknownPlace);
    note('samePlace', builtFlows.skipped.samePlace);
    note('invalidCount', builtFlows.skipped.invalidCount);
  }
  if (builtChoropleth && builtChoropleth.notDrawn.length > 0) {
    const shown = builtChoropleth.notDrawn.slice(0, 20).map((c) => c.slice(0, 12)).join(', ');
    notes.push(t('monitoring.map.notDrawn', { codes: builtChoropleth.notDrawn.length > 20 ? `${shown}, …` : shown }));
  }

  const label = props.label ?? t('monitoring.map.label');
  return (
    <div className="monitoring-map" data-testid="monitoring-map" data-status={status.kind}>
      {/* ltr: MapLibre positions its canvas and controls in physical pixels; the legend and
          messages around it follow the page's direction through logical CSS properties */}
      <div
        ref={container}
        className="monitoring-map-canvas"
        dir="ltr"
        role="region"
        aria-label={label}
        aria-describedby={summaryId}
        hidden={status.kind === 'no-webgl' || status.kind === 'failed'}
      />
      <p id={summaryId} className="sr-only">
        {t('monitoring.map.summary', {
          hexagons: formatNumber(builtHexagons.collection.features.length),
          flows: formatNumber(builtFlows?.lines.features.length ?? 0),
          countries: formatNumber(builtChoropleth?.values.size ?? 0),
        })}{' '}
        {t('monitoring.map.keyboard')}
      </p>
      {status.kind === 'loading' && <p className="monitoring-map-status muted" role="status">{t('monitoring.map.loading')}</p>}
      {(status.kind === 'no-webgl' || status.kind === 'failed') && (
        <p className="monitoring-map-message" role="alert" data-testid="map-unavailable">
          {t(status.kind === 'no-webgl' ? 'monitoring.map.noWebgl' : 'monitoring.map.failed')}
        </p>
      )}
      {tooltip && status.kind === 'ready' && <MapTooltip tooltip={tooltip} />}
      {status.kind === 'ready' && <MapLegend legends={legends} notes={notes} timeLabel={timeLabel} />}
      {status.kind !== 'ready' && timeLabel && <p className="map-legend-time">{timeLabel}</p>}
    </div>
  );
}

function MapTooltip({ tooltip }: { tooltip: Tooltip }) {
  return (
    // physical left/top: the point comes from MapLibre in canvas pixels from the top-left corner
    <div
      className={`map-tooltip${tooltip.flipX ? ' flip-x' : ''}${tooltip.flipY ? ' flip-y' : ''}`}
      role="tooltip"
      data-testid="map-tooltip"
      style={{ left: `${tooltip.x}px`, top: `${tooltip.y}px` }}
    >
      <strong className="map-tooltip-title">{tooltip.title}</strong>
      {tooltip.rows.length > 0 && (
        <dl className="map-tooltip-rows">
          {tooltip.rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

interface Latest {
  props: MonitoringMapProps;
  builtChoropleth: ReturnType<typeof choropleth> | undefined;
  language: CountryLanguage;
  t: (key: string, vars?: Readonly<Record<string, string | number>>) => string;
  formatNumber: (n: number) => string;
}

/** Where a feature came from: one of ours, top-most first (MapLibre returns rendered order). */
function topFeature(map: MapLibreMap, point: MapMouseEvent['point']): MapGeoJSONFeature | undefined {
  const layers = INTERACTIVE_LAYERS.filter((id) => map.getLayer(id));
  return map.queryRenderedFeatures(point, { layers })[0];
}

function placeName(code: string, language: CountryLanguage): string {
  return countryByAlpha2(code)?.names[language] ?? code;
}

/** What a feature under the pointer means, as a selection. */
function selectionOf(feature: MapGeoJSONFeature, latest: Latest): MapSelection | undefined {
  const p = feature.properties as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (feature.layer.id) {
    case LAYERS.hexagonFill:
      return { kind: 'hexagon', cell: String(p['cell']), value: Number(p['value']), label: text(p['label']), category: text(p['category']) };
    case LAYERS.flowLine:
    case LAYERS.flowArrow:
      return { kind: 'flow', from: String(p['from']), to: String(p['to']), count: Number(p['count']), label: text(p['label']) };
    case LAYERS.countryFill: {
      const properties = p as unknown as CountryProperties;
      const code = String(properties.alpha2 ?? '');
      const value = code ? latest.builtChoropleth?.values.get(code) : undefined;
      return { kind: 'country', code, name: countryLabel(properties, latest.language), value };
    }
    default:
      return undefined;
  }
}

function tooltipOf(selection: MapSelection, latest: Latest, at: { x: number; y: number; width: number; height: number }): Tooltip {
  const { t, formatNumber, language } = latest;
  const { x, y } = at;
  const flipX = at.x > at.width - 260;
  const flipY = at.y > at.height - 140;
  const rows: [string, string][] = [];
  if (selection.kind === 'hexagon') {
    rows.push([t('monitoring.map.tooltip.value'), formatNumber(selection.value)]);
    if (selection.category) rows.push([t('monitoring.map.tooltip.category'), categoryText(selection.category, t)]);
    return { x, y, flipX, flipY, title: selection.label ?? `${t('monitoring.map.tooltip.cell')} ${selection.cell}`, rows: selection.label ? [[t('monitoring.map.tooltip.cell'), selection.cell], ...rows] : rows };
  }
  if (selection.kind === 'flow') {
    rows.push([t('monitoring.map.tooltip.count'), formatNumber(selection.count)]);
    const title = t('monitoring.map.tooltip.flow', { from: placeName(selection.from, language), to: placeName(selection.to, language) });
    return { x, y, flipX, flipY, title: selection.label ? `${selection.label}: ${title}` : title, rows };
  }
  if (selection.value !== undefined) rows.push([t('monitoring.map.tooltip.value'), formatNumber(selection.value)]);
  return { x, y, flipX, flipY, title: selection.name, rows };
}

function categoryText(category: string, t: Latest['t']): string {
  const key = hotspotMessageKey(category);
  return key ? t(key) : category;
}

/**
 * Hover (tooltip, outline) and click (onSelect), registered once per map. Pointer moves are
 * coalesced to one query per animation frame: with 50,000 hexagons a query per mouse event
 * would queue up behind the renderer.
 */
function wireEvents(map: MapLibreMap, latest: { current: Latest }, setTooltip: (t: Tooltip | null) => void): void {
  let hovered: { source: string; id: number } | null = null;
  let pending: MapMouseEvent | null = null;
  let frame = 0;
  const clearHover = () => {
    if (hovered) map.setFeatureState(hovered, { hover: false });
    hovered = null;
  };
  const update = () => {
    frame = 0;
    const event = pending;
    pending = null;
    if (!event) return;
    const feature = topFeature(map, event.point);
    const selection = feature ? selectionOf(feature, latest.current) : undefined;
    clearHover();
    if (!feature || !selection) {
      setTooltip(null);
      map.getCanvas().style.cursor = '';
      return;
    }
    if (typeof feature.id === 'number' && feature.source !== SOURCES.countries) {
      hovered = { source: feature.source, id: feature.id };
      map.setFeatureState(hovered, { hover: true });
    }
    map.getCanvas().style.cursor = selection.kind === 'country' && selection.value === undefined ? '' : 'pointer';
    const box = map.getContainer();
    setTooltip(tooltipOf(selection, latest.current, { x: event.point.x, y: event.point.y, width: box.clientWidth, height: box.clientHeight }));
  };
  map.on('mousemove', (event) => {
    pending = event;
    if (!frame) frame = requestAnimationFrame(update);
  });
  map.on('mouseout', () => {
    pending = null;
    clearHover();
    setTooltip(null);
  });
  map.on('movestart', () => setTooltip(null));
  map.on('click', (event) => {
    const feature = topFeature(map, event.point);
    const selection = feature ? selectionOf(feature, latest.current) : undefined;
    if (selection) latest.current.props.onSelect?.(selection);
  });
  map.on('remove', () => {
    if (frame) cancelAnimationFrame(frame);
  });
  // Escape hides the tooltip for keyboard and screen magnifier users
  map.getContainer().addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setTooltip(null);
  });
}
