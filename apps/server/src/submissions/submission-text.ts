/**
 * Words from survivors and tip-line senders (accounts, contact details, messages) are evidence
 * like any file: each is sealed into the vault (encrypted at rest) and taken in with its own
 * custody record, so a receipt can later prove what was said and when. Never a plain column.
 */
import { Readable } from 'node:stream';
import { AriadneError } from '@ariadne/schema';
import type { Actor, EvidenceItemRecord, SubmissionRecord, SubmissionRole } from '@ariadne/store';
import type { AppContext } from '../context.ts';

const MAX_TEXT_BYTES = 1024 * 1024;

export const PUBLIC_INTAKE: Actor = { kind: 'system', id: 'public-intake' };

export async function storeSubmissionText(
  ctx: AppContext, actor: Actor, submission: SubmissionRecord, words: { role: SubmissionRole; text: string },
): Promise<EvidenceItemRecord> {
  const { role, text } = words;
  const bytes = Buffer.from(text.normalize('NFC'), 'utf8');
  const blob = await ctx.vault.put(Readable.from([bytes]), { declaredMime: 'text/plain', filename: `${role}.txt` });
  const { item } = await ctx.store.intakeEvidence(actor, {
    caseId: submission.caseId, submissionId: submission.id, submissionRole: role,
    origin: submission.kind === 'account' ? 'survivor' : 'tip',
    blob: { name: blob.name, sha256: blob.sha256, size: blob.size, mime: 'text/plain', declaredMime: 'text/plain', mimeMismatch: false, metadata: {} },
    filename: `${role}.txt`, consent: submission.consent,
    // a survivor's own words and anyone's contact details are victim or source data
    sealed: role === 'contact' || (submission.kind === 'account' && role === 'account'),
    purpose: role === 'message' ? 'message in the submission thread' : `submission ${role}`,
  });
  return item;
}

export async function readSubmissionText(ctx: AppContext, item: EvidenceItemRecord): Promise<string> {
  if (item.size > MAX_TEXT_BYTES) throw new AriadneError('PAYLOAD_TOO_LARGE', 'The text is larger than a message may be.');
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.vault.open(item.blobName)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
