import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCoordinates, localInputToIso, percent, previewKind, shortHash } from '../src/lib/format.ts';

test('formatBytes uses SI units in the given locale', () => {
  assert.equal(formatBytes(0, 'en'), '0 bytes');
  assert.equal(formatBytes(1, 'en'), '1 byte');
  assert.equal(formatBytes(999, 'en'), '999 bytes');
  assert.match(formatBytes(100, 'fr'), /^100\s?octets$/);
  assert.equal(formatBytes(1500, 'en'), '1.5 kB');
  assert.equal(formatBytes(1_500_000, 'en'), '1.5 MB');
  assert.equal(formatBytes(123_456_789, 'en'), '123 MB');
  assert.equal(formatBytes(2e15, 'en'), '2,000 TB');
  assert.match(formatBytes(1_500_000, 'fr'), /^1,5\s?Mo$/);
  assert.match(formatBytes(1_500_000, 'ar'), /[\u0600-\u06ff]/, 'an Arabic unit in Arabic');
});

test('formatBytes refuses nonsense', () => {
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(formatBytes(bad, 'en'), '—');
});

test('shortHash keeps the start and marks the cut', () => {
  const h = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
  assert.equal(shortHash(h), '9f86d081884c…');
  assert.equal(shortHash(h, 4), '9f86…');
  assert.equal(shortHash('abc'), 'abc');
  assert.equal(shortHash(''), '');
  assert.equal(shortHash(null), '');
});

test('percent is whole, clamped, and 0 while the total is unknown', () => {
  assert.equal(percent(50, 200), 25);
  assert.equal(percent(199, 200), 99, 'never rounds up to a false 100');
  assert.equal(percent(200, 200), 100);
  assert.equal(percent(300, 200), 100);
  assert.equal(percent(10, 0), 0);
  assert.equal(percent(-5, 10), 0);
  assert.equal(percent(Number.NaN, 10), 0);
});

test('formatCoordinates writes hemispheres and refuses out-of-range or missing values', () => {
  assert.equal(formatCoordinates({ latitude: 48.8566, longitude: 2.3522 }), '48.85660° N, 2.35220° E');
  assert.equal(formatCoordinates({ latitude: -33.9, longitude: -70.65, altitude: 520.4 }), '33.90000° S, 70.65000° W, 520 m');
  assert.equal(formatCoordinates({ latitude: '15.5', longitude: '32.53' }), '15.50000° N, 32.53000° E', 'numeric strings from EXIF');
  for (const bad of [null, undefined, 'x', [], {}, { latitude: 91, longitude: 0 }, { latitude: 0, longitude: 181 },
    { latitude: Number.NaN, longitude: 0 }, { latitude: '', longitude: '' }, { latitude: '1e400', longitude: 0 }, { latitude: {}, longitude: 0 }]) {
    assert.equal(formatCoordinates(bad), null, JSON.stringify(bad));
  }
});

test('formatCoordinates never produces a link', () => {
  const text = formatCoordinates({ latitude: 1, longitude: 1 }) ?? '';
  assert.doesNotMatch(text, /https?:|maps|geo:/);
});

test('localInputToIso converts datetime-local values and rejects anything else', () => {
  const iso = localInputToIso('2024-05-01T10:30');
  assert.ok(iso);
  assert.equal(new Date(iso).getTime(), new Date(2024, 4, 1, 10, 30).getTime());
  assert.ok(localInputToIso('2024-05-01T10:30:15'));
  for (const bad of ['', '   ', '2024-05-01', '2024-13-45T99:99', 'yesterday', '2024-05-01T10:30Z', `${'9'.repeat(10_000)}`]) {
    assert.equal(localInputToIso(bad), undefined, bad.slice(0, 20));
  }
});

test('previewKind shows only inert media types', () => {
  assert.equal(previewKind('image/jpeg'), 'image');
  assert.equal(previewKind('IMAGE/PNG; charset=binary'), 'image');
  assert.equal(previewKind('video/mp4'), 'video');
  assert.equal(previewKind('audio/mpeg'), 'audio');
  for (const risky of ['image/svg+xml', 'text/html', 'application/pdf', 'application/octet-stream', '', null, undefined]) {
    assert.equal(previewKind(risky), null, String(risky));
  }
});
