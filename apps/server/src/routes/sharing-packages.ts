/**
 * Sharing packages: preview what a send would hold, send the case reduced to an agreement, send an
 * MLA request, list packages sent, received and refused, fetch an outgoing package's file, import
 * one, and read what an imported package kept (an MLA request, its covers, evidence bundles, the
 * partner's alerts with their subjects in our ids).
 *
 * A refused import answers a problem with the refusal's `reason` (409 replayed, 413 too large,
 * 403 not ours to open, 422 otherwise) and is recorded as refused; a send refused for want of
 * consent answers 422 with the records' ids in `refused`, and nothing is recorded as sent.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isCaseMember } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import { alertsForImport, parseSharedAlerts, readMlaRequest } from '@ariadne/sharing';
import { idParams, pageOf } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import { contentDisposition } from '../evidence-content.ts';
import { defineRoute } from '../route.ts';
import {
  importedSchema, mlaBody, packageDto, packageSchema, packagesQuery, previewSchema, receivedAlertsSchema, receivedSchema, selectionBody,
} from '../sharing/sharing-schemas.ts';
import { memberAgreement, memberPackage } from './sharing-access.ts';

const PACKAGE_TYPES = ['application/octet-stream'];
/** a cover document is a page of its own: no script may run in it, whatever a value holds */
const COVER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const REFUSALS = '422 with `refused` (ids and reasons) when a victim\'s record lacks consent for the purpose and `missingConsent` is `refuse` (the default); '
  + '409 with a `reason` when the agreement is not active, is for receiving only, or is outside its dates.';

