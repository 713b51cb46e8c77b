/**
 * Financial data of a case: transactions files imported (CSV with its column map, ISO 20022, FtM
 * entities) and KYC files, each a data set followed by a scan of the case; transactions streamed
 * as JSON and scored as they arrive; the batch scan on demand; and the case's alerts as
 * Server-Sent Events.
 *
 * The column map of a CSV file comes in the `X-Column-Map` header (see finance/map-header.ts).
 */
import { z } from 'zod';
import { canSeeCase } from '@ariadne/access';
import { AriadneError } from '@ariadne/schema';
import { idString } from '../api-schemas.ts';
import { visibleCase } from '../access-checks.ts';
import { authenticate } from '../principal.ts';
import { defineRoute } from '../route.ts';
import { financeOf } from '../finance/finance-context.ts';
import {
  accountsQuery, datasetDto, datasetSchema, ERRORS_ANSWERED, errorDto, importQuery, importResultSchema, scanResultSchema, streamBody, streamResultSchema,
} from '../finance/finance-schemas.ts';
import type { ImportOutcome } from '../finance/finance-service.ts';
import { accountMapOf, columnMapOf } from '../finance/map-header.ts';
import { IMPORT_CONTENT_TYPES, type ImportFormat } from '../finance/import-readers.ts';
import type { FastifyRequest } from 'fastify';

const caseParams = z.strictObject({ caseId: idString });

