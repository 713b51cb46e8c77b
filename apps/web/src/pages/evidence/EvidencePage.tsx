/**
 * One evidence item: what it is and where it came from (with the capture time, coordinates and
 * device its metadata hold), a journalled preview and download, the entities it supports, the
 * custody actions and the full custody timeline.
 */
import { useCallback, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { evidenceApi } from '../../api/evidence.ts';
import type { EvidenceItem } from '../../api/evidence-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { allowedPurposes } from '../../lib/consent.ts';
import { formatBytes, formatCoordinates } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { CustodyTimeline } from './CustodyTimeline.tsx';
import { EvidenceActions } from './EvidenceActions.tsx';
import { EvidenceFlags } from './EvidenceTable.tsx';
import { EvidencePreview } from './EvidencePreview.tsx';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function Metadata({ item }: { item: EvidenceItem }) {
  const { t, locale, formatDateTime } = useI18n();
  const meta = item.metadata ?? {};
  const coordinates = formatCoordinates(meta.gps);
  const device = [text(meta.make), text(meta.model)].filter(Boolean).join(' ');
  const consent = item.consent;
  const rows: Array<[string, ReactNode, string?]> = [
    ['SHA-256', <HashText hash={item.sha256} length={16} testId="item-sha256" />],
    [t('evidence.size'), formatBytes(item.size, locale)],
    [t('evidence.type'), <code dir="ltr">{item.mime}</code>],
  ];
  if (item.declaredMime && item.declaredMime !== item.mime) rows.push([t('evidence.declaredType'), <code dir="ltr">{item.declaredMime}</code>]);
  if (item.description) rows.push([t('intake.description'), <span dir="auto">{item.description}</span>]);
  rows.push([t('intake.collectedBy'), item.collectedBy ?? '—']);
  rows.push([t('intake.collectedAt'), item.collectedAt ? formatDateTime(item.collectedAt) : '—']);
  if (item.collectedWhere) rows.push([t('intake.collectedWhere'), <span dir="auto">{item.collectedWhere}</span>]);
  if (item.source) rows.push([t('intake.source'), <span dir="auto">{item.source}</span>]);
  if (text(meta.capturedAt)) rows.push([t('evidence.capturedAt'), formatDateTime(meta.capturedAt as string), 'item-captured']);
  if (coordinates) rows.push([t('evidence.gps'), <span dir="ltr">{coordinates}</span>, 'item-gps']);
  if (device) rows.push([t('evidence.device'), device, 'item-device']);
  if (text(meta.software)) rows.push([t('evidence.software'), meta.software as string]);
  if (consent) {
    const purposes = allowedPurposes(consent);
    rows.push([t('consent.title'), (
      <span data-testid="item-consent">
        {purposes.length ? purposes.map((p) => t(`consent.purpose.${p}`)).join(', ') : t('consent.none')}
        {' · '}{t(`consent.visibility.${consent.visibility}`)}
        {consent.organisations?.length ? `: ${consent.organisations.join(', ')}` : ''}
      </span>
    )]);
  }
  rows.push([t('evidence.origin'), t(`evidence.origin.${item.origin}`)]);
  rows.push([t('evidence.intakeBy'), <>{formatDateTime(item.createdAt)} · <code dir="ltr">{item.createdBy}</code></>]);
  rows.push([t('evidence.headHash'), <HashText hash={item.headHash} testId="item-head" />]);
  return (
    <dl className="dl-grid item-meta" data-testid="evidence-metadata">
      {rows.map(([label, value, testId]) => (
        <div key={label} className="dl-row">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EvidencePage({ evidenceId }: { evidenceId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const item = useAsync(() => evidenceApi.getEvidence(evidenceId), [evidenceId]);
  const custody = useAsync(() => evidenceApi.custody(evidenceId), [evidenceId]);
  const caseId = item.data?.caseId ?? null;
  const entities = useAsync(
    () => (caseId && can('entity:read') ? api.listCaseEntities(caseId, { limit: 200 }) : Promise.resolve({ items: [], next: null })),
    [caseId],
  );
  const reloadCustody = custody.reload;
  const reloadItem = item.reload;
  const refresh = useCallback(() => {
    reloadItem();
    reloadCustody();
  }, [reloadItem, reloadCustody]);

  if (!item.data) return <div className="page">{item.error ? <ErrorBox error={item.error} /> : <Loading />}</div>;
  const e = item.data;
  const byId = new Map((entities.data?.items ?? []).map((x) => [x.id, x]));

  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        {e.caseId ? <Link to={paths.case(e.caseId)}>{t('entity.backToCase')}</Link> : <Link to={paths.submissions()}>{t('nav.submissions')}</Link>}
      </nav>
      {e.sealed && <div className="banner-sealed" role="note" data-testid="sealed-banner">🔒 {t('evidence.sealedBanner')}</div>}
      <div className="page-head">
        <div>
          <h1 data-testid="evidence-title" className="break" dir="auto">{e.filename || e.id}</h1>
          <p className="muted"><EvidenceFlags item={e} /> <code className="small" dir="ltr">{e.id}</code></p>
        </div>
      </div>
      {e.mimeMismatch && (
        <p className="alert alert-warn" role="note" data-testid="mime-warning">
          ⚠ {t('evidence.mimeMismatchHint', { declared: e.declaredMime ?? '—', detected: e.mime })}
        </p>
      )}
      <div className="two-col wide-main">
        <div>
          <section aria-labelledby="meta-title">
            <h2 id="meta-title">{t('evidence.metadata')}</h2>
            <Metadata item={e} />
          </section>
          <EvidencePreview item={e} onJournalled={reloadCustody} />
        </div>
        <aside>
          <section className="card" aria-labelledby="linked-title">
            <h2 id="linked-title">{t('evidence.entities')}</h2>
            {e.entityIds.length === 0 ? <Empty>{t('evidence.noEntities')}</Empty> : (
              <ul className="list compact" data-testid="evidence-entities">
                {e.entityIds.map((id) => (
                  <li key={id} className="list-item"><Link to={paths.entity(id)} dir="auto">{byId.get(id)?.caption || id}</Link></li>
                ))}
              </ul>
            )}
          </section>
          {can('evidence:write') && <EvidenceActions item={e} entities={entities.data?.items ?? []} onRecorded={refresh} />}
        </aside>
      </div>
      <section aria-labelledby="custody-title" data-testid="custody">
        <div className="section-head">
          <h2 id="custody-title">{t('custody.title')}</h2>
          <button type="button" className="btn btn-small" onClick={reloadCustody} data-testid="custody-refresh">{t('custody.refresh')}</button>
        </div>
        <ErrorBox error={custody.error} />
        {custody.loading && !custody.data ? <Loading /> : (custody.data?.items.length ?? 0) === 0 ? <Empty>{t('custody.empty')}</Empty>
          : <CustodyTimeline events={custody.data!.items} itemId={e.id} headHash={e.headHash} />}
      </section>
    </div>
  );
}
