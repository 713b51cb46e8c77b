/** The API server alone, for the read benchmark: `node --import tsx bench/api-server.ts URL PORT`. */
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf } from '@ariadne/store';
import { createServer } from '@ariadne/server';

const [url, port] = process.argv.slice(2);
const model = loadModel();
const store = await createStore({ databaseUrl: url!, maxConnections: 8, model: storeModelOf(model) });
const app = await createServer({ store, model, config: { port: Number(port), host: '127.0.0.1', secureCookies: false, webRoot: null, version: 'bench' } });
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