/** the body types the import routes read as streams (JSON stays parsed for every other route) */
const IMPORT_BODY_TYPES = [...new Set(Object.values(IMPORT_CONTENT_TYPES).flat())];

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function requireContentType(request: FastifyRequest, allowed: readonly string[], what: string): void {
  if (!allowed.includes(mediaType(request))) {
    throw new AriadneError('UNSUPPORTED_MEDIA_TYPE', `Send ${what} as ${allowed.join(' or ')}.`, { details: { 'content-type': allowed.join(', ') } });
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function importDto(outcome: ImportOutcome) {
  return {
    dataset: datasetDto(outcome.dataset), unchanged: outcome.unchanged, stored: outcome.stored, accounts: outcome.accounts,
    errorCount: outcome.errorCount, errors: outcome.errors.slice(0, ERRORS_ANSWERED).map(errorDto), newAlerts: outcome.newAlerts,
  };
}

export const financeDataRoutes = [
  defineRoute({
    method: 'POST', url: '/api/cases/:caseId/finance/imports', permission: 'finance:write', tags: ['finance'], status: 201,
    summary: 'Import a transactions file as a data set of the case, then scan the case',
    description: 'The file is the body: `?format=csv` as text/csv with its column map as JSON in the `X-Column-Map` header (at most 8 KB; keys `id`, `from`, `to`, `amount`, `timestamp`, optional `currency`, `type`, `from_bank`, …, `delimiter`, `decimal_separator`, `default_currency`), '
      + '`?format=iso20022` as application/xml (camt.053, pacs.008, pain.001), `?format=ftm` as application/x-ndjson (FtM Payment and BankAccount entities). '
      + 'Refused records are answered (the first 100) and kept with the data set; the rest is stored. A file the case already imported (same SHA-256) is answered `unchanged` and writes nothing. '
      + 'The scan after the import records its alerts; `newAlerts` counts them.',
    params: caseParams,
    query: importQuery,
    rawBody: IMPORT_BODY_TYPES,
    response: importResultSchema,
    handler: async ({ params, query, principal, ctx, request }) => {
      await visibleCase(ctx, principal, params.caseId);
      const format: ImportFormat = query.format;
      requireContentType(request, IMPORT_CONTENT_TYPES[format], `a ${format} file`);
      const map = format === 'csv' ? columnMapOf(header(request, 'x-column-map')) : undefined;
      const outcome = await financeOf(ctx).importTransactions(principal.actor, params.caseId, {
        format, source: query.source, body: request.raw, ...(map ? { map } : {}),
      });
      return importDto(outcome);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:caseId/finance/accounts', permission: 'finance:write', tags: ['finance'], status: 201,
    summary: "Import a KYC file (the accounts' holders, customers, kinds, banks), then scan the case again",
    description: 'The CSV file is the body (text/csv); its account map is JSON in the `X-Column-Map` header (`id` required; `customer_id`, `holder_id`, `holder_name`, `kind`, `business_type`, `bank`, `country`, `city`, `delimiter` optional). '
      + 'Accounts already known are updated field by field (newer values win; absent ones erase nothing).',
    params: caseParams,
    query: accountsQuery,
    rawBody: ['text/csv'],
    response: importResultSchema,
    handler: async ({ params, query, principal, ctx, request }) => {
      await visibleCase(ctx, principal, params.caseId);
      requireContentType(request, ['text/csv'], 'the KYC file');
      const map = accountMapOf(header(request, 'x-column-map'));
      return importDto(await financeOf(ctx).importAccounts(principal.actor, params.caseId, { source: query.source, body: request.raw, map }));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/cases/:caseId/finance/datasets', permission: 'finance:read', tags: ['finance'],
    summary: "The case's data sets (imported files, the stream, KYC), newest first",
    params: caseParams,
    response: z.object({ items: z.array(datasetSchema) }),
    handler: async ({ params, principal, ctx }) => {
      await visibleCase(ctx, principal, params.caseId);
      return { items: (await ctx.store.listFinanceDatasets([params.caseId])).map(datasetDto) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:caseId/finance/transactions', permission: 'finance:write', tags: ['finance'],
    summary: 'Post transactions (at most 1,000) to be stored and scored as they arrive',
    description: 'Each transaction: `{ id, from, to, amount (number or decimal text), currency?, timestamp (ISO 8601 with zone), type?, fromBank?, toBank?, fromCountry?, toCountry?, location?, merchantCategory?, reference?, beneficiaryName? }`. '
      + "Each is checked on its own: a bad one is answered as an error naming its position (1-based) and field, the rest are stored in the case's `stream` data set and scored against the case's history; alerts they complete are recorded and answered at once.",
    params: caseParams,
    body: streamBody,
    response: streamResultSchema,
    handler: async ({ params, body, principal, ctx }) => {
      await visibleCase(ctx, principal, params.caseId);
      const outcome = await financeOf(ctx).stream(principal.actor, params.caseId, body.transactions);
      return {
        stored: outcome.stored, errors: outcome.errors.map(errorDto),
        alerts: outcome.alerts.map((a) => ({ id: a.id, typology: a.typology, score: a.score })),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:caseId/finance/scans', permission: 'finance:write', tags: ['finance'],
    summary: 'Scan the whole case again with the configured typologies; new alerts are recorded',
    params: caseParams,
    response: scanResultSchema,
    handler: async ({ params, principal, ctx }) => {
      await visibleCase(ctx, principal, params.caseId);
      const scan = await financeOf(ctx).scan(principal.actor, params.caseId);
      return { algorithm: scan.algorithm, parties: scan.parties, transactions: scan.transactions, hits: scan.hits, newAlerts: scan.raised.length };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/cases/:caseId/finance/alerts/stream', permission: 'finance:read', tags: ['finance'], produces: 'binary',
    summary: "The case's alerts as they are raised or updated (Server-Sent Events)",
    description: 'text/event-stream: `event: alert` with `data: { id, typology, score, change: new|updated }`; fetch the alert for the rest. A comment line every 15 s keeps the connection open; '
      + 'the stream ends (after `event: close`) when your session or token stops being valid, your membership ends, or after 30 minutes (EventSource reconnects).',
    params: caseParams,
    handler: async ({ params, principal, ctx, request, reply }) => {
      await visibleCase(ctx, principal, params.caseId);
      const caseId = params.caseId;
      const stream = financeOf(ctx).openAlertStream(caseId, async () => {
        const current = await authenticate(ctx, request);
        return current.permissions.has('finance:read') && canSeeCase(await current.cases(), caseId);
      });
      reply.raw.on('close', () => stream.body.destroy());
      reply.headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
      return stream.body;
    },
  }),
];
