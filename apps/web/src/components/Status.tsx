/** Loading and empty placeholders, and a "load more" button for paged lists. */
import { useI18n } from '../i18n/I18nProvider.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="muted loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: string }) {
  return <p className="empty muted">{children}</p>;
}

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <button type="button" className="btn" onClick={onClick} disabled={loading} data-testid="load-more">
      {loading ? t('common.loading') : t('common.loadMore')}
    </button>
  );
}
