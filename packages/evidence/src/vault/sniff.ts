/**
 * What a file really is, from its first bytes: `file-type` (magic numbers) first, then a text
 * check (UTF-8 or UTF-16 with a byte-order mark, no stray control characters: text/plain, JSON,
 * HTML), else application/octet-stream. And whether the uploader's claims (declared MIME type,
 * file name extension) disagree with that — an `.exe` declared `image/jpeg` — which flags the
 * item for review; it never changes what is stored.
 */
import { fileTypeFromBuffer, supportedMimeTypes } from 'file-type/core';

export const OCTET_STREAM = 'application/octet-stream';

export interface Sniffed {
  /** the sniffed MIME type, without parameters */
  readonly mime: string;
}

/** `head`: the first bytes of the file; `complete`: head is the whole file */
export async function sniffMime(head: Uint8Array, complete: boolean): Promise<Sniffed> {
  if (head.length === 0) return { mime: OCTET_STREAM };
  // a UTF-16 byte-order mark (FF FE) also looks like an MPEG audio frame sync: text wins if it decodes
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    const text = sniffText(head, complete);
    if (text) return { mime: text };
  }
  try {
    const found = await fileTypeFromBuffer(head);
    if (found) return { mime: baseType(found.mime) };
  } catch {
    // a malformed container confuses a detector: fall through to the text check
  }
  return { mime: sniffText(head, complete) ?? OCTET_STREAM };
}

/** the head as text (UTF-8, or UTF-16 with a byte-order mark), or null when it does not decode */
function decodeText(head: Uint8Array, complete: boolean): string | null {
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  const body = head.subarray(start);
  const decoder = new TextDecoder(encoding, { fatal: true });
  // a head cut from a longer file may end inside a character: allow that much to be missing
  const maxCut = complete ? 0 : Math.min(3, body.length);
  for (let cut = 0; cut <= maxCut; cut++) {
    try {
      return decoder.decode(body.subarray(0, body.length - cut));
    } catch {
      // try one byte shorter
    }
  }
  return null;
}

/** C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape (and DEL) mean binary */
function hasBinaryControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && (c < 0x09 || (c > 0x0d && c !== 0x1b))) || c === 0x7f) return true;
  }
  return false;
}

function sniffText(head: Uint8Array, complete: boolean): string | null {
  // text in an unknown 8-bit charset (Windows-1252, KOI8-R, …) is still text when it has no controls
  const text = decodeText(head, complete) ?? Buffer.from(head).toString('latin1');
  if (hasBinaryControls(text)) return null;
  const start = text.trimStart();
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/i.test(start)) return 'text/html';
  if (/^[[{]/.test(start) && looksLikeJson(start, complete)) return 'application/json';
  return 'text/plain';
}

function looksLikeJson(text: string, complete: boolean): boolean {
  if (complete) {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  // a prefix of a larger file: an object opening with a key, or an array opening with a value
  return /^\{\s*("|\})/.test(text) || /^\[\s*([[{"\]\d-]|true|false|null)/.test(text);
}

function baseType(mime: string): string {
  return mime.split(';')[0]!.trim().toLowerCase();
}

/** names for the same type that uploaders and browsers send */
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/x-png': 'image/png', 'image/x-ms-bmp': 'image/bmp',
  'application/x-zip-compressed': 'application/zip', 'application/x-zip': 'application/zip', 'application/x-pdf': 'application/pdf',
  'application/x-gzip': 'application/gzip', 'application/x-7z': 'application/x-7z-compressed', 'application/vnd.rar': 'application/x-rar-compressed',
  'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/vnd.wave': 'audio/wav', 'audio/mp3': 'audio/mpeg', 'audio/x-mp3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg', 'audio/opus': 'audio/ogg', 'audio/x-flac': 'audio/flac', 'audio/m4a': 'audio/x-m4a',
  'video/x-msvideo': 'video/vnd.avi', 'video/avi': 'video/vnd.avi', 'video/x-matroska': 'video/matroska', 'video/x-ms-wmv': 'video/x-ms-asf',
  'audio/x-ms-wma': 'audio/x-ms-asf', 'application/x-msdos-program': 'application/x-msdownload', 'application/x-dosexec': 'application/x-msdownload',
  'application/vnd.microsoft.portable-executable': 'application/x-msdownload', 'application/x-ole-storage': 'application/x-cfb',
  'application/msword': 'application/x-cfb', 'application/vnd.ms-excel': 'application/x-cfb', 'application/vnd.ms-powerpoint': 'application/x-cfb',
  'application/x-msi': 'application/x-cfb', 'text/xml': 'application/xml',
};

