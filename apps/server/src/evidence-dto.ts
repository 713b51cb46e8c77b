/** Evidence records → API answers (dates as ISO strings; the blob's storage name stays inside). */
import type { CustodyEventRecord, EvidenceItemRecord, SubmissionRecord } from '@ariadne/store';

const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function evidenceItemDto(item: EvidenceItemRecord) {
  return {
    id: item.id, caseId: item.caseId, origin: item.origin, sha256: item.sha256, size: item.size, mime: item.mime,
    declaredMime: item.declaredMime, mimeMismatch: item.mimeMismatch, filename: item.filename, description: item.description,
    metadata: { ...item.metadata }, collectedBy: item.collectedBy, collectedAt: isoOrNull(item.collectedAt),
    collectedWhere: item.collectedWhere, source: item.source, consent: item.consent ? { ...item.consent } : null,
    sealed: item.sealed, hold: item.hold, createdAt: item.createdAt.toISOString(), createdBy: item.createdBy,
    entityIds: [...item.entityIds], headHash: item.headHash,
  };
}

export function custodyEventDto(event: CustodyEventRecord) {
  const purpose = event.details.purpose;
  return {
    seq: event.seq, at: event.at.toISOString(), actor: event.actor, kind: event.kind,
    purpose: typeof purpose === 'string' ? purpose : null, details: { ...event.details }, leafHash: event.leafHash, entry: event.entry,
  };
}

export function submissionSummaryDto(s: SubmissionRecord) {
  return {
    id: s.id, kind: s.kind, status: s.status, language: s.language, named: s.named, createdAt: s.createdAt.toISOString(),
    items: s.items, messages: s.messages, caseId: s.caseId,
  };
}
