/** The app header: product name, main navigation, global search, language switcher, sign-out. */
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/AuthProvider.tsx';
import { LOCALES, LOCALE_NAMES, isLocale } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link, navigate, useLocation } from '../router/router.tsx';
import { paths, type RouteName } from '../router/routes.ts';

function NavLink({ to, current, children }: { to: string; current: boolean; children: string }) {
  return <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined}>{children}</Link>;
}

export function LanguageSwitcher() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('header.language')}</span>
      <select value={locale} onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)} data-testid="language-switcher">
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </select>
    </label>
  );
}

function SearchBox() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!q.trim()) return;
    // The query goes in history state, not the URL: it is often a person's name.
    navigate(paths.search(), { state: { q: q.trim() } });
  }
  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <label htmlFor="global-search" className="sr-only">{t('header.search')}</label>
      <input id="global-search" type="search" placeholder={t('header.searchPlaceholder')} value={q}
        onChange={(e) => setQ(e.target.value)} data-testid="search-box" autoComplete="off" />
    </form>
  );
}

export function Header() {
  const { t } = useI18n();
  const { me, can, logout } = useSession();
  const { route } = useLocation();
  const at = (...names: RouteName[]) => names.includes(route.name);
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">{t('header.skip')}</a>
      <Link to={paths.cases()} className="brand" data-testid="brand">Ariadne</Link>
      {me && (
        <nav aria-label={t('header.nav')} className="main-nav">
          <NavLink to={paths.cases()} current={at('cases', 'case', 'newEntity', 'home')}>{t('nav.cases')}</NavLink>
          {can('submission:triage') && (
            <NavLink to={paths.submissions()} current={at('submissions', 'submission')}>{t('nav.submissions')}</NavLink>
          )}
          {can('screening:run') && <NavLink to={paths.screening()} current={at('screening')}>{t('nav.screening')}</NavLink>}
          {can('screening:run') && <NavLink to={paths.alerts()} current={at('alerts', 'alert')}>{t('nav.alerts')}</NavLink>}
          {can('lists:read') && <NavLink to={paths.lists()} current={at('lists', 'listVersion', 'listEntry')}>{t('nav.lists')}</NavLink>}
          {can('entity:merge') && <NavLink to={paths.duplicates()} current={at('duplicates')}>{t('nav.duplicates')}</NavLink>}
          {can('finance:read') && (
            <NavLink to={paths.finance()} current={at('finance', 'financeAlerts', 'financeAlert', 'financeAlertNetwork', 'fiuCase')}>{t('nav.finance')}</NavLink>
          )}
          {can('share:read') && (
            <NavLink to={paths.sharing()} current={at('sharing', 'sharingNewAgreement', 'sharingAgreement', 'sharingPartners', 'sharingIncoming', 'sharingLinkage')}>
              {t('nav.sharing')}
            </NavLink>
          )}
          {can('monitoring:read') && (
            <NavLink to={paths.monitoring()} current={at('monitoring', 'monitoringData', 'monitoringPublish')}>{t('nav.monitoring')}</NavLink>
          )}
          {can('evidence:read') && <NavLink to={paths.verify()} current={at('verify')}>{t('nav.verify')}</NavLink>}
          {can('journal:read') && <NavLink to={paths.journal()} current={at('journal')}>{t('nav.journal')}</NavLink>}
          {can('user:manage') && <NavLink to={paths.users()} current={at('users')}>{t('nav.users')}</NavLink>}
          {can('token:manage') && <NavLink to={paths.tokens()} current={at('tokens')}>{t('nav.tokens')}</NavLink>}
        </nav>
      )}
      <div className="header-end">
        {me && can('search') && <SearchBox />}
        <LanguageSwitcher />
        {me && (
          <>
            <Link to={paths.password()} className="muted small user-name" data-testid="current-user" title={t('password.title')}>
              {me.user.displayName || me.user.username}
            </Link>
            <button type="button" className="btn btn-small" onClick={() => void logout()} data-testid="sign-out">
              {t('header.signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
