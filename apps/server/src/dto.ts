/**
 * Store records → API answers. Dates become ISO strings; fields that must not leave the server
 * (credential data, a token's owner and secret hash) are simply not copied.
 */
import type {
  ApiTokenRecord, CaseMember, CaseRecord, EntityDetail, EntityRecord, ImportRecord, JournalEntry, SearchHit,
  StatementRecord, UserRecord,
} from '@ariadne/store';

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function userDto(u: UserRecord) {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: [...u.roles], disabled: u.disabled, createdAt: iso(u.createdAt) };
}

export function caseDto(c: CaseRecord) {
  return { id: c.id, name: c.name, description: c.description, status: c.status, createdAt: iso(c.createdAt), createdBy: c.createdBy };
}

export function memberDto(m: CaseMember) {
  return { userId: m.userId, username: m.username, displayName: m.displayName };
}

export function summaryDto(e: Pick<EntityRecord, 'id' | 'schema' | 'caption' | 'caseId'>) {
  return { id: e.id, schema: e.schema, caption: e.caption, caseId: e.caseId };
}

function propertiesDto(p: EntityRecord['properties']): Record<string, string[]> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [...v]]));
}

export function entityDto(e: EntityRecord) {
  return { ...summaryDto(e), properties: propertiesDto(e.properties), firstSeen: iso(e.firstSeen), lastSeen: iso(e.lastSeen), sealed: e.sealed };
}

function statementDto(s: StatementRecord) {
  return {
    id: s.id, prop: s.prop, value: s.value, source: s.source, importId: s.importId, userId: s.userId, evidenceId: s.evidenceId,
    firstSeen: iso(s.firstSeen), lastSeen: iso(s.lastSeen), retractedAt: isoOrNull(s.retractedAt),
  };
}

export function entityDetailDto(e: EntityDetail) {
  return { ...entityDto(e), statements: e.statements.map(statementDto), mergedFrom: [...e.mergedFrom] };
}

export function searchHitDto(h: SearchHit) {
  return { ...summaryDto(h), score: h.score, matched: h.matched };
}

export function journalDto(j: JournalEntry) {
  return {
    seq: j.seq, at: iso(j.at), actor: j.actor, action: j.action, caseId: j.caseId, entityId: j.entityId, importId: j.importId,
    contentHash: j.contentHash, leafHash: j.leafHash, chainHash: j.chainHash,
  };
}

export function tokenDto(t: ApiTokenRecord) {
  return { id: t.id, name: t.name, createdAt: iso(t.createdAt), expiresAt: isoOrNull(t.expiresAt), lastUsedAt: isoOrNull(t.lastUsedAt) };
}

export function jobDto(i: ImportRecord) {
  return {
    id: i.id, kind: i.kind, caseId: i.caseId, status: i.status,
    progress: { linesDone: i.linesDone, rowsOk: i.rowsOk, rowsFailed: i.rowsFailed },
    startedAt: iso(i.startedAt), finishedAt: isoOrNull(i.finishedAt),
  };
}
