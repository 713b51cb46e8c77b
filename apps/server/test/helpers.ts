/**
 * In-process test harness: a real store per backend (PGlite in memory, and a throw-away
 * PostgreSQL database), the server built on it, one user per role, and sign-in helpers.
 */
import assert from 'node:assert/strict';
import { hashPassword, ROLES, type Role } from '@ariadne/access';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type Actor, type OpenedStore, type UserRecord } from '@ariadne/store';
import { createTestBackend, testBackendNames } from '@ariadne/store/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Vault } from '@ariadne/evidence';
import type { LedgerSigning } from '@ariadne/ledger';
import { generateLocalIdentity, type LocalIdentity } from '@ariadne/sharing';
import { createServer, type ServerConfig, type ServerDeps } from '../src/index.ts';

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
  /** the encrypted evidence vault, in a throw-away folder */
  readonly vault: Vault;
  readonly dir: string;
  /** one active user per role, username = role name */
  readonly users: Readonly<Record<Role, UserRecord>>;
  /** the instance's sharing identity (its secrets too: tests open packages sent to it) */
  readonly identity: LocalIdentity;
  signIn(username: string, password?: string): Promise<Signed>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly clock?: () => Date;
  readonly ledgerSigning?: LedgerSigning;
  readonly config?: Partial<ServerConfig>;
  /** the sharing identity; default a fresh one per app, named after it (`name`, default "Ariadne test (<backend>)") */
  readonly sharing?: { readonly identity?: LocalIdentity; readonly name?: string };
  /** fastify's pino options, e.g. `{ level: 'info', stream }` to capture the log lines */
  readonly logger?: ServerDeps['logger'];
}

export async function openTestApp(name: 'pglite' | 'postgres', options: TestAppOptions = {}): Promise<TestApp> {
  const backend = await createTestBackend(name);
  const store = await createStore({ ...backend.options, model: storeModelOf(model), ...(options.clock ? { clock: options.clock } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-server-test-'));
  const vault = await Vault.open({ dir: join(dir, 'vault'), masterKey: randomBytes(32) });
  const identity = options.sharing?.identity ?? await generateLocalIdentity(options.sharing?.name ?? `Ariadne test (${name})`);
  const app = await createServer({
    store, model, clock: options.clock, evidence: { vault, bundleDir: join(dir, 'bundles') },
    config: { version: '0.0.0-test', secureCookies: false, webRoot: null, bodyLimitBytes: 64 * 1024, ...options.config },
    ...(options.ledgerSigning ? { ledgerSigning: options.ledgerSigning } : {}),
    sharing: { identity, dir: join(dir, 'sharing') },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const users = {} as Record<Role, UserRecord>;
  for (const role of ROLES) {
    users[role] = await store.createUser(system, { username: role, displayName: `Test ${role}`, roles: [role], passwordHash: hash });
  }
  return {
    name, app, store, users, vault, dir, identity,
    async signIn(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
    },
    async close() {
      await app.close();
      await store.close();
      await backend.drop();
      rmSync(dir, { recursive: true, force: true });
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

/** uploads `bytes` over tus in `pieces` PATCH requests; answers the upload id */
export async function tusUpload(t: TestApp, who: Record<string, string>, bytes: Buffer, options: { filename: string; base?: string; pieces?: number }): Promise<string> {
  const { filename, base = '/api/uploads', pieces = 3 } = options;
  const TUS = { 'tus-resumable': '1.0.0' };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const created = await t.app.inject({
    method: 'POST', url: base,
    headers: { ...who, ...TUS, 'upload-length': String(bytes.length), 'upload-metadata': `filename ${b64(filename)},filetype ${b64('image/png')}` },
  });
  assert.equal(created.statusCode, 201, created.body);
  const location = String(created.headers.location);
  let offset = 0;
  const step = Math.ceil(bytes.length / pieces);
  while (offset < bytes.length) {
    const chunk = bytes.subarray(offset, offset + step);
    const res = await t.app.inject({
      method: 'PATCH', url: location, payload: chunk,
      headers: { ...who, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    });
    assert.equal(res.statusCode, 204, res.body);
    offset = Number(res.headers['upload-offset']);
  }
  return location.split('/').pop()!;
}
