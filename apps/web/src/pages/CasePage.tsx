/** One case: details (status editable by case managers), members, entities and evidence. */
import { api } from '../api/client.ts';
import type { CaseStatus } from '../api/types.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { CaseEntities } from './CaseEntities.tsx';
import { CaseMembers } from './CaseMembers.tsx';
import { CaseEvidence } from './evidence/CaseEvidence.tsx';

const STATUSES: readonly CaseStatus[] = ['open', 'closed', 'archived'];

export function CasePage({ caseId }: { caseId: string }) {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const kase = useAsync(() => api.getCase(caseId), [caseId]);
  const statusChange = useAction();

  if (!kase.data) return <div className="page">{kase.error ? <ErrorBox error={kase.error} /> : <Loading />}</div>;
  const c = kase.data;

  async function changeStatus(status: CaseStatus): Promise<void> {
    await statusChange.run(async () => {
      await api.updateCase(c.id, { status });
      kase.reload();
    });
  }

  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to={paths.cases()}>{t('nav.cases')}</Link>
      </nav>
      <div className="page-head">
        <h1 data-testid="case-title">{c.name}</h1>
        {can('case:manage') ? (
          <label className="inline-label">
            <span className="muted small">{t('case.status')}</span>
            <select value={c.status} onChange={(e) => void changeStatus(e.target.value as CaseStatus)} data-testid="case-status">
              {STATUSES.map((s) => <option key={s} value={s}>{t(`caseStatus.${s}`)}</option>)}
            </select>
          </label>
        ) : (
          <span className={`badge badge-${c.status}`}>{t(`caseStatus.${c.status}`)}</span>
        )}
      </div>
      {c.description && <p className="lead">{c.description}</p>}
      {can('network:read') && <p><Link to={paths.network(c.id)} className="btn btn-small" data-testid="case-network">{t('network.open')}</Link></p>}
      <p className="muted small">{t('cases.created', { date: formatDateTime(c.createdAt) })}</p>
      <ErrorBox error={statusChange.error} />
      <div className="two-col">
        <CaseEntities caseId={c.id} />
        <aside><CaseMembers kase={c} onChanged={kase.reload} /></aside>
      </div>
      {can('evidence:read') && <CaseEvidence caseId={c.id} />}
    </div>
  );
}
