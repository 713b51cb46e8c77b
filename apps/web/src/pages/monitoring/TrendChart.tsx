/**
 * Incidents per period: an inline SVG bar chart with the same figures in a table beside it (the
 * table is what screen readers and printouts rely on; the chart is named and described). Bars
 * from fewer than k incidents are hatched and marked in the table.
 */
import { useId } from 'react';
import type { Trends } from '../../api/monitoring-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatNumber, trendChart } from './monitoring-view.ts';

const W = 600;
const H = 220;
const PAD = { top: 10, right: 10, bottom: 30, left: 44 };

export function TrendChart({ trends }: { trends: Trends }) {
  const { t, locale } = useI18n();
  const id = useId();
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const chart = trendChart(trends.series, plotW, plotH);
  const labelEvery = Math.max(1, Math.ceil(chart.bars.length / 8));
  const rtl = locale === 'ar';
  return (
    <div className="monitoring-trend">
      <figure className="monitoring-chart">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMidYMid meet">
          <title id={`${id}-t`}>{t('monitoring.trends.chartTitle')}</title>
          <desc id={`${id}-d`}>{t('monitoring.trends.chartDesc', { periods: trends.series.length, total: formatNumber(trends.total, locale) })}</desc>
          <defs>
            <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="monitoring-bar-small-bg" />
              <line x1="0" y1="0" x2="0" y2="6" className="monitoring-hatch" strokeWidth="3" />
            </pattern>
          </defs>
          {/* time runs right to left in Arabic: the plot is mirrored, the text is not */}
          <g transform={rtl ? `translate(${W - PAD.left} ${PAD.top}) scale(-1 1)` : `translate(${PAD.left} ${PAD.top})`}>
            {chart.ticks.map((v) => {
              const y = plotH - (v / chart.max) * plotH;
              return <line key={v} x1={0} x2={plotW} y1={y} y2={y} className="monitoring-grid" />;
            })}
            {chart.bars.map((b) => (
              <rect key={b.period} x={b.x} y={b.y} width={b.width} height={b.height}
                className={b.small ? 'monitoring-bar small' : 'monitoring-bar'} fill={b.small ? `url(#${id}-hatch)` : undefined} />
            ))}
          </g>
          {chart.ticks.map((v) => {
            const y = PAD.top + plotH - (v / chart.max) * plotH;
            return <text key={v} x={rtl ? W - PAD.left + 6 : PAD.left - 6} y={y + 4} textAnchor={rtl ? 'start' : 'end'} className="monitoring-axis">{formatNumber(v, locale)}</text>;
          })}
          {chart.bars.map((b, i) => i % labelEvery === 0 && (
            <text key={b.period} x={rtl ? W - PAD.left - (b.x + b.width / 2) : PAD.left + b.x + b.width / 2} y={H - 10} textAnchor="middle" className="monitoring-axis">{b.period}</text>
          ))}
        </svg>
        <figcaption className="muted small">
          {t('monitoring.trends.total', { total: formatNumber(trends.total, locale) })}
          {chart.bars.some((b) => b.small) && <> · <span className="monitoring-swatch-small" aria-hidden="true" /> {t('monitoring.small.legend')}</>}
        </figcaption>
      </figure>
      <div className="table-wrap monitoring-trend-table">
        <table className="table">
          <caption className="sr-only">{t('monitoring.trends.tableCaption')}</caption>
          <thead><tr><th scope="col">{t('monitoring.trends.period')}</th><th scope="col">{t('monitoring.trends.count')}</th></tr></thead>
          <tbody>
            {trends.series.map((p) => (
              <tr key={p.period} className={p.small ? 'monitoring-small' : undefined}>
                <th scope="row">{p.period}</th>
                <td className="num">{formatNumber(p.count, locale)}{p.small && <SmallMark />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The mark next to an internal count derived from fewer than k incidents. */
export function SmallMark() {
  const { t } = useI18n();
  return <> <span className="badge badge-warn monitoring-small-badge" title={t('monitoring.small.title')}>{t('monitoring.small.badge')}</span></>;
}
