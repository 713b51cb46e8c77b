// Worker threads do not inherit tsx's loader hooks from --import on Node 20: register them here,
// then load the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./batch-worker.ts');
