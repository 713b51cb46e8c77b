/**
 * The monitoring dashboard (internal): filters, incidents over time, the map of hot spots and
 * routes, and their tables. Every figure here is an internal count, not a publication: counts
 * from fewer than k incidents are marked, and publishing goes through the Publish page's gate.
 * The filters live in this page's state, never in the URL.
 */
import { useId, useMemo, useState } from 'react';
import { monitoringApi } from '../../api/monitoring.ts';
import { HOTSPOT_STEPS, TREND_STEPS, type MonitoringFilters } from '../../api/monitoring-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ChangeTable, CorridorTable, HotspotTable } from './AnalysisTables.tsx';
import { FilterForm } from './FilterForm.tsx';
import { categoryName, countryName } from './labels.ts';
import { MonitoringMap } from './map/MonitoringMap.tsx';
import type { MapFlow, MapHexagon } from './map/map-types.ts';
import { MonitoringNav } from './MonitoringNav.tsx';
import { draftToFilters, EMPTY_FILTERS, formatNumber, isIsoDate, topCorridors } from './monitoring-view.ts';
import { TrendChart } from './TrendChart.tsx';

/** H3 resolutions offered: 4 (regions, ~1,770 km²) to 8 (neighbourhoods, ~0.7 km²). */
const RESOLUTIONS = [4, 5, 6, 7, 8] as const;
const TOP_CORRIDORS = 15;

