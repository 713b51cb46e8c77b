/** Case members: list, add (by user id, or picked from `/api/users` for user managers) and remove. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CaseDetail } from '../api/types.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';

export function CaseMembers({ kase, onChanged }: { kase: CaseDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { can, me } = useSession();
  const manage = can('case:manage');
  const users = useAsync(() => (manage && can('user:manage') ? api.listUsers({ limit: 200 }) : Promise.resolve(null)), [manage]);
  const [userId, setUserId] = useState('');
  const { busy, error, run: act } = useAction();

  async function run(action: () => Promise<void>): Promise<void> {
    await act(async () => {
      await action();
      onChanged();
    });
  }

  function add(event: FormEvent): void {
    event.preventDefault();
    const id = userId.trim();
    if (id) void run(async () => {
      // admins pick from the user list (ids); others type the colleague's username
      await api.addCaseMember(kase.id, users.data ? { userId: id } : { username: id });
      setUserId('');
    });
  }

  const memberIds = new Set(kase.members.map((m) => m.userId));
  const candidates = (users.data?.items ?? []).filter((u) => !memberIds.has(u.id) && !u.disabled);
  return (
    <section className="card" aria-labelledby="members-title" data-testid="case-members">
      <h2 id="members-title">{t('case.members')}</h2>
      <ul className="list compact">
        {kase.members.map((m) => (
          <li key={m.userId} className="list-item row" data-testid="case-member">
            <span>{m.displayName || m.username} <span className="muted small">@{m.username}</span></span>
            {manage && m.userId !== me?.user.id && (
              <button type="button" className="btn btn-small btn-danger-quiet" disabled={busy}
                onClick={() => void run(() => api.removeCaseMember(kase.id, m.userId))}
                aria-label={t('case.removeMember', { name: m.username })} data-testid="remove-member">
                {t('common.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {manage && (
        <form onSubmit={add} className="inline-form" data-testid="add-member-form">
          <label htmlFor="member-user" className="sr-only">{t('case.addMemberLabel')}</label>
          {users.data ? (
            <select id="member-user" value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="member-user">
              <option value="">{t('case.chooseUser')}</option>
              {candidates.map((u) => <option key={u.id} value={u.id}>{u.displayName ? `${u.displayName} (@${u.username})` : u.username}</option>)}
            </select>
          ) : (
            <input id="member-user" placeholder={t('case.usernamePlaceholder')} value={userId} spellCheck={false}
              onChange={(e) => setUserId(e.target.value)} data-testid="member-user" />
          )}
          <button type="submit" className="btn" disabled={busy || !userId.trim()} data-testid="add-member">{t('case.addMember')}</button>
        </form>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
