/** Pages around the entity form: add an entity to a case, or edit an existing one. */
import { api } from '../api/client.ts';
import { EntityForm } from '../components/EntityForm.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync } from '../lib/use-async.ts';
import { Link, navigate } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { useSchema } from '../schema/SchemaProvider.tsx';

export function NewEntityPage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { model, error } = useSchema();
  return (
    <div className="page narrow">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.case(caseId)}>{t('entity.backToCase')}</Link>
      </nav>
      <h1>{t('entity.newTitle')}</h1>
      {model ? (
        <EntityForm model={model} mode={{ kind: 'create', caseId }}
          onSaved={(e) => navigate(paths.entity(e.id), { replace: true })}
          onCancel={() => navigate(paths.case(caseId))} />
      ) : error ? <ErrorBox error={error} /> : <Loading />}
    </div>
  );
}

export function EditEntityPage({ entityId }: { entityId: string }) {
  const { t } = useI18n();
  const { model, error } = useSchema();
  const entity = useAsync(() => api.getEntity(entityId), [entityId]);
  const failure = entity.error ?? error;
  return (
    <div className="page narrow">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.entity(entityId)}>{t('entity.backToEntity')}</Link>
      </nav>
      <h1>{entity.data ? t('entity.editTitle', { caption: entity.data.caption || entity.data.id }) : t('common.edit')}</h1>
      {model && entity.data ? (
        <EntityForm key={entity.data.id} model={model} mode={{ kind: 'edit', entity: entity.data }}
          onSaved={(e) => navigate(paths.entity(e.id), { replace: true })}
          onCancel={() => navigate(paths.entity(entityId))} />
      ) : failure ? <ErrorBox error={failure} /> : <Loading />}
    </div>
  );
}
