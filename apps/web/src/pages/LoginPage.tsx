/** Sign-in: username and password, with a clear message on failure or lockout. */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';

function loginMessage(t: (k: string) => string, error: ApiError): string {
  if (error.code === 'ARIADNE_ACCOUNT_LOCKED') return t('login.locked');
  if (error.code === 'ARIADNE_RATE_LIMITED') return t('error.ARIADNE_RATE_LIMITED');
  if (error.code === 'ARIADNE_NETWORK') return t('error.ARIADNE_NETWORK');
  if (error.status === 401 || error.code === 'ARIADNE_UNAUTHENTICATED') return t('login.failed');
  return error.problem.detail || error.problem.title;
}

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? loginMessage(t, err) : t('error.ARIADNE_INTERNAL'));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-wrap">
      <form className="card login" onSubmit={submit} data-testid="login-form" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input id="login-username" autoComplete="username" autoCapitalize="none" spellCheck={false} required
            value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" autoFocus />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </div>
        <div aria-live="assertive">
          {error && <p className="alert alert-error" role="alert" data-testid="login-error">{error}</p>}
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !username || !password} data-testid="login-submit">
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
      <p className="login-public">
        <Link to={paths.submit()} data-testid="login-submit-link">{t('login.submitWithoutAccount')}</Link>
      </p>
    </div>
  );
}
