/**
 * What a photo says about itself (EXIF, read with `exifr` from the first 256 KiB the intake
 * kept): when it was taken, where, with which device and software. Read-only: the stored
 * original is never touched. Hostile or broken metadata yields an error string for the record,
 * never a failed intake; values are checked and bounded before they leave this module.
 */

export interface EvidenceMetadata {
  /** capture time as recorded, ISO 8601; with the recorded UTC offset when the file has one ("2024-05-01T12:34:56+02:00") */
  readonly capturedAt?: string;
  readonly gps?: { readonly latitude: number; readonly longitude: number; readonly altitude?: number };
  readonly device?: { readonly make?: string; readonly model?: string };
  readonly software?: string;
}

export interface MetadataResult {
  readonly metadata: EvidenceMetadata;
  /** why metadata could not be read (the intake still succeeded) */
  readonly error?: string;
}

/** types whose EXIF exifr reads (JPEG, TIFF and TIFF-based raw, HEIF/AVIF, PNG) */
const EXIF_TYPES = new Set([
  'image/jpeg', 'image/tiff', 'image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/avif', 'image/png',
  'image/x-adobe-dng', 'image/x-canon-cr2', 'image/x-nikon-nef', 'image/x-sony-arw', 'image/x-olympus-orf', 'image/x-panasonic-rw2',
]);

const EXIF_OPTIONS = {
  tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
  makerNote: false, userComment: false, reviveValues: false, translateValues: false, sanitize: true, mergeOutput: true,
};

const MAX_TEXT = 200;

export async function extractMetadata(head: Buffer, mime: string): Promise<MetadataResult> {
  if (!EXIF_TYPES.has(mime)) return { metadata: {} };
  let raw: unknown;
  try {
    // loaded on first use, like the sniffer
    const { default: exifr } = await import('exifr');
    raw = await exifr.parse(head, EXIF_OPTIONS);
  } catch (error) {
    return { metadata: {}, error: `the metadata could not be read: ${messageOf(error)}` };
  }
  if (raw === undefined || raw === null) return { metadata: {} };
  if (typeof raw !== 'object') return { metadata: {}, error: 'the metadata could not be read: unexpected structure' };
  const tags = raw as Record<string, unknown>;
  const metadata = toMetadata(tags);
  const errors = Array.isArray(tags.errors) ? tags.errors : [];
  if (errors.length > 0 && Object.keys(metadata).length === 0) {
    return { metadata, error: `the metadata could not be read: ${messageOf(errors[0])}` };
  }
  return { metadata };
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned === '' ? undefined : cleaned.slice(0, MAX_TEXT);
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/** "2024:05:01 12:34:56" (+ "+02:00") → "2024-05-01T12:34:56+02:00"; undefined when not a real date */
export function exifDateToIso(date: unknown, offset: unknown): string | undefined {
  const value = text(date);
  const m = value ? EXIF_DATE.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (Number(y) < 1800 || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const off = text(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ?? ''}${off && OFFSET.test(off) ? off : ''}`;
}

function finite(value: unknown, limit: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

function gpsOf(tags: Record<string, unknown>): EvidenceMetadata['gps'] {
  const latitude = finite(tags.latitude, 90);
  const longitude = finite(tags.longitude, 180);
  if (latitude === undefined || longitude === undefined) return undefined;
  let altitude = finite(tags.GPSAltitude, 100_000);
  const ref = tags.GPSAltitudeRef;
  const below = ref === 1 || (ref instanceof Uint8Array && ref[0] === 1);
  if (altitude !== undefined && below) altitude = -altitude;
  return altitude === undefined ? { latitude, longitude } : { latitude, longitude, altitude };
}

function toMetadata(tags: Record<string, unknown>): EvidenceMetadata {
  const capturedAt = exifDateToIso(tags.DateTimeOriginal, tags.OffsetTimeOriginal)
    ?? exifDateToIso(tags.CreateDate, tags.OffsetTimeDigitized ?? tags.OffsetTime);
  const gps = gpsOf(tags);
  const make = text(tags.Make);
  const model = text(tags.Model);
  const software = text(tags.Software);
  return {
    ...(capturedAt ? { capturedAt } : {}),
    ...(gps ? { gps } : {}),
    ...(make || model ? { device: { ...(make ? { make } : {}), ...(model ? { model } : {}) } } : {}),
    ...(software ? { software } : {}),
  };
}
