/**
 * The ustar header writer: fields where POSIX puts them, a checksum tar accepts, long names split
 * into prefix and name, and pax extended headers for names that do not fit and sizes of 8 GiB
 * and more, which the verifier then reads.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { TAR_BLOCK, TAR_END, USTAR_MAX_SIZE, splitUstarName, tarHeader, tarPadding } from './tar-header.ts';
import { verifyBundle } from './verify.ts';

const mtime = new Date('2026-03-01T09:30:30.030Z');
const text = (h: Buffer, at: number, length: number) => h.toString('utf8', at, at + length).replace(/\0+$/, '');

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let k = 0; k < TAR_BLOCK; k++) sum += k >= 148 && k < 156 ? 0x20 : h[k]!;
  return parseInt(text(h, 148, 8), 8) === sum;
}

/** pax records of a pax body, each checked to declare its own length */
function paxRecords(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = Buffer.from(body.replace(/\0+$/, ''));
  while (rest.length > 0) {
    const length = Number(rest.toString('latin1', 0, rest.indexOf(0x20)));
    const record = rest.subarray(0, length).toString('utf8');
    assert.ok(record.endsWith('\n'), `record ${JSON.stringify(record)} declares its own length`);
    const [key, value] = record.slice(record.indexOf(' ') + 1, -1).split(/=(.*)/s);
    out[key!] = value!;
    rest = rest.subarray(length);
  }
  return out;
}

describe('ustar headers', () => {
  test('a regular file: one block, POSIX magic, octal fields, a valid checksum', () => {
    const h = tarHeader({ name: 'files/item-synthetic-1/0123456789abcdef-synthetic-photo.jpg', size: 1234, mtime });
    assert.equal(h.length, TAR_BLOCK);
    assert.equal(text(h, 0, 100), 'files/item-synthetic-1/0123456789abcdef-synthetic-photo.jpg');
    assert.equal(text(h, 124, 12), (1234).toString(8).padStart(11, '0'));
    assert.equal(parseInt(text(h, 136, 12), 8), Math.floor(mtime.getTime() / 1000));
    assert.equal(h.toString('latin1', 156, 157), '0');
    assert.equal(h.toString('latin1', 257, 265), 'ustar\u000000');
    assert.ok(checksumOk(h));
  });

  test('a directory has type 5 and mode 755', () => {
    const h = tarHeader({ name: 'files/', size: 0, mtime, type: 'directory' });
    assert.equal(h.toString('latin1', 156, 157), '5');
    assert.equal(text(h, 100, 8), '0000755');
  });

  test('a name over 100 bytes is split at a slash into prefix and name', () => {
    const long = `files/${'i'.repeat(64)}/0123456789abcdef-${'n'.repeat(64)}`;
    assert.deepEqual(splitUstarName(long), { prefix: `files/${'i'.repeat(64)}`, name: `0123456789abcdef-${'n'.repeat(64)}` });
    const h = tarHeader({ name: long, size: 1, mtime });
    assert.equal(h.length, TAR_BLOCK, 'no pax header needed');
    assert.equal(`${text(h, 345, 155)}/${text(h, 0, 100)}`, long);
    assert.equal(splitUstarName('x'.repeat(101)), null, 'no slash to split at');
  });

  test('a name that fits neither field goes into a pax header', () => {
    const long = `files/${'synthetic-'.repeat(30)}`;
    const h = tarHeader({ name: long, size: 3, mtime });
    assert.equal(h.toString('latin1', 156, 157), 'x');
    const bodyLength = parseInt(text(h, 124, 12), 8);
    assert.deepEqual(paxRecords(h.toString('utf8', TAR_BLOCK, TAR_BLOCK + bodyLength)), { path: long });
    const main = h.subarray(h.length - TAR_BLOCK);
    assert.equal(main.toString('latin1', 156, 157), '0');
    assert.ok(checksumOk(h.subarray(0, TAR_BLOCK)) && checksumOk(main));
  });

  test('a size of 8 GiB or more goes into a pax header; the ustar field holds 0', () => {
    assert.equal(tarHeader({ name: 'f', size: USTAR_MAX_SIZE, mtime }).length, TAR_BLOCK);
    const h = tarHeader({ name: 'files/huge.bin', size: USTAR_MAX_SIZE + 1, mtime });
    const bodyLength = parseInt(text(h, 124, 12), 8);
    assert.deepEqual(paxRecords(h.toString('utf8', TAR_BLOCK, TAR_BLOCK + bodyLength)), { size: String(USTAR_MAX_SIZE + 1) });
    assert.equal(parseInt(text(h.subarray(h.length - TAR_BLOCK), 124, 12), 8), 0);
  });

  test('pax record lengths count their own digits, across a digit boundary', () => {
    for (let n = 80; n < 110; n++) {
      const name = `files/${'p'.repeat(n)}/${'q'.repeat(101)}`;
      const h = tarHeader({ name, size: 0, mtime });
      const bodyLength = parseInt(text(h, 124, 12), 8);
      assert.equal(paxRecords(h.toString('utf8', TAR_BLOCK, TAR_BLOCK + bodyLength)).path, name);
    }
  });

  test('the verifier honours a pax size: the data after the header are skipped, not read as a header', async () => {
    const body = Buffer.from('9 size=5\n');
    const pax = Buffer.concat([tarHeader({ name: 'PaxHeaders/notes.txt', size: body.length, mtime, type: 'pax' }), body, tarPadding(body.length)]);
    const archive = Buffer.concat([pax, tarHeader({ name: 'notes.txt', size: 0, mtime }), Buffer.from('synth'), tarPadding(5), TAR_END]);
    const result = await verifyBundle(Readable.from([archive]));
    assert.deepEqual(result.problems.map((p) => p.code), ['manifest-missing']);
  });

  test('refuses sizes that are not file sizes and names with NUL', () => {
    assert.throws(() => tarHeader({ name: 'x', size: -1, mtime }), RangeError);
    assert.throws(() => tarHeader({ name: 'x', size: 1.5, mtime }), RangeError);
    assert.throws(() => tarHeader({ name: 'a\0b', size: 0, mtime }), RangeError);
    assert.throws(() => tarHeader({ name: '', size: 0, mtime }), RangeError);
  });

  test('padding rounds up to whole blocks', () => {
    assert.equal(tarPadding(0).length, 0);
    assert.equal(tarPadding(1).length, 511);
    assert.equal(tarPadding(512).length, 0);
    assert.equal(tarPadding(513).length, 511);
  });
});
