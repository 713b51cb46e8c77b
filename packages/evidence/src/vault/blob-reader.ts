/**
 * Reads a blob file record by record, authenticating each one before its plaintext is handed
 * out. `scanRecords` reports what it finds at the end (clean end, a torn record, a record that
 * does not authenticate, trailing bytes) without judging it: a stored blob treats every one of
 * those as corruption (`readBlobRecords`), a staged upload after a crash may drop a torn tail
 * (appendable.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { HEADER_BYTES, MAX_RECORD_PLAINTEXT, RECORD_PREFIX_BYTES, TAG_BYTES, parseRecordPrefix } from './format.ts';
import { openHeader, openRecord, type OpenedHeader } from './seal.ts';
import { corrupt } from './errors.ts';
import type { VaultKeys } from './keys.ts';

export type ScanItem =
  /** an authenticated record; `offset` is where it starts in the file, `end` where it ends */
  | { kind: 'record'; counter: number; offset: number; end: number; last: boolean; plaintext: Buffer }
  /** the file ends on a record boundary with no terminal record */
  | { kind: 'end'; counter: number; offset: number }
  /** the file ends inside record `counter` */
  | { kind: 'torn'; counter: number; offset: number }
  /** record `counter` declares an impossible length */
  | { kind: 'bad-length'; counter: number; offset: number }
  /** record `counter` is complete but does not authenticate at this position */
  | { kind: 'unauthentic'; counter: number; offset: number; end: number }
  /** `bytes` bytes follow the terminal record */
  | { kind: 'trailing'; counter: number; offset: number; bytes: number };

async function readFully(fh: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** reads and opens the header of an open blob file (throws the precise problem) */
export async function readHeader(fh: FileHandle, keys: VaultKeys, what: string): Promise<OpenedHeader> {
  const buf = Buffer.alloc(HEADER_BYTES);
  const got = await readFully(fh, buf, HEADER_BYTES, 0);
  return openHeader(keys, buf.subarray(0, got), what);
}

/** every record after the header, in order; the last item says how the file ends */
export async function* scanRecords(fh: FileHandle, opened: OpenedHeader): AsyncGenerator<ScanItem> {
  const prefixBuf = Buffer.allocUnsafe(RECORD_PREFIX_BYTES);
  const body = Buffer.allocUnsafe(MAX_RECORD_PLAINTEXT + TAG_BYTES);
  let offset = HEADER_BYTES;
  for (let counter = 0; ; counter++) {
    const got = await readFully(fh, prefixBuf, RECORD_PREFIX_BYTES, offset);
    if (got === 0) {
      yield { kind: 'end', counter, offset };
      return;
    }
    if (got < RECORD_PREFIX_BYTES) {
      yield { kind: 'torn', counter, offset };
      return;
    }
    const prefix = parseRecordPrefix(prefixBuf);
    if (!prefix) {
      yield { kind: 'bad-length', counter, offset };
      return;
    }
    const bodyLength = prefix.length + TAG_BYTES;
    const view = body.subarray(0, bodyLength);
    if (await readFully(fh, view, bodyLength, offset + RECORD_PREFIX_BYTES) < bodyLength) {
      yield { kind: 'torn', counter, offset };
      return;
    }
    const end = offset + RECORD_PREFIX_BYTES + bodyLength;
    const plaintext = openRecord(opened, counter, prefix, view);
    if (!plaintext) {
      yield { kind: 'unauthentic', counter, offset, end };
      return;
    }
    yield { kind: 'record', counter, offset, end, last: prefix.last, plaintext };
    offset = end;
    if (prefix.last) {
      const after = (await fh.stat()).size - offset;
      if (after > 0) yield { kind: 'trailing', counter: counter + 1, offset, bytes: after };
      return;
    }
  }
}

/** the precise error for a scan item that is not a good record, or null for a good one */
export function problemOf(item: ScanItem, what: string): Error | null {
  switch (item.kind) {
    case 'record':
      return null;
    case 'end':
      return corrupt(what, 'truncated', item.counter === 0
        ? 'truncated: it ends after the header, with no records'
        : `truncated: it ends after record ${item.counter - 1}, without the terminal record`, item.counter);
    case 'torn':
      return corrupt(what, 'truncated', `truncated inside record ${item.counter}`, item.counter);
    case 'bad-length':
      return corrupt(what, 'record-length', `record ${item.counter} declares a length over ${MAX_RECORD_PLAINTEXT} bytes (damaged)`, item.counter);
    case 'unauthentic':
      return corrupt(what, 'record-tampered',
        `record ${item.counter} does not authenticate (it was changed, or records were removed, reordered or duplicated)`, item.counter);
    case 'trailing':
      return corrupt(what, 'trailing-data', `${item.bytes} bytes of trailing data after the terminal record`, item.counter);
  }
}

/** the plaintext of each record of a stored blob, in order; throws the precise error at the first problem */
export async function* readBlobRecords(fh: FileHandle, opened: OpenedHeader, what: string): AsyncGenerator<Buffer> {
  for await (const item of scanRecords(fh, opened)) {
    const problem = problemOf(item, what);
    if (problem) throw problem;
    if (item.kind === 'record') yield item.plaintext;
  }
}
