/**
 * The server's configuration and dependencies. The environment is read by `apps/cli` (`serve`),
 * never here: the server is given everything it uses.
 */
import type { JobQueue, Store } from '@ariadne/store';
import type { Vault } from '@ariadne/evidence';
import { DEFAULT_CHECKPOINT_ENTRIES, DEFAULT_CHECKPOINT_SECONDS, type LedgerSigning } from '@ariadne/ledger';
import type { AnyDetector, CurrencyTable, ScoringConfig } from '@ariadne/finance';
import type { FastifyServerOptions } from 'fastify';
import type { LocalIdentity } from '@ariadne/sharing';
import type { ServerModel } from './model.ts';

/**
 * Financial intelligence (issue 10). Every field is optional: the finance service fills in its
 * defaults (`apps/server/src/finance/finance-settings.ts`), so a test or a deployment sets only
 * what it changes.
 */
export interface FinanceOptions {
  /**
   * The goAML configuration JSON (`ARIADNE_GOAML_CONFIG`): the reporting entity, the XSD and code
   * lists per schema version, the FIU's codes for each kind of transaction, the pseudonym key.
   * Without it the shipped example schemas and code lists are used and the reporting entity is
   * unconfigured: exports answer 409 saying what to configure.
   */
  readonly goamlConfigPath?: string;
  /** rates for imported and streamed transactions (a currency without a rate is refused per record); default: USD only */
  readonly currency?: CurrencyTable;
  /** the typologies alerts are scored by (validated against the detectors at startup); default `DEFAULT_SCORING` */
  readonly scoring?: ScoringConfig;
  /** detectors beside the built-in `DETECTORS` (an FIU's own), by id; the scoring configuration may name them */
  readonly detectors?: ReadonlyMap<string, AnyDetector>;
  /** the currency-transaction reporting threshold in base currency, for the structuring detectors (default 10,000) */
  readonly reportingThreshold?: number;
  /** ISO 3166-1 alpha-2 country of the institution: what "abroad" means to the red flags */
  readonly homeCountry?: string;
  /** ISO 3166-1 alpha-2 codes of areas where armed groups or listed terrorist groups operate */
  readonly conflictCountries?: readonly string[];
  /** largest transactions or KYC file accepted by an import (default 256 MiB) */
  readonly maxImportBytes?: number;
  /** cases whose streaming scorer is kept in memory at once (default 4; the least recently used is dropped) */
  readonly streamCases?: number;
  /** a case's streaming scorer is dropped after this long unused (default 15 minutes) */
  readonly streamIdleMs?: number;
  /** the alert stream's heartbeat, which also re-checks the caller's session (default 15 s) */
  readonly sseHeartbeatMs?: number;
  /** an alert stream closes after this long; the browser's EventSource reconnects (default 30 minutes) */
  readonly sseMaxMs?: number;
}

/**
 * Monitoring and reporting (issue 7). Every field is optional: `monitoring/monitoring-settings.ts`
 * fills in the defaults and checks them at startup.
 */
