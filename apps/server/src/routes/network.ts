/**
 * Network analysis of a case (issue 5): the case's graph as the principal may see it, analyses
 * as owner-only jobs (answered at once when quick, else 202 and polled, cancellable), and GEXF /
 * GraphML exports for Gephi and Cytoscape (journalled like every export).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toGexf, toGraphml, type EntityNetwork } from '@ariadne/network';
import { AriadneError } from '@ariadne/schema';
import { idParams, idString } from '../api-schemas.ts';
import { visibleCase } from '../access-checks.ts';
import type { AppContext } from '../context.ts';
import { contentDisposition } from '../evidence-content.ts';
import type { AnalysisJob } from '../network/analysis-jobs.ts';
import { analysisBody, analysisJobSchema, filterFromQuery, filterQuery, networkSchema } from '../network/network-schemas.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';

/** the explorer draws at most this many ties; above it the heaviest are kept and the answer says so */
export const VIEW_EDGE_LIMIT = 50_000;
const caseParams = z.strictObject({ caseId: idString });

const readerOf = (principal: Principal) => ({ actor: principal.actor, userId: principal.user.id, sealed: principal.permissions.has('sealed:read') });

async function caseNetwork(ctx: AppContext, principal: Principal, caseId: string, filter: Parameters<AppContext['network']['load']>[2]): Promise<EntityNetwork> {
  await visibleCase(ctx, principal, caseId);
  return ctx.network.load(readerOf(principal), caseId, filter);
}

/** keeps the heaviest ties (then the earliest ids, for a stable answer) and the nodes they join */
function limitEdges(network: EntityNetwork, limit: number): { network: EntityNetwork; truncated: boolean } {
  if (network.edges.length <= limit) return { network, truncated: false };
  const edges = [...network.edges].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1)).slice(0, limit);
  const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { network: { ...network, nodes: network.nodes.filter((n) => keep.has(n.id)), edges }, truncated: true };
}

const jobDto = (job: AnalysisJob) => ({
  id: job.id, kind: job.kind, caseId: job.caseId, state: job.state, progress: job.progress, result: job.result, error: job.error,
  createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null,
});

export const networkRoutes = [
  defineRoute({
    method: 'GET', url: '/api/cases/:caseId/network', permission: 'network:read', tags: ['network'],
    summary: "The case's network: entities and their ties, filtered by time window, relation kinds and provenance",
    description: `Victims' records appear only for principals cleared for sealed data, and each one shown is journalled. At most ${VIEW_EDGE_LIMIT.toLocaleString('en')} ties (the heaviest) are answered; \`truncated\` says when more exist.`,
    params: caseParams,
    query: filterQuery,
    response: networkSchema,
    handler: async ({ params, query, principal, ctx }) => {
      const { network, truncated } = limitEdges(await caseNetwork(ctx, principal, params.caseId, filterFromQuery(query)), VIEW_EDGE_LIMIT);
      return { nodes: network.nodes.map((n) => ({ ...n, roles: [...n.roles] })), edges: network.edges.map((e) => ({ ...e, sources: [...e.sources] })), stats: { ...network.stats }, truncated };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/cases/:caseId/network/analyses', permission: 'network:read', tags: ['network'], accepted: true,
    summary: 'Runs one analysis (centrality, communities, structure, paths, ego network, disruption plan, timeline) on the case network',
    description: 'Answers 200 with the finished job when it finished within about 1.5 s, else 202 with the running job: poll `GET /api/network/analyses/:id`, cancel with `DELETE`. Jobs are visible to the user who started them only, kept in memory for 30 minutes after they end.',
    params: caseParams,
    body: analysisBody,
    response: analysisJobSchema,
    handler: async ({ params, body, principal, ctx, reply }) => {
      const network = await caseNetwork(ctx, principal, params.caseId, body.filter ?? {});
      const job = await ctx.network.analyse(readerOf(principal), params.caseId, network, body.analysis);
      // a request that failed at once (an unknown entity, a role that selects nobody) is answered as the problem it is
      if (job.state === 'failed' && job.error) throw new AriadneError(job.error.code, job.error.message);
      if (job.state === 'queued' || job.state === 'active') reply.code(202);
      return jobDto(job);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/network/analyses/:id', permission: 'network:read', tags: ['network'],
    summary: 'One analysis job: its state, progress and, once completed, its result',
    params: idParams,
    response: analysisJobSchema,
    handler: async ({ params, principal, ctx }) => jobDto(ctx.network.jobs.get(principal.user.id, params.id)),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/network/analyses/:id', permission: 'network:read', tags: ['network'],
    summary: 'Cancels a queued or running analysis (a finished one is left as it is)',
    params: idParams,
    handler: async ({ params, principal, ctx }) => { ctx.network.jobs.cancel(principal.user.id, params.id); },
  }),
  defineRoute({
    method: 'GET', url: '/api/cases/:caseId/network/export', permission: 'network:read', tags: ['network'], produces: 'binary',
    summary: 'The case network as GEXF (Gephi) or GraphML (Cytoscape, yEd), with the same filters as the network',
    description: 'Needs the `export` permission as well; each export is journalled with the hash of what was sent.',
    params: caseParams,
    query: filterQuery.extend({ format: z.enum(['gexf', 'graphml']) }),
    handler: async ({ params, query, principal, ctx, reply }) => {
      if (!principal.permissions.has('export')) throw new AriadneError('FORBIDDEN', 'Exporting a network needs the export permission.');
      const { format, ...filter } = query;
      const network = await caseNetwork(ctx, principal, params.caseId, filterFromQuery(filter));
      const text = format === 'gexf' ? toGexf(network) : toGraphml(network);
      const bytes = Buffer.from(text, 'utf8');
      await ctx.store.appendJournal(principal.actor, { action: `network.export:${format}`, caseId: params.caseId, contentHash: createHash('sha256').update(bytes).digest('hex') });
      reply.headers({
        'content-type': format === 'gexf' ? 'application/gexf+xml; charset=utf-8' : 'application/graphml+xml; charset=utf-8',
        'content-disposition': contentDisposition('attachment', `network-${params.caseId}.${format}`),
        'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
      });
      return bytes;
    },
  }),
];
