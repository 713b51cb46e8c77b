/**
 * Shapes of the HTTP API (docs/api-contract.md, v1). Kept as plain readonly records: the web UI
 * only reads them and sends back what the contract asks for.
 */
export type Role = 'admin' | 'investigator' | 'analyst' | 'fiu_analyst' | 'caseworker' | 'reporting_officer' | 'auditor';

export const ROLES: readonly Role[] = ['admin', 'investigator', 'analyst', 'fiu_analyst', 'caseworker', 'reporting_officer', 'auditor'];

export type Properties = Readonly<Record<string, readonly string[]>>;

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly createdAt: string;
}

export type CaseStatus = 'open' | 'closed' | 'archived';

export interface Case {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly status: CaseStatus;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface CaseMember {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
}

export interface CaseDetail extends Case {
  readonly members: readonly CaseMember[];
}

export interface EntitySummary {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly caseId: string;
}

export interface Entity extends EntitySummary {
  readonly properties: Properties;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly sealed: boolean;
}

export interface Statement {
  readonly id: string;
  readonly prop: string;
  readonly value: string;
  readonly source: string | null;
  readonly importId: string | null;
  readonly userId: string | null;
  readonly evidenceId: string | null;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Set when the statement was retracted (retractions keep the history, they do not erase). */
  readonly retractedAt?: string | null;
}

export interface EntityDetail extends Entity {
  readonly statements: readonly Statement[];
  readonly mergedFrom: readonly string[];
}

export interface Relation {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly prop: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly other: EntitySummary | null;
}

export interface SearchHit extends EntitySummary {
  readonly score: number;
  readonly matched: string;
}

export interface JournalEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly caseId: string | null;
  readonly entityId: string | null;
  readonly importId: string | null;
  readonly contentHash: string;
  readonly leafHash: string;
  readonly chainHash: string;
}

export interface JournalVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: string | null;
  readonly firstBadSeq?: number;
  readonly reason?: string;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt?: string;
  readonly expiresAt?: string | null;
  readonly lastUsedAt?: string | null;
}

export interface PropertyView {
  readonly name: string;
  readonly label: string;
  readonly description?: string | null;
  readonly type: string;
  readonly range?: string;
  readonly reverse?: string;
  readonly hidden: boolean;
  readonly multiple: true;
  /** Allowed values (code → label) for enumerated types such as `country`, when the server sends them. */
  readonly values?: Readonly<Record<string, string>>;
}

export interface SchemaView {
  readonly name: string;
  readonly label: string;
  readonly plural: string;
  readonly description?: string | null;
  readonly extends: readonly string[];
  readonly abstract: boolean;
  readonly matchable: boolean;
  readonly sealed: boolean;
  readonly caption: readonly string[];
  readonly featured: readonly string[];
  readonly required: readonly string[];
  readonly edge?: Readonly<Record<string, unknown>>;
  readonly properties: Readonly<Record<string, PropertyView>>;
}

export interface SchemaResponse {
  readonly schemata: Readonly<Record<string, SchemaView>>;
  /** Optional per-type data (e.g. `{ country: { values: { ua: "Ukraine" } } }`). */
  readonly types?: Readonly<Record<string, { readonly values?: Readonly<Record<string, string>> }>>;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

export interface Me {
  readonly user: User;
  readonly csrfToken: string;
  readonly permissions: readonly string[];
  /** Set after sign-in with a one-time password: every other route refuses until it is changed. */
  readonly mustChangePassword?: boolean;
}
