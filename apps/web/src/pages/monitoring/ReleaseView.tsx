/**
 * A released table as it was published: its title, its disclosure note and its cells. A
 * suppressed cell shows the word "suppressed", never a number (see `shownCell`).
 */
import type { PublishableTable, Release } from '../../api/monitoring-types.ts';
import { releaseHxlUrl } from '../../api/monitoring.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { releaseColumns, shownCell, formatNumber } from './monitoring-view.ts';

export function ReleaseView({ release, table }: { release: Release; table?: PublishableTable }) {
  const { t, locale } = useI18n();
  const columns = releaseColumns(release.cells, table);
  const suppressed = release.cells.filter((c) => shownCell(c).kind === 'suppressed').length;
  return (
    <section className="card monitoring-release" aria-label={release.title} data-testid="release-view">
      <h3>{release.title}</h3>
      <p className="muted small">{new Date(release.at).toLocaleString(locale)} · {t('monitoring.release.cellsSummary', { cells: release.cells.length, suppressed })}</p>
      <p className="alert alert-ok" data-testid="release-note">{release.note.text}</p>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{release.title}</caption>
          <thead><tr>
            {columns.map((c) => <th key={c} scope="col">{c}</th>)}
            <th scope="col">{t('monitoring.release.value')}</th>
          </tr></thead>
          <tbody>
            {release.cells.map((cell, i) => {
              const shown = shownCell(cell);
              return (
                <tr key={i}>
                  {columns.map((c) => <td key={c}>{cell.key[c] ?? ''}</td>)}
                  <td className="num">
                    {shown.kind === 'value' ? formatNumber(shown.value, locale)
                      : <span className="badge monitoring-suppressed">{t('monitoring.release.suppressed')}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p><a className="btn btn-small" href={releaseHxlUrl(release.id)} download>{t('monitoring.release.hxl')}</a></p>
    </section>
  );
}
