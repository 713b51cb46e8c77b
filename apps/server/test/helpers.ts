/**
 * In-process test harness: a real store per backend (PGlite in memory, and a throw-away
 * PostgreSQL database), the server built on it, one user per role, and sign-in helpers.
 */
import { hashPassword, ROLES, type Role } from '@ariadne/access';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type Actor, type OpenedStore, type UserRecord } from '@ariadne/store';
import { createTestBackend, testBackendNames } from '@ariadne/store/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServer } from '../src/index.ts';

export const PASSWORD = 'violet-river-lantern-42';
export const system: Actor = { kind: 'system', id: 'test' };
export const backends = testBackendNames();

const model = loadModel();
let passwordHash: Promise<string> | undefined;

export interface Signed {
  readonly cookie: string;
  readonly csrf: string;
}

export interface TestApp {
  readonly name: string;
  readonly app: FastifyInstance;
  readonly store: OpenedStore;
  /** one active user per role, username = role name */
  readonly users: Readonly<Record<Role, UserRecord>>;
  signIn(username: string, password?: string): Promise<Signed>;
  close(): Promise<void>;
}

export async function openTestApp(name: 'pglite' | 'postgres', options: { clock?: () => Date } = {}): Promise<TestApp> {
  const backend = await createTestBackend(name);
  const store = await createStore({ ...backend.options, model: storeModelOf(model), ...(options.clock ? { clock: options.clock } : {}) });
  const app = await createServer({
    store, model, clock: options.clock,
    config: { version: '0.0.0-test', secureCookies: false, webRoot: null, bodyLimitBytes: 64 * 1024 },
  });
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const users = {} as Record<Role, UserRecord>;
  for (const role of ROLES) {
    users[role] = await store.createUser(system, { username: role, displayName: `Test ${role}`, roles: [role], passwordHash: hash });
  }
  return {
    name, app, store, users,
    async signIn(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
    },
    async close() {
      await app.close();
      await store.close();
      await backend.drop();
    },
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'ariadne_session');
  if (!cookie) throw new Error('no session cookie');
  return `ariadne_session=${cookie.value}`;
}

/** headers for a signed-in request, with the CSRF token */
export function as(signed: Signed): Record<string, string> {
  return { cookie: signed.cookie, 'x-csrf-token': signed.csrf };
}

/** creates a case with `members` through the store */
export async function caseWith(t: TestApp, name: string, members: readonly Role[]): Promise<string> {
  const c = await t.store.createCase(system, { name });
  for (const role of members) await t.store.addMember(system, c.id, t.users[role].id);
  return c.id;
}
