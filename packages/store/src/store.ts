/**
 * The store port: what every capability and app may ask of Ariadne's system of record.
 * One implementation (`createStore`) runs on PGlite (embedded) and on a PostgreSQL server; the
 * contract suite in `test/store.contract.test.ts` runs against both.
 *
 * Every method that writes takes an `Actor` and appends to the journal in the same transaction,
 * so no write can exist without its journal entry. Reads of sealed entities (victim data) also
 * need an `Actor` and are journalled. Access decisions (roles, case membership) are the caller's:
 * see `@ariadne/access`; the store does not know who may do what, only who did it.
 */
import type {
  Actor, ApiTokenRecord, CaseMember, CaseRecord, CaseStatus, EntityDetail, EntityRecord, ImportRecord,
  JournalEntry, JournalVerification, Page, PageRequest, Properties, Provenance, Role, SearchHit,
  SessionRecord, UserCredentials, UserRecord,
} from './types.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { SubmissionStore } from './submission-store.ts';
import type { UploadStore } from './upload-store.ts';
import type { LedgerStore } from './ledger-types.ts';
import type { ScreeningStore } from './screening-types.ts';
import type { ScreeningStateStore } from './screening-state.ts';
import type { FinanceStore } from './finance-types.ts';
import type { SharingStore } from './sharing-types.ts';
import type { MonitoringStore } from './monitoring-types.ts';
import type { NetworkReadQuery, NetworkSourceRow } from './network-reads.ts';
import type { OwnExportTally } from './entity-own-reads.ts';

export interface NewEntity {
  readonly id?: string; // generated when absent
  readonly schema: string;
  readonly caseId: string | null;
  readonly properties: Properties;
}

export interface SearchQuery extends PageRequest {
  readonly q: string;
  readonly schema?: string;
  /** restrict to these cases; `null` in the list means reference data (no case) */
  readonly caseIds: readonly (string | null)[];
}

export interface BulkEntity {
  readonly id: string;
  readonly schema: string;
  readonly properties: Properties;
}

export interface BulkWriteResult {
  readonly written: number;
  /** entities refused with a reason (e.g. the id belongs to another case or schema conflicts) */
  readonly rejected: readonly { readonly id: string; readonly reason: string }[];
}

export interface UserStore {
  createUser(actor: Actor, user: { username: string; displayName: string; roles: readonly Role[]; passwordHash: string; mustChangePassword?: boolean }): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  getCredentialsByUsername(username: string): Promise<UserCredentials | null>;
  getCredentials(id: string): Promise<UserCredentials | null>;
  listUsers(page: PageRequest): Promise<Page<UserRecord>>;
  updateUser(actor: Actor, id: string, patch: { displayName?: string; roles?: readonly Role[]; disabled?: boolean }): Promise<UserRecord>;
  setPassword(actor: Actor, id: string, passwordHash: string, mustChange: boolean): Promise<void>;
  /** records a failed login; locks until `lockUntil` when given. Journalled as `auth.login.failed`. */
  recordLoginFailure(id: string, lockUntil: Date | null): Promise<number>;
  recordLoginSuccess(id: string): Promise<void>;
  countUsers(): Promise<number>;
}

export interface SessionStore {
  createSession(session: SessionRecord): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;
  createApiToken(actor: Actor, token: { id: string; userId: string; name: string; secretHash: string; expiresAt: Date | null }): Promise<ApiTokenRecord>;
  listApiTokens(userId: string): Promise<readonly ApiTokenRecord[]>;
  revokeApiToken(actor: Actor, userId: string, id: string): Promise<boolean>;
  /** the live token with this secret hash, its user and their case ids, in one round trip */
  authenticateApiToken(secretHash: string, now: Date): Promise<Authenticated<ApiTokenRecord> | null>;
  /** the live session with this id, its user and their case ids, in one round trip */
  authenticateSession(id: string, now: Date): Promise<Authenticated<SessionRecord> | null>;
}

export interface Authenticated<C> {
  readonly credential: C;
  readonly user: UserCredentials;
  readonly memberCaseIds: readonly string[];
}

export interface CaseStore {
  createCase(actor: Actor, input: { id?: string; name: string; description?: string }): Promise<CaseRecord>;
  getCase(id: string): Promise<CaseRecord | null>;
  updateCase(actor: Actor, id: string, patch: { name?: string; description?: string; status?: CaseStatus }): Promise<CaseRecord>;
  /** cases whose member is `userId`; all cases when `userId` is null */
  listCases(userId: string | null, page: PageRequest): Promise<Page<CaseRecord>>;
  addMember(actor: Actor, caseId: string, userId: string): Promise<void>;
  removeMember(actor: Actor, caseId: string, userId: string): Promise<void>;
  listMembers(caseId: string): Promise<readonly CaseMember[]>;
  /** ids of the cases `userId` belongs to */
  memberCaseIds(userId: string): Promise<readonly string[]>;
}

