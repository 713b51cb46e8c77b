import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUrlStorage, uploadFingerprint, uploadIdFromUrl, type KeyValueStorage } from '../src/lib/upload-storage.ts';

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const ORIGIN = 'https://ariadne.example';
const NOW = Date.parse('2025-03-01T12:00:00Z');
const file = { name: 'Synthetic Witness video.mp4', size: 123_456_789, type: 'video/mp4', lastModified: 1_700_000_000_000 };

test('the fingerprint is a stable SHA-256 that does not contain the file name', async () => {
  const a = await uploadFingerprint(file, '/api/public/uploads');
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(await uploadFingerprint(file, '/api/public/uploads'), a);
  assert.notEqual(await uploadFingerprint(file, '/api/uploads'), a, 'endpoint matters');
  assert.notEqual(await uploadFingerprint({ ...file, size: 1 }, '/api/public/uploads'), a, 'size matters');
  assert.notEqual(await uploadFingerprint(file, '/api/uploads', 'user-2'), await uploadFingerprint(file, '/api/uploads', 'user-1'), 'scope matters');
  assert.ok(!a.includes('Synthetic'));
});

test('a stored upload is found again by fingerprint, and nothing names the file', async () => {
  const memory = new MemoryStorage();
  const storage = createUrlStorage(memory, { now: () => NOW, origin: ORIGIN });
  const key = await storage.addUpload('fp1', {
    size: file.size, metadata: { filename: file.name, filetype: file.type }, creationTime: new Date(NOW - 1000).toISOString(),
    uploadUrl: `${ORIGIN}/api/public/uploads/up_1`, parallelUploadUrls: null,
  });
  const found = await storage.findUploadsByFingerprint('fp1');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.uploadUrl, `${ORIGIN}/api/public/uploads/up_1`);
  assert.equal(found[0]!.urlStorageKey, key);
  assert.deepEqual(found[0]!.metadata, {});
  assert.deepEqual(await storage.findUploadsByFingerprint('fp2'), []);
  const stored = [...memory.map.values()].join('\n');
  assert.ok(!stored.includes('Synthetic') && !stored.includes('video/mp4'), 'no file name or type in storage');
  await storage.removeUpload(key);
  assert.equal(memory.map.size, 0);
});

test('newest first, and expired, foreign or malformed entries are dropped', async () => {
  const memory = new MemoryStorage();
  const put = (key: string, value: unknown) => memory.setItem(`ariadne.upload::${key}`, typeof value === 'string' ? value : JSON.stringify(value));
  const at = (ms: number) => new Date(NOW - ms).toISOString();
  put('fp::old', { uploadUrl: '/api/uploads/a', size: 1, creationTime: at(60_000) });
  put('fp::new', { uploadUrl: '/api/uploads/b', size: 1, creationTime: at(1000) });
  put('fp::expired', { uploadUrl: '/api/uploads/c', size: 1, creationTime: at(8 * 24 * 3600 * 1000) });
  put('fp::future', { uploadUrl: '/api/uploads/d', size: 1, creationTime: new Date(NOW + 3_600_000).toISOString() });
  put('fp::elsewhere', { uploadUrl: 'https://evil.example/api/uploads/e', size: 1, creationTime: at(1) });
  put('fp::protocol', { uploadUrl: '//evil.example/api/uploads/f', size: 1, creationTime: at(1) });
  put('fp::path', { uploadUrl: '/api/cases/x', size: 1, creationTime: at(1) });
  put('fp::query', { uploadUrl: '/api/uploads/g?x=1', size: 1, creationTime: at(1) });
  put('fp::json', '{not json');
  put('fp::huge', 'x'.repeat(10_000));
  put('fp::array', [1, 2]);
  memory.setItem('tus::someone-else', 'kept');
  const storage = createUrlStorage(memory, { now: () => NOW, origin: ORIGIN });
  const found = await storage.findUploadsByFingerprint('fp');
  assert.deepEqual(found.map((u) => u.uploadUrl), ['/api/uploads/b', '/api/uploads/a']);
  assert.deepEqual([...memory.map.keys()].sort(), ['ariadne.upload::fp::new', 'ariadne.upload::fp::old', 'tus::someone-else'],
    'bad entries are removed, others\' keys left alone');
  await storage.removeUpload('tus::someone-else');
  assert.equal(memory.getItem('tus::someone-else'), 'kept', 'never removes keys it does not own');
});

test('a broken or missing storage never breaks an upload', async () => {
  const broken: KeyValueStorage = {
    get length(): number {
      throw new Error('SecurityError');
    },
    key: () => null,
    getItem: () => null,
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem: () => {
      throw new Error('SecurityError');
    },
  };
  for (const storage of [createUrlStorage(broken), createUrlStorage(null)]) {
    assert.deepEqual(await storage.findAllUploads(), []);
    const key = await storage.addUpload('fp', { size: 1, metadata: {}, creationTime: new Date().toISOString(), uploadUrl: '/api/uploads/x', parallelUploadUrls: null });
    assert.ok(key.startsWith('ariadne.upload::fp::'));
    await storage.removeUpload(key);
  }
});

test('uploadIdFromUrl takes the id from the Location the server gave', () => {
  assert.equal(uploadIdFromUrl('/api/uploads/up_123'), 'up_123');
  assert.equal(uploadIdFromUrl('https://ariadne.example/api/public/uploads/9f0c-aa'), '9f0c-aa');
  assert.equal(uploadIdFromUrl('/api/uploads/a%2Eb'), 'a.b');
  for (const bad of [null, undefined, '', '/api/uploads/', '/api/uploads', '/api/uploads/a/b', '/api/cases/x', '/api/uploads/%E0%A4%A',
    '/api/uploads/a%20b', `/api/uploads/${'x'.repeat(201)}`, 'http://[bad', '/api/uploads/a%2Fb']) {
    assert.equal(uploadIdFromUrl(bad), null, String(bad));
  }
});
