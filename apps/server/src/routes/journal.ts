/** The tamper-evident journal: ids, actions and hashes — never content. */
import { z } from 'zod';
import { journalEntrySchema, pageOf, pageQuery } from '../api-schemas.ts';
import { journalDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

export const journalRoutes = [
  defineRoute({
    method: 'GET', url: '/api/journal', permission: 'journal:read', tags: ['journal'],
    summary: 'Journal entries, oldest first',
    query: pageQuery,
    response: pageOf(journalEntrySchema),
    handler: async ({ query, ctx }) => {
      const page = await ctx.store.listJournal({}, query);
      return { items: page.items.map(journalDto), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/journal/verify', permission: 'journal:verify', tags: ['journal'],
    summary: 'Recompute every hash and report the first break',
    response: z.object({
      ok: z.boolean(), entries: z.number().int(), head: z.string().nullable(),
      firstBadSeq: z.number().int().optional(), reason: z.string().optional(),
    }),
    handler: async ({ ctx }) => {
      const v = await ctx.store.verifyJournal();
      return {
        ok: v.ok, entries: v.entries, head: v.head,
        ...(v.firstBadSeq !== undefined ? { firstBadSeq: v.firstBadSeq } : {}),
        ...(v.reason !== undefined ? { reason: v.reason } : {}),
      };
    },
  }),
];
