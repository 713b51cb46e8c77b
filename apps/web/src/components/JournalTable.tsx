/** Journal entries as a table: sequence, time, actor, action, subject and a short chain hash. */
import type { JournalEntry } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';

function short(hash: string): string {
  return hash ? `${hash.slice(0, 12)}…` : '';
}

export function JournalTable({ items, showSubject = true }: { items: readonly JournalEntry[]; showSubject?: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="journal-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('journal.at')}</th>
            <th scope="col">{t('journal.actor')}</th>
            <th scope="col">{t('journal.action')}</th>
            {showSubject && <th scope="col">{t('journal.subject')}</th>}
            <th scope="col">{t('journal.chainHash')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.seq} data-testid="journal-entry">
              <td className="num">{e.seq}</td>
              <td className="nowrap">{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td><code>{e.action}</code></td>
              {showSubject && (
                <td>
                  {e.entityId ? <Link to={paths.entity(e.entityId)}><code>{e.entityId}</code></Link>
                    : e.caseId ? <Link to={paths.case(e.caseId)}><code>{e.caseId}</code></Link> : '—'}
                </td>
              )}
              <td><code title={e.chainHash} dir="ltr">{short(e.chainHash)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
