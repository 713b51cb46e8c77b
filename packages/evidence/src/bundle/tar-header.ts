/**
 * POSIX ustar headers for the bundle writer. Our own few lines rather than `tar-stream`: a bundle
 * needs only regular files (and the verifier accepts only files and directories), every name the
 * layout produces fits ustar's name/prefix fields, and a pax extended header is needed only for
 * files of 8 GiB or more; owning the bytes means the writer emits exactly the subset the
 * standalone verifier reads, with no streaming machinery of a dependency in between.
 */
export const TAR_BLOCK = 512;
/** the largest size an 11-digit octal field holds (8 GiB − 1) */
export const USTAR_MAX_SIZE = 0o77777777777;
/** two zero blocks end an archive */
export const TAR_END = Buffer.alloc(2 * TAR_BLOCK);

export interface TarHeaderInput {
  readonly name: string;
  readonly size: number;
  readonly mtime: Date;
  readonly type?: 'file' | 'directory' | 'pax';
}

function putText(block: Buffer, at: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new RangeError(`"${text}" does not fit a ${length}-byte tar field`);
  bytes.copy(block, at);
}

function putOctal(block: Buffer, at: number, length: number, value: number): void {
  putText(block, at, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash; null when impossible */
export function splitUstarName(path: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut > 0; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return null;
}

function ustarBlock(input: { prefix: string; name: string; size: number; mtime: Date; type: 'file' | 'directory' | 'pax' }): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  putText(block, 0, 100, input.name);
  putOctal(block, 100, 8, input.type === 'directory' ? 0o755 : 0o644);
  putOctal(block, 108, 8, 0);
  putOctal(block, 116, 8, 0);
  putOctal(block, 124, 12, input.size);
  putOctal(block, 136, 12, Math.max(0, Math.floor(input.mtime.getTime() / 1000)));
  block.write({ file: '0', directory: '5', pax: 'x' }[input.type], 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  putText(block, 345, 155, input.prefix);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  putText(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
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
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/**
 * The header block(s) of one entry: a ustar header, preceded by a pax extended header (with its
 * body) when the name does not fit ustar or the size needs more than 11 octal digits.
 */
export function tarHeader(input: TarHeaderInput): Buffer {
  const type = input.type ?? 'file';
  if (!input.name || input.name.includes('\0')) throw new RangeError('a tar entry needs a name without NUL');
  if (!Number.isSafeInteger(input.size) || input.size < 0) throw new RangeError(`${input.size} is not a file size`);
  const split = splitUstarName(input.name);
  const records = [
    ...(split ? [] : [paxRecord('path', input.name)]),
    ...(input.size > USTAR_MAX_SIZE ? [paxRecord('size', String(input.size))] : []),
  ];
  const fallback = split ?? { prefix: '', name: Buffer.from(input.name).subarray(0, 100).toString('latin1').replace(/[^\x20-\x7e]/g, '_') };
  const main = ustarBlock({ ...fallback, size: input.size > USTAR_MAX_SIZE ? 0 : input.size, mtime: input.mtime, type });
  if (records.length === 0) return main;
  const body = Buffer.from(records.join(''), 'utf8');
  const paxName = `PaxHeaders/${fallback.name}`.slice(0, 100);
  return Buffer.concat([ustarBlock({ prefix: '', name: paxName, size: body.length, mtime: input.mtime, type: 'pax' }), body, tarPadding(body.length), main]);
}
