/**
 * MIME sniffing from the first bytes, and the flag for a type that lies: PNG, JPEG, PDF, ZIP,
 * text, JSON, HTML and unknown bytes are told apart; an `.exe` declared `image/jpeg` is flagged,
 * a JPEG called `photo.jpeg` with `image/jpg` is not. Hostile input (huge, truncated, random)
 * never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { extensionOf, mimeMismatch, sniffMime } from './sniff.ts';
import { makeExe, makeJpeg, makePdf, makePng, makeZip } from './test-files.ts';
import { testVault } from './test-support.ts';

const binary = Buffer.concat([Buffer.from([0, 1, 2, 3, 0xfe, 0x00, 0x10]), randomBytes(500)]);

test('common evidence types are recognised from their first bytes', async () => {
  const cases: [string, Buffer, boolean, string][] = [
    ['png', makePng(), true, 'image/png'],
    ['jpeg', makeJpeg(), true, 'image/jpeg'],
    ['pdf', makePdf(), true, 'application/pdf'],
    ['zip', makeZip(), true, 'application/zip'],
    ['exe', makeExe(), true, 'application/x-msdownload'],
    ['utf-8 text', Buffer.from('Synthetic Witness said: «we were moved at night».\n'), true, 'text/plain'],
    ['utf-8 text with BOM', Buffer.from('\ufeffSynthetic chat export\r\n[12:01] A: hello\r\n'), true, 'text/plain'],
    ['utf-16 text with BOM', Buffer.from('\ufeffSynthetic chat export\n', 'utf16le'), true, 'text/plain'],
    ['8-bit text', Buffer.from('Caf\xe9 synth\xe9tique\n', 'latin1'), true, 'text/plain'],
    ['json', Buffer.from('  {"witness": "Synthetic Witness", "n": [1, 2]}\n'), true, 'application/json'],
    ['json array head of a larger file', Buffer.from('[{"a": 1}, {"a": '), false, 'application/json'],
    ['not json', Buffer.from('{ this is prose in braces }'), true, 'text/plain'],
    ['html', Buffer.from('<!DOCTYPE html><html><body>synthetic capture</body></html>'), true, 'text/html'],
    ['xml', Buffer.from('<?xml version="1.0"?><note>synthetic</note>'), true, 'application/xml'],
    ['unknown binary', binary, true, 'application/octet-stream'],
    ['empty', Buffer.alloc(0), true, 'application/octet-stream'],
  ];
  for (const [label, bytes, complete, mime] of cases) {
    assert.equal((await sniffMime(bytes, complete)).mime, mime, label);
  }
});

test('a head cut inside a UTF-8 character is still text; a whole file ending so is not', async () => {
  const text = Buffer.from('Synthetic témoignage — '.repeat(50));
  const cut = text.subarray(0, text.indexOf(Buffer.from('—')) + 1); // one byte into a three-byte character
  assert.equal((await sniffMime(cut, false)).mime, 'text/plain');
  assert.equal((await sniffMime(Buffer.concat([cut, Buffer.from([0x01])]), true)).mime, 'application/octet-stream');
});

test('hostile and malformed heads never throw', async () => {
  const heads = [
    randomBytes(256 * 1024),
    Buffer.alloc(256 * 1024),
    Buffer.alloc(256 * 1024, 0x41),
    makeZip().subarray(0, 40),
    makePng().subarray(0, 12),
    Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(26, 0xff)]),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), Buffer.from('Exif\0\0MM\0*'), randomBytes(100)]),
    Buffer.from('%PDF-'),
  ];
  for (const head of heads) {
    const { mime } = await sniffMime(head, false);
    assert.match(mime, /^[a-z]+\/[a-z0-9.+-]+$/);
  }
});

test('a declared type or extension that disagrees with the content is flagged', () => {
  const flagged: [string, string | undefined, string | undefined][] = [
    ['application/x-msdownload', 'image/jpeg', undefined],
    ['application/x-msdownload', undefined, 'test-photo.jpg'],
    ['application/x-msdownload', 'image/jpeg', 'test-photo.jpg'],
    ['image/jpeg', undefined, 'invoice.exe'],
    ['image/jpeg', 'application/pdf', undefined],
    ['application/octet-stream', 'image/png', undefined],
    ['image/png', 'text/plain', 'notes.txt'],
    ['application/pdf', 'image/jpeg', 'scan.pdf'],
    ['application/x-msdownload', 'application/x-whatever', 'tool.bin'],
  ];
  for (const [sniffed, declared, filename] of flagged) {
    assert.equal(mimeMismatch(sniffed, declared, filename), true, `${sniffed} declared ${declared} named ${filename}`);
  }
  const fine: [string, string | undefined, string | undefined][] = [
    ['image/jpeg', 'image/jpeg', 'test-photo.jpg'],
    ['image/jpeg', 'image/jpg', 'test-photo.JPEG'],
    ['image/jpeg', 'IMAGE/JPEG; charset=binary', undefined],
    ['image/jpeg', undefined, undefined],
    ['image/jpeg', 'application/octet-stream', 'upload'],
    ['text/plain', 'text/csv', 'export.csv'],
    ['text/plain', 'application/json', 'chat.json'],
    ['text/html', 'text/plain', 'capture.html'],
    ['application/zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'statement.docx'],
    ['video/quicktime', 'video/mp4', 'test-video.mp4'],
    ['audio/ogg', 'audio/opus', 'voice-note.opus'],
    ['application/octet-stream', 'application/x-custom-export', 'export.dat'],
    ['application/zip', 'application/x-custom-export', 'export'],
  ];
  for (const [sniffed, declared, filename] of fine) {
    assert.equal(mimeMismatch(sniffed, declared, filename), false, `${sniffed} declared ${declared} named ${filename}`);
  }
  assert.equal(extensionOf('C:\\Users\\synthetic\\test-photo.JPG'), 'jpg');
  assert.equal(extensionOf('.hidden'), null);
  assert.equal(extensionOf('trailing.'), null);
  assert.equal(extensionOf('archive.tar.gz'), 'gz');
});

test('intake reports the sniffed type and flags a lying one, storing the bytes unchanged', async () => {
  const t = await testVault();
  try {
    const exe = makeExe();
    const lying = await t.vault.put(Readable.from([exe]), { declaredMime: 'image/jpeg', filename: 'test-photo.jpg' });
    assert.equal(lying.mime, 'application/x-msdownload');
    assert.equal(lying.declaredMime, 'image/jpeg');
    assert.equal(lying.mimeMismatch, true);
    const honest = await t.vault.put(Readable.from([makePng()]), { declaredMime: 'image/png', filename: 'test-photo.png' });
    assert.deepEqual([honest.mime, honest.mimeMismatch, honest.declaredMime], ['image/png', false, 'image/png']);
    const undeclared = await t.vault.put(Readable.from([makePdf()]));
    assert.deepEqual([undeclared.mime, undeclared.mimeMismatch, undeclared.declaredMime], ['application/pdf', false, null]);
  } finally {
    await t.cleanup();
  }
});
