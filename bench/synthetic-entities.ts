/**
 * Deterministic synthetic FtM entities for benchmarks: invented syllable names (no real people),
 * persons, companies and the ownerships and memberships between them, written as FtM JSON lines.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const ONSETS = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'r', 's', 't', 'v', 'z', 'kh', 'sh', 'th', 'dr', 'br', 'q'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 'l', 'm', 's', 'k'];
/** about 1,200 invented syllables: names varied enough that trigram statistics look like real ones */
const SYLLABLES = ONSETS.flatMap((o) => VOWELS.flatMap((v) => CODAS.map((c) => o + v + c)));
const COUNTRIES = ['iq', 'sy', 'ly', 'ye', 'so', 'ng', 'ml', 'ss', 'sd', 'af', 'ua', 'cd', 'tr', 'jo', 'lb'];

/** mulberry32: a small seeded PRNG so every run generates the same data */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticName(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    const n = 2 + Math.floor(rand() * 2);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    out.push(word[0]!.toUpperCase() + word.slice(1));
  }
  return out.join(' ');
}

export interface SyntheticEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

export function* syntheticEntities(count: number, seed = 2331): Generator<SyntheticEntity> {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const id = `bench-${i.toString(36)}`;
    const r = rand();
    if (r < 0.6 || i < 10) {
      const properties: Record<string, string[]> = {
        name: [syntheticName(rand, 2 + Math.floor(rand() * 2))],
        birthDate: [`${1950 + Math.floor(rand() * 55)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`],
        nationality: [pick(COUNTRIES)],
      };
      if (rand() < 0.3) properties.alias = [syntheticName(rand, 2)];
      yield { id, schema: 'Person', properties };
    } else if (r < 0.85) {
      yield {
        id, schema: 'Company',
        properties: { name: [`${syntheticName(rand, 2)} Trading`], jurisdiction: [pick(COUNTRIES)], registrationNumber: [`SYN-${i}`] },
      };
    } else {
      const a = `bench-${Math.floor(rand() * i).toString(36)}`;
      const b = `bench-${Math.floor(rand() * i).toString(36)}`;
      yield rand() < 0.5
        ? { id, schema: 'UnknownLink', properties: { subject: [a], object: [b], role: ['associate'] } }
        : { id, schema: 'Associate', properties: { person: [a], associate: [b], relationship: ['business partner'] } };
    }
  }
}

/** writes `count` entities as FtM JSON lines; returns the path */
export async function writeSyntheticFile(path: string, count: number): Promise<string> {
  const out = createWriteStream(path);
  for (const e of syntheticEntities(count)) {
    if (!out.write(`${JSON.stringify(e)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}
