/** User administration: list, create (one-time password shown once), change roles, disable. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ROLES, type Role, type User } from '../api/types.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePaged } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';

function RolePicker({ value, onChange, idPrefix }: { value: readonly Role[]; onChange: (r: Role[]) => void; idPrefix: string }) {
  const { t } = useI18n();
  return (
    <div className="checks">
      {ROLES.map((role) => (
        <label key={role} className="check" htmlFor={`${idPrefix}-${role}`}>
          <input id={`${idPrefix}-${role}`} type="checkbox" checked={value.includes(role)} data-testid={`${idPrefix}-${role}`}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))} />
          {t(`role.${role}`)}
        </label>
      ))}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['investigator']);
  const { error, run } = useAction();
  const [created, setCreated] = useState<{ user: User; oneTimePassword?: string } | null>(null);
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setCreated(null);
    await run(async () => {
      const result = await api.createUser({ username: username.trim(), displayName: displayName.trim() || undefined, roles, password: password || undefined });
      setCreated(result);
      setUsername('');
      setDisplayName('');
      setPassword('');
      onCreated();
    });
  }
  return (
    <form className="card" onSubmit={submit} data-testid="user-create-form" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('users.new')}</h2>
      <div className="field">
        <label htmlFor="user-username">{t('login.username')}</label>
        <input id="user-username" required autoComplete="off" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} data-testid="user-username" />
      </div>
      <div className="field">
        <label htmlFor="user-displayname">{t('users.displayName')}</label>
        <input id="user-displayname" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-displayname" />
      </div>
      <fieldset className="field">
        <legend>{t('users.roles')}</legend>
        <RolePicker value={roles} onChange={setRoles} idPrefix="new-role" />
      </fieldset>
      <div className="field">
        <label htmlFor="user-password">{t('users.password')}</label>
        <input id="user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="user-password" aria-describedby="user-password-hint" />
        <p id="user-password-hint" className="hint">{t('users.passwordHint')}</p>
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={!username.trim() || roles.length === 0} data-testid="user-create-submit">{t('users.create')}</button>
      <div aria-live="polite">
        {created && (
          <div className="alert alert-ok" data-testid="user-created">
            <strong>{t('users.created', { username: created.user.username })}</strong>
            {created.oneTimePassword && (
              <>
                <p>{t('users.oneTimePassword')}</p>
                <p className="secret-row"><code className="secret" dir="ltr" data-testid="one-time-password">{created.oneTimePassword}</code>
                  <CopyButton text={created.oneTimePassword} testId="copy-one-time-password" /></p>
              </>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const { me } = useSession();
  const [roles, setRoles] = useState<Role[]>([...user.roles]);
  const { error, run } = useAction();
  const dirty = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
  async function update(patch: { roles?: Role[]; disabled?: boolean }): Promise<void> {
    await run(async () => {
      await api.updateUser(user.id, patch);
      onChanged();
    });
  }
  return (
    <tr data-testid="user-row" data-username={user.username} className={user.disabled ? 'disabled' : undefined}>
      <td><strong>{user.username}</strong><br /><span className="muted small">{user.displayName}</span></td>
      <td>
        <RolePicker value={roles} onChange={setRoles} idPrefix={`role-${user.id}`} />
        {dirty && <button type="button" className="btn btn-small" onClick={() => void update({ roles })} data-testid="save-roles">{t('users.saveRoles')}</button>}
        <ErrorBox error={error} />
      </td>
      <td className="nowrap small">{formatDateTime(user.createdAt)}</td>
      <td>
        {user.disabled ? <span className="badge badge-archived">{t('users.disabled')}</span> : <span className="badge badge-open">{t('users.active')}</span>}{' '}
        {user.id !== me?.user.id && (
          <button type="button" className="btn btn-small" onClick={() => void update({ disabled: !user.disabled })} data-testid="toggle-disabled">
            {user.disabled ? t('users.enable') : t('users.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const users = usePaged((cursor) => api.listUsers({ cursor }), []);
  const items = users.data ?? [];
  return (
    <div className="page two-col wide-main">
      <section aria-labelledby="users-title">
        <h1 id="users-title">{t('users.title')}</h1>
        <ErrorBox error={users.error} />
        {users.loading && items.length === 0 ? <Loading /> : (
          <div className="table-wrap">
            <table className="table" data-testid="user-table">
              <thead>
                <tr>
                  <th scope="col">{t('login.username')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.createdAt')}</th>
                  <th scope="col">{t('users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => <UserRow key={`${u.id}-${u.roles.join()}-${u.disabled}`} user={u} onChanged={users.reload} />)}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore hasMore={users.hasMore} loading={users.loading} onClick={users.loadMore} />
      </section>
      <aside><CreateUser onCreated={users.reload} /></aside>
    </div>
  );
}
