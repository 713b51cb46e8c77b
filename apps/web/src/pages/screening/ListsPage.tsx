/**
 * The sanctions lists: the current version of each (size, dates, delta, refused records),
 * importing a list file, updating from a publisher, and every version imported.
 */
import { useState } from 'react';
import { ApiError } from '../../api/problem.ts';
import { listsApi } from '../../api/screening.ts';
import type { ListImport, ListSource, ListVersion } from '../../api/screening-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { ImportResult } from './ImportResult.tsx';

export function VersionTable({ versions, testId }: { versions: readonly ListVersion[]; testId: string }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('lists.list')}</th>
            <th scope="col">{t('lists.entries')}</th>
            <th scope="col">{t('lists.published')}</th>
            <th scope="col">{t('lists.imported')}</th>
            <th scope="col"><abbr title={t('lists.kind.added')}>+</abbr> / <abbr title={t('lists.kind.removed')}>−</abbr> / <abbr title={t('lists.kind.changed')}>~</abbr></th>
            <th scope="col">{t('lists.refusedRecords')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid={`${testId}-row`} data-list={v.list} data-version-id={v.id}>
              <td>
                <Link to={paths.listVersion(v.id)} data-testid="version-link"><strong>{v.list}</strong></Link>
                {v.current && <> <span className="badge badge-open">{t('lists.current')}</span></>}
                <div className="muted small break" dir="ltr">{v.source}</div>
              </td>
              <td className="num">{formatNumber(v.entries)}</td>
              <td>{v.publishedAt ? formatDateTime(v.publishedAt) : '—'}</td>
              <td>{formatDateTime(v.importedAt)}</td>
              <td className="num nowrap" data-testid="version-delta">
                <span className="ok-text">+{formatNumber(v.added)}</span> / <span className="danger">−{formatNumber(v.removed)}</span> / ~{formatNumber(v.changed)}
              </td>
              <td className={`num${v.errors ? ' danger' : ''}`}>{formatNumber(v.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportFile({ onImported }: { onImported: (result: ListImport) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [file, setFile] = useState<string | null>(null);
  async function upload(files: File[]): Promise<void> {
    const picked = files[0];
    if (!picked) return;
    setFile(picked.name);
    const result = await run(() => listsApi.importFile(picked, picked.name));
    if (result) onImported(result);
  }
  return (
    <section className="card" aria-labelledby="import-title" data-testid="list-import">
      <h2 id="import-title">{t('lists.import')}</h2>
      <DropZone onFiles={(f) => void upload(f)} multiple={false} title={t('lists.importDrop')} hint={t('lists.importHint')}
        button={t('lists.importChoose')} testId="list-import-drop" accept=".xml,.json,.jsonl,.ndjson,.csv,.txt" />
      {busy && <p className="muted small" role="status">{t('lists.importing', { file: file ?? '' })}</p>}
      <ErrorBox error={error} testId="import-error" />
    </section>
  );
}

function UpdateButton({ source, onImported }: { source: ListSource; onImported: (result: ListImport) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const unreachable = error instanceof ApiError && error.status === 502;
  return (
    <li className="list-item" data-testid="list-source" data-list={source.list}>
      <strong>{source.label}</strong> <span className="badge">{source.list}</span>
      <p className="muted small clamp break" dir="ltr" title={source.url}>{source.url}</p>
      <button type="button" className="btn btn-small source-update" disabled={busy} data-testid="list-update"
        onClick={() => void run(() => listsApi.update(source.list)).then((r) => r && onImported(r))}>
        {busy ? t('lists.updating') : t('lists.update')}
      </button>
      {unreachable
        ? <p className="alert alert-warn" role="alert" data-testid="publisher-unreachable">{t('lists.unreachable')}</p>
        : <ErrorBox error={error} />}
    </li>
  );
}

export function ListsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const overview = useAsync(() => listsApi.overview(), []);
  const history = usePaged((cursor) => listsApi.versions({ cursor }), []);
  const [result, setResult] = useState<ListImport | null>(null);
  const manage = can('lists:manage');

  function imported(r: ListImport): void {
    setResult(r);
    overview.reload();
    history.reload();
  }

  const current = overview.data?.current ?? [];
  const versions = history.data ?? [];
  return (
    <div className="page">
      <h1>{t('lists.title')}</h1>
      <p className="muted">{t('lists.intro')}</p>
      <div aria-live="polite">{result && <ImportResult result={result} />}</div>
      <div className="two-col">
        <div>
          <section aria-labelledby="current-title">
            <h2 id="current-title">{t('lists.currentTitle')}</h2>
            <ErrorBox error={overview.error} />
            {overview.loading && !overview.data ? <Loading /> : current.length === 0 ? <Empty>{t('lists.none')}</Empty>
              : <VersionTable versions={current} testId="current-lists" />}
          </section>
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('lists.history')}</h2>
            <ErrorBox error={history.error} />
            {history.loading && versions.length === 0 ? <Loading /> : versions.length === 0 ? <Empty>{t('lists.none')}</Empty>
              : <VersionTable versions={versions} testId="list-history" />}
            <LoadMore hasMore={history.hasMore} loading={history.loading} onClick={history.loadMore} />
          </section>
        </div>
        {manage && (
          <aside>
            <ImportFile onImported={imported} />
            {(overview.data?.sources.length ?? 0) > 0 && (
              <section className="card" aria-labelledby="sources-title">
                <h2 id="sources-title">{t('lists.sources')}</h2>
                <p className="hint">{t('lists.sourcesHint')}</p>
                <ul className="list compact" data-testid="list-sources">
                  {overview.data!.sources.map((s) => <UpdateButton key={s.list} source={s} onImported={imported} />)}
                </ul>
              </section>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
