/**
 * The screening alert inbox: alerts of the user's cases, undecided ones first by default
 * (open and needs review), filterable by status and list.
 */
import { useState } from 'react';
import { listsApi, screeningApi } from '../../api/screening.ts';
import { ALERT_STATUSES, type AlertStatus, type ScreeningAlert } from '../../api/screening-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { newestFirst, unionPage } from '../../lib/screening-view.ts';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { Explanation } from './Explanation.tsx';
import { ScoreBar } from './ScoreBar.tsx';

type StatusFilter = 'undecided' | AlertStatus | 'all';
const FILTERS: readonly StatusFilter[] = ['undecided', ...ALERT_STATUSES, 'all'];

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const { t } = useI18n();
  return <span className={`badge alert-status-${status}`} data-testid="alert-status">{t(`alerts.status.${status}`)}</span>;
}

export function AlertItem({ alert }: { alert: ScreeningAlert }) {
  const { t, formatDateTime } = useI18n();
  return (
    <li className="list-item alert-item" data-testid="alert-item" data-alert-id={alert.id} data-entry={alert.entry}>
      <div className="match-head">
        <ScoreBar score={alert.score} />
        <AlertStatusBadge status={alert.status} />
        <Link to={paths.entity(alert.subject.id)} className="list-title" dir="auto" data-testid="alert-subject">{alert.subject.caption || alert.subject.id}</Link>
        <span aria-hidden="true">↔</span>
        <Link to={paths.listEntry(alert.list, alert.entry)} data-testid="alert-entry">
          <span className="badge">{alert.list}</span> <code dir="ltr">{alert.entry}</code>
        </Link>
        <span className="grow break" dir="auto">{alert.matchedName}</span>
        <Link to={paths.alert(alert.id)} className="btn btn-small" data-testid="alert-open">{t('alerts.open')}</Link>
      </div>
      <p className="muted small">{t('alerts.raised', { date: formatDateTime(alert.createdAt) })}</p>
      <Explanation lines={alert.explanation} />
    </li>
  );
}

export function AlertsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<StatusFilter>('undecided');
  const [list, setList] = useState('');
  const lists = useAsync(() => listsApi.overview().catch(() => ({ current: [], sources: [] })), []);
  const alerts = usePaged((cursor) => {
    const base = { list: list || undefined };
    if (status === 'undecided') {
      return unionPage({
        open: (c) => screeningApi.alerts({ ...base, status: 'open', cursor: c }),
        needs_review: (c) => screeningApi.alerts({ ...base, status: 'needs_review', cursor: c }),
      }, cursor, newestFirst);
    }
    return screeningApi.alerts({ ...base, status: status === 'all' ? undefined : status, cursor });
  }, [status, list]);
  const items = alerts.data ?? [];
  const listNames = [...new Set((lists.data?.current ?? []).map((v) => v.list))];

  return (
    <div className="page">
      <h1>{t('alerts.title')}</h1>
      <p className="muted">{t('alerts.intro')}</p>
      <div className="tabs" role="group" aria-label={t('alerts.byStatus')}>
        {FILTERS.map((s) => (
          <button key={s} type="button" aria-pressed={s === status} className={`tab${s === status ? ' active' : ''}`}
            onClick={() => setStatus(s)} data-testid={`alerts-tab-${s}`}>
            {t(`alerts.filter.${s}`)}
          </button>
        ))}
      </div>
      <div className="filter">
        <label htmlFor="alerts-list">{t('lists.list')}</label>
        <select id="alerts-list" value={list} onChange={(e) => setList(e.target.value)} data-testid="alerts-list">
          <option value="">{t('alerts.allLists')}</option>
          {listNames.map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      </div>
      <ErrorBox error={alerts.error} />
      {alerts.loading && items.length === 0 ? <Loading /> : items.length === 0 && !alerts.error ? <Empty>{t('alerts.empty')}</Empty> : (
        <ul className="list" data-testid="alert-list">
          {items.map((a) => <AlertItem key={a.id} alert={a} />)}
        </ul>
      )}
      <LoadMore hasMore={alerts.hasMore} loading={alerts.loading} onClick={alerts.loadMore} />
    </div>
  );
}
