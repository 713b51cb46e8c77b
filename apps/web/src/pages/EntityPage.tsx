/** One entity: caption, schema, properties with provenance, relations and journal history. */
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { JournalTable } from '../components/JournalTable.tsx';
import { Empty, LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../lib/use-async.ts';
import { Link, navigate } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { useSchema } from '../schema/SchemaProvider.tsx';
import { PropertyTable } from './PropertyTable.tsx';
import { DossierLinks, EntityScreening } from './screening/EntityScreening.tsx';
import { ConsentPanel } from './sharing/ConsentPanel.tsx';

function Relations({ entityId }: { entityId: string }) {
  const { t } = useI18n();
  const { label } = useSchema();
  const rel = useAsync(() => api.entityRelations(entityId), [entityId]);
  const items = rel.data?.items ?? [];
  return (
    <section aria-labelledby="rel-title" className="card">
      <h2 id="rel-title">{t('entity.relations')}</h2>
      <ErrorBox error={rel.error} />
      {rel.loading && !rel.data ? <Loading /> : items.length === 0 ? <Empty>{t('entity.noRelations')}</Empty> : (
        <ul className="list compact" data-testid="relations">
          {items.map((r) => (
            <li key={`${r.id}-${r.direction}-${r.prop}`} className="list-item">
              <span className="muted small">{r.direction === 'outgoing' ? '→' : '←'} {label(r.schema)}</span>{' '}
              <Link to={paths.entity(r.id)}>{r.caption || r.id}</Link>
              {r.other && (
                <>
                  {' · '}
                  <Link to={paths.entity(r.other.id)} data-testid="relation-other">{r.other.caption || r.other.id}</Link>
                  <span className="muted small"> ({label(r.other.schema)})</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ entityId }: { entityId: string }) {
  const { t } = useI18n();
  const journal = usePaged((cursor) => api.entityJournal(entityId, { cursor }), [entityId]);
  const items = journal.data ?? [];
  return (
    <section aria-labelledby="hist-title">
      <h2 id="hist-title">{t('entity.history')}</h2>
      <ErrorBox error={journal.error} />
      {journal.loading && items.length === 0 ? <Loading /> : items.length === 0 ? <Empty>{t('journal.empty')}</Empty>
        : <JournalTable items={items} showSubject={false} />}
      <LoadMore hasMore={journal.hasMore} loading={journal.loading} onClick={journal.loadMore} />
    </section>
  );
}

export function EntityPage({ entityId }: { entityId: string }) {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const { model, label } = useSchema();
  const entity = useAsync(() => api.getEntity(entityId), [entityId]);
  const [deleteError, setDeleteError] = useState<ApiError | null>(null);

  if (!entity.data) return <div className="page">{entity.error ? <ErrorBox error={entity.error} /> : <Loading />}</div>;
  const e = entity.data;

  async function remove(): Promise<void> {
    if (!window.confirm(t('entity.confirmDelete'))) return;
    try {
      await api.deleteEntity(e.id);
      navigate(paths.case(e.caseId), { replace: true });
    } catch (err) {
      if (err instanceof ApiError) setDeleteError(err);
      else throw err;
    }
  }

  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.case(e.caseId)}>{t('entity.backToCase')}</Link>
      </nav>
      {e.sealed && (
        <div className="banner-sealed" role="note" data-testid="sealed-banner">🔒 {t('entity.sealedBanner')}</div>
      )}
      <div className="page-head">
        <div>
          <h1 data-testid="entity-caption">{e.caption || e.id}</h1>
          <p className="muted"><span className="badge" data-testid="entity-schema">{label(e.schema)}</span>{' '}
            <code className="small" dir="ltr">{e.id}</code></p>
        </div>
        <div className="actions">
          <DossierLinks entityId={e.id} schema={e.schema} />
          {can('entity:write') && (
            <>
              <Link to={paths.editEntity(e.id)} className="btn btn-primary" data-testid="edit-entity">{t('common.edit')}</Link>
              <button type="button" className="btn btn-danger-quiet" onClick={() => void remove()} data-testid="delete-entity">{t('common.delete')}</button>
            </>
          )}
        </div>
      </div>
      <ErrorBox error={deleteError} />
      <p className="muted small">
        {t('entity.seen', { first: formatDateTime(e.firstSeen), last: formatDateTime(e.lastSeen) })}
      </p>
      {e.mergedFrom.length > 0 && (
        <p className="muted small">{t('entity.mergedFrom', { ids: e.mergedFrom.join(', ') })}</p>
      )}
      <div className="two-col wide-main">
        <section aria-labelledby="props-title">
          <h2 id="props-title">{t('entity.properties')}</h2>
          <PropertyTable entity={e} schema={model?.schemata[e.schema]} codeLabels={model?.types} />
        </section>
        <aside>
          <Relations entityId={e.id} />
          <EntityScreening entityId={e.id} schema={e.schema} sealed={e.sealed} />
          <ConsentPanel entityId={e.id} schema={e.schema} />
        </aside>
      </div>
      <History entityId={e.id} />
    </div>
  );
}
