/** Test helpers: a real store per backend (PGlite in memory, a throw-away PostgreSQL database) and temp files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@ariadne/schema';
import { createStore, storeModelOf, type Actor, type OpenedStore } from '@ariadne/store';
import { createTestBackend, testBackendNames } from '@ariadne/store/testing';

export const backends = testBackendNames();
export const model = loadModel();
export const actor: Actor = { kind: 'system', id: 'ingest-test' };

export interface TestStore {
  readonly store: OpenedStore;
  close(): Promise<void>;
}

export async function openTestStore(name: 'pglite' | 'postgres'): Promise<TestStore> {
  const backend = await createTestBackend(name);
  const store = await createStore({ ...backend.options, model: storeModelOf(model) });
  return {
    store,
    async close() {
      await store.close();
      await backend.drop();
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ariadne-ingest-'));
let counter = 0;

/** writes a temp file and returns its path */
export function tempFile(content: string | Uint8Array, ext = 'txt'): string {
  const path = join(dir, `f${++counter}.${ext}`);
  writeFileSync(path, content);
  return path;
}

/** FtM JSON lines from entity objects */
export function jsonl(...entities: unknown[]): string {
  return entities.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';
}

export const person = (id: string, name: string, extra: Record<string, string[]> = {}) => ({ id, schema: 'Person', properties: { name: [name], ...extra } });

/** encodes text in a single-byte legacy encoding (the inverse of TextDecoder's table) */
export function encodeSingleByte(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let b = 255; b >= 0; b--) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((ch) => {
    const byte = table.get(ch);
    if (byte === undefined) throw new Error(`${label} cannot encode ${ch}`);
    return byte;
  }));
}
