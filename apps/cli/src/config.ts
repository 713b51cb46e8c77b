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
  /** ARIADNE_GOAML_CONFIG: the goAML configuration JSON (reporting entity, FIU schema and code lists) */
  readonly goamlConfig: string | null;
  /** ARIADNE_FINANCE_HOME_COUNTRY: ISO 3166-1 alpha-2 country of the institution, what "abroad" means to the red flags */
  readonly financeHomeCountry: string | null;
  /** ARIADNE_FINANCE_CONFLICT_COUNTRIES: comma-separated ISO 3166-1 alpha-2 codes of areas where armed groups operate */
  readonly financeConflictCountries: readonly string[];
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliError(EXIT.USAGE, `${name} must be a port number (0–65535, 0 for any free port), not ${JSON.stringify(text)}.`);
  return port;
}

function countryCodes(text: string | undefined, name: string): string[] {
  const codes = (text ?? '').split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad !== undefined) throw new CliError(EXIT.USAGE, `${name} takes ISO 3166-1 alpha-2 country codes (e.g. SY,YE), not ${JSON.stringify(bad.slice(0, 20))}.`);
  return codes;
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
    goamlConfig: nonEmpty(env.ARIADNE_GOAML_CONFIG),
    financeHomeCountry: countryCodes(env.ARIADNE_FINANCE_HOME_COUNTRY, 'ARIADNE_FINANCE_HOME_COUNTRY')[0] ?? null,
    financeConflictCountries: countryCodes(env.ARIADNE_FINANCE_CONFLICT_COUNTRIES, 'ARIADNE_FINANCE_CONFLICT_COUNTRIES'),
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
