/**
 * The analyses' tables: hot spot cells, the top corridors and the change in corridors between
 * two periods. Internal figures: counts from fewer than k incidents carry the "small" mark.
 */
import type { Corridor, CorridorChange, HotspotCell } from '../../api/monitoring-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { categoryName, countryName } from './labels.ts';
import { formatNumber, formatP, formatZ } from './monitoring-view.ts';
import { SmallMark } from './TrendChart.tsx';

export function HotspotTable({ cells }: { cells: readonly HotspotCell[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="hotspot-table">
        <caption className="sr-only">{t('monitoring.hotspots.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.hotspots.cell')}</th>
            <th scope="col">{t('monitoring.hotspots.count')}</th>
            <th scope="col">z</th>
            <th scope="col">p</th>
            <th scope="col">{t('monitoring.hotspots.category')}</th>
            <th scope="col">{t('monitoring.hotspots.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.cell} className={c.small ? 'monitoring-small' : undefined}>
              <th scope="row"><code dir="ltr">{c.cell}</code></th>
              <td className="num">{formatNumber(c.count, locale)}{c.small && <SmallMark />}</td>
              <td className="num" dir="ltr">{formatZ(c.z, locale)}</td>
              <td className="num" dir="ltr">{formatP(c.p, locale)}</td>
              <td>{categoryName(c.category, t)} <span className={`badge monitoring-bin-${c.hot}`}>{t(`monitoring.hot.${c.hot}`)}</span></td>
              <td className="small">{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CorridorTable({ corridors }: { corridors: readonly Corridor[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="corridor-table">
        <caption className="sr-only">{t('monitoring.routes.corridorsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.routes.origin')}</th>
            <th scope="col">{t('monitoring.routes.destination')}</th>
            <th scope="col">{t('monitoring.routes.persons')}</th>
          </tr>
        </thead>
        <tbody>
          {corridors.map((c) => (
            <tr key={`${c.origin}>${c.destination}`} className={c.small ? 'monitoring-small' : undefined}>
              <td>{countryName(c.origin, locale)}</td>
              <td>{countryName(c.destination, locale)}</td>
              <td className="num">{formatNumber(c.count, locale)}{c.small && <SmallMark />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChangeTable({ changes }: { changes: readonly CorridorChange[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="change-table">
        <caption className="sr-only">{t('monitoring.routes.changesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.routes.origin')}</th>
            <th scope="col">{t('monitoring.routes.destination')}</th>
            <th scope="col">{t('monitoring.routes.before')}</th>
            <th scope="col">{t('monitoring.routes.after')}</th>
            <th scope="col">{t('monitoring.routes.change')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.origin}>${c.destination}`}>
              <td>{countryName(c.origin, locale)}</td>
              <td>{countryName(c.destination, locale)}</td>
              <td className="num">{formatNumber(c.before, locale)}</td>
              <td className="num">{formatNumber(c.after, locale)}</td>
              <td><span className={`badge monitoring-change-${c.change}`}>{t(`monitoring.change.${c.change}`)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
