/**
 * The plaintext inside a package: a POSIX ustar archive of regular files, written and read here.
 * Our own few lines rather than a dependency, because both ends are ours and the reader must be
 * strict: it accepts exactly what the writer emits (ustar headers with valid checksums, regular
 * files, pax `path`/`size` records for names that do not fit ustar or sizes of 8 GiB and more),
 * streams bodies without holding them, and reports every irregularity as a `TarFormatError`.
 * (`@ariadne/evidence` has a similar writer for bundles but does not export it.)
 */
export const TAR_BLOCK = 512;
/** the largest size an 11-digit octal field holds (8 GiB − 1) */
const USTAR_MAX_SIZE = 0o77777777777;
/** two zero blocks end an archive */
export const TAR_END: Uint8Array = new Uint8Array(2 * TAR_BLOCK);
const MAX_PAX_BYTES = 64 * 1024;

/** the archive is not one our writer could have made */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

// ── writing ──────────────────────────────────────────────────────────────────────────────────

function putText(block: Buffer, at: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new RangeError(`a ${bytes.length}-byte text does not fit a ${length}-byte tar field`);
  bytes.copy(block, at);
}

function putOctal(block: Buffer, at: number, length: number, value: number): void {
  putText(block, at, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

/** splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash; null when impossible */
function splitUstarName(path: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut > 0; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return null;
}

function ustarBlock(input: { prefix: string; name: string; size: number; mtime: Date; type: '0' | 'x' }): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  putText(block, 0, 100, input.name);
  putOctal(block, 100, 8, 0o600);
  putOctal(block, 108, 8, 0);
  putOctal(block, 116, 8, 0);
  putOctal(block, 124, 12, input.size);
  putOctal(block, 136, 12, Math.max(0, Math.floor(input.mtime.getTime() / 1000)));
  block.write(input.type, 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  putText(block, 345, 155, input.prefix);
  putText(block, 148, 8, `${checksum(block).toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** one pax record, "<length> <key>=<value>\n", where the length counts the whole record */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (`${length}`.length + Buffer.byteLength(body) !== length) length = `${length}`.length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** zero bytes that round `size` up to a whole block */
export function tarPadding(size: number): Uint8Array {
  return new Uint8Array((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/**
 * The header block(s) of one regular file: a ustar header, preceded by a pax extended header
 * when the name does not fit ustar or the size needs more than 11 octal digits.
 */
export function tarHeader(name: string, size: number, mtime: Date): Uint8Array {
  if (!name || name.includes('\0')) throw new RangeError('a tar entry needs a name without NUL');
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${size} is not a file size`);
  const split = splitUstarName(name);
  const records = [
    ...(split ? [] : [paxRecord('path', name)]),
    ...(size > USTAR_MAX_SIZE ? [paxRecord('size', String(size))] : []),
  ];
  const fallback = split ?? { prefix: '', name: 'long-name' };
  const main = ustarBlock({ ...fallback, size: size > USTAR_MAX_SIZE ? 0 : size, mtime, type: '0' });
  if (records.length === 0) return main;
  const body = Buffer.from(records.join(''), 'utf8');
  const pax = ustarBlock({ prefix: '', name: 'PaxHeader', size: body.length, mtime, type: 'x' });
  return Buffer.concat([pax, body, tarPadding(body.length), main]);
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────

/** pulls the next chunk of bytes, or null at the end */
export type PullBytes = () => Promise<Uint8Array | null>;

/** exact-length reads over a stream of chunks of any size */
class ByteReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly pull: PullBytes) {}

  /** false at the end of the stream */
  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      const next = await this.pull();
      if (next === null) return false;
      this.chunk = next;
      this.offset = 0;
    }
    return true;
  }

  /** exactly `length` bytes in pieces; a TarFormatError when the stream ends first */
  async *pieces(length: number, what: string): AsyncGenerator<Uint8Array> {
    let left = length;
    while (left > 0) {
      if (!(await this.fill())) throw new TarFormatError(`the archive ends inside ${what}`);
      const take = Math.min(left, this.chunk.length - this.offset);
      yield this.chunk.subarray(this.offset, this.offset + take);
      this.offset += take;
      left -= take;
    }
  }

  /** exactly `length` bytes; null when the stream is already at its end */
  async exactly(length: number, what: string): Promise<Uint8Array | null> {
    if (!(await this.fill())) return null;
    const parts: Uint8Array[] = [];
    for await (const piece of this.pieces(length, what)) parts.push(piece);
    return Buffer.concat(parts);
  }

  /** reads to the end; true when every remaining byte is zero */
  async onlyZerosLeft(): Promise<boolean> {
    let zeros = true;
    while (await this.fill()) {
      if (zeros && this.chunk.subarray(this.offset).some((b) => b !== 0)) zeros = false;
      this.offset = this.chunk.length;
    }
    return zeros;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(block: Uint8Array, at: number, length: number): string {
  const field = block.subarray(at, at + length);
  const end = field.indexOf(0);
  try {
    return utf8.decode(end < 0 ? field : field.subarray(0, end));
  } catch {
    throw new TarFormatError('a tar header holds a name that is not UTF-8');
  }
}

function octal(block: Uint8Array, at: number, length: number, what: string): number {
  const field = Buffer.from(block.subarray(at, at + length)).toString('latin1');
  const match = /^([0-7]+)[\0 ]*$/.exec(field);
  if (!match) throw new TarFormatError(`a tar header's ${what} is not an octal number`);
  return parseInt(match[1]!, 8);
}

/** `{ path, size }` of a pax body; a size too large for a safe integer becomes Infinity */
function parsePax(body: Uint8Array): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = space > at ? Number(Buffer.from(body.subarray(at, space)).toString('latin1')) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at + 1 || at + length > body.length || body[at + length - 1] !== 0x0a) {
      throw new TarFormatError('a pax header record is malformed');
    }
    let record: string;
    try {
      record = utf8.decode(body.subarray(space + 1, at + length - 1));
    } catch {
      throw new TarFormatError('a pax header record is not UTF-8');
    }
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarFormatError('a pax header record has no key');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.path = value;
    if (key === 'size') {
      if (!/^[0-9]+$/.test(value)) throw new TarFormatError('a pax size is not a decimal number');
      const size = Number(value);
      out.size = Number.isSafeInteger(size) ? size : Number.POSITIVE_INFINITY;
    }
    at += length;
  }
  return out;
}

