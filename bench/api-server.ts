/** The API server alone, for the read benchmark: `node --import tsx bench/api-server.ts URL PORT`. */
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf } from '@ariadne/store';
import { createServer } from '@ariadne/server';
import { Vault } from '@ariadne/evidence';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const [url, port] = process.argv.slice(2);
const model = loadModel();
const store = await createStore({ databaseUrl: url!, maxConnections: 8, model: storeModelOf(model) });
const scratch = mkdtempSync(join(tmpdir(), 'ariadne-bench-api-'));
const vault = await Vault.open({ dir: join(scratch, 'vault'), masterKey: randomBytes(32) });
const app = await createServer({ store, model, evidence: { vault, bundleDir: join(scratch, 'bundles') }, config: { port: Number(port), host: '127.0.0.1', secureCookies: false, webRoot: null, version: 'bench' } });
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
