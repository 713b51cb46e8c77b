/** The list versions a screening ran against, with the publisher's and the import's dates. */
import type { ScreenedList } from '../../api/screening-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function ScreenedLists({ lists }: { lists: readonly ScreenedList[] }) {
  const { t, formatDateTime } = useI18n();
  if (lists.length === 0) return <p className="alert alert-warn" role="note" data-testid="no-lists">{t('screening.noLists')}</p>;
  return (
    <ul className="list compact" data-testid="screened-lists">
      {lists.map((l) => (
        <li key={l.versionId} className="list-item small">
          <Link to={paths.listVersion(l.versionId)}><strong>{l.list}</strong></Link>{' · '}
          {t('lists.published')}: {l.publishedAt ? formatDateTime(l.publishedAt) : '—'}{' · '}
          {t('lists.imported')}: {formatDateTime(l.importedAt)}
        </li>
      ))}
    </ul>
  );
}
