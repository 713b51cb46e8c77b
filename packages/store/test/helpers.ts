/** Opens a fresh store per backend for the contract suite. */
import { loadModel } from '@ariadne/schema';
import { createStore, type OpenedStore } from '../src/index.ts';
import { createTestBackend, testBackendNames, type TestBackend } from '../src/testing.ts';
import { storeModelOf } from '../src/schema-model.ts';
import type { Actor } from '../src/types.ts';

export const system: Actor = { kind: 'system', id: 'test' };

export interface OpenTestStore {
  readonly name: string;
  readonly store: OpenedStore;
  close(): Promise<void>;
}

export async function openTestStore(name: 'pglite' | 'postgres', clock?: () => Date): Promise<OpenTestStore> {
  const backend: TestBackend = await createTestBackend(name);
  const store = await createStore({ ...backend.options, model: storeModelOf(loadModel()), ...(clock ? { clock } : {}) });
  return {
    name,
    store,
    async close() {
      await store.close();
      await backend.drop();
    },
  };
}

export const backends = testBackendNames();
