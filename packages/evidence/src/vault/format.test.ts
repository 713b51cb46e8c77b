/**
 * The blob layout as bytes: the header round-trips and every malformed or hostile header is
 * classified (short, foreign, unknown version) rather than misread; record length words over
 * 1 MiB are refused before anything is allocated; the AAD binds counter and last flag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  HEADER_BYTES, MAGIC, MAX_RECORD_PLAINTEXT, RECORD_PREFIX_BYTES, encodeHeader, encodeRecordPrefix, parseHeader, parseRecordPrefix, recordAad,
} from './format.ts';

const fields = { keyId: Buffer.from('0123456789abcdef', 'hex'), wrapIv: randomBytes(12), wrappedKey: randomBytes(32), wrapTag: randomBytes(16) };

test('a header is 83 bytes: magic, version, key id, wrap IV, wrapped key, tag', () => {
  const header = encodeHeader(fields);
  assert.equal(header.bytes.length, HEADER_BYTES);
  assert.equal(HEADER_BYTES, 83);
  assert.deepEqual(header.bytes.subarray(0, 14), Buffer.from('ARIADNE-VAULT\0', 'latin1'));
  assert.equal(header.bytes[14], 1);
  assert.equal(header.keyId, '0123456789abcdef');
  assert.deepEqual([header.wrapIv, header.wrappedKey, header.wrapTag], [fields.wrapIv, fields.wrappedKey, fields.wrapTag]);
  assert.equal(header.hash.length, 32);
  const reparsed = parseHeader(Buffer.concat([header.bytes, randomBytes(100)]));
  assert.ok(!('kind' in reparsed));
  assert.deepEqual(reparsed.bytes, header.bytes, 'only the header bytes are taken');
  assert.throws(() => encodeHeader({ ...fields, wrapIv: randomBytes(11) }));
  assert.throws(() => encodeHeader({ ...fields, keyId: randomBytes(9) }));
});

test('malformed headers are classified, never misread', () => {
  const good = encodeHeader(fields).bytes;
  assert.deepEqual(parseHeader(Buffer.alloc(0)), { kind: 'short', size: 0 });
  assert.deepEqual(parseHeader(good.subarray(0, 5)), { kind: 'short', size: 5 });
  assert.deepEqual(parseHeader(MAGIC), { kind: 'short', size: 14 });
  assert.deepEqual(parseHeader(good.subarray(0, 82)), { kind: 'short', size: 82 });
  assert.deepEqual(parseHeader(Buffer.from('%PDF-1.4 not a vault file at all, but long enough to be a header ........................')), { kind: 'magic' });
  assert.deepEqual(parseHeader(Buffer.from('ARIADNE')), { kind: 'short', size: 7 });
  assert.deepEqual(parseHeader(Buffer.from('ARIADNX')), { kind: 'magic' });
  for (const version of [0, 2, 255]) {
    const other = Buffer.from(good);
    other[14] = version;
    assert.deepEqual(parseHeader(other), { kind: 'version', version });
  }
  for (let i = 0; i < 200; i++) {
    const noise = randomBytes(1 + (i % 120));
    assert.ok('kind' in parseHeader(noise), 'random bytes are never a header');
  }
});

test('record prefixes: length, last flag and nonce; impossible lengths are refused', () => {
  const nonce = randomBytes(12);
  for (const [length, last] of [[0, true], [1, false], [MAX_RECORD_PLAINTEXT, false], [12345, true]] as const) {
    const prefix = encodeRecordPrefix(length, last, nonce);
    assert.equal(prefix.length, RECORD_PREFIX_BYTES);
    assert.deepEqual(parseRecordPrefix(prefix), { length, last, nonce });
  }
  assert.equal(encodeRecordPrefix(5, true, nonce).readUInt32BE(0), 0x8000_0005);
  for (const word of [MAX_RECORD_PLAINTEXT + 1, 0x7fff_ffff, 0xffff_ffff, 0x8010_0001]) {
    const prefix = Buffer.alloc(RECORD_PREFIX_BYTES);
    prefix.writeUInt32BE(word, 0);
    assert.equal(parseRecordPrefix(prefix), null, word.toString(16));
  }
  assert.throws(() => encodeRecordPrefix(MAX_RECORD_PLAINTEXT + 1, false, nonce));
  assert.throws(() => encodeRecordPrefix(-1, false, nonce));
  assert.throws(() => encodeRecordPrefix(1, false, randomBytes(8)));
});

test('the record AAD binds the header hash, the counter and the last flag', () => {
  const hash = randomBytes(32);
  const aad = recordAad(hash, 258, true);
  assert.equal(aad.length, 41);
  assert.deepEqual(aad.subarray(0, 32), hash);
  assert.equal(aad.readBigUInt64BE(32), 258n);
  assert.equal(aad[40], 1);
  assert.notDeepEqual(recordAad(hash, 258, false), aad);
  assert.notDeepEqual(recordAad(hash, 259, true), aad);
  assert.throws(() => recordAad(hash, -1, false));
  assert.throws(() => recordAad(hash, 1.5, false));
});
