/**
 * The API server for the screening API benchmark, alone in its process: an embedded PGlite store
 * in a temporary folder (the default product setup), the UN and OFAC lists imported as versions
 * through the same path as `ariadne lists import`, an analyst's API token printed for the parent.
 *
 *   node --import tsx bench/screening-api-server.ts PORT UN_FILE OFAC_FOLDER
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiToken, sha256Hex } from '@ariadne/access';
import { Vault } from '@ariadne/evidence';
import { openListFile } from '@ariadne/sanctions';
import { loadModel } from '@ariadne/schema';
import { importListFile } from '@ariadne/screening';
import { createServer } from '@ariadne/server';
import { createStore, storeModelOf } from '@ariadne/store';

const [port, ...listFiles] = process.argv.slice(2);
const actor = { kind: 'system', id: 'bench' } as const;
const model = loadModel();
const scratch = mkdtempSync(join(tmpdir(), 'ariadne-bench-screening-'));
const store = await createStore({ dataDir: join(scratch, 'db'), model: storeModelOf(model) });
const imported: string[] = [];
for (const file of listFiles) {
  const report = await importListFile(store, actor, await openListFile(file));
  imported.push(`${report.version.list} ${report.version.entries}`);
}
const user = await store.createUser(actor, { username: 'bench', displayName: 'Bench analyst', roles: ['analyst'], passwordHash: 'unused' });
const token = generateApiToken();
await store.createApiToken(actor, { id: token.id, userId: user.id, name: 'bench', secretHash: sha256Hex(token.secret), expiresAt: null });
const vault = await Vault.open({ dir: join(scratch, 'vault'), masterKey: randomBytes(32) });
const app = await createServer({
  store, model, evidence: { vault, bundleDir: join(scratch, 'bundles') },
  config: { port: Number(port), host: '127.0.0.1', secureCookies: false, webRoot: null, version: 'bench', rescreenSweepSeconds: 0 },
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log(JSON.stringify({ token: token.token, imported }));
process.on('SIGTERM', () => void app.close().then(() => store.close()).then(() => rmSync(scratch, { recursive: true, force: true })).then(() => process.exit(0)));
