/**
 * Keyed blocking hashes: records meet as candidate pairs only when they share one. A blocking
 * key (say `soundex(surname)`) turns a record's normalised fields into a short value, and the
 * value is hashed with the linkage's blocking key, HMAC-SHA256(key, `name \0 value`) cut to 64
 * bits, so the matcher sees which records share a block but not what the block is. The name in
 * the message keeps two keys whose values happen to be equal apart.
 */

import type { BlockingKey, LinkageFeature, LinkageSchema } from './types.ts';
import { keyedSha256 } from './hmac-sha256.ts';
import { isMissingValue, normaliseValue } from './normalise.ts';

type Transform = BlockingKey['parts'][number]['transform'];

const SOUNDEX_CODES: Readonly<Record<string, string>> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/**
 * American Soundex (as the US National Archives define it): the first letter, then the codes
 * of the following consonants, equal adjacent codes once (also across h and w, not across
 * vowels), padded or cut to four characters: Robert R163, Ashcraft A261, Tymczak T522.
 * Latin letters with diacritics count as their base letter. A name with letters outside a–z
 * (Arabic, Cyrillic…) has no Soundex: its normalised value is returned as it is, so such names
 * still block, on exact spelling. Blank in, blank out.
 */
export function soundex(value: string): string {
  const base = value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const letters = base.replace(/[^\p{L}]/gu, '');
  if (letters === '') return '';
  if (/[^a-z]/.test(letters)) return value;
  let code = letters[0]!.toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]!] ?? '';
  for (let i = 1; i < letters.length && code.length < 4; i++) {
    const ch = letters[i]!;
    const digit = SOUNDEX_CODES[ch];
    if (digit !== undefined) {
      if (digit !== previous) code += digit;
      previous = digit;
    } else if (ch !== 'h' && ch !== 'w') {
      previous = ''; // a vowel (or y) separates equal codes; h and w do not
    }
  }
  return code.padEnd(4, '0');
}

/** one blocking transform of a normalised value; blank when the value gives nothing */
export function blockingTransform(value: string, transform: Transform): string {
  switch (transform) {
    case 'exact':
      return value;
    case 'soundex':
      return soundex(value);
    case 'first3':
      return Array.from(value).slice(0, 3).join('');
    case 'year': {
      // dates written year first (19151111, 1915-11-11): the first four digits
      const digits = value.replace(/[^0-9]/g, '');
      return digits.length >= 4 ? digits.slice(0, 4) : '';
    }
    case 'digits':
      return value.replace(/[^0-9]/g, '');
  }
}

/** a schema's blocking, ready to hash many records with one key */
export type Blocker = (fields: readonly string[]) => string[];

/**
 * Prepares the blocking of `schema` under `blockingKey` (from `fieldKeys`). The returned
 * function takes one record's values in `schema.features` order and returns its blocking hashes
 * (16 hex digits each), one per blocking key whose parts are all non-blank, in schema order.
 */
export function createBlocker(schema: LinkageSchema, blockingKey: Uint8Array): Blocker {
  const hmac = keyedSha256(blockingKey);
  const index = new Map<string, number>(schema.features.map((f, i) => [f.identifier, i]));
  const keys = schema.blocking.map((key) => ({
    name: key.name,
    parts: key.parts.map((part) => {
      const i = index.get(part.identifier)!;
      return { index: i, feature: schema.features[i]!, transform: part.transform };
    }),
  }));
  const words = new Int32Array(8);
  return (fields) => {
    const out: string[] = [];
    for (const key of keys) {
      let message = key.name;
      let complete = true;
      for (const part of key.parts) {
        const value = partValue(fields[part.index] ?? '', part.feature, part.transform);
        if (value === '') {
          complete = false;
          break;
        }
        message += `\0${value}`;
      }
      if (!complete) continue;
      hmac.digestWords(message, words);
      out.push(hex32(words[0]!) + hex32(words[1]!));
    }
    return out;
  };
}

function partValue(raw: string, feature: LinkageFeature, transform: Transform): string {
  if (isMissingValue(raw, feature)) return '';
  return blockingTransform(normaliseValue(raw, feature.format), transform);
}

function hex32(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

/** One record's blocking hashes (see `createBlocker`, which is faster for many records). */
export function blockingHashes(schema: LinkageSchema, blockingKey: Uint8Array, fields: readonly string[]): string[] {
  return createBlocker(schema, blockingKey)(fields);
}
