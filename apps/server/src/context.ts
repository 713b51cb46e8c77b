/** What every route handler is given besides its request: the composition root's parts. */
import type { LedgerCheckpoint, Store } from '@ariadne/store';
import type { LoginThrottle } from '@ariadne/access';
import type { Vault } from '@ariadne/evidence';
import type { ServerConfig } from './config.ts';
import type { PublicThrottle } from './public-throttle.ts';
import type { UploadService } from './uploads/upload-service.ts';
import type { BundleService } from './bundles/bundle-service.ts';
import type { LedgerAccess } from '@ariadne/evidence';
import type { ServerModel } from './model.ts';
import type { PrincipalCache } from './principal-cache.ts';
import type { ScreeningService } from './screening/screening-service.ts';
import type { NetworkService } from './network/network-service.ts';
import type { SharingService } from './sharing/sharing-service.ts';

/** the journal log's signing side, when the server holds its key */
export interface CheckpointService {
  readonly origin: string;
  readonly verifierKey: string;
  /** signs a checkpoint of the current tree now (null while the journal is empty) */
  signNow(): Promise<LedgerCheckpoint | null>;
}

export interface AppContext {
  readonly store: Store;
  readonly model: ServerModel;
  readonly config: ServerConfig;
  readonly clock: () => Date;
  readonly throttle: LoginThrottle;
  /** resolved credentials, kept briefly; cleared by every write */
  readonly principals: PrincipalCache;
  /** limits on the routes reachable without an account */
  readonly publicThrottle: PublicThrottle;
  readonly vault: Vault;
  readonly uploads: UploadService;
  readonly bundles: BundleService;
  /** signed checkpoints and proofs for bundles and receipts */
  readonly ledger: LedgerAccess;
  /** null when the server was given no ledger key */
  readonly checkpoints: CheckpointService | null;
  /** the screening index, list imports and continuous re-screening */
  readonly screening: ScreeningService;
  /** case networks and their analyses (worker threads, owner-only jobs) */
  readonly network: NetworkService;
  /** information sharing with partners: agreements, packages, consents (issue 8) */
  readonly sharing: SharingService;
}
