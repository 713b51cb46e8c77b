/** The inbox of survivor accounts and tips, by status (new, triaged, closed). */
import { useState } from 'react';
import { evidenceApi } from '../../api/evidence.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../api/evidence-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePaged } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function SubmissionsPage() {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState<SubmissionStatus>('new');
  const list = usePaged((cursor) => evidenceApi.listSubmissions({ status, cursor }), [status]);
  const items = list.data ?? [];
  return (
    <div className="page">
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.intro')}</p>
      <div className="tabs" role="group" aria-label={t('inbox.byStatus')}>
        {SUBMISSION_STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={s === status} className={`tab${s === status ? ' active' : ''}`}
            onClick={() => setStatus(s)} data-testid={`inbox-tab-${s}`}>
            {t(`submission.status.${s}`)}
          </button>
        ))}
      </div>
      <div>
        <ErrorBox error={list.error} />
        {list.loading && items.length === 0 ? <Loading /> : items.length === 0 && !list.error ? <Empty>{t('inbox.empty')}</Empty> : (
          <ul className="list" data-testid="inbox-list">
            {items.map((s) => (
              <li key={s.id} className="list-item row" data-testid="inbox-item" data-submission-id={s.id}>
                <Link to={paths.submission(s.id)} className="list-title" data-testid="inbox-link">
                  {t(`submission.kind.${s.kind}`)} · {formatDateTime(s.createdAt)}
                </Link>
                <span className="flags">
                  <span className="badge">{s.language}</span>
                  <span className="badge">{s.named ? t('submission.named') : t('submission.anonymous')}</span>
                  <span className="badge">{t('inbox.counts', { items: s.items, messages: s.messages })}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      </div>
    </div>
  );
}
