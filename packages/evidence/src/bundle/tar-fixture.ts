/**
 * Test support: takes a bundle apart and puts it back together (changed), and makes the hostile
 * archives the verifier must refuse: link entries, traversal names, forged sizes, zip bombs.
 * It reads only what our writer writes (ustar, no pax), which is all the tests need.
 */
import { deflateRawSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { TAR_BLOCK, TAR_END, tarHeader, tarPadding } from './tar-header.ts';

export interface TarMember {
  readonly name: string;
  readonly data: Buffer;
  /** where the data start in the archive */
  readonly offset: number;
}

const MTIME = new Date('2026-03-01T00:00:00Z');

/** the members of a ustar archive our writer made */
export function readTar(archive: Buffer): TarMember[] {
  const out: TarMember[] = [];
  let at = 0;
  while (at + TAR_BLOCK <= archive.length) {
    const h = archive.subarray(at, at + TAR_BLOCK);
    if (h.every((b) => b === 0)) break;
    const text = (from: number, length: number) => h.toString('utf8', from, from + length).replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const size = parseInt(text(124, 12), 8);
    out.push({ name, data: Buffer.from(archive.subarray(at + TAR_BLOCK, at + TAR_BLOCK + size)), offset: at + TAR_BLOCK });
    at += TAR_BLOCK + size + tarPadding(size).length;
  }
  return out;
}

/** a ustar archive of these files (names taken as they are, however hostile) */
export function makeTar(members: readonly { name: string; data: Buffer }[], options: { end?: boolean } = {}): Buffer {
  const parts = members.flatMap(({ name, data }) => [tarHeader({ name, size: data.length, mtime: MTIME }), data, tarPadding(data.length)]);
  return Buffer.concat([...parts, ...(options.end === false ? [] : [TAR_END])]);
}

/** one raw header with any type flag, link name or declared size; the checksum made right */
export function rawHeader(input: { name: string | Buffer; size?: number; type?: string; linkname?: string; checksum?: 'right' | 'wrong' }): Buffer {
  const h = tarHeader({ name: 'placeholder', size: 0, mtime: MTIME });
  h.fill(0, 0, 100);
  (typeof input.name === 'string' ? Buffer.from(input.name, 'utf8') : input.name).copy(h, 0, 0, 100);
  h.write(`${(input.size ?? 0).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(input.type ?? '0', 156, 'latin1');
  if (input.linkname) h.write(input.linkname, 157, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  if (input.checksum === 'wrong') sum += 1;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** the archive with `find` replaced by `replace` (same length) inside one member's data */
export function patchMember(archive: Buffer, name: string, find: string, replace: string): Buffer {
  if (Buffer.byteLength(find) !== Buffer.byteLength(replace)) throw new Error('a patch keeps the length');
  const member = readTar(archive).find((m) => m.name === name);
  if (!member) throw new Error(`no member ${name}`);
  const at = member.data.indexOf(find);
  if (at < 0) throw new Error(`"${find}" is not in ${name}`);
  const copy = Buffer.from(archive);
  copy.write(replace, member.offset + at, 'utf8');
  return copy;
}

/** a Writable that keeps everything written to it */
export function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

/**
 * A "zip bomb": a small zip whose one entry claims an uncompressed size of 4 GiB − 1 (its data
 * inflate to far more than the archive). Local header, data, central directory, end record.
 */
export function zipBomb(): Buffer {
  const data = deflateRawSync(Buffer.alloc(16 * 1024 * 1024));
  const name = Buffer.from('synthetic-huge.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
