/** The signed-in staff member: who they are, what they may do, and the CSRF token their changes carry. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, client, onUnauthenticated, request, setCsrfToken, unwrap } from '../api/client';
import type { Session, SessionUser } from '../api/contract';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired?: boolean }
  | { status: 'signed-in'; user: SessionUser; permissions: Set<string> }
  | { status: 'error'; message: string };

type SessionApi = {
  state: SessionState;
  can: (permission: string) => boolean;
  login: (email: string, password: string) => Promise<void>;
  /** Takes a session from another answer (the first-start owner set-up). */
  adopt: (session: Session) => void;
  logout: () => Promise<void>;
  retry: () => void;
};

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const accept = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setState({ status: 'signed-in', user: s.user, permissions: new Set(s.permissions) });
  }, []);

  const load = useCallback(() => {
    setState({ status: 'loading' });
    unwrap(client.GET('/api/v1/auth/me'))
      .then(accept)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', message: e instanceof Error ? e.message : 'Could not reach the server' });
      });
  }, [accept]);

  useEffect(() => {
    load();
    return onUnauthenticated(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous', expired: true });
    });
  }, [load]);

  const api = useMemo<SessionApi>(
    () => ({
      state,
      can: (p) => state.status === 'signed-in' && state.permissions.has(p),
      login: async (email, password) => accept(await unwrap(client.POST('/api/v1/auth/login', { body: { email, password } }))),
      logout: async () => {
        await request('POST', '/api/v1/auth/logout').catch(() => undefined);
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      },
      retry: load,
      adopt: accept,
    }),
    [state, accept, load],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
