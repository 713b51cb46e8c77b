/**
 * Writing an outgoing package: whether the agreement lets us send now, when the package expires,
 * and the package file itself (manifest, members, signature, age encryption to the partner).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { publicIdentity, writePackage, type LocalIdentity, type PackageKind, type PackageMemberInput, type PartyIdentity, type WrittenPackage } from '@ariadne/sharing';
import type { SharingAgreement } from '@ariadne/store';
import { ProblemError } from '../problem.ts';

const DAY_MS = 86_400_000;

export interface PackageDraft {
  readonly kind: PackageKind;
  readonly members: readonly PackageMemberInput[];
  readonly counts: Record<string, number>;
  readonly notice?: string;
}

/** the last millisecond (UTC) of a YYYY-MM-DD day */
function endOfDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999Z`);
}

/** why the agreement lets nothing leave now (409 with a `reason`), or null */
export function notSendable(agreement: SharingAgreement, now: Date): ProblemError | null {
  const refuse = (reason: string, message: string) => new ProblemError('CONFLICT', message, { status: 409, members: { reason } });
  if (agreement.status === 'revoked') return refuse('agreement-revoked', 'The agreement was revoked: nothing more travels under it.');
  if (agreement.status !== 'active') {
    return refuse('agreement-inactive', `The agreement is not active yet: it has ${agreement.approvals.length} of the ${agreement.terms.approvalsRequired} approvals it needs.`);
  }
  if (agreement.direction === 'incoming') return refuse('agreement-inactive', 'Under this agreement we receive; we do not send.');
  const today = now.toISOString().slice(0, 10);
  if (today < agreement.terms.validFrom || today > agreement.terms.validUntil) {
    return refuse('agreement-expired', `The agreement is valid from ${agreement.terms.validFrom} to ${agreement.terms.validUntil}.`);
  }
  return null;
}

/**
 * When a package expires: after `ttlDays`, and never after its agreement's last day (a revocation,
 * which ends the agreement, keeps the full term).
 */
export function packageExpiry(agreement: SharingAgreement, kind: PackageKind, now: Date, ttlDays: number): Date {
  const ttl = now.getTime() + ttlDays * DAY_MS;
  return new Date(kind === 'revocation' ? ttl : Math.min(ttl, endOfDay(agreement.terms.validUntil)));
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface OutgoingPackage {
  readonly sender: LocalIdentity;
  readonly partner: PartyIdentity;
  readonly agreement: SharingAgreement;
  readonly draft: PackageDraft;
  readonly packageId: string;
  readonly sequence: number;
  readonly now: Date;
  readonly expiresAt: Date;
}

export function writePackageFile(out: OutgoingPackage, file: string): Promise<WrittenPackage> {
  const { agreement, draft } = out;
  return writePackage({
    manifest: {
      kind: draft.kind, packageId: out.packageId, agreementId: agreement.id, termsSha256: agreement.termsSha256, purpose: agreement.terms.purpose,
      sequence: out.sequence, createdAt: out.now.toISOString(), expiresAt: out.expiresAt.toISOString(), counts: draft.counts,
      ...(draft.notice ? { notice: draft.notice } : {}),
    },
    members: draft.members,
    sender: out.sender,
    recipient: publicIdentity(out.partner),
  }, file);
}
