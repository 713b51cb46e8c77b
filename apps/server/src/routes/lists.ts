/**
 * Sanctions lists as versions: what is loaded, each version's delta (added, removed, changed
 * designations) and per-record errors, one designation as listed, and imports (an uploaded file,
 * or the publisher's file downloaded on request). List content is public reference data; imports
 * are journalled by the store and trigger re-screening of every subject.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { openListFile } from '@ariadne/sanctions';
import { downloadOfficialList, OFFICIAL_LISTS, officialList, type ListImportReport } from '@ariadne/screening';
import { idParams, pageOf, pageQuery } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import { defineRoute } from '../route.ts';
import { safeFileName, withTemporaryFile } from '../screening/list-upload.ts';
import {
  entryRef, listChangeDto, listChangeSchema, listEntrySchema, listImportSchema, listName, listVersionDto, listVersionSchema, recordErrorSchema,
} from '../screening/screening-schemas.ts';

/** the first per-record errors answered with an import (all are kept with the version) */
const ERRORS_ANSWERED = 100;

function importDto(report: ListImportReport) {
  return {
    version: listVersionDto(report.version), unchanged: report.unchanged, errorCount: report.errors.length,
    errors: report.errors.slice(0, ERRORS_ANSWERED), carriedForward: report.carriedForward,
  };
}

// JSON bodies stay parsed as JSON by every route: FtM JSON lists come as ndjson or octet-stream
const LIST_BODY_TYPES = ['application/octet-stream', 'application/xml', 'text/xml', 'application/x-ndjson', 'text/csv'];

export const listRoutes = [
  defineRoute({
    method: 'GET', url: '/api/lists', permission: 'lists:read', tags: ['lists'],
    summary: 'The lists loaded (their current versions) and the official sources known',
    response: z.object({
      current: z.array(listVersionSchema),
      sources: z.array(z.object({ list: z.string(), label: z.string(), url: z.string() })),
    }),
    handler: async ({ ctx }) => {
      const page = await ctx.store.listVersions({ currentOnly: true }, { limit: 200 });
      return { current: page.items.map(listVersionDto), sources: OFFICIAL_LISTS.map(({ list, label, url }) => ({ list, label, url })) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/lists/versions', permission: 'lists:read', tags: ['lists'],
    summary: 'Every imported version, newest first (optionally of one list)',
    query: pageQuery.extend({ list: listName.optional() }),
    response: pageOf(listVersionSchema),
    handler: async ({ query, ctx }) => {
      const page = await ctx.store.listVersions({ ...(query.list ? { list: query.list } : {}) }, { limit: query.limit, cursor: query.cursor ?? null });
      return { items: page.items.map(listVersionDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/lists/versions/:id', permission: 'lists:read', tags: ['lists'],
    summary: 'One version with the records its file had that could not be read',
    params: idParams,
    response: listVersionSchema.extend({ recordErrors: z.array(recordErrorSchema) }),
    handler: async ({ params, ctx }) => {
      const version = await ctx.store.getListVersion(params.id);
      if (!version) throw notFound('list version');
      return { ...listVersionDto(version), recordErrors: [...(await ctx.store.listVersionErrors(version.id))] };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/lists/versions/:id/changes', permission: 'lists:read', tags: ['lists'],
    summary: 'The delta of a version against the one before: added, removed and changed designations',
    params: idParams,
    query: pageQuery.extend({ kind: z.enum(['added', 'removed', 'changed']).optional() }),
    response: pageOf(listChangeSchema),
    handler: async ({ params, query, ctx }) => {
      if (!(await ctx.store.getListVersion(params.id))) throw notFound('list version');
      const page = await ctx.store.listChanges(params.id, { ...(query.kind ? { kind: query.kind } : {}) }, { limit: query.limit, cursor: query.cursor ?? null });
      return { items: page.items.map(listChangeDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/lists/:list/entries/:entry', permission: 'lists:read', tags: ['lists'],
    summary: 'One designation as listed (current, or as last listed when removed)',
    params: z.strictObject({ list: listName, entry: entryRef }),
    response: listEntrySchema,
    handler: async ({ params, ctx }) => {
      const entry = await ctx.store.getListEntry(params.list, params.entry);
      if (!entry) throw notFound('list entry');
      return {
        list: entry.list, entry: entry.entry, subjectId: entry.subjectId, schema: entry.schema, caption: entry.caption, firstVersionId: entry.firstVersionId,
        entities: entry.entities.map((e) => ({ id: e.id, schema: e.schema, properties: Object.fromEntries(Object.entries(e.properties).map(([k, v]) => [k, [...v]])) })),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/lists/import', permission: 'lists:manage', tags: ['lists'], status: 201,
    summary: 'Import a list file as a new version (format detected from the content)',
    description: 'Send the file as the body (UN XML, OFAC sdn_advanced.xml, EU FSF XML, UK Sanctions List XML, FtM JSON lines as application/x-ndjson or application/octet-stream). '
      + 'A file refused as a whole imports nothing; bad records are reported and the rest imported. The OFAC legacy CSV set (several files) is imported with the CLI.',
    query: z.strictObject({ filename: z.string().max(200).optional(), list: listName.optional() }),
    rawBody: LIST_BODY_TYPES,
    response: listImportSchema,
    handler: async ({ query, principal, ctx, request }) => {
      const name = safeFileName(query.filename, 'list-file');
      const report = await withTemporaryFile(request.raw, name, async (path) => {
        const opened = await openListFile(path);
        return ctx.screening.importList(principal.actor, opened, query.list ? { list: query.list } : {});
      });
      return importDto(report);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/lists/:list/update', permission: 'lists:manage', tags: ['lists'], status: 201,
    summary: "Download the list from its publisher and import it (502 when the publisher cannot be reached)",
    params: z.strictObject({ list: listName }),
    response: listImportSchema,
    handler: async ({ params, principal, ctx }) => {
      const source = officialList(params.list);
      const dir = await mkdtemp(join(tmpdir(), 'ariadne-list-'));
      try {
        const mirror = ctx.config.listSources[source.list];
        const path = await downloadOfficialList(mirror ? { ...source, url: mirror } : source, dir);
        return importDto(await ctx.screening.importList(principal.actor, await openListFile(path), { list: source.list }));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
];
