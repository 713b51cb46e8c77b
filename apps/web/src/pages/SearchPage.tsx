/**
 * Search results for the header search box. The query arrives in history state (never in the
 * URL, it is often a name); a reload keeps it, a copied link does not.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { EntityList } from '../components/EntityList.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { SchemaSelect } from '../components/SchemaSelect.tsx';
import { Empty, LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePaged } from '../lib/use-async.ts';
import { navigate } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { useSchema } from '../schema/SchemaProvider.tsx';

function queryFrom(state: unknown): string {
  return state && typeof state === 'object' && 'q' in state && typeof state.q === 'string' ? state.q : '';
}

function Results({ q, schema }: { q: string; schema: string }) {
  const { t } = useI18n();
  const hits = usePaged((cursor) => api.search({ q, schema: schema || undefined, cursor }), [q, schema]);
  const items = hits.data ?? [];
  return (
    <>
      <ErrorBox error={hits.error} />
      <div aria-live="polite" className="sr-only">{hits.loading ? '' : t('search.count', { count: items.length })}</div>
      {hits.loading && items.length === 0 ? <Loading /> : items.length === 0 && !hits.error ? <Empty>{t('search.noResults')}</Empty> : (
        <EntityList items={items} testId="search-results" itemTestId="search-result"
          extra={(e) => ('matched' in e && typeof e.matched === 'string' ? e.matched : null)} />
      )}
      <LoadMore hasMore={hits.hasMore} loading={hits.loading} onClick={hits.loadMore} />
    </>
  );
}

export function SearchPage({ state }: { state: unknown }) {
  const { t } = useI18n();
  const { model } = useSchema();
  const q = queryFrom(state);
  const [draft, setDraft] = useState(q);
  const [schema, setSchema] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (draft.trim()) navigate(paths.search(), { state: { q: draft.trim() }, replace: true });
  }

  return (
    <div className="page">
      <h1>{t('search.title')}</h1>
      <form role="search" className="inline-form" onSubmit={submit}>
        <label htmlFor="search-page-q" className="sr-only">{t('header.search')}</label>
        <input id="search-page-q" type="search" value={draft} onChange={(e) => setDraft(e.target.value)}
          data-testid="search-page-input" autoComplete="off" />
        <button type="submit" className="btn">{t('search.submit')}</button>
        {model && (
          <>
            <label htmlFor="search-schema" className="sr-only">{t('common.schemaFilter')}</label>
            <SchemaSelect id="search-schema" schemata={model.schemata} value={schema} onChange={setSchema}
              emptyLabel={t('common.allSchemata')} testId="search-schema-filter" />
          </>
        )}
      </form>
      {q ? <Results q={q} schema={schema} /> : <Empty>{t('search.prompt')}</Empty>}
    </div>
  );
}