export interface TarEntry {
  readonly name: string;
  /** declared size; Infinity when larger than any safe integer */
  readonly size: number;
}

/**
 * Reads an archive entry by entry: `next()` gives the next header (null at the end marker), then
 * the caller reads the body with `body()` or `bodyBytes()` before calling `next()` again.
 */
export class TarReader {
  private readonly bytes: ByteReader;
  private pending: { size: number; read: boolean } | null = null;

  constructor(pull: PullBytes) {
    this.bytes = new ByteReader(pull);
  }

  private async header(): Promise<{ name: string; size: number; type: 'file' | 'pax' } | null> {
    const block = await this.bytes.exactly(TAR_BLOCK, 'a header');
    if (block === null) throw new TarFormatError('the archive ends without its end marker');
    if (block.every((b) => b === 0)) {
      const second = await this.bytes.exactly(TAR_BLOCK, 'the end marker');
      if (second === null || second.some((b) => b !== 0)) throw new TarFormatError('the archive\'s end marker is incomplete');
      return null;
    }
    if (octal(block, 148, 8, 'checksum') !== checksum(block)) throw new TarFormatError('a tar header\'s checksum is wrong');
    if (Buffer.from(block.subarray(257, 265)).toString('latin1') !== 'ustar\u000000') throw new TarFormatError('a tar header is not POSIX ustar');
    const flag = block[156];
    const type = flag === 0x30 || flag === 0 ? 'file' : flag === 0x78 ? 'pax' : null;
    if (type === null) throw new TarFormatError('the archive holds something other than regular files');
    const name = text(block, 0, 100);
    const prefix = text(block, 345, 155);
    return { name: prefix ? `${prefix}/${name}` : name, size: octal(block, 124, 12, 'size'), type };
  }

  /** the next entry, or null when the end marker is reached */
  async next(): Promise<TarEntry | null> {
    if (this.pending && !this.pending.read) throw new Error('read the previous entry\'s body first');
    let header = await this.header();
    let pax: { path?: string; size?: number } = {};
    if (header?.type === 'pax') {
      if (header.size > MAX_PAX_BYTES) throw new TarFormatError('a pax header is too large');
      const body = (await this.bytes.exactly(header.size + tarPadding(header.size).length, 'a pax header')) ?? new Uint8Array(0);
      pax = parsePax(body.subarray(0, header.size));
      header = await this.header();
      if (header === null || header.type !== 'file') throw new TarFormatError('a pax header is not followed by a file');
    }
    if (header === null) return null;
    const entry = { name: pax.path ?? header.name, size: pax.size ?? header.size };
    this.pending = { size: entry.size, read: false };
    return entry;
  }

  /** the current entry's bytes in pieces (each valid until the next is asked for), then its padding */
  async *body(): AsyncGenerator<Uint8Array> {
    const pending = this.pending;
    if (!pending || pending.read) throw new Error('no entry to read');
    if (!Number.isSafeInteger(pending.size)) throw new TarFormatError('an entry is larger than any archive');
    yield* this.bytes.pieces(pending.size, 'an entry');
    for await (const _ of this.bytes.pieces(tarPadding(pending.size).length, 'an entry\'s padding')) { /* skip */ }
    pending.read = true;
  }

  /** the current entry's bytes, whole (for small entries only) */
  async bodyBytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const piece of this.body()) parts.push(Buffer.from(piece));
    return Buffer.concat(parts);
  }

  /** after the end marker: reads the rest; true when it holds only zeros */
  onlyZerosLeft(): Promise<boolean> {
    return this.bytes.onlyZerosLeft();
  }
}
