/**
 * Monitoring publication (issue 7): the table catalogue, releases through the publication gate
 * (each spending privacy budget from the ledger), the ledger, released tables as HXL CSV, and
 * reports made of released tables only, as HTML and PDF. Spread into the monitoring routes by
 * routes/monitoring.ts.
 *
 * Everything a release or report shows has passed the gate, but it is still not public until the
 * officer publishes it: downloads are `no-store`, and the report HTML runs no script.
 */
import { z } from 'zod';
import { EXPLOITATION_FORMS, INCIDENT_CATEGORIES, PERIOD_STEPS, VERIFICATION_STATUSES } from '@ariadne/monitoring';
import { idParams } from '../api-schemas.ts';
import { contentDisposition } from '../evidence-content.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { publicationOf } from '../monitoring/publication-service.ts';
import { REPORT_KINDS, REPORT_LANGUAGES } from '../monitoring/report-builder.ts';

/** the report is one self-contained page: inline CSS, data: images, nothing fetched, nothing run */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** released figures are not public until the officer publishes them: no cache keeps a copy */
const PRIVATE_DOWNLOAD = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;

const MAX_LIST = 10_000;
const MECHANISMS = ['discrete-laplace', 'discrete-gaussian', 'none'] as const;
const shortText = z.string().min(1).max(200);
/** a range bound: a day, a month, a quarter or a year (tables/periods.ts `checkRange` decides) */
const rangeBound = z.string().min(4).max(10);
const reportDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'an ISO date (YYYY-MM-DD) or month (YYYY-MM)');
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, upper case');

const filtersSchema = z.strictObject({
  countries: z.array(z.string().max(10)).min(1).max(MAX_LIST).optional(),
  pcodes: z.array(shortText).min(1).max(MAX_LIST).optional(),
  groups: z.array(shortText).min(1).max(MAX_LIST).optional(),
  forms: z.array(z.enum(EXPLOITATION_FORMS)).min(1).optional(),
  categories: z.array(z.enum(INCIDENT_CATEGORIES)).min(1).optional(),
  h3Cells: z.array(z.string().max(20)).min(1).max(MAX_LIST).optional(),
  verification: z.array(z.enum(VERIFICATION_STATUSES)).min(1).optional(),
  maxRecordsPerPerson: z.number().int().min(1).max(10_000).optional(),
  maxFormsPerRecord: z.number().int().min(1).max(EXPLOITATION_FORMS.length).optional(),
});

const releaseBody = z.strictObject({
  table: z.string().min(1).max(80).describe('a table id of GET /api/monitoring/tables'),
  title: z.string().trim().min(1).max(300),
  from: rangeBound,
  to: rangeBound,
  step: z.enum(PERIOD_STEPS),
  filters: filtersSchema.optional(),
  k: z.number().int().describe('small-cell threshold; default from the configuration, never below 5 (refused with 400)').optional(),
  mechanism: z.enum(MECHANISMS),
  epsilon: z.number().finite().positive().optional(),
  delta: z.number().finite().min(0).max(1).optional(),
});

const noteSchema = z.object({ k: z.number().int(), mechanism: z.enum(MECHANISMS), epsilon: z.number(), delta: z.number(), text: z.string() }).meta({ id: 'DisclosureNote' });
const privacyBudget = z.object({ epsilon: z.number(), delta: z.number() });
const budgetSchema = z.object({ total: privacyBudget, spent: privacyBudget, remaining: privacyBudget }).meta({ id: 'PrivacyBudgetStatus' });
const releaseSchema = z.object({
  id: z.string(), title: z.string(), table: z.string(), step: z.enum(PERIOD_STEPS), at: z.string(),
  cells: z.array(z.object({ key: z.record(z.string(), z.string()), value: z.number().int().nullable(), suppressed: z.boolean() })),
  note: noteSchema,
}).meta({ id: 'MonitoringRelease' });
const ledgerEntrySchema = z.object({
  id: z.string(), at: z.string(), query: z.string(), mechanism: z.enum(MECHANISMS),
  epsilon: z.number(), delta: z.number(), k: z.number().int(), cells: z.number().int(), suppressed: z.number().int(),
});

const reportBody = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  title: z.string().trim().min(1).max(300),
  from: reportDate,
  to: reportDate,
  country: country.optional(),
  language: z.enum(REPORT_LANGUAGES),
  releases: z.array(z.string().min(1).max(200)).min(1).max(100),
  glotip: z.strictObject({ country, fromYear: z.number().int().min(1900).max(2200), toYear: z.number().int().min(1900).max(2200) }).optional(),
}).refine((b) => b.kind !== 'country' || b.country !== undefined, { path: ['country'], message: 'required for a country profile' })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'on or after from' });
const reportSchema = z.object({ id: z.string(), kind: z.enum(REPORT_KINDS), title: z.string(), language: z.enum(REPORT_LANGUAGES), createdAt: z.string(), releases: z.array(z.string()) });

