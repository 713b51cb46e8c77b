/**
 * What the main thread of `ariadne screen --threads N` and its screening workers say to each
 * other. The first message to a worker is the lists, as one v8-serialised buffer each worker
 * decodes on its own core, answered by `WorkerReady`; then batches of rows go out and their
 * rendered lines come back, in the order sent.
 */
import type { ScreeningQuery } from '@ariadne/sanctions';
import type { OutputLimits } from './result-lines.ts';

/** the worker's `workerData` */
export interface WorkerSetup extends OutputLimits {
  /** overrides the algorithm's threshold for `match` */
  readonly threshold?: number;
}

/** the first message to a worker */
export interface ListsMessage {
  /** `v8.serialize` of the lists as `ListEntities[]` (`{ list, entities }`, no `entryOf`) */
  readonly lists: Uint8Array;
}

/** sent once the worker's index is built */
export interface WorkerReady {
  readonly ready: true;
  readonly names: number;
  readonly algorithm: { readonly name: string; readonly version: string; readonly threshold: number };
}

/** a row of a batch: a query to screen, or a bad row's line already rendered by the reader */
export type BatchItem = { readonly query: ScreeningQuery } | { readonly text: string };

/** a batch's output: its lines in the batch's order, and how many queries had a match */
export interface BatchOutput {
  readonly text: string;
  readonly matched: number;
}
