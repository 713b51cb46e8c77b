/** The user's own API tokens: create (secret shown once, with a copy button) and revoke. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ApiToken } from '../api/types.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { Empty, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';

function CreateToken({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const { error, run } = useAction();
  const [secret, setSecret] = useState<{ token: ApiToken; secret: string } | null>(null);
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(async () => {
      const n = Number.parseInt(days, 10);
      setSecret(await api.createToken({ name: name.trim(), expiresInDays: Number.isFinite(n) && n > 0 ? n : undefined }));
      setName('');
      onCreated();
    });
  }
  return (
    <form className="card" onSubmit={submit} data-testid="token-create-form" aria-labelledby="new-token-title">
      <h2 id="new-token-title">{t('tokens.new')}</h2>
      <div className="field">
        <label htmlFor="token-name">{t('tokens.name')}</label>
        <input id="token-name" required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} data-testid="token-name" />
      </div>
      <div className="field">
        <label htmlFor="token-expires">{t('tokens.expiresInDays')}</label>
        <input id="token-expires" type="number" min={1} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} data-testid="token-expires" />
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={!name.trim()} data-testid="token-create-submit">{t('tokens.create')}</button>
      <div aria-live="polite">
        {secret && (
          <div className="alert alert-ok" data-testid="token-created">
            <strong>{t('tokens.secretOnce')}</strong>
            <p className="secret-row"><code className="secret" dir="ltr" data-testid="token-secret">{secret.secret}</code>
              <CopyButton text={secret.secret} testId="token-copy" /></p>
            <button type="button" className="btn-link small" onClick={() => setSecret(null)}>{t('tokens.dismiss')}</button>
          </div>
        )}
      </div>
    </form>
  );
}

export function TokensPage() {
  const { t, formatDateTime } = useI18n();
  const tokens = useAsync(() => api.listTokens(), []);
  const { error, run } = useAction();
  const items = tokens.data?.items ?? [];
  async function revoke(token: ApiToken): Promise<void> {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    await run(async () => {
      await api.revokeToken(token.id);
      tokens.reload();
    });
  }
  return (
    <div className="page two-col">
      <section aria-labelledby="tokens-title">
        <h1 id="tokens-title">{t('tokens.title')}</h1>
        <p className="muted">{t('tokens.intro')}</p>
        <ErrorBox error={tokens.error ?? error} />
        {tokens.loading && !tokens.data ? <Loading /> : items.length === 0 ? <Empty>{t('tokens.empty')}</Empty> : (
          <table className="table" data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.createdAt')}</th>
                <th scope="col">{t('tokens.expiresAt')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col"><span className="sr-only">{t('tokens.revoke')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((tok) => (
                <tr key={tok.id} data-testid="token-row">
                  <td>{tok.name}</td>
                  <td className="nowrap">{formatDateTime(tok.createdAt)}</td>
                  <td className="nowrap">{tok.expiresAt ? formatDateTime(tok.expiresAt) : t('tokens.never')}</td>
                  <td className="nowrap">{formatDateTime(tok.lastUsedAt)}</td>
                  <td><button type="button" className="btn btn-small btn-danger-quiet" onClick={() => void revoke(tok)} data-testid="token-revoke">{t('tokens.revoke')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside><CreateToken onCreated={tokens.reload} /></aside>
    </div>
  );
}
