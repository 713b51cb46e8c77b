/**
 * The transaction-alert queue: the alerts of the user's cases, highest score first, filtered by
 * case, status, typology, assignment and score. With one case chosen, alerts raised or changed
 * while the page is open arrive over the case's live stream and are marked, without a reload.
 * The filters live in history state (Back restores them), never in the URL.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { financeApi } from '../../api/finance.ts';
import type { AlertStreamEvent, FinanceAlert, FinanceAlertStatus } from '../../api/finance-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { unionPage } from '../../lib/screening-view.ts';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { Link, navigate } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { ScoreBar } from '../screening/ScoreBar.tsx';
import { alertOf, byScore, filterFromState, LiveAlertLoader, queueQuery, queueView, STATUS_FILTERS, typologiesOf, type QueueFilter } from './alert-queue.ts';
import { FinanceNav } from './FinanceNav.tsx';
import { useAlertStream } from './use-alert-stream.ts';

const SCORE_STEPS = [0, 0.3, 0.5, 0.7, 0.9] as const;

export function FinanceStatusBadge({ status }: { status: FinanceAlertStatus }) {
  const { t } = useI18n();
  return <span className={`badge finance-status-${status}`} data-testid="finance-alert-status" data-status={status}>{t(`finance.status.${status}`)}</span>;
}

function AlertRow({ alert, me, fresh, caseName }: { alert: FinanceAlert; me: string; fresh: boolean; caseName: string | undefined }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const assigned = alert.assignee === null ? t('finance.unassigned') : alert.assignee === me ? t('finance.assignedToYou') : t('finance.assignedOther');
  return (
    <li className={`list-item${fresh ? ' finance-fresh' : ''}`} data-testid="finance-alert" data-alert-id={alert.id} data-typology={alert.typology}
      data-score={alert.score} data-fresh={fresh || undefined}>
      <div className="match-head">
        <ScoreBar score={alert.score} />
        <FinanceStatusBadge status={alert.status} />
        {fresh && <span className="badge change-added" data-testid="finance-alert-fresh">{t('finance.queue.fresh')}</span>}
        <Link to={paths.financeAlert(alert.id)} className="list-title" data-testid="finance-alert-open"><code dir="ltr">{alert.typology}</code></Link>
        <span className="muted small">{assigned}</span>
      </div>
      <p className="small clamp" dir="auto">{alert.explanation}</p>
      <p className="muted small">
        {t('finance.queue.meta', { accounts: formatNumber(alert.accounts.length), transactions: formatNumber(alert.transactions.length), date: formatDateTime(alert.createdAt) })}
        {caseName && <> · <span dir="auto">{caseName}</span></>}
      </p>
    </li>
  );
}

export function FinanceAlertsPage({ state }: { state: unknown }) {
  const { t, formatNumber } = useI18n();
  const { me } = useSession();
  const myId = me?.user.id ?? '';
  const filter = useMemo(() => filterFromState(state), [state]);
  const filterKey = JSON.stringify(filter);
  const setFilter = (patch: Partial<QueueFilter>) => navigate(paths.financeAlerts(), { replace: true, state: { ...filter, ...patch } });

  const cases = useAsync(() => api.listCases({ limit: 200 }), []);
  const caseNames = useMemo(() => new Map((cases.data?.items ?? []).map((c) => [c.id, c.name])), [cases.data]);
  const alerts = usePaged((cursor) => {
    if (filter.status === 'open') {
      const page = (status: FinanceAlertStatus) => (c: string | null) => financeApi.alerts({ ...queueQuery(filter, myId, status), cursor: c });
      return unionPage({ new: page('new'), in_review: page('in_review') }, cursor, byScore);
    }
    return financeApi.alerts({ ...queueQuery(filter, myId, filter.status === 'all' ? undefined : filter.status), cursor });
  }, [filterKey, myId]);

  // alerts that arrived or changed over the live stream, laid over the pages loaded
  const [live, setLive] = useState<ReadonlyMap<string, FinanceAlert>>(new Map());
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [arrived, setArrived] = useState(0);
  const [overflow, setOverflow] = useState(false);
  const [knownTypologies, setKnownTypologies] = useState<readonly string[]>(filter.typology ? [filter.typology] : []);
  const loader = useRef<LiveAlertLoader | null>(null);
  loader.current ??= new LiveAlertLoader({
    load: (id) => financeApi.alert(id).then(alertOf),
    onLoaded: (alert, change) => {
      setLive((prev) => new Map(prev).set(alert.id, alert));
      if (change === 'new') {
        setFresh((prev) => new Set(prev).add(alert.id));
        setArrived((n) => n + 1);
      }
    },
    onOverflow: () => setOverflow(true),
  });
  const forgetLive = useCallback(() => {
    loader.current?.reset();
    setLive(new Map());
    setFresh(new Set());
    setArrived(0);
    setOverflow(false);
  }, []);
  useEffect(forgetLive, [filterKey, forgetLive]);
  useEffect(() => () => loader.current?.reset(), []);

  const onAlert = useCallback((event: AlertStreamEvent) => loader.current?.push(event), []);
  const stream = useAlertStream(filter.caseId || null, onAlert);

  const loaded = alerts.data ?? [];
  const items = useMemo(() => queueView(loaded, live, filter, myId), [loaded, live, filter, myId]);
  useEffect(() => {
    setKnownTypologies((known) => {
      const all = typologiesOf([...loaded, ...live.values()], known);
      return all.length === known.length ? known : all;
    });
  }, [loaded, live]);

  return (
    <div className="page">
      <h1>{t('finance.queue.title')}</h1>
      <p className="muted">{t('finance.queue.intro')}</p>
      <FinanceNav current="alerts" />
      <form className="finance-filters" aria-label={t('finance.queue.filters')} onSubmit={(e) => e.preventDefault()} data-testid="finance-filters">
        <div className="field">
          <label htmlFor="fq-case">{t('finance.queue.case')}</label>
          <select id="fq-case" value={filter.caseId} onChange={(e) => setFilter({ caseId: e.target.value })} data-testid="fq-case">
            <option value="">{t('finance.queue.allCases')}</option>
            {(cases.data?.items ?? []).map((c) => <option key={c.id} value={c.id} dir="auto">{c.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fq-status">{t('finance.queue.status')}</label>
          <select id="fq-status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as QueueFilter['status'] })} data-testid="fq-status">
            {STATUS_FILTERS.map((s) => <option key={s} value={s}>{t(`finance.queue.filter.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fq-typology">{t('finance.queue.typology')}</label>
          <select id="fq-typology" value={filter.typology} onChange={(e) => setFilter({ typology: e.target.value })} data-testid="fq-typology">
            <option value="">{t('finance.queue.allTypologies')}</option>
            {knownTypologies.map((ty) => <option key={ty} value={ty} dir="ltr">{ty}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fq-score">{t('finance.queue.minScore')}</label>
          <select id="fq-score" value={String(filter.minScore)} onChange={(e) => setFilter({ minScore: Number(e.target.value) })} data-testid="fq-score">
            {SCORE_STEPS.map((s) => <option key={s} value={String(s)}>{s === 0 ? t('finance.queue.anyScore') : t('finance.queue.atLeast', { score: s.toFixed(2) })}</option>)}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={filter.mine} onChange={(e) => setFilter({ mine: e.target.checked })} data-testid="fq-mine" />
          {t('finance.queue.mine')}
        </label>
      </form>
      <p className="small muted" role="status" aria-live="polite" data-testid="finance-stream" data-state={stream}>
        {stream === 'off' ? t('finance.queue.liveOff') : stream === 'ended' ? t('finance.queue.liveEnded') : stream === 'connecting' ? t('finance.queue.liveConnecting') : t('finance.queue.live')}
        {arrived > 0 && <> · <strong>{t('finance.queue.arrived', { count: formatNumber(arrived) })}</strong></>}
      </p>
      {overflow && (
        <p className="alert alert-warn" role="status" data-testid="finance-overflow">
          {t('finance.queue.overflow')}{' '}
          <button type="button" className="btn btn-small" onClick={() => { forgetLive(); alerts.reload(); }} data-testid="finance-overflow-reload">
            {t('finance.queue.showAll')}
          </button>
        </p>
      )}
      <ErrorBox error={alerts.error} />
      {alerts.loading && items.length === 0 ? <Loading /> : items.length === 0 && !alerts.error ? <Empty>{t('finance.queue.empty')}</Empty> : (
        <ul className="list" data-testid="finance-alerts">
          {items.map((a) => <AlertRow key={a.id} alert={a} me={myId} fresh={fresh.has(a.id)} caseName={filter.caseId ? undefined : caseNames.get(a.caseId)} />)}
        </ul>
      )}
      <LoadMore hasMore={alerts.hasMore} loading={alerts.loading} onClick={alerts.loadMore} />
    </div>
  );
}
