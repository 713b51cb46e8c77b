/**
 * The log's settings as the environment gives them, parsed and checked once (the CLI reads the
 * environment; the server is handed the result):
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `ARIADNE_CHECKPOINT_ENTRIES` | sign a checkpoint once this many entries were appended since the last | 1000 |
 * | `ARIADNE_CHECKPOINT_SECONDS` | …and every this many seconds when the log grew at all | 60 |
 * | `ARIADNE_LEDGER_ORIGIN` | the log's name, the checkpoints' first line | `ariadne.local/<instance id>` |
 * | `ARIADNE_LEDGER_KEY` | the C2SP signer key (`PRIVATE+KEY+…`), for servers keeping it in a secret store | the file `<data>/ledger.key` |
 */
import { checkOrigin } from './key-file.ts';

export const DEFAULT_CHECKPOINT_ENTRIES = 1000;
export const DEFAULT_CHECKPOINT_SECONDS = 60;

export interface LedgerEnvironment {
  readonly checkpointEntries: number;
  readonly checkpointSeconds: number;
  readonly origin: string | null;
  /** the signer key's text; never printed */
  readonly signerKey: string | null;
}

function wholeNumber(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^[0-9]{1,9}$/.test(text) || n < 1 || n > max) throw new Error(`${name} must be a whole number from 1 to ${max}, not ${JSON.stringify(text.slice(0, 20))}`);
  return n;
}

/** @throws Error naming the variable (never quoting ARIADNE_LEDGER_KEY) when a value is malformed */
export function readLedgerEnvironment(env: Readonly<Record<string, string | undefined>>): LedgerEnvironment {
  let origin: string | null = null;
  if (env.ARIADNE_LEDGER_ORIGIN) {
    try {
      origin = checkOrigin(env.ARIADNE_LEDGER_ORIGIN);
    } catch (error) {
      throw new Error(`ARIADNE_LEDGER_ORIGIN: ${(error as Error).message}`);
    }
  }
  return {
    checkpointEntries: wholeNumber(env, 'ARIADNE_CHECKPOINT_ENTRIES', DEFAULT_CHECKPOINT_ENTRIES, 10_000_000),
    checkpointSeconds: wholeNumber(env, 'ARIADNE_CHECKPOINT_SECONDS', DEFAULT_CHECKPOINT_SECONDS, 86_400),
    origin,
    signerKey: env.ARIADNE_LEDGER_KEY ? env.ARIADNE_LEDGER_KEY : null,
  };
}
