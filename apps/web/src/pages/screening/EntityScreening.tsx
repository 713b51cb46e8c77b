/**
 * On an entity page: the subject screened now against the loaded lists (on all its names) and
 * its alerts; and, for those who may export it, the designation dossier. The screening panel is
 * hidden for users without `screening:run`, for schemata that are not screened, and when the
 * server refuses (a victim's sealed record is never screened) or does not know the route.
 */
import { ApiError } from '../../api/problem.ts';
import { dossierUrl, screeningApi } from '../../api/screening.ts';
import type { SubjectScreening } from '../../api/screening-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { hasDossier, isScreenable } from '../../lib/screening-view.ts';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { AlertStatusBadge } from './AlertsPage.tsx';
import { MatchList } from './MatchList.tsx';
import { ScoreBar } from './ScoreBar.tsx';

function Panel({ entityId }: { entityId: string }) {
  const { t } = useI18n();
  const result = useAsync<SubjectScreening | null>(
    () => screeningApi.subject(entityId).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
      throw error;
    }),
    [entityId],
  );
  if (result.data === null) return null;
  return (
    <section className="card" aria-labelledby="entity-screening-title" data-testid="entity-screening">
      <h2 id="entity-screening-title">{t('screening.panel')}</h2>
      <ErrorBox error={result.error} />
      {result.loading && !result.data ? <Loading /> : result.data && (
        <>
          {result.data.lists.length === 0 ? <p className="muted small">{t('screening.noLists')}</p>
            : result.data.matches.length === 0 ? <Empty>{t('screening.noMatches')}</Empty>
            : <MatchList matches={result.data.matches} threshold={result.data.threshold} testId="entity-matches" />}
          <h3 className="small-head">{t('nav.alerts')}</h3>
          {result.data.alerts.length === 0 ? <p className="muted small">{t('alerts.none')}</p> : (
            <ul className="list compact" data-testid="entity-alerts">
              {result.data.alerts.map((a) => (
                <li key={a.id} className="list-item match-head" data-alert-id={a.id}>
                  <AlertStatusBadge status={a.status} />
                  <Link to={paths.alert(a.id)} data-testid="entity-alert-link"><span className="badge">{a.list}</span> <code dir="ltr">{a.entry}</code></Link>
                  <ScoreBar score={a.score} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function EntityScreening({ entityId, schema, sealed }: { entityId: string; schema: string; sealed: boolean }) {
  const { can } = useSession();
  if (sealed || !isScreenable(schema) || !can('screening:run')) return null;
  return <Panel entityId={entityId} />;
}

/** "Designation dossier": the HTML opens in a new tab to read; the PDF downloads. */
export function DossierLinks({ entityId, schema }: { entityId: string; schema: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  if (!hasDossier(schema) || !can('dossier:export')) return null;
  return (
    <span className="actions" data-testid="dossier">
      <a className="btn" href={dossierUrl(entityId, 'html')} target="_blank" rel="noopener noreferrer" data-testid="dossier-html">
        {t('dossier.open')}
      </a>
      <a className="btn" href={dossierUrl(entityId, 'pdf')} download data-testid="dossier-pdf">{t('dossier.pdf')}</a>
    </span>
  );
}
