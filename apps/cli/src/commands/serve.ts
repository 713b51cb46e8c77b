/**
 * `ariadne serve`: first run creates the data folder and the database, and an `admin` user when
 * there is none; `--demo` loads the synthetic demo case; then the HTTP API and the web app
 * listen until SIGINT or SIGTERM, when the server and the store close cleanly. The server gets
 * the ledger's signing key and the sharing identity (`<data>/sharing.key`, created on first run).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '@ariadne/server';
import { createJobQueue, type JobQueue, type Store } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { monitorSettings } from './monitor-settings.ts';
import { EXIT } from '../exit-codes.ts';
import { box, type Io } from '../io.ts';
import { openStore } from '../open-store.ts';
import { bundleDirOf, openVault } from '../open-vault.ts';
import { readLedgerEnvironment } from '@ariadne/ledger';
import { fingerprint } from '@ariadne/sharing';
import { ledgerSigningFor } from './ledger.ts';
import { loadDemoCase } from '../demo/load-demo.ts';
import { addUser } from './user-add.ts';
import { sharingDirOf, sharingIdentityFor } from './share.ts';
import { ariadneVersion } from '../version.ts';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
}

const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

async function ensureAdmin(store: Store, config: CliConfig, io: Io): Promise<void> {
  if ((await store.countUsers()) > 0) return;
  const { oneTimePassword } = await addUser(store, { username: 'admin', displayName: 'Administrator', roles: ['admin'], password: config.adminPassword });
  if (oneTimePassword) {
    io.out(box(['First run: created the user "admin".', `One-time password: ${oneTimePassword}`, 'Shown once. Sign in and choose a new password.']));
  } else {
    io.out('First run: created the user "admin" with the password from ARIADNE_ADMIN_PASSWORD (to be changed at first sign-in).\n');
  }
}

export async function runServe(config: CliConfig, io: Io, options: ServeOptions, environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { store, model } = await openStore(config);
  let app: Awaited<ReturnType<typeof startServer>>;
  // long work (re-screening against new list versions) runs as jobs on the store's own queue
  let jobs: JobQueue | null = null;
  try {
    await ensureAdmin(store, config, io);
    const vault = await openVault(config);
    if (options.demo && !(await loadDemoCase({ store, model, io, vault }))) io.out('The demo case is already loaded.\n');
    const webRoot = existsSync(WEB_ROOT) ? WEB_ROOT : null;
    // the log's signing key: ARIADNE_LEDGER_KEY, else <data>/ledger.key (created once)
    const ledgerSigning = await ledgerSigningFor(config, environment, store, io);
    const ledgerEnvironment = readLedgerEnvironment(environment);
    // the sharing identity: <data>/sharing.key (created once, mode 0600), the same as `share identity`
    const monitoring = monitorSettings(environment);
    const { identity } = await sharingIdentityFor(config, environment, () => store.ledgerInstanceId(), io);
    jobs = createJobQueue(store.database);
    await jobs.start();
    app = await startServer({
      store, model, evidence: { vault, bundleDir: bundleDirOf(config) }, ledgerSigning, jobs,
      sharing: { identity, dir: sharingDirOf(config) },
      config: {
        port: options.port, host: options.host, webRoot, secureCookies: config.secureCookies, trustProxy: config.trustProxy,
        sessionTtlHours: 8, bodyLimitBytes: 1024 * 1024, version: ariadneVersion(),
        checkpointEntries: ledgerEnvironment.checkpointEntries, checkpointSeconds: ledgerEnvironment.checkpointSeconds,
        finance: {
          ...(config.goamlConfig ? { goamlConfigPath: config.goamlConfig } : {}),
          ...(config.financeHomeCountry ? { homeCountry: config.financeHomeCountry } : {}),
          ...(config.financeConflictCountries.length > 0 ? { conflictCountries: config.financeConflictCountries } : {}),
        },
        // the same privacy budget and k as `ariadne monitor release` reads, so both spend from one budget
        monitoring: { budgetEpsilon: monitoring.budget.epsilon, budgetDelta: monitoring.budget.delta, defaultK: monitoring.defaultK },
      },
    });
    io.out(`Ledger checkpoints are signed by the key ${ledgerSigning.verifierKey} (publish it: courts check bundles against it).\n`);
    io.out(`Sharing identity "${identity.name}", fingerprint ${fingerprint(identity)} (\`ariadne share identity\` prints the card partners register).\n`);
    if (webRoot === null) io.err('note: apps/web/dist is missing (run `npm run build:web`); serving the API only.\n');
  } catch (error) {
    await jobs?.stop();
    await store.close();
    throw error;
  }
  const shown = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  io.out(`Ariadne is listening on http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/ (Ctrl+C stops it)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping…\n');
  await app.close();
  await jobs.stop();
  await store.close();
  return EXIT.OK;
}
