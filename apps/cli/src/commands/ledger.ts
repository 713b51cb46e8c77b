/**
 * `ariadne ledger checkpoint|prove|verify`: the journal as a signed Merkle log from the command
 * line. `checkpoint` signs the current tree (after proving it extends the last checkpoint) and
 * prints the signed note; `prove` prints an inclusion or consistency proof as JSON; `verify`
 * checks a checkpoint, its growth from an older one and an entry's inclusion offline — no
 * database, only files and the published key — and exits 0 only when everything holds.
 *
 * The signing key is ARIADNE_LEDGER_KEY or `<data>/ledger.key` (created on first use, mode
 * 0600), the log's name ARIADNE_LEDGER_ORIGIN or `ariadne.local/<instance id>`: the same as the
 * server's, so the CLI and the server sign one log.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  openLedgerSigning, parseEntryFile, signNote, parseProofFile, parseSignerKey, parseVerifierKey, readLedgerEnvironment, verifyOffline,
  type LedgerEnvironment, type LedgerSigning, type ProofFile, type VerifierKey,
} from '@ariadne/ledger';
import { isAriadneError } from '@ariadne/schema';
import type { LedgerStore } from '@ariadne/store';
import { ledgerAccessFrom, type LedgerAccess, type LedgerReader } from '@ariadne/evidence';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { withStore } from '../open-store.ts';

export interface LedgerProveOptions {
  readonly seq?: number;
  readonly size?: number;
  readonly from?: number;
  readonly to?: number;
}

export interface LedgerVerifyOptions {
  readonly checkpoint: string;
  readonly key?: string;
  readonly old?: string;
  readonly proof?: readonly string[];
  readonly entry?: string;
}

/** the log's settings from the environment (ARIADNE_LEDGER_KEY, ARIADNE_LEDGER_ORIGIN, …) */
function ledgerEnvironment(environment: NodeJS.ProcessEnv): LedgerEnvironment {
  try {
    return readLedgerEnvironment(environment);
  } catch (error) {
    throw new CliError(EXIT.USAGE, (error as Error).message);
  }
}

/**
 * The log's signer and name for this data folder and database: what `serve` hands the server
 * (`ledgerSigning`) and what `ledger checkpoint` signs with.
 */
export async function ledgerSigningFor(config: CliConfig, environment: NodeJS.ProcessEnv, store: Pick<LedgerStore, 'ledgerInstanceId'>, io: Io): Promise<LedgerSigning> {
  const env = ledgerEnvironment(environment);
  const keyFile = join(config.dataDir, 'ledger.key');
  if (env.signerKey === null) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  let signing: LedgerSigning;
  try {
    signing = await openLedgerSigning({ signerKey: env.signerKey, origin: env.origin, keyFile, instanceId: () => store.ledgerInstanceId() });
  } catch (error) {
    throw new CliError(EXIT.USAGE, `Cannot use the ledger key: ${(error as Error).message}.`);
  }
  if (signing.created) io.err(`Created the ledger signing key ${keyFile} (keep it private and backed up).\n`);
  return signing;
}

/** the ledger as exports use it (bundles, dossiers): stored checkpoints and proofs, signing with the data folder's key */
export async function ledgerAccessFor(config: CliConfig, environment: NodeJS.ProcessEnv, store: Pick<LedgerStore, 'ledgerInstanceId' | 'signCheckpoint'> & LedgerReader, io: Io): Promise<{ ledger: LedgerAccess; signing: LedgerSigning }> {
  const signing = await ledgerSigningFor(config, environment, store, io);
  const ledger = ledgerAccessFrom(store, {
    origin: signing.origin, verifierKey: signing.verifierKey,
    signNow: () => store.signCheckpoint({ signer: signing.signer, origin: signing.origin }),
    signNote: (text) => signNote(text, [signing.signer]),
  });
  return { ledger, signing };
}

export async function runLedgerCheckpoint(config: CliConfig, io: Io, environment: NodeJS.ProcessEnv): Promise<number> {
  return withStore(config, async ({ store }) => {
    const { signer, origin, verifierKey } = await ledgerSigningFor(config, environment, store, io);
    let checkpoint;
    try {
      checkpoint = await store.signCheckpoint({ signer, origin });
    } catch (error) {
      if (isAriadneError(error) && error.code === 'LEDGER_INCONSISTENT') throw new CliError(EXIT.JOURNAL_BROKEN, error.message);
      throw error;
    }
    if (!checkpoint) {
      io.out('The journal is empty: there is nothing to sign.\n');
      return EXIT.OK;
    }
    io.err(`verifier key: ${verifierKey}\n`);
    io.out(checkpoint.note);
    return EXIT.OK;
  });
}

