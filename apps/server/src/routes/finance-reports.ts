/**
 * goAML reports of FIU cases: the STR/SAR as XML valid against the FIU's XSD (recorded with its
 * SHA-256 and journalled; the FIU case is then read-only), and its readable summary. A report the
 * writer or the XSD refuses is answered 422 with the first problems and nothing is recorded.
 */
import { z } from 'zod';
import { GOAML_SCHEMA_VERSIONS, type GoamlSchemaVersion } from '@ariadne/finance';
import { idParams } from '../api-schemas.ts';
import { contentDisposition } from '../evidence-content.ts';
import { makeProblem, PROBLEM_CONTENT_TYPE } from '../problem.ts';
import { defineRoute } from '../route.ts';
import { financeOf } from '../finance/finance-context.ts';
import { ReportRefused } from '../finance/goaml-reports.ts';
import { visibleFiuCase } from './finance-cases.ts';

const reportBody = z.strictObject({
  schemaVersion: z.enum(GOAML_SCHEMA_VERSIONS),
  includeVictims: z.boolean().optional(),
  victimPurpose: z.string().trim().min(10, 'state the purpose in a sentence').max(2000).optional(),
}).refine((b) => b.includeVictims !== true || b.victimPurpose !== undefined, {
  path: ['victimPurpose'], message: "required with includeVictims: say why the report needs the victims' identities",
});

/** the summary is one self-contained page with inline CSS and nothing else (see report-summary.ts) */
const SUMMARY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function pathOf(url: string): string {
  const cut = url.indexOf('?');
  return cut < 0 ? url : url.slice(0, cut);
}

const codeSchema = z.object({ code: z.string(), label: z.string().optional() });

export const financeReportRoutes = [
  defineRoute({
    method: 'GET', url: '/api/finance/goaml/code-lists', permission: 'finance:read', tags: ['finance'],
    summary: "The FIU's goAML report codes and indicators for a schema version (from its configured code lists)",
    description: 'What the FIU case form offers; the export refuses any code not on these lists. 409 when the schema version is not configured.',
    query: z.strictObject({ schemaVersion: z.enum(GOAML_SCHEMA_VERSIONS) }),
    response: z.object({ reportCodes: z.array(codeSchema), indicators: z.array(codeSchema) }),
    handler: async ({ query, ctx }) => {
      const lists = await financeOf(ctx).reports.codeLists(query.schemaVersion);
      return { reportCodes: [...lists.reportCodes], indicators: [...lists.indicators] };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/finance/cases/:id/report', permission: 'finance:report', tags: ['finance'], produces: 'binary',
    summary: 'Export the FIU case as a goAML report (XML valid against the configured XSD), recorded with its SHA-256',
    description: "Answers the XML as an attachment (`X-Report-SHA256` names its hash). Victims are pseudonymised unless `includeVictims` is set with a `victimPurpose` (each victim's disclosure is journalled). "
      + 'A report the writer or the FIU\'s XSD refuses answers 422 with the first problems (element paths, no values) and records nothing. '
      + 'The export is journalled (`finance.report.export`) and the FIU case becomes `reported`; exporting it again gives the same report. 409 when the goAML configuration is missing what the report needs.',
    params: idParams,
    body: reportBody,
    handler: async ({ params, body, principal, ctx, request, reply }) => {
      const fiuCase = await visibleFiuCase(ctx, principal, params.id);
      try {
        const report = await financeOf(ctx).reports.export(principal.actor, fiuCase, body);
        reply.headers({
          'content-type': 'application/xml; charset=utf-8',
          'content-disposition': contentDisposition('attachment', `goaml-${fiuCase.id}-${body.schemaVersion}.xml`),
          'x-report-sha256': report.sha256,
          'cache-control': 'no-store',
        });
        return Buffer.from(report.xml, 'utf8');
      } catch (error) {
        if (!(error instanceof ReportRefused)) throw error;
        // RFC 9110 §15.5.21: the request is well-formed, the report it asks for cannot be made valid
        const problem = { ...makeProblem({ code: 'VALIDATION_FAILED', detail: error.detail, errors: error.problems }, pathOf(request.url)), status: 422 };
        reply.code(422).header('content-type', PROBLEM_CONTENT_TYPE);
        return Buffer.from(JSON.stringify(problem), 'utf8');
      }
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/finance/cases/:id/summary', permission: 'finance:report', tags: ['finance'], produces: 'binary',
    summary: 'The readable summary of the FIU case\'s goAML report (HTML, printable to PDF), victims pseudonymised',
    params: idParams,
    query: z.strictObject({ schemaVersion: z.enum(GOAML_SCHEMA_VERSIONS).optional() }),
    handler: async ({ params, query, principal, ctx, reply }) => {
      const fiuCase = await visibleFiuCase(ctx, principal, params.id);
      const reports = financeOf(ctx).reports;
      const configured = Object.keys((await reports.config()).schemas) as GoamlSchemaVersion[];
      const html = await reports.summary(principal.actor, fiuCase, query.schemaVersion ?? configured[0] ?? '5.0.2');
      // a document, not the app: no script may run in it, whatever a value holds
      reply.headers({
        'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', `goaml-${fiuCase.id}-summary.html`),
        'content-security-policy': SUMMARY_CSP, 'cache-control': 'no-store',
      });
      return Buffer.from(html, 'utf8');
    },
  }),
];
