/**
 * Writes an evidence bundle: one plain tar (manifest, checkpoint, key, report, README, verifier,
 * then the evidence files) streamed to any Writable with backpressure and bounded memory, so a
 * bundle of any size leaves the server without touching its disk. Before writing, the manifest
 * goes through the standalone verifier's own checks; while writing, each file's bytes are hashed
 * and compared with its intake record. A bundle that would not verify is never produced.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AriadneError } from '@ariadne/schema/errors';
import { checkManifest, manifestSignatureText } from '../../verifier/verify-bundle.mjs';
import { renderBundleReadme } from './bundle-readme.ts';
import { renderCustodyReport } from './custody-report.ts';
import { buildManifest, type BundleAttachment, type BundleManifest, type BundleManifestInput } from './manifest.ts';
import { TAR_BLOCK, TAR_END, tarHeader, tarPadding } from './tar-header.ts';

export interface BundleItemInput {
  readonly id: string;
  /** the item's plaintext bytes (the vault decrypts; the writer only streams) */
  open(): Readable | AsyncIterable<Uint8Array> | Promise<Readable | AsyncIterable<Uint8Array>>;
}

export interface BundleInput extends BundleManifestInput {
  readonly items: readonly BundleItemInput[];
  /**
   * signs a text with the log key, as a C2SP signed note: the writer has it sign the SHA-256 of
   * bundle.json (bundle.sig), so no byte of the manifest can change unnoticed
   */
  readonly signNote: (text: string) => string;
  /** language of the custody report: en, fr or ar */
  readonly locale?: string;
  /** the verifier to ship; by default the verify-bundle.mjs beside this package's source */
  readonly verifierSource?: string | Uint8Array;
}

export interface BundleProgress {
  /** the archive member being written */
  readonly file: string;
  readonly bytesWritten: number;
  readonly totalBytes: number;
}

export interface WrittenBundle {
  readonly manifest: BundleManifest;
  /** size and SHA-256 of the whole archive, for the sender's record and the recipient's receipt */
  readonly bytes: number;
  readonly sha256: string;
}

const VERIFIER_FILE = new URL('../../verifier/verify-bundle.mjs', import.meta.url);

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const entryBytes = (name: string, size: number, mtime: Date) => tarHeader({ name, size, mtime }).length + size + tarPadding(size).length;

/** fails unless the verifier's checks pass on the manifest (everything but the files) */
function assertVerifies(manifest: BundleManifest): void {
  const result = checkManifest(manifest);
  if (result.ok) return;
  const details = Object.fromEntries(result.problems.slice(0, 50).map((p, i) => [`${i + 1}:${p.code}`, p.message]));
  throw new AriadneError('VALIDATION_FAILED', `The bundle would not verify: ${result.problems[0]?.message ?? 'unknown problem'}`, { details });
}

/**
 * Streams the bundle to `out` (which is ended when done). Resolves with the manifest and the
 * archive's size and SHA-256; rejects with VALIDATION_FAILED when the inputs would make a bundle
 * that does not verify, and with INTERNAL when an item's bytes differ from its intake record
 * (the archive is then incomplete and `out` destroyed).
 */
export async function writeBundle(out: Writable, input: BundleInput, onProgress?: (progress: BundleProgress) => void): Promise<WrittenBundle> {
  const base = buildManifest(input);
  const mtime = new Date(base.createdAt);
  const verifier = input.verifierSource === undefined ? await readFile(VERIFIER_FILE) : Buffer.from(input.verifierSource);
  const attached: [string, Buffer][] = [
    ['custody-report.html', Buffer.from(renderCustodyReport(base, input.locale), 'utf8')],
    ['README.txt', Buffer.from(renderBundleReadme(base), 'utf8')],
    ['verify-bundle.mjs', verifier],
  ];
  const attachments: BundleAttachment[] = attached.map(([path, data]) => ({ path, sha256: sha256(data), size: data.length }));
  const manifest: BundleManifest = { ...base, attachments };
  assertVerifies(manifest);

  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = input.signNote(manifestSignatureText(manifest.bundleId, sha256(manifestBytes)));
  const small: [string, Buffer][] = [
    ['bundle.json', manifestBytes],
    ['bundle.sig', Buffer.from(signature, 'utf8')],
    ['checkpoint.txt', Buffer.from(manifest.checkpoint, 'utf8')],
    ['log.vkey', Buffer.from(`${manifest.log.verifierKey}\n`, 'utf8')],
    ...attached,
  ];
  const opened = new Map(input.items.map((i) => [i.id, i]));
  const totalBytes = small.reduce((n, [name, data]) => n + entryBytes(name, data.length, mtime), 0)
    + manifest.items.reduce((n, item) => n + entryBytes(item.path, item.size, mtime), 0) + TAR_END.length;
  const archive = createHash('sha256');
  let written = 0;
  let file = '';
  const emit = (chunk: Buffer): Buffer => {
    archive.update(chunk);
    written += chunk.length;
    onProgress?.({ file, bytesWritten: written, totalBytes });
    return chunk;
  };

  async function* entries(): AsyncGenerator<Buffer> {
    for (const [name, data] of small) {
      file = name;
      yield emit(Buffer.concat([tarHeader({ name, size: data.length, mtime }), data, tarPadding(data.length)]));
    }
    for (const item of manifest.items) {
      file = item.path;
      yield emit(tarHeader({ name: item.path, size: item.size, mtime }));
      const hash = createHash('sha256');
      let size = 0;
      const source = await opened.get(item.id)!.open();
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        size += bytes.length;
        if (size > item.size) break;
        hash.update(bytes);
        yield emit(bytes);
      }
      const digest = hash.digest('hex');
      if (size !== item.size || digest !== item.sha256) {
        throw new AriadneError('INTERNAL', `The stored bytes of item ${item.id} do not match its intake record (${size > item.size ? 'more than' : size}/${item.size} bytes${size === item.size ? `, SHA-256 ${digest}` : ''}); the bundle was not completed.`);
      }
      if (item.size % TAR_BLOCK !== 0) yield emit(tarPadding(item.size));
    }
    file = '';
    yield emit(TAR_END);
  }

  await pipeline(entries, out);
  return { manifest, bytes: written, sha256: archive.digest('hex') };
}