export async function runLedgerProve(config: CliConfig, io: Io, options: LedgerProveOptions): Promise<number> {
  const inclusion = options.seq !== undefined;
  if (inclusion === (options.from !== undefined)) throw new CliError(EXIT.USAGE, 'Give --seq N (an inclusion proof) or --from A (a consistency proof), not both.');
  if (inclusion ? options.to !== undefined : options.size !== undefined) throw new CliError(EXIT.USAGE, '--size goes with --seq, --to with --from.');
  return withStore(config, async ({ store }) => {
    // by default, prove against the latest signed checkpoint: that is what a verifier holds
    const latest = (await store.latestCheckpoint())?.size;
    if (options.seq !== undefined) {
      const size = options.size ?? (latest !== undefined && latest >= options.seq ? latest : undefined);
      const proof = await store.inclusionProof({ seq: options.seq }, size);
      const entry = await store.journalEntryBySeq(options.seq);
      io.out(`${JSON.stringify({ ...proof, seq: options.seq, entry: entry?.entry.toString('utf8') }, null, 2)}\n`);
    } else {
      const from = options.from!;
      const to = options.to ?? (latest !== undefined && latest >= from ? latest : undefined);
      io.out(`${JSON.stringify(await store.consistencyProof(from, to), null, 2)}\n`);
    }
    return EXIT.OK;
  });
}

const MAX_INPUT = 1_000_000;

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    if ((await stat(path)).size > MAX_INPUT) throw new CliError(EXIT.INPUT, `The ${what} ${path} is too large to be one.`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.INPUT, `Cannot read the ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** --key: a verifier key, or a file holding one; without it, the public half of `<data>/ledger.key` */
async function verifierOf(config: CliConfig, key: string | undefined): Promise<VerifierKey> {
  if (key === undefined) {
    const keyFile = join(config.dataDir, 'ledger.key');
    let text: string;
    try {
      text = (await readFile(keyFile, 'utf8')).trim();
    } catch {
      throw new CliError(EXIT.USAGE, `Give the log's verifier key (--key); there is no ${keyFile} to take it from.`);
    }
    try {
      return parseSignerKey(text);
    } catch {
      throw new CliError(EXIT.USAGE, `${keyFile} does not hold a signer key.`);
    }
  }
  let text = key.trim();
  if (!/^[^\s+]+\+[0-9a-f]{8}\+\S+$/.test(text)) text = (await readInput(key, 'key file')).toString('utf8').trim();
  try {
    return parseVerifierKey(text);
  } catch (error) {
    throw new CliError(EXIT.USAGE, `--key is not a verifier key (name+keyid+key): ${(error as Error).message}.`);
  }
}

export async function runLedgerVerify(config: CliConfig, io: Io, options: LedgerVerifyOptions): Promise<number> {
  const verifiers = [await verifierOf(config, options.key)];
  const checkpoint = (await readInput(options.checkpoint, 'checkpoint')).toString('utf8');
  const old = options.old === undefined ? undefined : (await readInput(options.old, 'old checkpoint')).toString('utf8');
  const proofs: ProofFile[] = [];
  for (const file of options.proof ?? []) {
    const parsed = parseProofFile((await readInput(file, 'proof')).toString('utf8'));
    if (!parsed.ok) throw new CliError(EXIT.INPUT, `${file}: ${parsed.reason}.`);
    proofs.push(parsed.value);
  }
  let entry;
  if (options.entry !== undefined) {
    const parsed = parseEntryFile(await readInput(options.entry, 'entry'));
    if (!parsed.ok) throw new CliError(EXIT.INPUT, `${options.entry}: ${parsed.reason}.`);
    entry = parsed.value;
  }
  const verdict = verifyOffline({ checkpoint, verifiers, ...(old !== undefined ? { old } : {}), proofs, ...(entry ? { entry } : {}) });
  if (!verdict.ok) throw new CliError(EXIT.JOURNAL_BROKEN, `NOT VERIFIED: ${verdict.reason}.`);
  for (const line of verdict.checked) io.out(`OK: ${line}\n`);
  return EXIT.OK;
}
