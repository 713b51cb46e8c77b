/**
 * The designation dossier (resolution 2331, para 13): for one person or organisation, what a
 * sanctions committee needs (identifiers, aliases in every script, the narrative, the designation
 * criteria the recorded facts support, linked incidents and evidence with their ledger proofs),
 * as a printable HTML document or a PDF. Each export is journalled (`dossier.export`, with the
 * content hash of what was assembled), like every other export.
 */
import { z } from 'zod';
import { idParams } from '../api-schemas.ts';
import { readableEntity } from '../access-checks.ts';
import { contentDisposition } from '../evidence-content.ts';
import { defineRoute } from '../route.ts';
import { exportDossier } from '@ariadne/screening';

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
      const bytes = await exportDossier({ store: ctx.store, ledger: ctx.ledger, now: ctx.clock }, principal.actor, {
        subject, format: query.format, recipient: query.recipient, generatedBy: principal.user.displayName,
      });
      const base = `dossier-${subject.id}`;
      reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      if (query.format === 'pdf') {
        reply.headers({ 'content-type': 'application/pdf', 'content-disposition': contentDisposition('attachment', `${base}.pdf`) });
        return bytes;
      }
      // a document, not the app: no script may run in it, whatever a value holds
      reply.headers({
        'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', `${base}.html`),
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      });
      return bytes;
    },
  }),
];
