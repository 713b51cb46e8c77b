/**
 * Builds evidence bundles in the background for the web app. The export is journalled at once
 * (`journalExport`); the archive is then built (`buildBundle`) into `<bundleDir>/<id>.tar` while
 * the UI polls the progress. Progress lives in memory; after a restart a bundle is "ready" when
 * its file exists and "failed" otherwise (its export entry stays in the journal either way).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AriadneError } from '@ariadne/schema';
import type { Actor, CaseRecord, EvidenceItemRecord, Store } from '@ariadne/store';
import { buildBundle, journalExport, type ExportRequest, type LedgerAccess, type Vault } from '@ariadne/evidence';

export interface BundleState {
  readonly id: string;
  readonly caseId: string;
  state: 'building' | 'ready' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  readonly items: number;
  readonly purpose: string;
  readonly recipient: string;
  readonly createdAt: Date;
  error?: string;
}

export class BundleService {
  readonly #bundles = new Map<string, BundleState>();

  private readonly store: Store;
  private readonly vault: Vault;
  private readonly ledger: LedgerAccess;
  private readonly dir: string;
  private readonly clock: () => Date;
  private readonly onFailure: (error: unknown) => void;

  constructor(deps: {
    store: Store; vault: Vault; ledger: LedgerAccess; dir: string; clock: () => Date; onFailure?: (error: unknown) => void;
  }) {
    this.store = deps.store;
    this.vault = deps.vault;
    this.ledger = deps.ledger;
    this.dir = deps.dir;
    this.clock = deps.clock;
    this.onFailure = deps.onFailure ?? (() => {});
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.tar`);
  }

  /** journals the export and starts building; answers at once with the bundle's state */
  async start(actor: Actor, caseRecord: CaseRecord, items: readonly EvidenceItemRecord[], request: ExportRequest): Promise<BundleState> {
    const id = randomUUID();
    const exported = await journalExport({ store: this.store }, actor, { ...request, bundleId: id, caseId: caseRecord.id, items });
    const state: BundleState = {
      id, caseId: caseRecord.id, state: 'building', bytesDone: 0, bytesTotal: items.reduce((n, i) => n + i.size, 0),
      items: items.length, purpose: request.purpose, recipient: request.recipient, createdAt: this.clock(),
    };
    this.#bundles.set(id, state);
    const deps = { store: this.store, vault: this.vault, ledger: this.ledger };
    mkdir(this.dir, { recursive: true, mode: 0o700 })
      .then(() => buildBundle(deps, { caseRecord, items, exported }, this.pathOf(id), (done, total) => {
        state.bytesDone = done;
        state.bytesTotal = total;
      }))
      .then(() => {
        state.bytesDone = state.bytesTotal;
        state.state = 'ready';
      })
      .catch((error: unknown) => {
        state.state = 'failed';
        state.error = error instanceof AriadneError ? error.message : 'The bundle could not be built; the server log has the reason.';
        this.onFailure(error);
      });
    return state;
  }

  /** a bundle's state; after a restart, rebuilt from the journal and the file on disk */
  async get(id: string): Promise<BundleState | null> {
    const live = this.#bundles.get(id);
    if (live) return live;
    const exported = await this.store.getBundleExport(id);
    if (!exported?.caseId) return null;
    const file = await stat(this.pathOf(id)).catch(() => null);
    const details = exported.details as { purpose?: unknown; recipient?: unknown; items?: unknown[] };
    return {
      id, caseId: exported.caseId, state: file ? 'ready' : 'failed', bytesDone: file?.size ?? 0, bytesTotal: file?.size ?? 0,
      items: details.items?.length ?? 0, purpose: String(details.purpose ?? '').split(':')[0] ?? '', recipient: String(details.recipient ?? ''),
      createdAt: file?.mtime ?? new Date(0), ...(file ? {} : { error: 'The bundle was not finished (the server stopped while building it).' }),
    };
  }
}
