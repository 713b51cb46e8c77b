/**
 * The fonts embedded in a dossier PDF: Noto Sans (Latin, Latin Extended, Cyrillic) and Noto
 * Naskh Arabic, regular and bold, from the @fontsource packages — never system fonts, never the
 * network, so every machine renders the same document. Fontsource splits each family into
 * subsets by Unicode range; we pick the subset for each character from the ranges the package
 * publishes (unicode.json). WOFF, unpacked here once to plain TrueType with node's zlib:
 * fontkit would otherwise inflate every table with a pure-JS inflater on every document (seconds
 * per PDF), and TrueType subsets are embedded as FontFile2.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

export type FontWeight = 400 | 700;
export type FontSubset = 'latin' | 'latin-ext' | 'cyrillic' | 'arabic';

export interface FontFace {
  /** registered name in the PDF document, e.g. `arabic-400` */
  readonly key: string;
  readonly subset: FontSubset;
  readonly weight: FontWeight;
  readonly data: Buffer;
  /** inclusive code point ranges the subset covers */
  readonly ranges: readonly (readonly [number, number])[];
}

const require = createRequire(import.meta.url);

const FAMILIES: Record<FontSubset, string> = {
  latin: 'noto-sans',
  'latin-ext': 'noto-sans',
  cyrillic: 'noto-sans',
  arabic: 'noto-naskh-arabic',
};

/** the order in which subsets are tried for a character */
export const SUBSET_ORDER: readonly FontSubset[] = ['latin', 'latin-ext', 'cyrillic', 'arabic'];

/**
 * Parses a CSS unicode-range list.
 *
 * @example parseUnicodeRanges('U+0000-00FF,U+0131') // [[0, 255], [305, 305]]
 */
export function parseUnicodeRanges(list: string): [number, number][] {
  return list.split(',').flatMap((part) => {
    const m = /^\s*U\+([0-9A-F]+)(?:-([0-9A-F]+))?\s*$/i.exec(part);
    if (!m) return [];
    const from = parseInt(m[1]!, 16);
    return [[from, m[2] ? parseInt(m[2], 16) : from] as [number, number]];
  });
}

/**
 * Unpacks a WOFF 1.0 file (W3C WOFF, section 5) to the TrueType/OpenType file it wraps.
 *
 * @example woffToSfnt(readFileSync('noto-sans-latin-400-normal.woff')).readUInt32BE(0) // 0x00010000
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: Buffer; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('a WOFF table does not unpack to its stated length');
    tables.push({ tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data });
  }
  let searchRange = 1;
  let entrySelector = 0;
  while (searchRange * 2 <= numTables) {
    searchRange *= 2;
    entrySelector++;
  }
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange * 16, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(header, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

let cached: readonly FontFace[] | null = null;

/** Every face, read once from node_modules. */
export function loadFontFaces(): readonly FontFace[] {
  if (cached) return cached;
  const faces: FontFace[] = [];
  for (const subset of SUBSET_ORDER) {
    const family = FAMILIES[subset];
    const unicode = JSON.parse(readFileSync(require.resolve(`@fontsource/${family}/unicode.json`), 'utf8')) as Record<string, string>;
    const ranges = parseUnicodeRanges(unicode[subset] ?? '');
    for (const weight of [400, 700] as const) {
      const path = require.resolve(`@fontsource/${family}/files/${family}-${subset}-${weight}-normal.woff`);
      faces.push({ key: `${subset}-${weight}`, subset, weight, data: woffToSfnt(readFileSync(path)), ranges });
    }
  }
  cached = faces;
  return faces;
}

/** the subset whose ranges hold `cp`, or null */
export function subsetFor(cp: number, faces: readonly FontFace[]): FontSubset | null {
  for (const subset of SUBSET_ORDER) {
    const face = faces.find((f) => f.subset === subset);
    if (face?.ranges.some(([a, b]) => cp >= a && cp <= b)) return subset;
  }
  return null;
}
