/**
 * The designation dossier (resolution 2331, para 13): for one person or organisation, what a
 * sanctions committee needs (identifiers, aliases in every script, the narrative, the designation
 * criteria the recorded facts support, linked incidents and evidence with their ledger proofs),
 * as a printable HTML document or a PDF. Each export is journalled (`dossier.export`, with the
 * content hash of what was assembled), like every other export.
 */
import { z } from 'zod';
import { buildDossier, renderDossierHtml, renderDossierPdf } from '@ariadne/dossier';
import { AriadneError } from '@ariadne/schema';
import { contentHash } from '@ariadne/store';
import { idParams } from '../api-schemas.ts';
import { readableEntity } from '../access-checks.ts';
import { contentDisposition } from '../evidence-content.ts';
import { defineRoute } from '../route.ts';
import { dossierInput } from '@ariadne/screening';

const SUBJECTS = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody']);

export const dossierRoutes = [
  defineRoute({
    method: 'GET', url: '/api/entities/:id/dossier', permission: 'dossier:export', tags: ['screening', 'entities'], produces: 'binary',
    summary: 'The designation dossier of a person or organisation (HTML or PDF)',
    description: "Evidence appears only when its consent allows the sanctions purpose for the recipient, and only as hashes with ledger proofs; victims' records never appear.",
    params: idParams,
    query: z.strictObject({
      format: z.enum(['html', 'pdf']).default('html'),
      recipient: z.string().trim().min(1).max(200).default('United Nations Security Council sanctions committee'),
    }),
    handler: async ({ params, query, principal, ctx, reply }) => {
      const subject = await readableEntity(ctx, principal, params.id);
      if (subject.sealed || !SUBJECTS.has(subject.schema)) throw new AriadneError('VALIDATION_FAILED', 'A dossier is assembled for a person or an organisation.');
      const caseRecord = subject.caseId ? await ctx.store.getCase(subject.caseId) : null;
      const alerts = await ctx.store.listAlerts({ caseIds: [subject.caseId], subjectId: subject.id }, { limit: 100 });
      const input = await dossierInput({ store: ctx.store, ledger: ctx.ledger, now: ctx.clock }, {
        subject, caseName: caseRecord?.name ?? null, generatedBy: principal.user.displayName, recipient: query.recipient,
        // the narrative is the subject's own summary: free text never travels in a URL
        narrative: subject.properties.summary?.[0] ?? subject.properties.description?.[0] ?? null, alerts: alerts.items,
      });
      const dossier = buildDossier(input);
      await ctx.store.appendJournal(principal.actor, {
        action: 'dossier.export', caseId: subject.caseId, entityId: subject.id, contentHash: contentHash({ format: query.format, recipient: query.recipient, input }),
      });
      const base = `dossier-${subject.id}`;
      reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      if (query.format === 'pdf') {
        reply.headers({ 'content-type': 'application/pdf', 'content-disposition': contentDisposition('attachment', `${base}.pdf`) });
        return renderDossierPdf(dossier);
      }
      // a document, not the app: no script may run in it, whatever a value holds
      reply.headers({
        'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', `${base}.html`),
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      });
      return Buffer.from(renderDossierHtml(dossier), 'utf8');
    },
  }),
];
