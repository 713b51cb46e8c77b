/**
 * The real CLI as a child process (`node apps/cli/bin/ariadne.mjs …`), with an environment free
 * of the caller's Ariadne settings (data folder, database, keys, passwords), so tests never touch
 * a developer's data or secrets.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export const BIN = new URL('../bin/ariadne.mjs', import.meta.url).pathname;

export interface Run { code: number | null; stdout: string; stderr: string }

const ARIADNE_SETTINGS = ['ARIADNE_DATA', 'DATABASE_URL', 'ARIADNE_PASSWORD', 'ARIADNE_VAULT_KEY', 'ARIADNE_LEDGER_KEY', 'ARIADNE_LEDGER_ORIGIN'];

/** the process environment without Ariadne's own settings, plus `extra` */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ARIADNE_SETTINGS) delete env[name];
  return { ...env, ...extra };
}

export function runCli(args: readonly string[], extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `ariadne serve` on a free port; resolves once it listens, with its URL and its stdout so far */
export async function startServe(args: readonly string[]): Promise<{ child: ChildProcess; url: URL; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args, 'serve', '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stderr!.resume();
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}`)), 60_000);
    child.stdout!.on('data', (c) => {
      stdout += c;
      const found = /listening on (http:\/\/\S+\/)/.exec(stdout);
      if (found) { clearTimeout(timer); resolve(found[1]!); }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${stdout}`)));
  });
  return { child, url: new URL(url), stdout: () => stdout };
}
