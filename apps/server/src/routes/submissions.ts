/**
 * Survivor self-documentation and the tip line (resolution 2331, 3(a) and 3(b)): anyone may hand
 * in an account or a tip with attachments and gets a receipt code, with which they later read the
 * team's questions, answer them, change or withdraw consent, and fetch a receipt that proves what
 * they submitted and when. Staff triage submissions into cases.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import { isCaseMember } from '@ariadne/access';
import type { EvidenceItemRecord, SubmissionRecord } from '@ariadne/store';
import { idParams, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { evidenceItemDto, submissionSummaryDto } from '../evidence-dto.ts';
import { consentSchema, evidenceItemSchema, messageSchema, receiptSchema, submissionRequestSchema, submissionSummarySchema } from '../evidence-schemas.ts';
import { newReceiptCode, receiptHash } from '../receipt-auth.ts';
import { PUBLIC_INTAKE, readSubmissionText, storeSubmissionText } from '../submissions/submission-text.ts';

const textBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });
const attachmentBody = z.strictObject({ uploadId: z.string().uuid(), description: z.string().max(2000).optional() });
const triageBody = z.union([z.strictObject({ caseId: z.string().min(1).max(200) }), z.strictObject({ close: z.literal(true) })]);

async function items(ctx: AppContext, submission: SubmissionRecord): Promise<EvidenceItemRecord[]> {
  const ids = await ctx.store.submissionItemIds(submission.id);
  const out: EvidenceItemRecord[] = [];
  for (const { id } of ids) {
    const item = await ctx.store.getEvidenceItem(id);
    if (item) out.push(item);
  }
  return out;
}

/** the thread with its words, read from the vault; `reader` journals each sealed read */
async function thread(ctx: AppContext, submission: SubmissionRecord) {
  const byId = new Map((await items(ctx, submission)).map((i) => [i.id, i]));
  const messages = await ctx.store.listSubmissionMessages(submission.id);
  return Promise.all(messages.map(async (m) => ({
    id: m.id, author: m.author, at: m.createdAt.toISOString(), text: byId.has(m.itemId) ? await readSubmissionText(ctx, byId.get(m.itemId)!) : '',
  })));
}

function canTriage(principal: Principal): boolean {
  return principal.permissions.has('submission:triage');
}

