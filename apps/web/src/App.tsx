/** Composition root of the UI: providers, header, and the page for the current route. */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { AuthProvider, useSession } from './auth/AuthProvider.tsx';
import { Header } from './components/Header.tsx';
import { Loading } from './components/Status.tsx';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { EditEntityPage, NewEntityPage } from './pages/EntityFormPage.tsx';
import { EntityPage } from './pages/EntityPage.tsx';
import { JournalPage } from './pages/JournalPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { TokensPage } from './pages/TokensPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { EvidencePage } from './pages/evidence/EvidencePage.tsx';
import { VerifyPage } from './pages/evidence/VerifyPage.tsx';
import { SubmissionPage } from './pages/submissions/SubmissionPage.tsx';
import { SubmissionsPage } from './pages/submissions/SubmissionsPage.tsx';
import { SubmitPage } from './pages/submit/SubmitPage.tsx';
import { AlertPage } from './pages/screening/AlertPage.tsx';
import { AlertsPage } from './pages/screening/AlertsPage.tsx';
import { DuplicatesPage } from './pages/screening/DuplicatesPage.tsx';
import { ListEntryPage } from './pages/screening/ListEntryPage.tsx';
import { ListsPage } from './pages/screening/ListsPage.tsx';
import { ListVersionPage } from './pages/screening/ListVersionPage.tsx';
import { ScreeningPage } from './pages/screening/ScreeningPage.tsx';
import { FinanceRoute } from './pages/finance/FinanceRoutes.tsx';
import { navigate, useLocation } from './router/router.tsx';
import { paths, PUBLIC_ROUTES, type RouteMatch } from './router/routes.ts';
import { SchemaProvider } from './schema/SchemaProvider.tsx';

// The explorer brings sigma and graphology (a few hundred kB): loaded only when opened.
const NetworkPage = lazy(() => import('./pages/network/NetworkPage.tsx').then((m) => ({ default: m.NetworkPage })));
// Information sharing is a few people's work: its pages load when first opened.
const SharingRoute = lazy(() => import('./pages/sharing/SharingRoutes.tsx').then((m) => ({ default: m.SharingRoute })));
// Monitoring brings MapLibre (about a megabyte): loaded only when opened.
const MonitoringRoute = lazy(() => import('./pages/monitoring/MonitoringRoutes.tsx').then((m) => ({ default: m.MonitoringRoute })));

function Message({ title, body }: { title: string; body: string }) {
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p className="muted">{body}</p>
    </div>
  );
}

function Guard({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useI18n();
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Message title={t('error.ARIADNE_FORBIDDEN')} body={t('app.forbiddenBody')} />;
}

function Page({ route, state }: { route: RouteMatch; state: unknown }) {
  const { t } = useI18n();
  const p = route.params;
  switch (route.name) {
    case 'home':
    case 'login':
    case 'cases': return <CasesPage />;
    case 'case': return <CasePage key={p.caseId} caseId={p.caseId!} />;
    case 'newEntity': return <NewEntityPage key={p.caseId} caseId={p.caseId!} />;
    case 'entity': return <EntityPage key={p.entityId} entityId={p.entityId!} />;
    case 'editEntity': return <EditEntityPage key={p.entityId} entityId={p.entityId!} />;
    case 'search': return <SearchPage key={JSON.stringify(state)} state={state} />;
    case 'journal': return <Guard permission="journal:read"><JournalPage /></Guard>;
    case 'users': return <Guard permission="user:manage"><UsersPage /></Guard>;
    case 'tokens': return <Guard permission="token:manage"><TokensPage /></Guard>;
    case 'password': return <PasswordPage />;
    case 'evidence': return <Guard permission="evidence:read"><EvidencePage key={p.evidenceId} evidenceId={p.evidenceId!} /></Guard>;
    case 'verify': return <Guard permission="evidence:read"><VerifyPage /></Guard>;
    case 'submissions': return <Guard permission="submission:triage"><SubmissionsPage /></Guard>;
    case 'submission': return <Guard permission="submission:triage"><SubmissionPage key={p.submissionId} submissionId={p.submissionId!} /></Guard>;
    case 'screening': return <Guard permission="screening:run"><ScreeningPage /></Guard>;
    case 'lists': return <Guard permission="lists:read"><ListsPage /></Guard>;
    case 'listVersion': return <Guard permission="lists:read"><ListVersionPage key={p.versionId} versionId={p.versionId!} /></Guard>;
    case 'listEntry': return <Guard permission="lists:read"><ListEntryPage key={`${p.list}/${p.entry}`} list={p.list!} entry={p.entry!} /></Guard>;
    case 'alerts': return <Guard permission="screening:run"><AlertsPage /></Guard>;
    case 'alert': return <Guard permission="screening:run"><AlertPage key={p.alertId} alertId={p.alertId!} /></Guard>;
    case 'duplicates': return <Guard permission="entity:read"><DuplicatesPage /></Guard>;
    case 'network': return <Guard permission="network:read"><Suspense fallback={<Loading />}><NetworkPage key={p.caseId} caseId={p.caseId!} /></Suspense></Guard>;
    case 'finance':
    case 'financeAlerts':
    case 'financeAlert':
    case 'financeAlertNetwork':
    case 'fiuCase': return <Guard permission="finance:read"><FinanceRoute route={route} state={state} /></Guard>;
    case 'sharingLinkage': return <Guard permission="linkage:run"><Suspense fallback={<Loading />}><SharingRoute route={route} /></Suspense></Guard>;
    case 'sharing':
    case 'sharingNewAgreement':
    case 'sharingAgreement':
    case 'sharingPartners':
    case 'sharingIncoming': return <Guard permission="share:read"><Suspense fallback={<Loading />}><SharingRoute route={route} /></Suspense></Guard>;
    case 'monitoring': return <Guard permission="monitoring:read"><Suspense fallback={<Loading />}><MonitoringRoute route={route} /></Suspense></Guard>;
    case 'monitoringData': return <Guard permission="monitoring:import"><Suspense fallback={<Loading />}><MonitoringRoute route={route} /></Suspense></Guard>;
    case 'monitoringPublish': return <Guard permission="monitoring:publish"><Suspense fallback={<Loading />}><MonitoringRoute route={route} /></Suspense></Guard>;
    // public, but it may be opened signed in (a caseworker with a survivor): same page either way
    case 'submit': return <SubmitPage />;
    case 'notFound': return <Message title={t('app.notFound')} body={t('app.notFoundBody')} />;
  }
}

function Shell() {
  const { t } = useI18n();
  const { state } = useSession();
  const location = useLocation();
  const signedIn = state.status === 'signedIn';

  useEffect(() => {
    if (signedIn && (location.route.name === 'login' || location.route.name === 'home')) navigate(paths.cases(), { replace: true });
  }, [signedIn, location.route.name]);

  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        {PUBLIC_ROUTES.has(location.route.name) ? <Page route={location.route} state={location.state} />
          : state.status === 'loading' ? <Loading label={t('app.starting')} />
          : !signedIn ? <LoginPage />
          : state.me.mustChangePassword ? <PasswordPage forced />
          : <SchemaProvider><Page route={location.route} state={location.state} /></SchemaProvider>}
      </main>
    </>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Shell />
      </AuthProvider>
    </I18nProvider>
  );
}
