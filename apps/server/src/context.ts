/** What every route handler is given besides its request: the composition root's parts. */
import type { Store } from '@ariadne/store';
import type { LoginThrottle } from '@ariadne/access';
import type { ServerConfig } from './config.ts';
import type { ServerModel } from './model.ts';
import type { PrincipalCache } from './principal-cache.ts';

export interface AppContext {
  readonly store: Store;
  readonly model: ServerModel;
  readonly config: ServerConfig;
  readonly clock: () => Date;
  readonly throttle: LoginThrottle;
  /** resolved credentials, kept briefly; cleared by every write */
  readonly principals: PrincipalCache;
}
