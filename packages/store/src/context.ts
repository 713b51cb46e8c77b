import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { StoreModel } from './store-model.ts';

/** What every store module is given: the database, the model, and an explicit clock and id source. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly model: StoreModel;
  readonly now: () => Date;
  readonly newId: () => string;
  /** a named prepared statement outside any transaction (see DatabaseHandle.queryPrepared) */
  readonly queryPrepared: <R>(name: string, text: string, values: readonly unknown[]) => Promise<R[]>;
}
