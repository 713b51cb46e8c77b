/**
 * Privacy-preserving record linkage (issue 8, part 3) through the API: two parties' CLK files in,
 * the matched token pairs out (never a score), the run recorded with its counts. The body holds
 * both files as text, so this route alone reads bodies up to `maxLinkageBodyBytes` (64 MiB). The
 * files are parsed and matched in a worker thread, so a large run does not stall other requests.
 */
import { isCaseMember } from '@ariadne/access';
import { pageOf } from '../api-schemas.ts';
import { defineRoute } from '../route.ts';
import { linkagePoolOf } from '../sharing/linkage-pool.ts';
import { runLinkage } from '../sharing/linkage-run.ts';
import { linkageBody, linkageResultSchema, linkageRunDto, linkageRunSchema, linkageRunsQuery } from '../sharing/sharing-schemas.ts';
import { memberCase } from './sharing-access.ts';

export const linkageRoutes = [
  defineRoute({
    method: 'POST', url: '/api/linkage/runs', permission: 'linkage:run', tags: ['linkage'], status: 201,
    summary: 'Link two CLK files: only the matched pairs of random tokens are answered, never a score',
    description: 'Both files must be encoded with the same linkage schema (the same `schemaSha256`). Matching is one to one, within shared blocking keys when both files carry them. '
      + 'Each party maps the tokens back to its records with the token map it kept. A body over `maxLinkageBodyBytes` answers 413.',
    body: linkageBody,
    bodyLimit: (config) => config.maxLinkageBodyBytes,
    response: linkageResultSchema,
    handler: async ({ body, principal, ctx }) => {
      if (body.caseId !== undefined) await memberCase(principal, body.caseId);
      const outcome = await runLinkage(ctx.store, principal.actor, {
        title: body.title, caseId: body.caseId ?? null, a: body.a, b: body.b, ...(body.threshold === undefined ? {} : { threshold: body.threshold }),
      }, { now: ctx.clock(), match: (request) => linkagePoolOf(ctx).run(request) });
      return { run: linkageRunDto(outcome.run), pairs: outcome.pairs.map((p) => ({ tokenA: p.tokenA, tokenB: p.tokenB })) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/linkage/runs', permission: 'linkage:run', tags: ['linkage'],
    summary: 'Linkage runs, newest first: those of your cases and those of no case',
    description: 'Counts only: neither records, encodings nor pairs are kept. Without `caseId` a page may hold fewer items than `limit`.',
    query: linkageRunsQuery,
    response: pageOf(linkageRunSchema),
    handler: async ({ query, principal, ctx }) => {
      const page = { limit: query.limit, cursor: query.cursor ?? null };
      if (query.caseId !== undefined) {
        await memberCase(principal, query.caseId);
        const found = await ctx.store.listLinkageRuns({ caseIds: [query.caseId] }, page);
        return { items: found.items.map(linkageRunDto), next: found.next };
      }
      const cases = await principal.cases();
      const found = await ctx.store.listLinkageRuns({}, page);
      return { items: found.items.filter((r) => r.caseId === null || isCaseMember(cases, r.caseId)).map(linkageRunDto), next: found.next };
    },
  }),
];
