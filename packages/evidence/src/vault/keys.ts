/**
 * The vault's master key and what is derived from it. Servers pass the key in (base64, read
 * from ARIADNE_VAULT_KEY by the app entry point); a single-machine install keeps it in a key
 * file beside the data, created on first start with mode 0600 and refused later if anyone but
 * the owner could read it. The master key itself encrypts nothing: HKDF-SHA256 derives one key
 * to wrap the per-blob data keys and another to name blobs, so neither use weakens the other.
 * Errors never contain key material.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AriadneError } from '@ariadne/schema/errors';
import { KEY_BYTES, KEY_ID_BYTES } from './format.ts';

export interface VaultKeys {
  /** hex of the first 8 bytes of SHA-256(master key): names the key without revealing it */
  readonly keyId: string;
  readonly keyIdBytes: Buffer;
  /** AES-256-GCM key that wraps each blob's data key */
  readonly wrapKey: Buffer;
  /** HMAC-SHA256 key that turns a plaintext SHA-256 into a blob name */
  readonly nameKey: Buffer;
}

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const KEY_HINT = `${KEY_BYTES} random bytes in base64 (44 characters, e.g. from \`openssl rand -base64 32\`)`;

export function keyIdOf(masterKey: Buffer): string {
  return createHash('sha256').update(masterKey).digest().subarray(0, KEY_ID_BYTES).toString('hex');
}

export function deriveVaultKeys(masterKey: Buffer): VaultKeys {
  if (masterKey.length !== KEY_BYTES) throw new AriadneError('VAULT_KEY_INVALID', `the vault key must be ${KEY_BYTES} bytes, not ${masterKey.length}`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, KEY_BYTES));
  const keyId = keyIdOf(masterKey);
  return {
    keyId,
    keyIdBytes: Buffer.from(keyId, 'hex'),
    wrapKey: derive('ariadne-vault v1 data-key wrapping'),
    nameKey: derive('ariadne-vault v1 blob names'),
  };
}

/** decodes a base64 master key; `source` names where it came from in the error ("ARIADNE_VAULT_KEY") */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!BASE64_KEY.test(trimmed)) {
    throw new AriadneError('VAULT_KEY_INVALID', `${source} is malformed: it must hold ${KEY_HINT}`, { details: { key: source } });
  }
  return Buffer.from(trimmed, 'base64');
}

export interface MasterKeySource {
  /** the base64 key from the environment (ARIADNE_VAULT_KEY); wins over the key file when set */
  readonly base64?: string | undefined;
  /** a key file (e.g. `<data dir>/vault.key`): created with mode 0600 when absent */
  readonly keyFile?: string | undefined;
}

/** the 32-byte master key, from the environment value or the key file (created on first use) */
export async function loadMasterKey(source: MasterKeySource): Promise<{ key: Buffer; origin: 'environment' | 'key file' | 'new key file' }> {
  if (source.base64 !== undefined && source.base64.trim() !== '') return { key: parseMasterKey(source.base64, 'ARIADNE_VAULT_KEY'), origin: 'environment' };
  if (!source.keyFile) throw new AriadneError('VAULT_KEY_INVALID', 'no vault key: set ARIADNE_VAULT_KEY or give a key file');
  const created = await createKeyFileIfAbsent(source.keyFile);
  return { key: await readKeyFile(source.keyFile), origin: created ? 'new key file' : 'key file' };
}

async function createKeyFileIfAbsent(path: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${randomBytes(KEY_BYTES).toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const dir = await open(dirname(path), 'r');
  try { await dir.sync(); } finally { await dir.close(); }
  return true;
}

async function readKeyFile(path: string): Promise<Buffer> {
  const info = await stat(path);
  if (!info.isFile()) throw new AriadneError('VAULT_KEY_INVALID', `the vault key file ${path} is not a regular file`, { details: { keyFile: path } });
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new AriadneError('VAULT_KEY_INVALID',
      `the vault key file ${path} can be read or changed by other users (mode ${mode}); run \`chmod 600 ${path}\` and start again`,
      { details: { keyFile: path, mode } });
  }
  if (info.size > 1024) throw new AriadneError('VAULT_KEY_INVALID', `the vault key file ${path} is malformed: it must hold ${KEY_HINT}`, { details: { keyFile: path } });
  return parseMasterKey(await readFile(path, 'utf8'), `the vault key file ${path}`);
}
