/**
 * Where resumable uploads remember their server URL between page loads, so a large video sent
 * over a poor connection continues after a reload instead of starting again. Unlike tus-js-client's
 * default, nothing here names the file: the key is a SHA-256 fingerprint of the file's name, size,
 * type, date and endpoint, and the stored value holds only the upload URL, size and time. Entries
 * older than a week are dropped (the server expires unfinished uploads sooner). Pure apart from the
 * `Storage` it is given, so node tests cover it.
 */

/** What tus-js-client hands to and asks from a URL storage (its `PreviousUpload`). */
export interface StoredUpload {
  readonly size: number | null;
  readonly metadata: Record<string, string>;
  readonly creationTime: string;
  readonly urlStorageKey: string;
  readonly uploadUrl: string | null;
  readonly parallelUploadUrls: string[] | null;
}

export interface UrlStorage {
  findAllUploads(): Promise<StoredUpload[]>;
  findUploadsByFingerprint(fingerprint: string): Promise<StoredUpload[]>;
  removeUpload(urlStorageKey: string): Promise<void>;
  addUpload(fingerprint: string, upload: Omit<StoredUpload, 'urlStorageKey'>): Promise<string>;
}

/** The part of the Web Storage API used here (localStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'ariadne.upload::';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_VALUE = 2048;

function parseEntry(key: string, raw: string | null, now: number, origin: string): StoredUpload | null {
  if (!raw || raw.length > MAX_VALUE) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const rec = value as Record<string, unknown>;
  const uploadUrl = rec.uploadUrl;
  const created = typeof rec.creationTime === 'string' ? Date.parse(rec.creationTime) : Number.NaN;
  // only same-origin API paths: a planted entry must not send the file anywhere else
  if (typeof uploadUrl !== 'string' || !/^\/api\/(public\/)?uploads\/[A-Za-z0-9_-]{1,200}$/.test(pathOf(uploadUrl, origin))) return null;
  if (Number.isNaN(created) || now - created > MAX_AGE_MS || created - now > 60_000) return null;
  return {
    size: typeof rec.size === 'number' && Number.isFinite(rec.size) ? rec.size : null,
    metadata: {},
    creationTime: rec.creationTime as string,
    urlStorageKey: key,
    uploadUrl,
    parallelUploadUrls: null,
  };
}

function pathOf(url: string, origin: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.origin === origin && !parsed.search && !parsed.hash ? parsed.pathname : '';
  } catch {
    return '';
  }
}

/**
 * A tus URL storage over `storage`; failures of the storage (private mode, quota) are swallowed:
 * the upload then simply cannot resume after a reload.
 */
export function createUrlStorage(
  storage: KeyValueStorage | null,
  options: { readonly now?: () => number; readonly origin?: string } = {},
): UrlStorage {
  const now = options.now ?? Date.now;
  const origin = options.origin ?? (typeof location === 'undefined' ? '' : location.origin);
  function entries(prefix: string): StoredUpload[] {
    if (!storage) return [];
    const out: StoredUpload[] = [];
    const stale: string[] = [];
    try {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key || !key.startsWith(PREFIX)) continue;
        const entry = parseEntry(key, storage.getItem(key), now(), origin);
        if (!entry) stale.push(key);
        else if (key.startsWith(prefix)) out.push(entry);
      }
      for (const key of stale) storage.removeItem(key);
    } catch {
      return [];
    }
    // newest first: the most recent attempt is the one to resume
    return out.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
  }
  return {
    findAllUploads: async () => entries(PREFIX),
    findUploadsByFingerprint: async (fingerprint) => entries(`${PREFIX}${fingerprint}::`),
    removeUpload: async (key) => {
      try {
        if (key.startsWith(PREFIX)) storage?.removeItem(key);
      } catch {
        // nothing to do: the entry expires on its own
      }
    },
    addUpload: async (fingerprint, upload) => {
      const key = `${PREFIX}${fingerprint}::${Math.random().toString(36).slice(2, 12)}`;
      const value = { uploadUrl: upload.uploadUrl, size: upload.size, creationTime: upload.creationTime };
      try {
        storage?.setItem(key, JSON.stringify(value));
      } catch {
        // storage full or disabled: resuming after a reload will not be possible
      }
      return key;
    },
  };
}

/**
 * A fingerprint that identifies the same file chosen again, without revealing its name.
 * @example await uploadFingerprint({ name: 'test-video.mp4', size: 10, type: 'video/mp4', lastModified: 0 }, '/api/uploads')
 */
export async function uploadFingerprint(
  file: { readonly name: string; readonly size: number; readonly type: string; readonly lastModified: number },
  endpoint: string,
  scope = '',
): Promise<string> {
  const text = [file.name, file.size, file.type, file.lastModified, endpoint, scope].join('\n');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The upload id the intake and attachment requests name: the last segment of the URL the server
 * gave in `Location` (`/api/uploads/:id`). Null when the URL is not an upload URL.
 * @example uploadIdFromUrl('http://x/api/uploads/up_123') // 'up_123'
 */
export function uploadIdFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return null;
  }
  const match = /^\/api\/(?:public\/)?uploads\/([^/]+)$/.exec(path);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]!);
    return id && id.length <= 200 && !/[\s/]/.test(id) ? id : null;
  } catch {
    return null;
  }
}
