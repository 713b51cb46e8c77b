/**
 * The log's signing key and name, for a server or the CLI: the key comes from configuration (a
 * C2SP signer key string, for servers whose key lives in a secret store) or from a key file in
 * the data folder, created on first use with mode 0600; the log's name (its origin) from
 * configuration or `ariadne.local/<instance id>`. The private key never appears in an error
 * message, and a key file other users can read is refused rather than used.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { generateNoteKeys, parseSignerKey, verifierKeyOf, type SignerKey } from './signed-note.ts';

export interface LedgerSigning {
  readonly signer: SignerKey;
  /** the checkpoints' first line: the log's unique name */
  readonly origin: string;
  /** the key to publish, `<name>+<key id>+<base64 key>` */
  readonly verifierKey: string;
  /** true when this call created the key file */
  readonly created: boolean;
}

/** a log name usable as a key name too: one printable token, no `+` */
export function checkOrigin(origin: string): string {
  if (!/^[^\s+]{1,200}$/u.test(origin) || [...origin].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new Error('the ledger origin must be one token of at most 200 printable characters, without spaces or "+"');
  }
  return origin;
}

function signerFrom(text: string, where: string): SignerKey {
  try {
    return parseSignerKey(text.trim());
  } catch {
    // the parser's message could quote the key: say only where it came from
    throw new Error(`${where} does not hold a C2SP signer key (PRIVATE+KEY+name+keyid+key)`);
  }
}

/** reads the key file, or creates it (mode 0600, never overwriting) when there is none */
export async function loadOrCreateKeyFile(path: string, name: string): Promise<{ signer: SignerKey; created: boolean }> {
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) throw new Error(`${path} can be read by other users; make it private (chmod 600) before using it`);
    return { signer: signerFrom(await readFile(path, 'utf8'), path), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { skey } = generateNoteKeys(name);
  try {
    await writeFile(path, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process created it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(path, name);
    throw new Error(`cannot create the ledger key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { signer: parseSignerKey(skey), created: true };
}

/**
 * The log's signer and origin. `signerKey` (configuration) wins over `keyFile`; `origin` over
 * `ariadne.local/<instance id>`. A generated key is named after the origin.
 */
export async function openLedgerSigning(options: {
  readonly signerKey: string | null;
  readonly origin: string | null;
  readonly keyFile: string | null;
  readonly instanceId: () => Promise<string>;
}): Promise<LedgerSigning> {
  const origin = checkOrigin(options.origin ?? `ariadne.local/${await options.instanceId()}`);
  let signer: SignerKey;
  let created = false;
  if (options.signerKey !== null) {
    signer = signerFrom(options.signerKey, 'ARIADNE_LEDGER_KEY');
  } else if (options.keyFile !== null) {
    ({ signer, created } = await loadOrCreateKeyFile(options.keyFile, origin));
  } else {
    throw new Error('no ledger key: set ARIADNE_LEDGER_KEY or give a data folder for ledger.key');
  }
  return { signer, origin, verifierKey: verifierKeyOf(signer), created };
}
