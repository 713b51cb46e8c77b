/**
 * The CLI's configuration: the environment is read here, once, and validated; every command
 * gets the result. Command-line options (`--data`, `--port`, …) override the environment.
 */
import { resolve } from 'node:path';
import { CliError, EXIT } from './exit-codes.ts';

export interface CliEnvironment {
  /** ARIADNE_DATA: the data folder; default `./data` */
  readonly dataDir: string;
  /** DATABASE_URL: a PostgreSQL server instead of PGlite in `<data>/db` */
  readonly databaseUrl: string | null;
  /** PORT: default port of `serve` */
  readonly port: number;
  /** ARIADNE_PASSWORD: password for `user add` (else a one-time password is generated) */
  readonly userPassword: string | null;
  /** ARIADNE_ADMIN_PASSWORD: password of the first admin made by `serve` */
  readonly adminPassword: string | null;
  /** ARIADNE_SECURE_COOKIES=1 when a TLS proxy serves Ariadne over https */
  readonly secureCookies: boolean;
  /** ARIADNE_TRUST_PROXY=1 when a reverse proxy sets X-Forwarded-For (sign-in throttling per client) */
  readonly trustProxy: boolean;
  /** ARIADNE_DEBUG=1 prints stack traces */
  readonly debug: boolean;
  /** ARIADNE_VAULT_KEY: the evidence vault's 32-byte master key, base64 (else `<data>/vault.key`) */
  readonly vaultKey: string | null;
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliError(EXIT.USAGE, `${name} must be a port number (0–65535, 0 for any free port), not ${JSON.stringify(text)}.`);
  return port;
}

function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(EXIT.USAGE, 'DATABASE_URL is not a URL (expected postgres://user@host:5432/database).');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new CliError(EXIT.USAGE, 'DATABASE_URL must start with postgres:// or postgresql://.');
  return text;
}

const flag = (value: string | undefined) => value === '1' || value === 'true';
const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/**
 * @example const env = readEnvironment(process.env);
 * @throws CliError (exit 2) for malformed values
 */
export function readEnvironment(env: NodeJS.ProcessEnv): CliEnvironment {
  return {
    dataDir: nonEmpty(env.ARIADNE_DATA) ?? './data',
    databaseUrl: env.DATABASE_URL ? parseUrl(env.DATABASE_URL) : null,
    port: env.PORT ? parsePort(env.PORT, 'PORT') : 8080,
    userPassword: nonEmpty(env.ARIADNE_PASSWORD),
    adminPassword: nonEmpty(env.ARIADNE_ADMIN_PASSWORD),
    secureCookies: flag(env.ARIADNE_SECURE_COOKIES),
    trustProxy: flag(env.ARIADNE_TRUST_PROXY),
    debug: flag(env.ARIADNE_DEBUG),
    vaultKey: nonEmpty(env.ARIADNE_VAULT_KEY),
  };
}

/** The settings every command shares, after the global options are applied. */
export interface CliConfig extends CliEnvironment {
  readonly dataDir: string;
}

export function withGlobalOptions(env: CliEnvironment, options: { data?: string }): CliConfig {
  return { ...env, dataDir: resolve(options.data ?? env.dataDir) };
}

export { parsePort };
