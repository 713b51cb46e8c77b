/**
 * A case's network as one principal may see it: read from the store (sealed victim records only
 * for those cleared for them, each such read journalled), built with the request's filter, and
 * analysed in worker threads as owner-only jobs.
 */
import { buildNetworkAsync, networkModelOf, runAnalysisInWorker, type AnalysisRequest, type EntityNetwork, type NetworkFilter, type NetworkModel } from '@ariadne/network';
import { loadModel } from '@ariadne/schema';
import type { Actor, NetworkSourceRow, Store } from '@ariadne/store';
import { AnalysisJobs, type AnalysisJob, type AnalysisRunner } from './analysis-jobs.ts';

export interface NetworkServiceOptions {
  readonly store: Store;
  readonly now: () => Date;
  readonly model?: NetworkModel;
  /** how analyses run; a worker thread each by default */
  readonly run?: AnalysisRunner;
  /** how long a request waits for an analysis before answering 202 with the running job */
  readonly waitMs?: number;
}

export interface NetworkReader {
  readonly actor: Actor;
  readonly userId: string;
  readonly sealed: boolean;
}

export class NetworkService {
  readonly #store: Store;
  readonly #model: NetworkModel;
  readonly #waitMs: number;
  readonly jobs: AnalysisJobs;

  constructor(opts: NetworkServiceOptions) {
    this.#store = opts.store;
    this.#model = opts.model ?? networkModelOf(loadModel());
    this.#waitMs = opts.waitMs ?? 1500;
    this.jobs = new AnalysisJobs({ run: opts.run ?? runAnalysisInWorker, now: opts.now });
  }

  /** The case's network through `filter`; every sealed entity it holds is journalled as read. */
  async load(reader: NetworkReader, caseId: string, filter: NetworkFilter): Promise<EntityNetwork> {
    const sealed: NetworkSourceRow[] = [];
    const rows = this.#store.readNetworkEntities({ caseIds: [caseId], includeSealed: reader.sealed });
    async function* watched(): AsyncIterable<readonly NetworkSourceRow[]> {
      for await (const batch of rows) {
        for (const row of batch) if (row.sealed) sealed.push(row);
        yield batch;
      }
    }
    const network = await buildNetworkAsync(watched(), this.#model, { ...filter, caseIds: [caseId] });
    // journalled before anything is answered, whether or not the filter kept it: the server
    // read the victim's record to decide
    for (const row of sealed) {
      await this.#store.appendJournal(reader.actor, { action: 'entity.read.sealed:network', caseId: row.caseId, entityId: row.id });
    }
    return network;
  }

  analyse(reader: NetworkReader, caseId: string, network: EntityNetwork, request: AnalysisRequest): Promise<AnalysisJob> {
    return this.jobs.start({ userId: reader.userId, caseId }, network, request, this.#waitMs);
  }

  close(): void {
    this.jobs.close();
  }
}
