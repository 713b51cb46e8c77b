// Worker threads do not inherit tsx's loader hooks on Node 20 (bin/ariadne.mjs registers them
// for the main thread only): register them here, as bin/ariadne.mjs does, then load the
// TypeScript worker. tsx is resolved from @ariadne/cli's own dependencies, so this also works
// in a fresh `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('./screen-worker.ts');
