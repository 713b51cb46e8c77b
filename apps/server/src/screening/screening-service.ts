/**
 * The server's screening side: the in-memory index of the current list versions, list imports,
 * and continuous re-screening. With a job queue (PostgreSQL or PGlite through pg-boss), a
 * re-screen is a singleton job any worker process may run; without one (tests, embedders) it runs
 * in this process. Either way requests coalesce: many writes lead to one run over what is due.
 */
import {
  enqueueRescreen, importListFile, rescreenDue, SCREENING_ACTOR, ScreeningEngine, workRescreenJobs, type ListImportReport, type RescreenReport,
} from '@ariadne/screening';
import type { OpenedList } from '@ariadne/sanctions';
import type { Actor, JobQueue, Store } from '@ariadne/store';

export interface ScreeningServiceOptions {
  readonly store: Store;
  /** runs re-screening as queue jobs; absent: in this process */
  readonly jobs?: JobQueue | undefined;
  /** how often to look for subjects written by other processes (default 60 s; 0: never) */
  readonly sweepMs?: number;
  readonly onError: (error: unknown) => void;
}

export class ScreeningService {
  readonly engine: ScreeningEngine;
  readonly #store: Store;
  readonly #jobs: JobQueue | undefined;
  readonly #sweepMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #unsubscribe: (() => Promise<void>) | null = null;
  #last: RescreenReport | null = null;

  constructor(options: ScreeningServiceOptions) {
    this.#store = options.store;
    this.#jobs = options.jobs;
    this.#sweepMs = options.sweepMs ?? 60_000;
    this.#onError = options.onError;
    this.engine = new ScreeningEngine(options.store);
  }

  /** registers the queue worker and the sweep timer, and asks for a first run */
  async start(): Promise<void> {
    if (this.#jobs) {
      this.#unsubscribe = await workRescreenJobs(this.#jobs, { store: this.#store, engine: this.engine, onReport: (report) => (this.#last = report) });
    }
    if (this.#sweepMs > 0) {
      this.#timer = setInterval(() => this.requestRescreen(), this.#sweepMs);
      this.#timer.unref();
    }
    this.requestRescreen();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#unsubscribe?.();
    await this.#running?.catch(() => undefined);
  }

  /** a subject was written or a list changed: screen what is due, soon, once */
  requestRescreen(): void {
    if (this.#jobs) {
      enqueueRescreen(this.#jobs).catch(this.#onError);
      return;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#runLocally().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.requestRescreen();
      }
    });
  }

  async #runLocally(): Promise<void> {
    try {
      this.#last = await rescreenDue({ store: this.#store, engine: this.engine, actor: SCREENING_ACTOR });
    } catch (error) {
      this.#onError(error);
    }
  }

  /** resolves when no in-process run is pending (tests; with a queue it answers at once) */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  lastRun(): RescreenReport | null {
    return this.#last;
  }

  /** imports a list file as a new version, then re-screens everyone against it */
  async importList(actor: Actor, opened: OpenedList, options: { list?: string } = {}): Promise<ListImportReport> {
    const report = await importListFile(this.#store, actor, opened, options);
    if (!report.unchanged) {
      this.engine.invalidate();
      this.requestRescreen();
    }
    return report;
  }
}
