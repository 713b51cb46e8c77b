// Worker threads do not inherit tsx's loader hooks on Node 20: register them, then load the
// TypeScript worker (as packages/network/src/analysis-worker.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./linkage-worker.ts');
