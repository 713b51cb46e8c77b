/** The cases the user belongs to, and a form to open a new one. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Case } from '../api/types.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePaged } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';
import { Link, navigate } from '../router/router.tsx';
import { paths } from '../router/routes.ts';

function CreateCaseForm({ onCreated }: { onCreated: (c: Case) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(async () => {
      onCreated(await api.createCase({ name: name.trim(), description: description.trim() || undefined }));
    });
  }
  return (
    <form className="card" onSubmit={submit} data-testid="case-create-form" aria-labelledby="new-case-title">
      <h2 id="new-case-title">{t('cases.new')}</h2>
      <div className="field">
        <label htmlFor="case-name">{t('cases.name')}</label>
        <input id="case-name" required value={name} onChange={(e) => setName(e.target.value)} data-testid="case-name" />
      </div>
      <div className="field">
        <label htmlFor="case-description">{t('cases.description')}</label>
        <textarea id="case-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="case-description" />
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="case-create-submit">
        {busy ? t('common.saving') : t('cases.create')}
      </button>
    </form>
  );
}

export function CasesPage() {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const cases = usePaged((cursor) => api.listCases({ cursor }), []);
  const list = cases.data ?? [];
  return (
    <div className="page two-col">
      <section aria-labelledby="cases-title">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <ErrorBox error={cases.error} />
        {cases.loading && list.length === 0 ? <Loading /> : list.length === 0 && !cases.error ? <Empty>{t('cases.empty')}</Empty> : (
          <ul className="list" data-testid="case-list">
            {list.map((c) => (
              <li key={c.id} className="list-item">
                <Link to={paths.case(c.id)} className="list-title" data-testid="case-link" data-case-id={c.id}>{c.name}</Link>
                <span className={`badge badge-${c.status}`}>{t(`caseStatus.${c.status}`)}</span>
                {c.description && <p className="muted small clamp">{c.description}</p>}
                <p className="muted small">{t('cases.created', { date: formatDateTime(c.createdAt) })}</p>
              </li>
            ))}
          </ul>
        )}
        <LoadMore hasMore={cases.hasMore} loading={cases.loading} onClick={cases.loadMore} />
      </section>
      {can('case:create') && <aside><CreateCaseForm onCreated={(c) => navigate(paths.case(c.id))} /></aside>}
    </div>
  );
}