export const monitoringPublicationRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET', url: '/api/monitoring/tables', permission: 'monitoring:read', tags: ['monitoring'],
    summary: 'The catalogue of publishable tables: each with its dimensions and their HXL hashtags',
    description: 'A time dimension is tagged `#date`; a released table adds the step (`#date+month`).',
    response: z.object({ tables: z.array(z.object({ id: z.string(), titleKey: z.string(), records: z.string(), counts: z.string(), dimensions: z.array(z.object({ name: z.string(), hxl: z.string() })) })) }),
    handler: async ({ ctx }) => ({ tables: publicationOf(ctx).catalogue() }),
  }),
  defineRoute({
    method: 'POST', url: '/api/monitoring/releases', permission: 'monitoring:publish', tags: ['monitoring'], status: 201,
    summary: 'Release a table through the publication gate, spending privacy budget',
    description: 'Builds the full table from the incidents (or movements) the caller may see — imported datasets and the cases it is a member of, survivors\' statistics consent applied — '
      + 'adds the chosen noise, suppresses cells below k (default from the configuration, never below 5), and records the ledger row and the released table in one step. '
      + '409 when the release would exceed the privacy budget (the problem\'s `budget` member says what is left); 400 for k below 5 or bad parameters. Nothing is released or spent on a refusal.',
    body: releaseBody,
    response: z.object({ release: releaseSchema, budget: budgetSchema }),
    handler: async ({ body, principal, ctx }) => {
      const { memberCaseIds } = await principal.cases();
      return publicationOf(ctx).release(principal.actor, { caseIds: memberCaseIds }, body);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/releases', permission: 'monitoring:read', tags: ['monitoring'],
    summary: 'Released tables, newest first (without their cells), each with the catalogue table and period step it was built as',
    response: z.object({ releases: z.array(z.object({ id: z.string(), title: z.string(), table: z.string(), step: z.enum(PERIOD_STEPS), at: z.string(), cells: z.number().int(), suppressed: z.number().int(), note: noteSchema })) }),
    handler: async ({ principal, ctx }) => ({ releases: await publicationOf(ctx).listReleases(principal.actor) }),
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/releases/:id', permission: 'monitoring:read', tags: ['monitoring'],
    summary: 'One released table as it was published (no budget is spent to show it again)',
    params: idParams,
    response: z.object({ release: releaseSchema }),
    handler: async ({ params, principal, ctx }) => ({ release: await publicationOf(ctx).getRelease(principal.actor, params.id) }),
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/releases/:id/hxl', permission: 'monitoring:read', tags: ['monitoring'], produces: 'binary',
    summary: 'One released table as HXL-tagged CSV (labels, hashtag row, rows with their disclosure note)',
    params: idParams,
    handler: async ({ params, principal, ctx, reply }) => {
      const { fileName, csv } = await publicationOf(ctx).releaseHxl(principal.actor, params.id);
      reply.headers({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition('attachment', fileName), ...PRIVATE_DOWNLOAD });
      return Buffer.from(csv, 'utf8');
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/ledger', permission: 'monitoring:publish', tags: ['monitoring'],
    summary: 'The privacy ledger: every release\'s ε, δ and k, and the budget spent and left',
    response: z.object({ entries: z.array(ledgerEntrySchema), budget: budgetSchema }),
    handler: async ({ principal, ctx }) => publicationOf(ctx).ledger(principal.actor),
  }),
  defineRoute({
    method: 'POST', url: '/api/monitoring/reports', permission: 'monitoring:publish', tags: ['monitoring'], status: 201,
    summary: 'Make a thematic report or a country profile from released tables (and GLOTIP figures as UNODC published them)',
    description: 'Only released tables enter a report; GLOTIP figures are quoted with their "<5" and labelled with their source. 400 when a release id is unknown or a figure could not have passed the gate.',
    body: reportBody,
    response: z.object({ report: reportSchema }),
    handler: async ({ body, principal, ctx }) => {
      const report = await publicationOf(ctx).createReport(principal.actor, body);
      return { report: { ...report, releases: [...report.releases] } };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/reports', permission: 'monitoring:read', tags: ['monitoring'],
    summary: 'Reports made, newest first',
    description: 'Reports are kept by the store as their definitions and rendered from their released tables on every read.',
    response: z.object({ reports: z.array(reportSchema.omit({ releases: true })) }),
    handler: async ({ ctx }) => ({ reports: (await publicationOf(ctx).listReports()).map(({ releases: _releases, ...r }) => r) }),
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/reports/:id/html', permission: 'monitoring:read', tags: ['monitoring'], produces: 'binary',
    summary: 'A report as one self-contained HTML page (no script, nothing fetched)',
    params: idParams,
    handler: async ({ params, principal, ctx, reply }) => {
      const { fileName, html } = await publicationOf(ctx).reportHtml(principal.actor, params.id);
      reply.headers({ 'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', fileName), 'content-security-policy': REPORT_CSP, ...PRIVATE_DOWNLOAD });
      return Buffer.from(html, 'utf8');
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/reports/:id/pdf', permission: 'monitoring:read', tags: ['monitoring'], produces: 'binary',
    summary: 'A report as PDF (attachment)',
    params: idParams,
    handler: async ({ params, principal, ctx, reply }) => {
      const { fileName, pdf } = await publicationOf(ctx).reportPdf(principal.actor, params.id);
      reply.headers({ 'content-type': 'application/pdf', 'content-disposition': contentDisposition('attachment', fileName), ...PRIVATE_DOWNLOAD });
      return pdf;
    },
  }),
];
