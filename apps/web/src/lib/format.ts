/**
 * Small display helpers for evidence: sizes, hashes, coordinates, progress and the date inputs
 * of the intake form. Pure (no DOM), so node tests cover them.
 */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A byte count in SI units (1 kB = 1000 bytes), in the given locale.
 * @example formatBytes(1_500_000, 'en') // '1.5 MB'
 */
export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale, {
    // "100 bytes" reads better than the short "100 byte"; larger units are short ("1.5 MB")
    style: 'unit', unit: UNITS[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: digits,
  }).format(value);
}

/**
 * The first characters of a hash, for display next to a copy button holding the full value.
 * @example shortHash('9f86d081884c7d659a2feaa0c55ad015') // '9f86d081884c…'
 */
export function shortHash(hash: string | null | undefined, length = 12): string {
  if (!hash) return '';
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** Whole percent of `done` out of `total`, clamped to 0..100 (0 while the total is unknown). */
export function percent(done: number, total: number): number {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0 || done <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

function finite(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * GPS coordinates as plain text (no map link: looking a place up would tell a third party where
 * the evidence was made). Null when the values are missing or out of range.
 * @example formatCoordinates({ latitude: 48.8566, longitude: -2.3522 }) // '48.85660° N, 2.35220° W'
 */
export function formatCoordinates(gps: unknown): string | null {
  if (!gps || typeof gps !== 'object') return null;
  const rec = gps as Record<string, unknown>;
  const lat = finite(rec.latitude);
  const lon = finite(rec.longitude);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const text = `${Math.abs(lat).toFixed(5)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(5)}° ${lon < 0 ? 'W' : 'E'}`;
  const alt = finite(rec.altitude);
  return alt === null ? text : `${text}, ${Math.round(alt)} m`;
}

/**
 * The value of an `<input type="datetime-local">` (local wall time) as ISO 8601 UTC, or
 * undefined when empty or not a date.
 */
export function localInputToIso(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) return undefined;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export type PreviewKind = 'image' | 'video' | 'audio';

const PREVIEWABLE: Readonly<Record<string, PreviewKind>> = {
  'image/jpeg': 'image', 'image/png': 'image', 'image/gif': 'image', 'image/webp': 'image', 'image/avif': 'image', 'image/bmp': 'image',
  'video/mp4': 'video', 'video/webm': 'video', 'video/ogg': 'video', 'video/quicktime': 'video',
  'audio/mpeg': 'audio', 'audio/ogg': 'audio', 'audio/wav': 'audio', 'audio/x-wav': 'audio', 'audio/webm': 'audio',
  'audio/mp4': 'audio', 'audio/aac': 'audio', 'audio/flac': 'audio',
};

/**
 * How the browser may preview a detected MIME type: images, video and audio only (never SVG,
 * HTML or PDF, which can carry scripts or fetch other resources).
 */
export function previewKind(mime: string | null | undefined): PreviewKind | null {
  const base = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  return PREVIEWABLE[base] ?? null;
}