export function DashboardPage() {
  const { t, locale } = useI18n();
  const id = useId();
  const [filters, setFilters] = useState<MonitoringFilters>(() => draftToFilters(EMPTY_FILTERS).filters ?? {});
  const [step, setStep] = useState<string>('month');
  const [hotspotStep, setHotspotStep] = useState<string>('month');
  const [resolution, setResolution] = useState(6);
  const [compare, setCompare] = useState({ from: '', to: '' });
  const [showHexagons, setShowHexagons] = useState(true);
  const [showFlows, setShowFlows] = useState(true);
  const key = JSON.stringify(filters);
  const compareValid = isIsoDate(compare.from) && isIsoDate(compare.to) && compare.from <= compare.to;

  const trends = useAsync(() => monitoringApi.trends(filters, step), [key, step]);
  const hotspots = useAsync(() => monitoringApi.hotspots(filters, resolution, hotspotStep), [key, resolution, hotspotStep]);
  const routes = useAsync(
    () => monitoringApi.routes(filters, compareValid ? { compareFrom: compare.from, compareTo: compare.to } : {}),
    [key, compareValid ? `${compare.from}/${compare.to}` : ''],
  );

  const hexagons = useMemo<MapHexagon[]>(() => (hotspots.data?.cells ?? []).map((c) => ({
    cell: c.cell,
    value: c.count,
    category: c.category,
    label: c.small ? `${categoryName(c.category, t)} · ${t('monitoring.small.title')}` : categoryName(c.category, t),
  })), [hotspots.data, t]);
  const corridors = useMemo(() => topCorridors(routes.data?.corridors ?? [], TOP_CORRIDORS), [routes.data]);
  const flows = useMemo<MapFlow[]>(() => (routes.data?.corridors ?? []).filter((c) => c.count > 0).map((c) => ({
    from: c.origin, to: c.destination, count: c.count,
    label: `${countryName(c.origin, locale)} → ${countryName(c.destination, locale)}${c.small ? ` · ${t('monitoring.small.title')}` : ''}`,
  })), [routes.data, locale, t]);

  const anySmall = (trends.data?.series.some((p) => p.small) ?? false) || (hotspots.data?.cells.some((c) => c.small) ?? false)
    || (routes.data?.corridors.some((c) => c.small) ?? false);
  const busy = trends.loading || hotspots.loading || routes.loading;

  return (
    <div className="page monitoring-page">
      <h1>{t('monitoring.title')}</h1>
      <p className="muted">{t('monitoring.intro')}</p>
      <MonitoringNav current="dashboard" />
      <p className="alert alert-warn" role="note">{t('monitoring.internalNotice')}</p>
      <FilterForm onApply={setFilters} busy={busy} />
      {anySmall && <p className="alert alert-warn" role="status" data-testid="small-warning">{t('monitoring.small.warning')}</p>}

      <section aria-labelledby={`${id}-trends`} className="monitoring-section">
        <div className="section-head">
          <h2 id={`${id}-trends`}>{t('monitoring.trends.title')}</h2>
          <label className="inline-field">
            {t('monitoring.step')}{' '}
            <select value={step} onChange={(e) => setStep(e.target.value)}>
              {TREND_STEPS.map((s) => <option key={s} value={s}>{t(`monitoring.stepName.${s}`)}</option>)}
            </select>
          </label>
        </div>
        <ErrorBox error={trends.error} testId="trends-error" />
        {trends.loading && !trends.data ? <Loading /> : trends.data && (trends.data.series.length === 0
          ? <Empty>{t('monitoring.trends.empty')}</Empty> : <TrendChart trends={trends.data} />)}
      </section>

      <section aria-labelledby={`${id}-map`} className="monitoring-section">
        <div className="section-head">
          <h2 id={`${id}-map`}>{t('monitoring.mapTitle')}</h2>
          <div className="monitoring-map-controls">
            <label className="inline-field">
              {t('monitoring.hotspots.resolution')}{' '}
              <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))}>
                {RESOLUTIONS.map((r) => <option key={r} value={r}>{t(`monitoring.resolution.${r}`)}</option>)}
              </select>
            </label>
            <label className="inline-field">
              {t('monitoring.step')}{' '}
              <select value={hotspotStep} onChange={(e) => setHotspotStep(e.target.value)}>
                {HOTSPOT_STEPS.map((s) => <option key={s} value={s}>{t(`monitoring.stepName.${s}`)}</option>)}
              </select>
            </label>
            <label className="check"><input type="checkbox" checked={showHexagons} onChange={(e) => setShowHexagons(e.target.checked)} /> {t('monitoring.layers.hotspots')}</label>
            <label className="check"><input type="checkbox" checked={showFlows} onChange={(e) => setShowFlows(e.target.checked)} /> {t('monitoring.layers.routes')}</label>
          </div>
        </div>
        <p className="muted small">{t('monitoring.hotspots.explain')}</p>
        <MonitoringMap
          hexagons={showHexagons ? hexagons : []}
          flows={showFlows ? flows : []}
          colourBy="category"
          label={t('monitoring.mapTitle')}
          valueTitle={t('monitoring.hotspots.category')}
          flowTitle={t('monitoring.routes.persons')}
          {...(hotspots.data?.steps.length ? { timeLabel: `${hotspots.data.steps[0]} – ${hotspots.data.steps[hotspots.data.steps.length - 1]}` } : {})}
        />
      </section>

      <section aria-labelledby={`${id}-hot`} className="monitoring-section">
        <h2 id={`${id}-hot`}>{t('monitoring.hotspots.title')}</h2>
        <ErrorBox error={hotspots.error} testId="hotspots-error" />
        {hotspots.loading && !hotspots.data ? <Loading /> : hotspots.data && (hotspots.data.cells.length === 0
          ? <Empty>{t('monitoring.hotspots.empty')}</Empty> : <HotspotTable cells={hotspots.data.cells} />)}
      </section>

      <section aria-labelledby={`${id}-routes`} className="monitoring-section">
        <h2 id={`${id}-routes`}>{t('monitoring.routes.title')}</h2>
        <ErrorBox error={routes.error} testId="routes-error" />
        {routes.loading && !routes.data ? <Loading /> : routes.data && (
          <>
            <h3 className="small-head">{t('monitoring.routes.corridors', { count: TOP_CORRIDORS })}</h3>
            {corridors.length === 0 ? <Empty>{t('monitoring.routes.empty')}</Empty> : <CorridorTable corridors={corridors} />}
            <p className="muted small">{t('monitoring.routes.flowsSummary', { flows: formatNumber(routes.data.flows.length, locale) })}</p>
          </>
        )}
        <fieldset className="field monitoring-compare">
          <legend>{t('monitoring.routes.compareTitle')}</legend>
          <p className="muted small">{t('monitoring.routes.compareHint')}</p>
          <div className="monitoring-filter-grid">
            <div className="field">
              <label htmlFor={`${id}-cf`}>{t('monitoring.routes.compareFrom')}</label>
              <input id={`${id}-cf`} type="date" value={compare.from} onChange={(e) => setCompare((c) => ({ ...c, from: e.target.value }))} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-ct`}>{t('monitoring.routes.compareTo')}</label>
              <input id={`${id}-ct`} type="date" value={compare.to} onChange={(e) => setCompare((c) => ({ ...c, to: e.target.value }))} />
            </div>
          </div>
        </fieldset>
        {compareValid && routes.data && (routes.data.changes.length === 0
          ? <Empty>{t('monitoring.routes.noChanges')}</Empty> : <ChangeTable changes={routes.data.changes} />)}
      </section>
    </div>
  );
}
