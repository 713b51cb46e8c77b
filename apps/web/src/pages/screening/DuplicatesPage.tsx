/**
 * Duplicate proposals among the persons and organisations of the user's cases: scan, then for
 * each pair merge (same case only), link as the same subject (across cases), reject, or undo.
 * A merge keeps every statement and is undone by unmerging the merged member (`b`).
 */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { duplicatesApi } from '../../api/screening.ts';
import { DUPLICATE_STATUSES, type DuplicateProposal, type DuplicateScan, type DuplicateStatus } from '../../api/screening-types.ts';
import type { EntitySummary } from '../../api/types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { mergeBlocked } from '../../lib/screening-view.ts';
import { usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import { Explanation } from './Explanation.tsx';
import { ScoreBar } from './ScoreBar.tsx';

function Side({ entity, testId }: { entity: EntitySummary; testId: string }) {
  const { label } = useSchema();
  return (
    <div className="dup-side" data-testid={testId}>
      <Link to={paths.entity(entity.id)} className="list-title" dir="auto">{entity.caption || entity.id}</Link>
      <span className="badge">{label(entity.schema)}</span>
      {entity.caseId && <div className="small"><Link to={paths.case(entity.caseId)} className="muted"><code dir="ltr">{entity.caseId}</code></Link></div>}
    </div>
  );
}

function Proposal({ proposal, onChanged }: { proposal: DuplicateProposal; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { busy, error, run } = useAction();
  const blocked = mergeBlocked(proposal);
  const sameCase = proposal.a.caseId === proposal.b.caseId;
  const reasonId = `merge-reason-${proposal.id}`;

  async function decide(status: DuplicateStatus): Promise<void> {
    if (await run(() => duplicatesApi.decide(proposal.id, status))) onChanged();
  }
  /** the merged member is `b`: unmerging it restores both and reopens the proposal */
  async function undoMerge(): Promise<void> {
    if (await run(() => api.unmergeEntity(proposal.b.id))) onChanged();
  }

  return (
    <li className="list-item dup" data-testid="duplicate" data-duplicate-id={proposal.id} data-status={proposal.status}>
      <div className="match-head">
        <ScoreBar score={proposal.score} />
        <span className="badge" data-testid="duplicate-status">{t(`duplicates.status.${proposal.status}`)}</span>
        {!sameCase && <span className="badge badge-kind">{t('duplicates.acrossCases')}</span>}
      </div>
      <div className="dup-pair">
        <Side entity={proposal.a} testId="duplicate-a" />
        <span aria-hidden="true" className="dup-arrow">⇄</span>
        <Side entity={proposal.b} testId="duplicate-b" />
      </div>
      <Explanation lines={proposal.explanation} />
      {can('entity:merge') && (
        <div className="actions wrap">
          {proposal.status === 'open' && (
            <>
              <button type="button" className="btn btn-primary btn-small" disabled={busy || blocked !== null}
                aria-describedby={blocked ? reasonId : undefined} onClick={() => void decide('merged')} data-testid="duplicate-merge">
                {t('duplicates.merge')}
              </button>
              {!sameCase && (
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => void decide('same')} data-testid="duplicate-same">
                  {t('duplicates.same')}
                </button>
              )}
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => void decide('rejected')} data-testid="duplicate-reject">
                {t('duplicates.reject')}
              </button>
              {blocked && <span id={reasonId} className="muted small" data-testid="merge-blocked">{t(blocked)}</span>}
            </>
          )}
          {proposal.status === 'merged' && (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void undoMerge()} data-testid="duplicate-unmerge">
              {t('duplicates.undoMerge')}
            </button>
          )}
          {(proposal.status === 'same' || proposal.status === 'rejected') && (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void decide('open')} data-testid="duplicate-reopen">
              {t('duplicates.reopen')}
            </button>
          )}
        </div>
      )}
      <ErrorBox error={error} />
    </li>
  );
}

function Scan({ onScanned }: { onScanned: () => void }) {
  const { t, formatNumber } = useI18n();
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<DuplicateScan | null>(null);
  async function scan(): Promise<void> {
    const r = await run(() => duplicatesApi.scan());
    if (r) {
      setResult(r);
      onScanned();
    }
  }
  return (
    <div className="scan">
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void scan()} data-testid="duplicates-scan">
        {busy ? t('duplicates.scanning') : t('duplicates.scan')}
      </button>
      <p aria-live="polite" className="small" data-testid="duplicates-scan-result">
        {result ? t('duplicates.scanned', { entities: formatNumber(result.entities), proposed: formatNumber(result.proposed), stored: formatNumber(result.stored) }) : ''}
      </p>
      <ErrorBox error={error} />
    </div>
  );
}

export function DuplicatesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState<DuplicateStatus>('open');
  const list = usePaged((cursor) => duplicatesApi.list({ status, cursor }), [status]);
  const items = list.data ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('duplicates.title')}</h1>
          <p className="muted">{t('duplicates.intro')}</p>
        </div>
        {can('entity:merge') && <Scan onScanned={list.reload} />}
      </div>
      <div className="tabs" role="group" aria-label={t('duplicates.byStatus')}>
        {DUPLICATE_STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={s === status} className={`tab${s === status ? ' active' : ''}`}
            onClick={() => setStatus(s)} data-testid={`duplicates-tab-${s}`}>
            {t(`duplicates.status.${s}`)}
          </button>
        ))}
      </div>
      <ErrorBox error={list.error} />
      {list.loading && items.length === 0 ? <Loading /> : items.length === 0 && !list.error ? <Empty>{t('duplicates.empty')}</Empty> : (
        <ul className="list" data-testid="duplicate-list">
          {items.map((p) => <Proposal key={p.id} proposal={p} onChanged={list.reload} />)}
        </ul>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </div>
  );
}
