/**
 * EXIF metadata from the kept head of a photo: capture time with its recorded offset, GPS
 * position and altitude, device and software. Broken or hostile metadata is reported as
 * `metadataError` and never fails the intake; the stored bytes are the original, untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { exifDateToIso, extractMetadata } from './metadata.ts';
import { makeJpeg, makePdf, type SyntheticExif } from './test-files.ts';
import { readAll, testVault } from './test-support.ts';

const SYNTHETIC: SyntheticExif = {
  make: 'Synthetic',
  model: 'Synthetic Camera 1',
  software: 'Synthetic Firmware 2.0',
  dateTimeOriginal: '2024:05:01 12:34:56',
  offsetTimeOriginal: '+02:00',
  gps: { latitude: 48.8566, longitude: -2.3522, altitude: -12.5 },
};

test('capture time, GPS, device and software are read from a JPEG', async () => {
  const { metadata, error } = await extractMetadata(makeJpeg(SYNTHETIC), 'image/jpeg');
  assert.equal(error, undefined);
  assert.equal(metadata.capturedAt, '2024-05-01T12:34:56+02:00');
  assert.deepEqual(metadata.device, { make: 'Synthetic', model: 'Synthetic Camera 1' });
  assert.equal(metadata.software, 'Synthetic Firmware 2.0');
  assert.ok(metadata.gps);
  assert.ok(Math.abs(metadata.gps.latitude - 48.8566) < 1e-6);
  assert.ok(Math.abs(metadata.gps.longitude + 2.3522) < 1e-6, 'west is negative');
  assert.equal(metadata.gps.altitude, -12.5, 'below sea level is negative');
});

test('a capture time without an offset stays local; a photo without EXIF has no metadata', async () => {
  const local = await extractMetadata(makeJpeg({ dateTimeOriginal: '2023:12:31 23:59:59' }), 'image/jpeg');
  assert.deepEqual(local, { metadata: { capturedAt: '2023-12-31T23:59:59' } });
  assert.deepEqual(await extractMetadata(makeJpeg(), 'image/jpeg'), { metadata: {} });
  assert.deepEqual(await extractMetadata(makePdf(), 'application/pdf'), { metadata: {} }, 'no EXIF reader for PDFs');
});

test('impossible dates and offsets are dropped, not passed on', () => {
  assert.equal(exifDateToIso('2024:05:01 12:34:56', '-05:30'), '2024-05-01T12:34:56-05:30');
  assert.equal(exifDateToIso('2024:05:01 12:34:56.123', undefined), '2024-05-01T12:34:56.123');
  assert.equal(exifDateToIso('2024:05:01 12:34:56', '+99:00'), '2024-05-01T12:34:56');
  for (const bad of ['0000:00:00 00:00:00', '2024:02:30 10:00:00', '2024:13:01 10:00:00', '2024:05:01 24:00:00', '    :  :     :  :  ', 'yesterday', '', 42, undefined]) {
    assert.equal(exifDateToIso(bad, '+02:00'), undefined, String(bad));
  }
});

test('broken or hostile EXIF gives metadataError, and the photo is stored all the same', async () => {
  const good = makeJpeg(SYNTHETIC);
  const app1 = good.indexOf(Buffer.from('Exif\0\0'));
  // the TIFF header's first IFD offset pointed far outside the segment
  const badOffset = Buffer.from(good);
  badOffset.writeUInt32LE(0x7fff_fff0, app1 + 6 + 4);
  // the TIFF byte order replaced by garbage
  const badOrder = Buffer.from(good);
  badOrder.write('XX', app1 + 6, 'latin1');
  // an APP1 segment whose length runs past the end of the file
  const overlong = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xf0]), Buffer.from('Exif\0\0II*\0'), randomBytes(64)]);
  // IFD0 claiming 65535 entries
  const manyEntries = Buffer.from(good);
  manyEntries.writeUInt16LE(0xffff, app1 + 6 + 8);
  const t = await testVault();
  try {
    const cases = [['bad IFD offset', badOffset], ['bad byte order', badOrder], ['overlong segment', overlong], ['65535 entries', manyEntries]] as const;
    for (const [label, bytes] of cases) {
      const direct = await extractMetadata(bytes, 'image/jpeg');
      assert.match(direct.error ?? '', /^the metadata could not be read: \S[^\n]*$/, label);
      assert.ok(direct.error!.length <= 240, label);
      const stored = await t.vault.put(Readable.from([bytes]), { filename: 'test-photo.jpg', declaredMime: 'image/jpeg' });
      assert.equal(stored.mime, 'image/jpeg', label);
      assert.deepEqual(await readAll(t.vault.open(stored.name)), bytes, `${label}: the original, untouched`);
      assert.equal(stored.metadataError, direct.error, label);
    }
  } finally {
    await t.cleanup();
  }
});

test('intake returns the metadata of a photo and keeps the bytes exactly', async () => {
  const t = await testVault();
  try {
    const photo = makeJpeg(SYNTHETIC);
    const stored = await t.vault.put(Readable.from([photo]), { filename: 'test-photo.jpg', declaredMime: 'image/jpeg' });
    assert.equal(stored.mime, 'image/jpeg');
    assert.equal(stored.mimeMismatch, false);
    assert.equal(stored.metadata.capturedAt, '2024-05-01T12:34:56+02:00');
    assert.equal(stored.metadata.device?.model, 'Synthetic Camera 1');
    assert.equal(stored.metadataError, undefined);
    assert.deepEqual(await readAll(t.vault.open(stored.name)), photo);
  } finally {
    await t.cleanup();
  }
});