export interface MonitoringOptions {
  /** the total privacy budget every release of this instance spends from (default ε = 5, δ = 1e-6) */
  readonly budgetEpsilon?: number;
  readonly budgetDelta?: number;
  /** small-cell threshold k of releases and of the `small` marks on internal analyses (default 10, never below 5) */
  readonly defaultK?: number;
  /** largest outside data file accepted by an import (default 256 MiB) */
  readonly maxImportBytes?: number;
  /** most incidents or movements one analysis reads (default 2,000,000): past it the caller narrows the filters */
  readonly maxAnalysisItems?: number;
  /** hot spot analyses over at least this many placed incidents run in a worker thread (default 20,000) */
  readonly hotspotWorkerThreshold?: number;
}

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
  /** largest evidence file staff may upload (tus Upload-Length) */
  readonly maxUploadBytes: number;
  /** largest file a survivor or tip-line sender may upload */
  readonly maxPublicUploadBytes: number;
  /** how long an unfinished upload waits for its next piece before it is dropped */
  readonly uploadTtlHours: number;
  /** sign a ledger checkpoint once this many journal entries were appended since the last one (ARIADNE_CHECKPOINT_ENTRIES, see @ariadne/ledger `readLedgerEnvironment`) */
  readonly checkpointEntries: number;
  /** …and every this many seconds when the journal grew at all (ARIADNE_CHECKPOINT_SECONDS) */
  readonly checkpointSeconds: number;
  /** list name → URL of a mirror to download it from instead of its publisher (plain http only on loopback) */
  readonly listSources: Readonly<Record<string, string>>;
  /** how often re-screening looks for subjects written by other processes (0: only after this server's writes) */
  readonly rescreenSweepSeconds: number;
  /** financial intelligence: goAML configuration, currency rates, scan context, streaming limits */
  readonly finance: FinanceOptions;
  /** the name an ephemeral sharing identity gets when the server is given none (`ServerDeps.sharing`) */
  readonly instanceName: string;
  /** largest sharing package accepted by an import (413 past it); default 1 GiB */
  readonly maxSharePackageBytes: number;
  /** days an outgoing sharing package may be opened (never past its agreement's last day); default 30 */
  readonly sharePackageTtlDays: number;
  /** largest body of `POST /api/linkage/runs` (two CLK files as JSON text); default 64 MiB */
  readonly maxLinkageBodyBytes: number;
  /** how often what partners sent is purged once its agreement's retention has run out (0: only on exchanges); default 1 hour */
  readonly shareRetentionSweepSeconds: number;
  /** monitoring and reporting: privacy budget, small-cell threshold, import and analysis limits */
  readonly monitoring: MonitoringOptions;
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
  maxUploadBytes: 64 * 1024 ** 3,
  maxPublicUploadBytes: 4 * 1024 ** 3,
  uploadTtlHours: 7 * 24,
  checkpointEntries: DEFAULT_CHECKPOINT_ENTRIES,
  checkpointSeconds: DEFAULT_CHECKPOINT_SECONDS,
  listSources: {},
  rescreenSweepSeconds: 60,
  finance: {},
  instanceName: 'Ariadne',
  maxSharePackageBytes: 1024 ** 3,
  sharePackageTtlDays: 30,
  maxLinkageBodyBytes: 64 * 1024 ** 2,
  shareRetentionSweepSeconds: 3600,
  monitoring: {},
};

/** information sharing (issue 8): this instance's keys and where packages are kept */
export interface SharingDeps {
  /** signs what we send, opens what is sent to us, keys our pseudonyms (`<data>/sharing.key`) */
  readonly identity: LocalIdentity;
  /** outgoing packages (`<dir>/outgoing/<id>.ariadne-share`), what incoming ones keep, and their unpacking; mode 0700 */
  readonly dir: string;
}

/** the evidence side: the encrypted vault and a folder for bundles being built */
export interface EvidenceDeps {
  readonly vault: Vault;
  /** bundles are written here (`<dir>/<bundle id>.tar`) and served from here */
  readonly bundleDir: string;
}

export interface ServerDeps {
  readonly store: Store;
  readonly evidence: EvidenceDeps;
  readonly model: ServerModel;
  readonly config: Partial<ServerConfig>;
  /** injected clock for sessions, lockouts and throttling */
  readonly clock?: () => Date;
  /** the job queue, started; re-screening then runs as queue jobs any worker may take (else in this process) */
  readonly jobs?: JobQueue;
  /** the journal log's signing key and name; without it the server serves proofs but signs nothing */
  readonly ledgerSigning?: LedgerSigning;
  /**
   * information sharing; without it the server makes an ephemeral identity (named
   * `config.instanceName`) and a temporary folder, removed on close, and says so in its log
   */
  readonly sharing?: SharingDeps;
  /** fastify's pino options (false or absent: silent); serializers and redaction are always ours */
  readonly logger?: boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined>;
}

