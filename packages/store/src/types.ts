/**
 * The store's public records and ports. Everything here is plain data: the HTTP API, the CLI and
 * the capability packages exchange these shapes, never database rows.
 */

/** Who acts. Every write and every read of sealed data names one; it lands in the journal. */
export interface Actor {
  readonly kind: 'user' | 'token' | 'system';
  /** user id (for `token`, the token's owner) or a system component name such as `cli` */
  readonly id: string;
}

/** Where a statement came from. All fields optional except `source`. */
export interface Provenance {
  /** dataset or origin name, e.g. `ui`, `import:un-sc`, `api` */
  readonly source: string;
  readonly importId?: string | null;
  readonly evidenceId?: string | null;
}

export type Role = 'admin' | 'investigator' | 'analyst' | 'fiu_analyst' | 'caseworker' | 'reporting_officer' | 'auditor';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** Internal: includes the credential fields that never leave the server. */
export interface UserCredentials extends UserRecord {
  readonly passwordHash: string;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly mustChangePassword: boolean;
}

export interface SessionRecord {
  readonly id: string; // sha256 of the cookie secret
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export type CaseStatus = 'open' | 'closed' | 'archived';

export interface CaseRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly status: CaseStatus;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface CaseMember {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly addedAt: Date;
}

/** Property values keyed by FtM property name; every property is multi-valued. */
export type Properties = Readonly<Record<string, readonly string[]>>;

/** An entity as the merge of every live statement about it (and about entities merged into it). */
export interface EntityRecord {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly caseId: string | null;
  readonly properties: Properties;
  readonly sealed: boolean;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}

export interface StatementRecord {
  readonly id: string;
  readonly entityId: string;
  readonly schema: string;
  readonly prop: string;
  readonly value: string;
  readonly caseId: string | null;
  readonly source: string;
  readonly importId: string | null;
  readonly userId: string | null;
  readonly evidenceId: string | null;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly retractedAt: Date | null;
}

export interface EntityDetail extends EntityRecord {
  readonly statements: readonly StatementRecord[];
  /** ids of entities merged into this one (their statements are included above) */
  readonly mergedFrom: readonly string[];
}

export interface SearchHit {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly caseId: string | null;
  readonly score: number;
  /** the name or text that matched, for display */
  readonly matched: string;
}

export interface JournalEntry {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string; // `user:<id>`, `token:<id>`, `system:<name>`
  readonly action: string; // e.g. `entity.create`, `entity.read.sealed`, `case.member.add`
  readonly caseId: string | null;
  readonly entityId: string | null;
  readonly importId: string | null;
  /** sha256 of the canonical content the action wrote (or read), never the content itself */
  readonly contentHash: string | null;
  /** RFC 6962 leaf hash: sha256(0x00 ‖ canonical entry bytes) */
  readonly leafHash: string;
  /** sha256(previous chainHash ‖ leafHash); the first entry chains from 32 zero bytes */
  readonly chainHash: string;
}

export interface JournalVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: string | null;
  readonly firstBadSeq?: number;
  readonly reason?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface ImportRecord {
  readonly id: string;
  readonly caseId: string | null;
  readonly kind: 'ftm' | 'csv';
  readonly sourceName: string;
  readonly fileSha256: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly linesDone: number;
  readonly rowsOk: number;
  readonly rowsFailed: number;
  readonly startedBy: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}
