/** One list version: its figures, the delta against the version before (by kind) and the refused records. */
import { useState } from 'react';
import { listsApi } from '../../api/screening.ts';
import { CHANGE_KINDS, type ChangeKind } from '../../api/screening-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { RecordErrors } from './ImportResult.tsx';
import { VersionTable } from './ListsPage.tsx';

function Changes({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ChangeKind | 'all'>('all');
  const changes = usePaged((cursor) => listsApi.changes(versionId, { cursor, kind: kind === 'all' ? undefined : kind }), [versionId, kind]);
  const items = changes.data ?? [];
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">{t('lists.changes')}</h2>
      <div className="tabs" role="group" aria-label={t('lists.byKind')}>
        {(['all', ...CHANGE_KINDS] as const).map((k) => (
          <button key={k} type="button" aria-pressed={k === kind} className={`tab${k === kind ? ' active' : ''}`}
            onClick={() => setKind(k)} data-testid={`changes-tab-${k}`}>
            {k === 'all' ? t('lists.kind.all') : t(`lists.kind.${k}`)}
          </button>
        ))}
      </div>
      <ErrorBox error={changes.error} />
      {changes.loading && items.length === 0 ? <Loading /> : items.length === 0 ? <Empty>{t('lists.noChanges')}</Empty> : (
        <div className="table-wrap">
          <table className="table" data-testid="changes">
            <thead>
              <tr>
                <th scope="col">{t('lists.change')}</th>
                <th scope="col">{t('lists.entry')}</th>
                <th scope="col">{t('lists.listedName')}</th>
                <th scope="col">{t('lists.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={`${c.entry}-${c.kind}`} data-testid="change" data-kind={c.kind} data-entry={c.entry}>
                  <td><span className={`badge change-${c.kind}`}>{t(`lists.kind.${c.kind}`)}</span></td>
                  <td><Link to={paths.listEntry(c.list, c.entry)} data-testid="change-entry"><code dir="ltr">{c.entry}</code></Link></td>
                  <td dir="auto">{c.caption}</td>
                  <td className="small muted">{c.fields.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore hasMore={changes.hasMore} loading={changes.loading} onClick={changes.loadMore} />
    </section>
  );
}

export function ListVersionPage({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const version = useAsync(() => listsApi.version(versionId), [versionId]);
  if (!version.data) return <div className="page">{version.error ? <ErrorBox error={version.error} /> : <Loading />}</div>;
  const v = version.data;
  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.lists()}>{t('nav.lists')}</Link></nav>
      <h1 data-testid="version-title">{t('lists.versionTitle', { list: v.list })}</h1>
      <p className="muted small">{t('lists.format')}: <code dir="ltr">{v.format}</code> · SHA-256 <HashText hash={v.sha256} /></p>
      <VersionTable versions={[v]} testId="version-summary" />
      <Changes versionId={v.id} />
      <section aria-labelledby="refused-title">
        <h2 id="refused-title">{t('lists.refusedRecords')}</h2>
        {v.recordErrors.length === 0 ? <Empty>{t('lists.noRefused')}</Empty> : <RecordErrors errors={v.recordErrors} />}
      </section>
    </div>
  );
}
