/**
 * `@ariadne/store`: Ariadne's system of record on PostgreSQL (embedded PGlite by default).
 *
 * @example
 * ```ts
 * import { createStore } from '@ariadne/store';
 * const store = await createStore({ dataDir: './data/db', model: storeModel(loadModel()) });
 * const person = await store.createEntity(actor, { caseId, schema: 'Person', properties: { name: ['Test Person'] } }, { source: 'ui' });
 * ```
 */
export type * from './types.ts';
export type * from './store.ts';
export type { NetworkReadQuery, NetworkSourceRow } from './network-reads.ts';
export type { OwnExportTally } from './entity-own-reads.ts';
export type * from './evidence-types.ts';
export { CUSTODY_KINDS } from './evidence-types.ts';
export { custodyDetails, type EvidenceStore } from './evidence-store.ts';
export type { SubmissionStore, NewSubmission } from './submission-store.ts';
export type { UploadStore, UploadRecord } from './upload-store.ts';
export type * from './ledger-types.ts';
export type * from './screening-types.ts';
export { ALERT_STATUSES } from './screening-types.ts';
export type * from './finance-types.ts';
export { FINANCE_ALERT_STATUSES, FINANCE_DISPOSITIONS, FIU_CASE_STATUSES } from './finance-types.ts';
export type * from './sharing-types.ts';
export { AGREEMENT_STATUSES } from './sharing-types.ts';
export type * from './monitoring-types.ts';
export { MONITORING_DATASET_KINDS } from './monitoring-types.ts';
export { Checkpointer, type CheckpointerOptions } from './ledger-checkpointer.ts';
export type { StoreModel, ModelEntity } from './store-model.ts';
export { createStore, type StoreOptions, type OpenedStore } from './create-store.ts';
export { openDatabase, type DatabaseHandle, type DatabaseOptions } from './connect.ts';
export { canonicalJournalEntry, journalLeafHash, journalChainHash, contentHash, canonicalJson, GENESIS_CHAIN_HASH } from './journal-hash.ts';
export { normaliseForSearch } from './search-text.ts';
export { storeModelOf } from './schema-model.ts';
export { statementId } from './entity-rows.ts';
export * from './jobs/index.ts';
export { SCREENED_SCHEMATA, type DueSubject, type ScreeningStateStore } from './screening-state.ts';