export const sharingPackageRoutes = [
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/:id/preview', permission: 'share:send', tags: ['sharing'],
    summary: 'What a package under the agreement would hold (counts, records refused); nothing leaves',
    description: 'Reads the case as a send would (sealed records read are journalled, purpose `share`). Works on a draft agreement too.',
    params: idParams,
    body: selectionBody,
    response: previewSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      const preview = await ctx.sharing.preview(principal.actor, agreement, body);
      return { counts: preview.counts, refused: preview.refused.map((r) => ({ id: r.id, reason: r.reason })) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/:id/packages', permission: 'share:send', tags: ['sharing'], status: 201,
    summary: 'Send the case (or a selection of it) reduced to the agreement, as a signed package encrypted to the partner',
    description: `Victims travel only under a per-partner pseudonym, with the survivor's consent. The package is written to the server's outgoing folder; fetch it with \`GET /api/sharing/packages/:id/file\`. ${REFUSALS}`,
    params: idParams,
    body: selectionBody,
    response: packageSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      return packageDto(await ctx.sharing.send(principal.actor, agreement, body));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/agreements/:id/mla', permission: 'share:send', tags: ['sharing'], status: 201,
    summary: 'Send a mutual legal assistance or extradition request (`ariadne-mla/1`) with evidence bundles of the case',
    description: 'The agreement must be for mutual legal assistance, prosecution or investigation, and allow evidence when bundles are sent. '
      + 'A victim among the subjects named by a record id of the case travels as its pseudonym. The request is checked in full (400 naming each bad field).',
    params: idParams,
    body: mlaBody,
    response: packageSchema,
    handler: async ({ params, body, principal, ctx }) => {
      const agreement = await memberAgreement(ctx, principal, params.id);
      const caseRecord = await ctx.store.getCase(agreement.caseId);
      if (!caseRecord) throw notFound('case');
      return packageDto(await ctx.sharing.sendMla(principal.actor, agreement, { ...body, caseName: caseRecord.name }));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/packages', permission: 'share:read', tags: ['sharing'],
    summary: 'Packages sent, imported and refused, newest first',
    description: 'Those of your cases; holders of `share:receive` also see packages refused under no agreement this instance holds (a page may then hold fewer items than `limit`).',
    query: packagesQuery,
    response: pageOf(packageSchema),
    handler: async ({ query, principal, ctx }) => {
      const cases = await principal.cases();
      const page = { limit: query.limit, cursor: query.cursor ?? null };
      const direction = query.direction ? { direction: query.direction } : {};
      if (query.agreementId !== undefined) {
        await memberAgreement(ctx, principal, query.agreementId);
        const found = await ctx.store.listPackages({ agreementId: query.agreementId, ...direction }, page);
        return { items: found.items.map(packageDto), next: found.next };
      }
      if (!principal.permissions.has('share:receive')) {
        const found = await ctx.store.listPackages({ caseIds: cases.memberCaseIds, ...direction }, page);
        return { items: found.items.map(packageDto), next: found.next };
      }
      const member = new Set(cases.memberCaseIds);
      const found = await ctx.store.listPackages(direction, page);
      return { items: found.items.filter((p) => p.caseId === null || member.has(p.caseId)).map(packageDto), next: found.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/packages/:id/file', permission: 'share:send', tags: ['sharing'], produces: 'binary',
    summary: 'An outgoing package as sent (encrypted to the partner)',
    params: idParams,
    handler: async ({ params, principal, ctx, reply }) => {
      const record = await memberPackage(ctx, principal, params.id, 'outgoing');
      reply.headers({
        'content-type': 'application/octet-stream', 'content-disposition': contentDisposition('attachment', `${record.id}.ariadne-share`),
        'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
      });
      const stream = createReadStream(ctx.sharing.outgoingFile(record.id));
      // the file may be gone (a server's ephemeral folder did not survive a restart)
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new AriadneError('NOT_FOUND', 'The package file is no longer kept on this server.') : error));
      });
      return stream;
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/sharing/packages/import', permission: 'share:receive', tags: ['sharing'], status: 201,
    summary: 'Import a package a partner sent (the file as the body) into its agreement\'s case',
    description: 'Verified in order: decryption, signature, addressee, member hashes, sender is a partner, agreement and its partner, agreement active and within its dates, '
      + 'terms hash, package expiry, replay, conformance to the terms, every evidence bundle by the evidence verifier (against the partner\'s registered ledger key, '
      + 'else the key it carries; one that does not verify refuses the package as `tampered`); then imported in one transaction with the partner as the provenance of every statement. '
      + 'A refusal answers a problem with `reason` (409 `replayed`, 413 `too-large`, 403 `not-for-us`, `unknown-sender`, `sender-key-mismatch`, 422 otherwise) and is recorded. '
      + '`counts.written` is the number of entities written. Only members of the agreement\'s case import into it (404 otherwise, nothing recorded).',
    rawBody: PACKAGE_TYPES,
    response: importedSchema,
    handler: async ({ principal, ctx, request }) => {
      if (!PACKAGE_TYPES.includes(String(request.headers['content-type'] ?? '').split(';')[0]!.trim())) {
        throw new AriadneError('UNSUPPORTED_MEDIA_TYPE', 'Send the package file as application/octet-stream.');
      }
      const cases = await principal.cases();
      const received = await ctx.sharing.receive(principal.actor, request.raw, { mayReceiveInto: (caseId) => isCaseMember(cases, caseId) });
      const dto = packageDto(received.record);
      return { ...dto, counts: { ...dto.counts, written: received.written }, mla: received.mla ? { ...received.mla } : null };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/packages/:id/received', permission: 'share:receive', tags: ['sharing'],
    summary: 'What an imported package kept besides its entities (evidence bundles, an MLA request and its covers, alerts)',
    description: 'Empty once purged (revocation or retention). Each evidence bundle comes with its verification on receipt (`verification`: items, events, '
      + 'the fingerprint of the key it verified against and whether that was the partner\'s registered ledger key or the key the bundle carries).',
    params: idParams,
    response: receivedSchema,
    handler: async ({ params, principal, ctx }) => {
      const record = await memberPackage(ctx, principal, params.id, 'incoming');
      if (record.status !== 'imported') throw notFound('imported package');
      const kept = await ctx.sharing.keptMembers(record.id);
      const request = kept.find((m) => m.role === 'mla-request');
      return {
        members: kept.map((m) => ({ path: m.path, role: m.role, sha256: m.sha256, bytes: m.bytes, verification: m.verification ? { ...m.verification } : null })),
        mla: request ? { ...readMlaRequest(await readFile(request.file)) } : null,
      };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/packages/:id/alerts', permission: 'share:receive', tags: ['sharing'],
    summary: 'The finance and screening alerts an imported package brought, their subjects as our ids',
    description: 'Format `ariadne-alerts/1` as checked on import; each subject is the id of an entity the same package imported (`share-…`). '
      + 'Empty when the package carried none, or once purged (revocation or retention).',
    params: idParams,
    response: receivedAlertsSchema,
    handler: async ({ params, principal, ctx }) => {
      const record = await memberPackage(ctx, principal, params.id, 'incoming');
      if (record.status !== 'imported' || record.partnerId === null) throw notFound('imported package');
      const member = (await ctx.sharing.keptMembers(record.id)).find((m) => m.role === 'alerts');
      if (!member) return { alerts: [] };
      return { alerts: alertsForImport(parseSharedAlerts(JSON.parse(await readFile(member.file, 'utf8'))), record.partnerId) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/sharing/packages/:id/received/file', permission: 'share:receive', tags: ['sharing'], produces: 'binary',
    summary: 'One member an imported package kept (an evidence bundle, the MLA request, a cover document)',
    params: idParams,
    query: z.strictObject({ path: z.string().min(1).max(200) }),
    handler: async ({ params, query, principal, ctx, reply }) => {
      const record = await memberPackage(ctx, principal, params.id, 'incoming');
      const member = record.status === 'imported' ? (await ctx.sharing.keptMembers(record.id)).find((m) => m.path === query.path) : undefined;
      if (!member) throw notFound('member');
      const name = query.path.split('/').pop() ?? 'member';
      if (member.role === 'mla-cover') {
        reply.headers({ 'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', name), 'content-security-policy': COVER_CSP });
      } else {
        reply.headers({
          'content-type': member.role === 'evidence-bundle' ? 'application/x-tar' : 'application/json',
          'content-disposition': contentDisposition('attachment', name),
        });
      }
      reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      return createReadStream(member.file);
    },
  }),
];
