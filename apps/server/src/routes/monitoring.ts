/**
 * The monitoring API, data and analysis side (issue 7): outside data imported as datasets, GLOTIP
 * values, and the internal analyses (trends, routes, hot spots) over what the caller may see. The
 * publication side (tables, releases, the ledger, reports) is spread in from
 * monitoring-publication.ts.
 */
import { AriadneError } from '@ariadne/schema';
import type { FastifyRequest } from 'fastify';
import { getCountry } from '@ariadne/monitoring';
import { defineRoute, type AnyRoute } from '../route.ts';
import { analysisScope, monitoringOf } from '../monitoring/monitoring-context.ts';
import {
  analysisFilter, datasetDto, datasetParams, datasetsSchema, glotipDto, glotipQuery, glotipSchema, hotspotsQuery, hotspotsSchema, importQuery,
  importResultSchema, routesQuery, routesSchema, trendsQuery, trendsSchema,
} from '../monitoring/monitoring-schemas.ts';
import { monitoringPublicationRoutes } from './monitoring-publication.ts';

/** file bodies the import reads as a stream (JSON stays parsed for every other route: GeoJSON comes as octet-stream) */
const IMPORT_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/geo+json'];
const TAGS = ['monitoring'];
/** most GLOTIP values one answer holds */
const MAX_GLOTIP_VALUES = 10_000;

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

const dataRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET', url: '/api/monitoring/datasets', permission: 'monitoring:read', tags: TAGS,
    summary: 'Imported outside datasets, newest first',
    response: datasetsSchema,
    handler: async ({ ctx }) => {
      const datasets = [];
      let cursor: string | null = null;
      do {
        const page = await ctx.store.listDatasets({}, { limit: 500, cursor });
        datasets.push(...page.items.map(datasetDto));
        cursor = page.next;
      } while (cursor !== null && datasets.length < 10_000);
      return { datasets };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/monitoring/datasets', permission: 'monitoring:import', tags: TAGS, status: 201,
    summary: 'Import an outside data file (HXL, ACLED, HTCDS, GLOTIP, boundaries) as a dataset',
    description: 'The file is the body (application/octet-stream; text/csv for CSV files). `kind` is detected from the content when absent. '
      + 'Places are resolved with the countries crosswalk and the boundary file loaded last (P-codes). Refused records are answered (the first 100) and the rest stored in one transaction; '
      + 'a file that cannot be read is refused whole (400/413), and one where no record could be taken stores nothing (422). The same file (SHA-256) imported again writes nothing.',
    query: importQuery,
    rawBody: IMPORT_TYPES,
    response: importResultSchema,
    handler: async ({ query, principal, ctx, request }) => {
      if (!IMPORT_TYPES.includes(mediaType(request))) {
        throw new AriadneError('UNSUPPORTED_MEDIA_TYPE', `Send the file as ${IMPORT_TYPES.join(' or ')}.`, { details: { 'content-type': IMPORT_TYPES.join(', ') } });
      }
      const outcome = await monitoringOf(ctx).data.import(principal.actor, {
        ...(query.kind ? { kind: query.kind } : {}), fileName: query.fileName ?? 'upload', body: request.raw,
      });
      return { dataset: datasetDto(outcome.dataset), problems: [...outcome.problems], notes: [...outcome.notes] };
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/monitoring/datasets/:id', permission: 'monitoring:import', tags: TAGS,
    summary: 'Delete a dataset and everything it brought (journalled)',
    params: datasetParams,
    handler: async ({ params, principal, ctx }) => {
      await monitoringOf(ctx).data.delete(principal.actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/glotip', permission: 'monitoring:read', tags: TAGS,
    summary: 'UNODC GLOTIP values (censored cells stay censored: value null, censoredBelow the threshold)',
    description: '`country` is ISO 3166-1 alpha-2 or alpha-3; `from` and `to` are years. At most 10,000 values are answered (`truncated` says when more matched).',
    query: glotipQuery,
    response: glotipSchema,
    handler: async ({ query, ctx }) => {
      let iso3: string | undefined;
      if (query.country !== undefined) {
        iso3 = getCountry(query.country.toUpperCase())?.alpha3;
        if (iso3 === undefined) throw new AriadneError('VALIDATION_FAILED', 'Unknown country code.', { details: { 'query.country': 'not an ISO 3166-1 code' } });
      }
      const filter = {
        ...(iso3 ? { iso3: [iso3] } : {}), ...(query.indicator ? { indicators: [query.indicator] } : {}),
        ...(query.from === undefined ? {} : { fromYear: query.from }), ...(query.to === undefined ? {} : { toYear: query.to }),
      };
      const values = [];
      let cursor: string | null = null;
      let truncated = false;
      do {
        const page = await ctx.store.queryGlotip(filter, { limit: 5000, cursor });
        for (const v of page.items) values.push(glotipDto(v, (v.iso3 ? getCountry(v.iso3)?.alpha2 : undefined) ?? v.iso3 ?? v.country));
        cursor = page.next;
        if (values.length >= MAX_GLOTIP_VALUES) { truncated = cursor !== null || values.length > MAX_GLOTIP_VALUES; break; }
      } while (cursor !== null);
      return { values: values.slice(0, MAX_GLOTIP_VALUES), truncated };
    },
  }),
];

const analysisRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET', url: '/api/monitoring/trends', permission: 'monitoring:read', tags: TAGS,
    summary: 'Incidents per period (imported datasets and the cases you are a member of)',
    description: 'Exact counts for officers, not a publication: a count below k is marked `small`. Every period of from…to is listed, empty ones included.',
    query: trendsQuery,
    response: trendsSchema,
    handler: async ({ query, principal, ctx }) =>
      monitoringOf(ctx).analysis.trends(await analysisScope(principal), analysisFilter(query), query.step),
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/routes', permission: 'monitoring:read', tags: TAGS,
    summary: 'Movement flows, top corridors and their change between two periods',
    description: '`level` country or pcode. `compareFrom`…`compareTo` is the earlier period, compared with from…to. A count below k persons is marked `small`.',
    query: routesQuery,
    response: routesSchema,
    handler: async ({ query, principal, ctx }) => monitoringOf(ctx).analysis.routes(await analysisScope(principal), analysisFilter(query), {
      level: query.level, top: query.top,
      ...(query.compareFrom === undefined ? {} : { compareFrom: query.compareFrom }), ...(query.compareTo === undefined ? {} : { compareTo: query.compareTo }),
    }),
  }),
  defineRoute({
    method: 'GET', url: '/api/monitoring/hotspots', permission: 'monitoring:read', tags: TAGS,
    summary: 'Hot spots: incidents per H3 cell, Getis-Ord Gi* and the emerging-hot-spot class of each cell',
    description: 'Each cell states its Gi* z-score and two-sided p-value, its emerging-hot-spot category with the Mann-Kendall trend z and p, and the reason in words. '
      + 'Incidents without coordinates are counted in `skipped`. Large inputs run in a worker thread (`worker`).',
    query: hotspotsQuery,
    response: hotspotsSchema,
    handler: async ({ query, principal, ctx }) => monitoringOf(ctx).analysis.hotspots(await analysisScope(principal), analysisFilter(query), { resolution: query.resolution, step: query.step }),
  }),
];

export const monitoringRoutes: readonly AnyRoute[] = [...dataRoutes, ...analysisRoutes, ...monitoringPublicationRoutes];