/** types that are one container (the sniffer may name any member for any other) */
const FAMILIES: readonly (readonly string[])[] = [
  ['video/mp4', 'audio/mp4', 'audio/x-m4a', 'video/x-m4v', 'video/quicktime', 'video/3gpp', 'video/3gpp2'],
  ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/avif'],
  ['audio/ogg', 'video/ogg', 'application/ogg'],
  ['video/matroska', 'video/webm', 'audio/webm'],
  ['audio/x-ms-asf', 'video/x-ms-asf', 'application/vnd.ms-asf'],
  ['image/png', 'image/apng'],
  ['image/tiff', 'image/x-adobe-dng', 'image/x-canon-cr2', 'image/x-nikon-nef', 'image/x-sony-arw', 'image/x-olympus-orf', 'image/x-panasonic-rw2'],
];

const EXECUTABLES = new Set(['application/x-msdownload', 'application/x-elf', 'application/x-mach-binary', 'application/java-vm']);

/** common evidence file extensions and the type they claim */
const EXTENSIONS: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', jfif: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', tif: 'image/tiff', tiff: 'image/tiff', bmp: 'image/bmp', dng: 'image/x-adobe-dng',
  pdf: 'application/pdf', zip: 'application/zip', '7z': 'application/x-7z-compressed', rar: 'application/x-rar-compressed', gz: 'application/gzip',
  tar: 'application/x-tar', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet', epub: 'application/epub+zip',
  doc: 'application/x-cfb', xls: 'application/x-cfb', ppt: 'application/x-cfb', msg: 'application/vnd.ms-outlook', rtf: 'application/rtf',
  mp4: 'video/mp4', m4v: 'video/x-m4v', m4a: 'audio/x-m4a', mov: 'video/quicktime', '3gp': 'video/3gpp', mp3: 'audio/mpeg', wav: 'audio/wav',
  ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', webm: 'video/webm', mkv: 'video/matroska', avi: 'video/vnd.avi', amr: 'audio/amr',
  aac: 'audio/aac', flac: 'audio/flac', wma: 'audio/x-ms-asf', wmv: 'video/x-ms-asf',
  txt: 'text/plain', log: 'text/plain', md: 'text/plain', csv: 'text/csv', tsv: 'text/tab-separated-values', json: 'application/json',
  html: 'text/html', htm: 'text/html', xml: 'application/xml', svg: 'image/svg+xml', eml: 'message/rfc822', mht: 'message/rfc822',
  mhtml: 'message/rfc822', vcf: 'text/vcard', ics: 'text/calendar', srt: 'text/plain', vtt: 'text/vtt',
  exe: 'application/x-msdownload', dll: 'application/x-msdownload', scr: 'application/x-msdownload', msi: 'application/x-cfb',
  apk: 'application/vnd.android.package-archive', jar: 'application/java-archive', sqlite: 'application/x-sqlite3', db: 'application/x-sqlite3',
  pcap: 'application/vnd.tcpdump.pcap',
};

function canonical(mime: string): string {
  const base = baseType(mime);
  return ALIASES[base] ?? base;
}

function isTextual(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime === 'application/xml' || mime === 'application/javascript'
    || mime === 'application/x-ndjson' || mime === 'message/rfc822' || mime.endsWith('+json') || mime.endsWith('+xml');
}

function isZipBased(mime: string): boolean {
  return mime.endsWith('+zip') || mime.includes('openxmlformats') || mime.includes('opendocument') || mime.includes('macroenabled')
    || mime === 'application/java-archive' || mime === 'application/vnd.android.package-archive' || mime === 'application/x-xpinstall';
}

/** whether we know what a file of type `mime` looks like (so a disagreement means something) */
function isRecognised(mime: string): boolean {
  return supportedMimeTypes.has(mime) || isTextual(mime) || Object.values(ALIASES).includes(mime);
}

function compatible(claim: string, sniffed: string): boolean {
  if (claim === sniffed || claim === OCTET_STREAM) return true;
  if (isTextual(claim) && isTextual(sniffed)) return true;
  if (sniffed === 'application/zip' && isZipBased(claim)) return true;
  if (FAMILIES.some((family) => family.includes(claim) && family.includes(sniffed))) return true;
  // a claim we cannot check is only contradicted by a program disguised as something else
  return !isRecognised(claim) && !EXECUTABLES.has(sniffed);
}

export function extensionOf(filename: string): string | null {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : null;
}

/** true when the declared type or the file name's extension disagrees with the sniffed type */
export function mimeMismatch(sniffed: string, declaredMime?: string, filename?: string): boolean {
  const actual = canonical(sniffed);
  if (declaredMime && declaredMime.trim() !== '' && !compatible(canonical(declaredMime), actual)) return true;
  const ext = filename ? extensionOf(filename) : null;
  if (ext !== null) {
    const claimed = EXTENSIONS[ext];
    if (claimed ? !compatible(claimed, actual) : EXECUTABLES.has(actual)) return true;
  }
  return false;
}
