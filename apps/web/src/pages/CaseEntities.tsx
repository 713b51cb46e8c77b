/** The entities of a case, filterable by schema, with an "add entity" button. */
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { EntityList } from '../components/EntityList.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { SchemaSelect } from '../components/SchemaSelect.tsx';
import { Empty, LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePaged } from '../lib/use-async.ts';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { useSchema } from '../schema/SchemaProvider.tsx';

export function CaseEntities({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { model } = useSchema();
  const [schema, setSchema] = useState('');
  const entities = usePaged((cursor) => api.listCaseEntities(caseId, { cursor, schema: schema || undefined }), [caseId, schema]);
  const list = entities.data ?? [];
  return (
    <section aria-labelledby="entities-title" data-testid="case-entities">
      <div className="section-head">
        <h2 id="entities-title">{t('case.entities')}</h2>
        {can('entity:write') && (
          <Link to={paths.newEntity(caseId)} className="btn btn-primary" data-testid="add-entity">{t('case.addEntity')}</Link>
        )}
      </div>
      {model && (
        <div className="filter">
          <label htmlFor="entity-filter">{t('common.schemaFilter')}</label>
          <SchemaSelect id="entity-filter" schemata={model.schemata} value={schema} onChange={setSchema}
            emptyLabel={t('common.allSchemata')} testId="entity-schema-filter" />
        </div>
      )}
      <ErrorBox error={entities.error} />
      {entities.loading && list.length === 0 ? <Loading /> : list.length === 0 && !entities.error ? (
        <Empty>{t('case.noEntities')}</Empty>
      ) : (
        <EntityList items={list} testId="case-entity-list" />
      )}
      <LoadMore hasMore={entities.hasMore} loading={entities.loading} onClick={entities.loadMore} />
    </section>
  );
}
