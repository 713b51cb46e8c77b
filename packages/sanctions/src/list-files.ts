/**
 * Opens a sanctions list from disk whatever its format: the format is sniffed from the first
 * bytes (not trusted from the file name), an OFAC legacy CSV set may be given as its folder or its
 * `sdn.csv`, and the result can be read (streamed, as often as needed), hashed and named. This is
 * the filesystem edge; the parsers it hands the bytes to know nothing of files.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AriadneError, type AriadneModel } from '@ariadne/schema';
import { parseEuFsf } from './eu-fsf.ts';
import { parseFtmJson } from './ftm-json.ts';
import type { ListItem } from './list-item.ts';
import { parseOfacAdvanced, OFAC_ADVANCED_NAMESPACES } from './ofac-advanced.ts';
import { parseOfacLegacyCsv, type OfacSources } from './ofac-legacy-csv.ts';
import { parseUkSanctionsList } from './uk-sanctions.ts';
import { parseUnConsolidated } from './un-consolidated.ts';

export type ListFormat = 'un-xml' | 'ofac-advanced-xml' | 'ofac-csv' | 'eu-fsf-xml' | 'gb-fcdo-xml' | 'ftm-json';

/** How much of a file `detectListFormat` is given. */
export const SNIFF_BYTES = 4096;

const EU_NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

/** The first element's name (without prefix) and its start tag, skipping the declaration, comments and a DOCTYPE. */
function rootTag(head: string): { name: string; tag: string } | null {
  const text = head.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
  const match = /<([A-Za-z_][\w.:-]*)([^>]*)/.exec(text);
  if (!match) return null;
  return { name: match[1]!.slice(match[1]!.indexOf(':') + 1), tag: match[0] };
}

/**
 * The list format of a file from its first ~4 KB, or null when it is none of the known ones. The
 * file name only breaks ties (`sdn.csv`); a renamed file is still recognised.
 *
 * @example detectListFormat('<?xml version="1.0"?><CONSOLIDATED_LIST …', 'consolidated.xml') // 'un-xml'
 */
export function detectListFormat(head: string, fileName: string): ListFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) {
    const root = rootTag(text);
    if (!root) return null;
    if (root.name === 'CONSOLIDATED_LIST') return 'un-xml';
    if (root.name === 'Sanctions' && (OFAC_ADVANCED_NAMESPACES.some((ns) => root.tag.includes(ns)) || /<(\w+:)?(ReferenceValueSets|DistinctParties|DateOfIssue)\b/.test(text))) return 'ofac-advanced-xml';
    if (root.name === 'export' && (root.tag.includes(EU_NAMESPACE) || /<(\w+:)?sanctionEntity\b/.test(text))) return 'eu-fsf-xml';
    if (root.name === 'Designations') return 'gb-fcdo-xml';
    return null;
  }
  if ((text.startsWith('{') || text.startsWith('[')) && /"schema"\s*:/.test(text)) return 'ftm-json';
  // OFAC's legacy sdn.csv: no header, a numeric ent_num first, `-0-` for nulls
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (/^\d+,/.test(firstLine) && (firstLine.includes('-0-') || /^sdn\.csv$/i.test(basename(fileName)))) return 'ofac-csv';
  return null;
}

export interface OpenListOptions {
  readonly model?: AriadneModel;
  readonly maxFieldChars?: number;
}

export interface OpenedList {
  readonly format: ListFormat;
  /** the list's short name: `un-sc`, `ofac-sdn`, `eu-fsf`, `gb-fcdo`, or an FtM file's dataset (or base name) */
  readonly list: string;
  /** the file's or folder's base name, for messages */
  readonly source: string;
  /** SHA-256 of the bytes; for an OFAC CSV set, of the lines `"<name> <sha256>\n"` of its files in name order */
  sha256(): Promise<string>;
  /** the entities and per-record errors, read afresh from disk on each call */
  items(): AsyncIterable<ListItem>;
  /** the publication date the file states, once `items()` has been read to the end; null if none */
  publishedAt(): string | null;
}

/** a file that is no list Ariadne reads (MALFORMED_INPUT: a 400 on the API, exit 5 on the CLI) */
export class ListFileError extends AriadneError {
  constructor(message: string) {
    super('MALFORMED_INPUT', message);
  }
}

const DEFAULT_LIST: Readonly<Record<Exclude<ListFormat, 'ftm-json'>, string>> = {
  'un-xml': 'un-sc', 'ofac-advanced-xml': 'ofac-sdn', 'ofac-csv': 'ofac-sdn', 'eu-fsf-xml': 'eu-fsf', 'gb-fcdo-xml': 'gb-fcdo',
};

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    // a multi-byte character cut at the end of the sample must not fail the sniff
    return new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The files of an OFAC legacy set in `folder`, matched by name in any case. */
