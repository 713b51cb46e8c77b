/**
 * `ariadne alerts list|decide`, `ariadne duplicates scan|list|decide` and `ariadne dossier`: the
 * analyst's side of screening from the command line, for operators and scripts. Every decision is
 * journalled as the `cli` actor, like every other command; the web app records the person.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { exportDossier, scanDuplicates } from '@ariadne/screening';
import type { AlertStatus, DuplicateStatus } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';
import { ledgerAccessFor } from './ledger.ts';

export async function runAlertsList(config: CliConfig, io: Io, options: { status?: AlertStatus; case?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const caseIds = options.case ? [options.case] : [...(await allCaseIds(store)), null];
    let cursor: string | null = null;
    do {
      const page = await store.listAlerts({ caseIds, ...(options.status ? { status: options.status } : {}) }, { limit: 200, cursor });
      for (const a of page.items) io.out(`${a.id}\t${a.status}\t${a.score.toFixed(3)}\t${a.list}\t${a.entry}\t${a.subjectId}\t${a.matchedName}\n`);
      cursor = page.next;
    } while (cursor);
    return EXIT.OK;
  });
}

async function allCaseIds(store: { listCases(userId: null, page: { limit: number; cursor: string | null }): Promise<{ items: readonly { id: string }[]; next: string | null }> }): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listCases(null, { limit: 200, cursor });
    ids.push(...page.items.map((c) => c.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

export async function runAlertsDecide(config: CliConfig, io: Io, id: string, options: { status: Exclude<AlertStatus, 'open'>; note?: string }): Promise<number> {
  if (options.status !== 'needs_review' && !options.note) throw new CliError(EXIT.USAGE, 'Say why with --note: a reason is required to confirm an alert or dismiss it as a false positive.');
  return withStore(config, async ({ store }) => {
    const alert = await store.setAlertDisposition(CLI_ACTOR, id, { status: options.status, note: options.note ?? null });
    io.out(`${alert.id}\t${alert.status}\t${alert.list}\t${alert.entry}\n`);
    return EXIT.OK;
  });
}

export async function runDuplicatesScan(config: CliConfig, io: Io, options: { case?: string[] }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const caseIds = options.case?.length ? options.case : await allCaseIds(store);
    for (const id of caseIds) if (!(await store.getCase(id))) throw new CliError(EXIT.USAGE, `No case ${id}.`);
    const report = await scanDuplicates({ store, actor: CLI_ACTOR }, caseIds);
    io.out(`${report.entities} persons and organisations compared, ${report.proposed} pairs proposed, ${report.stored} new.\n`);
    return EXIT.OK;
  });
}

export async function runDuplicatesList(config: CliConfig, io: Io, options: { status?: DuplicateStatus; case?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const caseIds = options.case ? [options.case] : [...(await allCaseIds(store)), null];
    let cursor: string | null = null;
    do {
      const page = await store.listDuplicateCandidates({ caseIds, ...(options.status ? { status: options.status } : {}) }, { limit: 200, cursor });
      for (const d of page.items) io.out(`${d.id}\t${d.status}\t${d.score.toFixed(3)}\t${d.aId}\t${d.bId}\t${d.explanation.join(' | ')}\n`);
      cursor = page.next;
    } while (cursor);
    return EXIT.OK;
  });
}

export async function runDuplicatesDecide(config: CliConfig, io: Io, id: string, options: { status: DuplicateStatus }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const decided = await store.decideDuplicate(CLI_ACTOR, id, options.status);
    io.out(`${decided.id}\t${decided.status}\t${decided.aId}\t${decided.bId}\n`);
    if (decided.status === 'merged') io.err(`Undo with: npx ariadne duplicates undo ${decided.id}\n`);
    return EXIT.OK;
  });
}

/** undoes a merge (every statement returns to its entity) or reopens a `same`/`rejected` judgement */
export async function runDuplicatesUndo(config: CliConfig, io: Io, id: string): Promise<number> {
  return withStore(config, async ({ store }) => {
    const candidate = await store.getDuplicateCandidate(id);
    if (!candidate) throw new CliError(EXIT.USAGE, `No duplicate proposal ${id}.`);
    if (candidate.status === 'merged') await store.unmergeEntity(CLI_ACTOR, candidate.bId);
    else await store.decideDuplicate(CLI_ACTOR, id, 'open');
    const now = await store.getDuplicateCandidate(id);
    io.out(`${id}\t${now?.status ?? 'open'}\t${candidate.aId}\t${candidate.bId}\n`);
    return EXIT.OK;
  });
}

export async function runDossier(config: CliConfig, io: Io, options: { entity: string; format: 'html' | 'pdf'; output: string; recipient: string }, environment: NodeJS.ProcessEnv): Promise<number> {
  const entityId = options.entity;
  return withStore(config, async ({ store }) => {
    const subject = await store.getEntity(entityId);
    if (!subject) throw new CliError(EXIT.USAGE, `No entity ${entityId}.`);
    const { ledger } = await ledgerAccessFor(config, environment, store, io);
    const bytes = await exportDossier({ store, ledger, now: () => new Date() }, CLI_ACTOR, {
      subject, format: options.format, recipient: options.recipient, generatedBy: 'ariadne command line',
    });
    // never overwrite: a dossier may already have been sent
    const out = createWriteStream(resolve(options.output), { flags: 'wx', mode: 0o600 });
    try {
      out.end(bytes);
      await once(out, 'close');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(EXIT.USAGE, `${options.output} exists; choose another file.`);
      throw error;
    }
    io.out(`${resolve(options.output)}\t${bytes.length} bytes\n`);
    return EXIT.OK;
  });
}