export const submissionRoutes = [
  // —— without an account ——
  defineRoute({
    method: 'POST', url: '/api/public/submissions', permission: 'public', tags: ['public'], status: 201,
    summary: 'Hand in an account (survivor) or a tip; answers the receipt code, shown only this once',
    body: submissionRequestSchema, response: z.object({ submissionId: z.string(), receiptCode: z.string() }),
    handler: async ({ body, ctx, request }) => {
      const verdict = ctx.publicThrottle.submissionAttempt(request.ip);
      if (!verdict.allowed) throw new AriadneError('RATE_LIMITED', 'Too many submissions from this connection; please try again later.');
      if (body.named && !body.contact?.trim()) throw new AriadneError('VALIDATION_FAILED', 'Give a way to reach you, or choose to stay anonymous.', { details: { contact: 'required when named' } });
      const receiptCode = newReceiptCode();
      const submission = await ctx.store.createSubmission(PUBLIC_INTAKE, {
        kind: body.kind, language: body.language, named: body.named, consent: body.consent, receiptHash: receiptHash(receiptCode)!,
      });
      await storeSubmissionText(ctx, PUBLIC_INTAKE, submission, { role: 'account', text: body.account });
      if (body.named && body.contact) await storeSubmissionText(ctx, PUBLIC_INTAKE, submission, { role: 'contact', text: body.contact });
      return { submissionId: submission.id, receiptCode };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/public/submission/attachments', permission: 'receipt', tags: ['public'], status: 201,
    summary: 'Attach a finished upload to the submission',
    body: attachmentBody, response: z.object({ sha256: z.string(), size: z.number().int(), filename: z.string().nullable() }),
    handler: async ({ body, receipt, ctx }) => {
      const submission = receipt.submission;
      const owner = `submission:${submission.id}`;
      const { blob, filename } = await ctx.uploads.finished(body.uploadId, owner);
      const itemId = randomUUID();
      await ctx.uploads.claim(body.uploadId, itemId);
      try {
        const { item } = await ctx.store.intakeEvidence(PUBLIC_INTAKE, {
          id: itemId, caseId: submission.caseId, submissionId: submission.id, submissionRole: 'attachment',
          origin: submission.kind === 'account' ? 'survivor' : 'tip', blob, filename, description: body.description,
          consent: submission.consent, sealed: submission.kind === 'account', purpose: 'submission attachment',
        });
        return { sha256: item.sha256, size: item.size, filename: item.filename };
      } catch (error) {
        await ctx.store.releaseUpload(body.uploadId, itemId);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/public/submission', permission: 'receipt', tags: ['public'],
    summary: 'The submission as its sender sees it: status, items, the thread, consent',
    response: z.object({
      kind: z.enum(['account', 'tip']), status: z.string(), createdAt: z.string(), consent: z.record(z.string(), z.unknown()),
      items: z.array(z.object({ sha256: z.string(), size: z.number().int(), filename: z.string().nullable(), role: z.string(), receivedAt: z.string() })),
      messages: z.array(messageSchema),
    }),
    handler: async ({ receipt, ctx }) => {
      const submission = receipt.submission;
      const all = await items(ctx, submission);
      return {
        kind: submission.kind, status: submission.status, createdAt: submission.createdAt.toISOString(), consent: { ...submission.consent },
        items: all.filter((i) => i.submissionRole !== 'message').map((i) => ({ sha256: i.sha256, size: i.size, filename: i.filename, role: i.submissionRole ?? 'attachment', receivedAt: i.createdAt.toISOString() })),
        messages: await thread(ctx, submission),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/public/submission/messages', permission: 'receipt', tags: ['public'], status: 204,
    summary: 'Answer the team (or add something)',
    body: textBody,
    handler: async ({ body, receipt, ctx }) => {
      const item = await storeSubmissionText(ctx, PUBLIC_INTAKE, receipt.submission, { role: 'message', text: body.text });
      await ctx.store.addSubmissionMessage(PUBLIC_INTAKE, receipt.submission.id, 'sender', item.id);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/public/submission/consent', permission: 'receipt', tags: ['public'], status: 204,
    summary: 'Change or withdraw consent; recorded on every item as a custody event',
    body: consentSchema,
    handler: async ({ body, receipt, ctx }) => {
      await ctx.store.setSubmissionConsent(PUBLIC_INTAKE, receipt.submission.id, body);
      for (const item of await items(ctx, receipt.submission)) {
        await ctx.store.setEvidenceConsent(PUBLIC_INTAKE, item.id, body, 'consent changed by the sender');
      }
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/public/submission/receipt', permission: 'receipt', tags: ['public'],
    summary: 'A receipt: each item hash with an inclusion proof against a signed checkpoint',
    description: 'Keep it: with the log key it proves, without trusting Ariadne, what was submitted and when.',
    response: receiptSchema,
    handler: async ({ receipt, ctx }) => {
      const all = (await items(ctx, receipt.submission)).filter((i) => i.submissionRole !== 'message');
      const maxSeq = Math.max(...all.map((i) => i.intakeSeq));
      const checkpoint = await ctx.ledger.checkpointCovering(maxSeq);
      const proven = [];
      for (const item of all) {
        const [intake] = await ctx.store.custodyEvents(item.id);
        const proof = await ctx.ledger.inclusionProof(item.intakeSeq, checkpoint.size);
        proven.push({ sha256: item.sha256, size: item.size, role: item.submissionRole ?? 'attachment', seq: item.intakeSeq, leafHash: intake!.leafHash, entry: intake!.entry, details: { ...intake!.details }, proof: [...proof.proof] });
      }
      return { submissionId: receipt.submission.id, items: proven, checkpoint: checkpoint.note, verifierKey: ctx.ledger.verifierKey, issuedAt: ctx.clock().toISOString() };
    },
  }),

  // —— staff ——
  defineRoute({
    method: 'GET', url: '/api/submissions', permission: 'submission:triage', tags: ['submissions'],
    summary: 'The submissions inbox, newest first',
    query: pageQuery.extend({ status: z.enum(['new', 'triaged', 'closed']).optional() }), response: pageOf(submissionSummarySchema),
    handler: async ({ query, ctx }) => {
      const page = await ctx.store.listSubmissions({ ...(query.status ? { status: query.status } : {}) }, query);
      return { items: page.items.map(submissionSummaryDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/submissions/:id', permission: 'submission:triage', tags: ['submissions'],
    summary: 'One submission with its account, contact, items and thread (each sealed read is journalled)',
    params: idParams,
    response: submissionSummarySchema.extend({
      account: z.string().nullable(), contact: z.string().nullable(), consent: z.record(z.string(), z.unknown()),
      items: z.array(evidenceItemSchema), messages: z.array(messageSchema), sealedHidden: z.boolean(),
    }),
    handler: async ({ params, principal, ctx }) => {
      const submission = await ctx.store.getSubmission(params.id);
      if (!submission || !canTriage(principal)) throw notFound('submission');
      const all = await items(ctx, submission);
      const cleared = principal.permissions.has('sealed:read');
      const textOf = async (role: 'account' | 'contact'): Promise<string | null> => {
        const item = all.find((i) => i.submissionRole === role);
        if (!item || (item.sealed && !cleared)) return null;
        await ctx.store.recordCustody(principal.actor, item.id, 'view', { purpose: 'submission triage' });
        return readSubmissionText(ctx, item);
      };
      return {
        ...submissionSummaryDto(submission), consent: { ...submission.consent },
        account: await textOf('account'), contact: await textOf('contact'),
        items: all.filter((i) => i.submissionRole === 'attachment' && (!i.sealed || cleared)).map(evidenceItemDto),
        messages: await thread(ctx, submission), sealedHidden: !cleared && all.some((i) => i.sealed),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/submissions/:id/messages', permission: 'submission:triage', tags: ['submissions'], status: 204,
    summary: 'Ask the sender a question (they read it with their receipt code)',
    params: idParams, body: textBody,
    handler: async ({ params, body, principal, ctx }) => {
      const submission = await ctx.store.getSubmission(params.id);
      if (!submission) throw notFound('submission');
      const item = await storeSubmissionText(ctx, principal.actor, submission, { role: 'message', text: body.text });
      await ctx.store.addSubmissionMessage(principal.actor, submission.id, 'team', item.id);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/submissions/:id/triage', permission: 'submission:triage', tags: ['submissions'],
    summary: 'File the submission into one of your cases, or close it',
    params: idParams, body: triageBody, response: submissionSummarySchema,
    handler: async ({ params, body, principal, ctx }) => {
      const submission = await ctx.store.getSubmission(params.id);
      if (!submission) throw notFound('submission');
      if ('caseId' in body && !isCaseMember(await principal.cases(), body.caseId)) throw notFound('case');
      return submissionSummaryDto(await ctx.store.triageSubmission(principal.actor, submission.id, body));
    },
  }),
];
