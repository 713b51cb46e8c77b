/** Background jobs (imports) and their progress; a case's jobs are visible to its members only. */
import { jobSchema, idParams } from '../api-schemas.ts';
import { notFound } from '../access-checks.ts';
import { jobDto } from '../dto.ts';
import { defineRoute } from '../route.ts';

export const jobRoutes = [
  defineRoute({
    method: 'GET', url: '/api/jobs/:id', permission: 'job:read', tags: ['jobs'],
    summary: 'One job with its progress',
    params: idParams,
    response: jobSchema,
    handler: async ({ params, principal, ctx }) => {
      const job = await ctx.store.getImport(params.id);
      if (!job) throw notFound('job');
      const cases = await principal.cases();
      const mine = job.startedBy === principal.user.id || job.startedBy.endsWith(`:${principal.user.id}`);
      if (job.caseId !== null ? !cases.memberCaseIds.includes(job.caseId) : !mine && !principal.permissions.has('import')) {
        throw notFound('job');
      }
      return jobDto(job);
    },
  }),
];
