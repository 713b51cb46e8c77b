/**
 * Helpers for the vault's tests: a vault in a fresh temporary folder, reading a blob back,
 * listing what is left on disk, finding where each record of a blob file starts, and matching
 * the vault's errors by code.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isAriadneError } from '@ariadne/schema/errors';
import { HEADER_BYTES, RECORD_PREFIX_BYTES, TAG_BYTES, parseRecordPrefix } from './format.ts';
import { Vault } from './vault.ts';

export interface TestVault {
  readonly vault: Vault;
  readonly dir: string;
  readonly masterKey: Buffer;
  /** a second Vault on the same folder and key: what a restarted server sees */
  reopen(): Promise<Vault>;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = 'ariadne-vault-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function testVault(masterKey: Buffer = randomBytes(32)): Promise<TestVault> {
  const root = await tempDir();
  const dir = join(root, 'vault');
  const vault = await Vault.open({ dir, masterKey });
  return {
    vault, dir, masterKey,
    reopen: () => Vault.open({ dir, masterKey }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** the files under `dir`, recursively, relative to it */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();
}

/** a source that yields `data` in pieces of the given sizes (cycled) */
export async function* pieces(data: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.subarray(at, at + n);
    at += n;
  }
}

export interface RecordSpan {
  readonly offset: number;
  readonly end: number;
  readonly length: number;
  readonly last: boolean;
}

/** where each record of a blob file starts and ends (the file must be well-formed) */
export async function recordSpans(path: string): Promise<RecordSpan[]> {
  const bytes = await readFile(path);
  const spans: RecordSpan[] = [];
  for (let offset = HEADER_BYTES; offset < bytes.length;) {
    const prefix = parseRecordPrefix(bytes.subarray(offset, offset + RECORD_PREFIX_BYTES));
    if (!prefix) throw new Error(`bad record at ${offset}`);
    const end = offset + RECORD_PREFIX_BYTES + prefix.length + TAG_BYTES;
    spans.push({ offset, end, length: prefix.length, last: prefix.last });
    offset = end;
  }
  return spans;
}

/** for `assert.rejects`: the error is an AriadneError with this code (and a message matching `message`) */
export function hasCode(code: string, message?: RegExp): (error: unknown) => true {
  return (error: unknown) => {
    assert.ok(isAriadneError(error), `expected an AriadneError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

