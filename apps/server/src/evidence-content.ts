/**
 * How the original bytes of an item are served. Uploaded files are hostile until proven
 * otherwise: only media and PDF display inline, always under a sandboxing Content-Security-Policy
 * and `nosniff`, so an HTML or SVG "photo" can never run script on Ariadne's origin.
 */
import type { EvidenceItemRecord } from '@ariadne/store';

const INLINE = /^(image\/(jpeg|png|gif|webp|avif|heic|heif)|video\/(mp4|webm|ogg|quicktime)|audio\/(mpeg|mp4|ogg|wav|webm|aac|flac)|application\/pdf)$/;

/** RFC 6266 / RFC 8187: an ASCII fallback plus the UTF-8 name */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string | null): string {
  const name = filename ?? 'evidence';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function contentHeaders(item: Pick<EvidenceItemRecord, 'mime' | 'filename' | 'size' | 'sha256'>, download: boolean): Record<string, string> {
  const inline = !download && INLINE.test(item.mime);
  return {
    'content-type': inline ? item.mime : 'application/octet-stream',
    'content-length': String(item.size),
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', item.filename),
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    // lets the receiver check the bytes it got (RFC 9530)
    'repr-digest': `sha-256=:${Buffer.from(item.sha256, 'hex').toString('base64')}:`,
  };
}