export interface EntityStore {
  /** validates against the schema model; throws `StoreError` ENTITY_INVALID / ENTITY_EXISTS */
  createEntity(actor: Actor, input: NewEntity, provenance: Provenance): Promise<EntityRecord>;
  getEntity(id: string): Promise<EntityRecord | null>;
  /** the entity with every statement (live and retracted) and its merge members */
  getEntityDetail(id: string): Promise<EntityDetail | null>;
  /** journals `entity.read.sealed` when the entity is sealed; call it for every sealed read */
  journalSealedRead(actor: Actor, entity: EntityRecord, purpose: string): Promise<void>;
  /** replaces the listed properties' values: old statements retracted, new ones added */
  updateEntity(actor: Actor, id: string, properties: Properties, provenance: Provenance): Promise<EntityRecord>;
  /** retracts every statement; the entity disappears from reads and search, its history stays */
  deleteEntity(actor: Actor, id: string): Promise<void>;
  listEntities(filter: { caseId: string | null; schema?: string }, page: PageRequest): Promise<Page<EntityRecord>>;
  /** entities pointing at `id` through an entity-typed property, and those `id` points at */
  relations(id: string): Promise<readonly { readonly entity: EntityRecord; readonly prop: string; readonly direction: 'outgoing' | 'incoming' }[]>;
  /** members' statements join the canonical entity; members stop being returned; undoable */
  mergeEntities(actor: Actor, canonicalId: string, memberIds: readonly string[]): Promise<EntityRecord>;
  unmergeEntity(actor: Actor, memberId: string): Promise<void>;
  search(query: SearchQuery): Promise<Page<SearchHit>>;
  /**
   * Bulk write of validated entities from one import batch, in one transaction, with one journal
   * entry (`import.batch`) carrying the content hash of the batch. Re-writing the same
   * statements is idempotent (lastSeen moves, nothing duplicates).
   */
  writeBatch(actor: Actor, batch: { caseId: string | null; importId: string; source: string; entities: readonly BulkEntity[] }): Promise<BulkWriteResult>;
  /** streams entities (as merged views) for export */
  exportEntities(filter: { caseId: string | null; schema?: string }): AsyncIterable<EntityRecord>;
  /**
   * streams entities as merged views of our own statements only: what partners sent us (source
   * `share:…`) is left out, even when merged into one of ours, and an entity with nothing of ours
   * is not yielded. For what leaves us (sharing). `tally`, when given, counts what was left out.
   */
  exportOwnEntities(filter: { caseId: string | null; schema?: string }, tally?: OwnExportTally): AsyncIterable<EntityRecord>;
  /**
   * streams the live merged entities of cases (and optionally the global data) with the distinct
   * sources of their live statements, in batches, for building a network (`@ariadne/network`)
   */
  readNetworkEntities(query: NetworkReadQuery): AsyncIterable<NetworkSourceRow[]>;
}

export interface ImportStore {
  /** starts an import, or returns the unfinished one for the same case and file hash (resume) */
  beginImport(actor: Actor, input: { caseId: string | null; kind: 'ftm' | 'csv'; sourceName: string; fileSha256: string }): Promise<{ record: ImportRecord; resumed: boolean }>;
  recordImportProgress(id: string, progress: { linesDone: number; rowsOk: number; rowsFailed: number }): Promise<void>;
  finishImport(actor: Actor, id: string, status: 'done' | 'failed'): Promise<ImportRecord>;
  getImport(id: string): Promise<ImportRecord | null>;
  /** before a large import: drop the search indexes (searches fall back to scans meanwhile) */
  suspendSearchIndexes(): Promise<void>;
  /** after an import: rebuild missing search indexes, merge GIN pending lists, refresh statistics */
  refreshSearchIndexes(): Promise<void>;
}

export interface JournalStore {
  /** appends a free-standing journal entry (e.g. `export`, `auth.login`) */
  appendJournal(actor: Actor, entry: { action: string; caseId?: string | null; entityId?: string | null; importId?: string | null; contentHash?: string | null }): Promise<JournalEntry>;
  listJournal(filter: { entityId?: string; caseId?: string }, page: PageRequest): Promise<Page<JournalEntry>>;
  /** recomputes every leaf and chain hash from the stored entries; reports the first break */
  verifyJournal(): Promise<JournalVerification>;
}

export interface Store extends UserStore, SessionStore, CaseStore, EntityStore, ImportStore, JournalStore, EvidenceStore, SubmissionStore, UploadStore, LedgerStore, ScreeningStore, ScreeningStateStore, FinanceStore, SharingStore, MonitoringStore {
  /** true when the database answers */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
