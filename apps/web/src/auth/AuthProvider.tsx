/** Session state: who is signed in, their permissions, sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { Me } from '../api/types.ts';

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: Me };

export interface Session {
  readonly state: SessionState;
  readonly me: Me | null;
  readonly can: (permission: string) => boolean;
  readonly login: (username: string, password: string) => Promise<void>;
  readonly logout: () => Promise<void>;
  /** Re-read `GET /api/auth/me` (after a password change). */
  readonly refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ status: 'signedIn', me });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
    api.me().then(adopt, () => setState({ status: 'anonymous' }));
    return () => setUnauthenticatedHandler(null);
  }, [adopt]);

  const login = useCallback(async (username: string, password: string) => {
    const { csrfToken } = await api.login(username, password);
    setCsrfToken(csrfToken);
    adopt(await api.me());
  }, [adopt]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, []);

  const refresh = useCallback(async () => adopt(await api.me()), [adopt]);

  const value = useMemo<Session>(() => {
    const me = state.status === 'signedIn' ? state.me : null;
    const permissions = new Set(me?.permissions ?? []);
    return { state, me, can: (p) => permissions.has(p), login, logout, refresh };
  }, [state, login, logout, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside AuthProvider');
  return ctx;
}
