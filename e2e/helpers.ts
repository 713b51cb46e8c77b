/**
 * Shared set-up of the browser end-to-end tests: a real server (in process, port 0, 127.0.0.1)
 * over an in-memory PGlite store and an encrypted evidence vault in a throw-away folder, serving
 * the built app (`apps/web/dist`), and Debian's Chromium driven by playwright-core with a fresh
 * profile. All data is synthetic.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { hashPassword, type Role } from '@ariadne/access';
import { Vault } from '@ariadne/evidence';
import { generateNoteKeys, openLedgerSigning } from '@ariadne/ledger';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type Actor, type OpenedStore, type UserRecord } from '@ariadne/store';
import { startServer, type ServerConfig } from '@ariadne/server';

export const ROOT = new URL('..', import.meta.url).pathname;
export const WEB_ROOT = process.env.ARIADNE_E2E_WEB_ROOT ?? join(ROOT, 'apps/web/dist');
export const CHROMIUM = process.env.ARIADNE_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = process.env.ARIADNE_E2E_SCREENSHOTS || null;
/** synthetic password of every test user (never a real credential) */
export const PASSWORD = 'e2e-synthetic-harbor-lamp-73';
export const system: Actor = { kind: 'system', id: 'e2e' };

export type Messages = Readonly<Record<string, string>>;

export function messages(locale: 'en' | 'ar' | 'fr'): Messages {
  return JSON.parse(readFileSync(join(ROOT, `apps/web/src/i18n/${locale}.json`), 'utf8')) as Messages;
}

export function msg(m: Messages, key: string): string {
  const text = m[key];
  assert.ok(text, `message ${key} is missing`);
  return text;
}

/** Closes each in turn, logging (not throwing) a failure, so one failed close leaves nothing else open. */
export async function closeEach(steps: readonly (readonly [what: string, close: () => Promise<unknown> | undefined])[]): Promise<void> {
  for (const [what, close] of steps) {
    try {
      await close();
    } catch (error) {
      console.error(`e2e: closing the ${what} failed`, error);
    }
  }
}

/** Fails early, with the fix, when the built app or Chromium is missing. */
export function assertPrerequisites(): void {
  assert.ok(
    existsSync(join(WEB_ROOT, 'index.html')),
    `e2e: ${WEB_ROOT}/index.html is missing; build the web UI first: npm run build -w @ariadne/web (npm test does it)`,
  );
  assert.ok(
    existsSync(CHROMIUM),
    `e2e: no Chromium at ${CHROMIUM}; install it with apt-get update && apt-get install -y chromium (.ci/run does it)`,
  );
}

export interface E2eBackend {
  readonly store: OpenedStore;
  readonly app: FastifyInstance;
  readonly base: string;
  /** a user with the synthetic password and these roles */
  createUser(username: string, displayName: string, roles: readonly Role[]): Promise<UserRecord>;
  close(): Promise<void>;
}

/** the synthetic log name the test server signs its checkpoints as */
export const LEDGER_ORIGIN = 'e2e.ariadne.example/log';

/**
 * The store, the vault (random key, temporary folder), a fresh ledger signing key (for bundles
 * and receipts) and the server listening on a free port. `config` adds server options; it gets
 * the backend's temporary folder (removed on close) to write any files they name.
 */
export async function startBackend(config: (dir: string) => Partial<ServerConfig> = () => ({})): Promise<E2eBackend> {
  const model = loadModel();
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-e2e-data-'));
  let store: OpenedStore | undefined;
  let app: FastifyInstance | undefined;
  const close = async (): Promise<void> => {
    await closeEach([['server', () => app?.close()], ['store', () => store?.close()]]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    store = await createStore({ dataDir: null, model: storeModelOf(model) });
    const vault = await Vault.open({ dir: join(dir, 'vault'), masterKey: randomBytes(32) });
    const ledgerSigning = await openLedgerSigning({
      signerKey: generateNoteKeys(LEDGER_ORIGIN).skey, origin: LEDGER_ORIGIN, keyFile: null, instanceId: async () => 'e2e',
    });
    app = await startServer({
      store, model, evidence: { vault, bundleDir: join(dir, 'bundles') }, ledgerSigning,
      config: { port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, secureCookies: false, version: '0.0.0-e2e', ...config(dir) },
    });
  } catch (error) {
    await close();
    throw error;
  }
  const opened = store;
  const passwordHash = await hashPassword(PASSWORD);
  return {
    store: opened,
    app,
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    createUser: (username, displayName, roles) =>
      opened.createUser(system, { username, displayName, roles: [...roles], passwordHash, mustChangePassword: false }),
    close,
  };
}

export interface E2eBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh, empty profile (removed on close). */
export async function launchBrowser(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<E2eBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'ariadne-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      locale: options.locale ?? 'en-GB',
      viewport: options.viewport ?? { width: 1280, height: 800 },
      acceptDownloads: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Signs in from whatever page shows the sign-in form (or from /login), signing out first. */
export async function signIn(page: Page, base: string, user: UserRecord, path = '/login'): Promise<void> {
  await page.goto(new URL(path, base).toString());
  await page.getByTestId('login-form').or(page.getByTestId('sign-out')).first().waitFor();
  const signOut = page.getByTestId('sign-out');
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.getByTestId('login-form').waitFor();
  }
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').filter({ hasText: user.displayName }).waitFor();
}
