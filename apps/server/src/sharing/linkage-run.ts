/**
 * A privacy-preserving record linkage run through the API: the two parties' CLK files (keyed
 * Bloom filters, random tokens, no names or ids) are read as hostile input, matched one to one
 * (within shared blocks when both files carry blocking hashes, else all pairs), and only the
 * matched token pairs are answered: never a score, which would help re-identify people. Each
 * party maps the tokens back to its own records with the token map it kept. The run is recorded
 * with its counts only. The parse and match are done by the matcher given (the server passes its
 * linkage worker pool, so a large run does not stall other requests).
 */
import type { RevealedPair } from '@ariadne/linkage';
import type { Actor, LinkageRunRecord, Store } from '@ariadne/store';
import { matchClkTexts, type LinkageMatcher } from './linkage-match.ts';

export interface LinkageRequest {
  readonly title: string;
  readonly caseId: string | null;
  /** the two CLK files (`ariadne-clk/1`) as text */
  readonly a: string;
  readonly b: string;
  readonly threshold?: number;
}

export interface LinkageOutcome {
  readonly run: LinkageRunRecord;
  readonly pairs: readonly RevealedPair[];
}

export interface LinkageRunOptions {
  readonly now: Date;
  /** parses and matches the files (default: in this thread) */
  readonly match?: LinkageMatcher;
}

export async function runLinkage(store: Store, actor: Actor, request: LinkageRequest, { now, match = matchClkTexts }: LinkageRunOptions): Promise<LinkageOutcome> {
  const { schemaSha256, threshold, stats, pairs } = await match({ a: request.a, b: request.b, ...(request.threshold === undefined ? {} : { threshold: request.threshold }) });
  const run = await store.recordLinkageRun(actor, {
    caseId: request.caseId, title: request.title, schemaSha256, threshold,
    recordsA: stats.recordsA, recordsB: stats.recordsB, candidatePairs: stats.candidatePairs, matches: pairs.length, at: now,
  });
  return { run, pairs };
}
