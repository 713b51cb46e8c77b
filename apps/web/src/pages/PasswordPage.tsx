/** Change one's own password; forced after signing in with a one-time password. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldErrors } from '../api/problem.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAction } from '../lib/use-action.ts';

export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState(false);
  const fields = error ? fieldErrors(error.problem.errors) : {};
  const mismatch = repeat !== '' && next !== repeat;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (mismatch) return;
    await run(async () => {
      await api.changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      // The server may end every session on a password change; then refresh() lands on sign-in.
      await refresh().catch(() => undefined);
    });
  }

  return (
    <div className="login-wrap">
      <form className="card login" onSubmit={submit} data-testid="password-form" aria-labelledby="pw-title">
        <h1 id="pw-title">{t('password.title')}</h1>
        {forced && <p className="alert alert-error" role="alert">{t('password.forced')}</p>}
        <div className="field">
          <label htmlFor="pw-current">{t('password.current')}</label>
          <input id="pw-current" type="password" autoComplete="current-password" required value={current}
            onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" aria-invalid={fields.currentPassword ? true : undefined} />
          {fields.currentPassword && <p className="field-error">{fields.currentPassword}</p>}
        </div>
        <div className="field">
          <label htmlFor="pw-new">{t('password.new')}</label>
          <input id="pw-new" type="password" autoComplete="new-password" required value={next}
            onChange={(e) => setNext(e.target.value)} data-testid="password-new" aria-invalid={fields.newPassword ? true : undefined} />
          {fields.newPassword && <p className="field-error">{fields.newPassword}</p>}
        </div>
        <div className="field">
          <label htmlFor="pw-repeat">{t('password.repeat')}</label>
          <input id="pw-repeat" type="password" autoComplete="new-password" required value={repeat}
            onChange={(e) => setRepeat(e.target.value)} data-testid="password-repeat" aria-invalid={mismatch || undefined} />
          {mismatch && <p className="field-error" role="alert">{t('password.mismatch')}</p>}
        </div>
        <ErrorBox error={error} showFields={false} />
        <div aria-live="polite">{done && <p className="alert alert-ok" data-testid="password-done">{t('password.done')}</p>}</div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !current || !next || mismatch} data-testid="password-submit">
          {t('password.submit')}
        </button>
      </form>
    </div>
  );
}