async function ofacSet(folder: string): Promise<{ sdn?: string; alt?: string; add?: string; comments?: string }> {
  const byName = new Map((await readdir(folder)).map((name) => [name.toLowerCase(), join(folder, name)]));
  const pick = (name: string) => byName.get(name);
  const set: { sdn?: string; alt?: string; add?: string; comments?: string } = {};
  for (const [key, name] of [['sdn', 'sdn.csv'], ['alt', 'alt.csv'], ['add', 'add.csv'], ['comments', 'sdn_comments.csv']] as const) {
    const path = pick(name);
    if (path !== undefined) set[key] = path;
  }
  return set;
}

function openOfacSet(files: { sdn?: string; alt?: string; add?: string; comments?: string }, source: string, options: OpenListOptions): OpenedList {
  const { sdn } = files;
  if (sdn === undefined) throw new ListFileError(`${source}: the folder holds no sdn.csv (an OFAC legacy set is sdn.csv with alt.csv, add.csv and optionally sdn_comments.csv)`);
  let published: string | null = null;
  const paths = Object.values(files).filter((p): p is string => p !== undefined);
  return {
    format: 'ofac-csv',
    list: DEFAULT_LIST['ofac-csv'],
    source,
    async sha256() {
      const lines = await Promise.all(paths.map(async (p) => `${basename(p)} ${await fileSha256(p)}\n`));
      return createHash('sha256').update(lines.sort().join('')).digest('hex');
    },
    async *items() {
      const sources: OfacSources = {
        sdn: createReadStream(sdn),
        ...(files.alt ? { alt: createReadStream(files.alt) } : {}),
        ...(files.add ? { add: createReadStream(files.add) } : {}),
        ...(files.comments ? { comments: createReadStream(files.comments) } : {}),
      };
      yield* parseOfacLegacyCsv(sources, { ...(options.model ? { model: options.model } : {}), onPublished: (date) => (published = date) });
    },
    publishedAt: () => published,
  };
}

/**
 * Opens a list file, or a folder holding an OFAC legacy CSV set. Throws ListFileError when the
 * path holds no list Ariadne can read.
 *
 * @example const opened = await openListFile('data/consolidated.xml'); for await (const item of opened.items()) …
 */
export async function openListFile(path: string, options: OpenListOptions = {}): Promise<OpenedList> {
  const info = await stat(path);
  const source = basename(path);
  if (info.isDirectory()) return openOfacSet(await ofacSet(path), source, options);
  const format = detectListFormat(await readHead(path), source);
  if (format === null) throw new ListFileError(`${source}: not a sanctions list Ariadne can read (UN XML, OFAC sdn_advanced.xml or sdn.csv, EU FSF XML, UK sanctions list XML, FtM JSON)`);
  if (format === 'ofac-csv') {
    const siblings = await ofacSet(dirname(path));
    return openOfacSet({ ...siblings, sdn: path }, source, options);
  }
  let published: string | null = null;
  let dataset: string | null = null;
  const common = { ...(options.model ? { model: options.model } : {}), ...(options.maxFieldChars ? { maxFieldChars: options.maxFieldChars } : {}) };
  const onPublished = (date: string) => (published = date);
  const parse = (): AsyncIterable<ListItem> => {
    const bytes = createReadStream(path);
    switch (format) {
      case 'un-xml': return parseUnConsolidated(bytes, { ...common, onPublished });
      case 'ofac-advanced-xml': return parseOfacAdvanced(bytes, { ...common, onPublished });
      case 'eu-fsf-xml': return parseEuFsf(bytes, { ...common, onPublished });
      case 'gb-fcdo-xml': return parseUkSanctionsList(bytes, { ...common, onPublished });
      case 'ftm-json': return parseFtmJson(bytes, { ...(options.model ? { model: options.model } : {}), onDataset: (name) => (dataset ??= name) });
    }
  };
  const fileBase = basename(path, extname(path)).replace(/\.ftm$/i, '');
  let ftmName: string | null = null;
  if (format === 'ftm-json') {
    // the list name is needed before the items are read: take the first dataset from the head
    const head = /"datasets"\s*:\s*\[\s*"([A-Za-z0-9._:-]{1,200})"/.exec(await readHead(path));
    ftmName = head?.[1] ?? null;
  }
  return {
    format,
    get list() {
      return format === 'ftm-json' ? (dataset ?? ftmName ?? fileBase) : DEFAULT_LIST[format];
    },
    source,
    sha256: () => fileSha256(path),
    items: parse,
    publishedAt: () => published,
  };
}
