/** The transparency-dev/merkle test vectors under `fixtures/merkle/`, read for the tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = new URL('./fixtures/merkle/', import.meta.url).pathname;
export const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** every JSON probe under `fixtures/merkle/<kind>/`, with its path relative to the fixtures */
export function probes(kind: 'inclusion' | 'consistency' | 'subtreeinclusion' | 'subtreeconsistency'): { file: string; data: Record<string, unknown> }[] {
  const out: { file: string; data: Record<string, unknown> }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) out.push({ file: path.slice(FIXTURES.length), data: JSON.parse(readFileSync(path, 'utf8')) });
    }
  };
  walk(join(FIXTURES, kind));
  return out;
}
