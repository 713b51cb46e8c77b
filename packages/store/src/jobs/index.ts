/** The job queue: long work shared by worker processes, with progress. See README.md. */
export { createJobQueue } from './job-queue.ts';
export type * from './job-types.ts';
