/** The network API's request and answer shapes (docs/api-contract.md, "Network"). */
import { z } from 'zod';
import { RELATION_KINDS, type NetworkFilter } from '@ariadne/network';

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD');
const splitCsv = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
const roleSelector = z.string().min(1).max(200);
const measure = z.enum(['degree', 'betweenness', 'eigenvector', 'pagerank']);

export const filterBody = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  datedOnly: z.boolean().optional(),
  kinds: z.array(z.enum(RELATION_KINDS)).max(RELATION_KINDS.length).optional(),
  schemata: z.array(z.string().min(1).max(100)).max(100).optional(),
  sources: z.array(z.string().min(1).max(200)).max(100).optional(),
  sharedIdentifiers: z.boolean().optional(),
});

/** the same filter as query parameters (GET routes) */
export const filterQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  datedOnly: z.enum(['0', '1']).optional(),
  kinds: z.string().max(4000).transform(splitCsv).pipe(z.array(z.enum(RELATION_KINDS)).max(100)).optional(),
  sources: z.string().max(4000).transform(splitCsv).pipe(z.array(z.string().min(1).max(200)).max(100)).optional(),
  shared: z.enum(['0', '1']).optional(),
});

export function filterFromQuery(q: z.output<typeof filterQuery>): NetworkFilter {
  return {
    ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}),
    ...(q.datedOnly === '1' ? { datedOnly: true } : {}),
    ...(q.kinds ? { kinds: q.kinds } : {}), ...(q.sources ? { sources: q.sources } : {}),
    ...(q.shared ? { sharedIdentifiers: q.shared === '1' } : {}),
  };
}

export const analysisRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('centrality'), measure, top: z.number().int().min(1).max(1000).optional(),
    sample: z.union([z.number().int().min(1).max(100_000), z.literal('auto')]).optional(),
    between: z.strictObject({ sources: z.array(roleSelector).min(1).max(100), targets: z.array(roleSelector).min(1).max(100) }).optional(),
  }),
  z.strictObject({ kind: z.literal('communities'), method: z.enum(['louvain', 'leiden']), resolution: z.number().positive().max(100).optional(), seed: z.number().int().optional() }),
  z.strictObject({ kind: z.literal('structure'), top: z.number().int().min(1).max(1000).optional() }),
  z.strictObject({
    kind: z.literal('paths'), from: z.string().min(1).max(300), to: z.string().min(1).max(300), mode: z.enum(['shortest', 'k-shortest', 'all']),
    k: z.number().int().min(1).max(50).optional(), maxLength: z.number().int().min(1).max(10).optional(),
  }),
  z.strictObject({ kind: z.literal('ego'), id: z.string().min(1).max(300), radius: z.number().int().min(1).max(4).optional() }),
  z.strictObject({
    kind: z.literal('disruption'), k: z.number().int().min(1).max(50), objective: z.enum(['fragmentation', 'distance-fragmentation', 'cut']),
    sources: z.array(roleSelector).max(100).optional(), targets: z.array(roleSelector).max(100).optional(), localSearch: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('timeline'), measure, interval: z.enum(['month', 'quarter', 'year']), top: z.number().int().min(1).max(100).optional() }),
]);

export const analysisBody = z.strictObject({ filter: filterBody.optional(), analysis: analysisRequest });

const problemShape = z.object({ code: z.string(), message: z.string() });
export const analysisJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  caseId: z.string(),
  state: z.enum(['queued', 'active', 'completed', 'failed', 'cancelled']),
  progress: z.object({ done: z.number(), total: z.number() }),
  /** the analysis' answer (shapes in packages/network/src/types.ts, `AnalysisResult`) */
  result: z.unknown().nullable(),
  error: problemShape.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
}).meta({ id: 'NetworkAnalysisJob' });

export const networkSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), schema: z.string(), caption: z.string(), roles: z.array(z.string()), caseId: z.string().nullable() })),
  edges: z.array(z.object({
    id: z.string(), source: z.string(), target: z.string(), type: z.string(), kind: z.string(), label: z.string(), directed: z.boolean(),
    start: z.string().nullable(), end: z.string().nullable(), sources: z.array(z.string()), weight: z.number(),
  })),
  stats: z.record(z.string(), z.number()),
  truncated: z.boolean(),
}).meta({ id: 'Network' });
