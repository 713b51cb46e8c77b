/**
 * The server's configuration and dependencies. The environment is read by `apps/cli` (`serve`),
 * never here: the server is given everything it uses.
 */
import type { Store } from '@ariadne/store';
import type { FastifyServerOptions } from 'fastify';
import type { ServerModel } from './model.ts';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** path of the built web app (`apps/web/dist`); served at `/` when it exists */
  readonly webRoot: string | null;
  /** set `Secure` on cookies and send HSTS; true whenever the server is reached over https */
  readonly secureCookies: boolean;
  readonly sessionTtlHours: number;
  /** largest accepted request body; default 1 MiB */
  readonly bodyLimitBytes: number;
  readonly version: string;
  /** behind a reverse proxy: take the client address from X-Forwarded-For (for sign-in throttling) */
  readonly trustProxy: boolean;
  /** how long a resolved credential may be reused without asking the database (0: never) */
  readonly principalCacheMs: number;
}

/** Defaults for every field but none that is security-relevant to get wrong silently. */
export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '127.0.0.1',
  webRoot: null,
  secureCookies: true,
  sessionTtlHours: 8,
  bodyLimitBytes: 1024 * 1024,
  version: '0.0.0',
  principalCacheMs: 2000,
  trustProxy: false,
};

export interface ServerDeps {
  readonly store: Store;
  readonly model: ServerModel;
  readonly config: Partial<ServerConfig>;
  /** injected clock for sessions, lockouts and throttling */
  readonly clock?: () => Date;
  /** fastify's pino options (false or absent: silent); serializers and redaction are always ours */
  readonly logger?: boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined>;
}
