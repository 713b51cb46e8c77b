/**
 * A privacy-preserving record linkage run through the API: the two parties' CLK files (keyed
 * Bloom filters, random tokens, no names or ids) are read as hostile input, matched one to one
 * (within shared blocks when both files carry blocking hashes, else all pairs), and only the
 * matched token pairs are answered: never a score, which would help re-identify people. Each
 * party maps the tokens back to its own records with the token map it kept. The run is recorded
 * with its counts only.
 */
import { AriadneError } from '@ariadne/schema';
import { DEFAULT_THRESHOLD, matchClkSets, readClkFile, revealPairs, type RevealedPair } from '@ariadne/linkage';
import type { Actor, LinkageRunRecord, Store } from '@ariadne/store';

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

/** which side a refusal of a CLK file is about */
async function readSide(text: string, side: 'a' | 'b', expectSchemaSha256?: string) {
  try {
    return await readClkFile(text, expectSchemaSha256 === undefined ? {} : { expectSchemaSha256 });
  } catch (error) {
    if (error instanceof AriadneError) {
      throw new AriadneError(error.code, `Side ${side.toUpperCase()}: ${error.message}`, { details: { [side]: error.message } });
    }
    throw error;
  }
}

export async function runLinkage(store: Store, actor: Actor, request: LinkageRequest, now: Date): Promise<LinkageOutcome> {
  const a = await readSide(request.a, 'a');
  const b = await readSide(request.b, 'b', a.schemaSha256);
  const threshold = request.threshold ?? DEFAULT_THRESHOLD;
  // blocking needs keys on both sides; files encoded without any are compared pair by pair
  const blocking = a.blocks.some((keys) => keys.length > 0) && b.blocks.some((keys) => keys.length > 0);
  const result = matchClkSets(a, b, { threshold, blocking });
  const pairs = revealPairs(result, a, b);
  const run = await store.recordLinkageRun(actor, {
    caseId: request.caseId, title: request.title, schemaSha256: a.schemaSha256, threshold,
    recordsA: result.stats.recordsA, recordsB: result.stats.recordsB, candidatePairs: result.stats.candidatePairs, matches: pairs.length, at: now,
  });
  return { run, pairs };
}
