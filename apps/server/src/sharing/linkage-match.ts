/**
 * The pure part of a linkage run: two CLK files' text in, the matched token pairs and the run's
 * counts out. Both the linkage worker thread and (in tests) the main thread call it; it touches
 * no store, so it can run off the server's event loop.
 */
import { AriadneError } from '@ariadne/schema';
import { DEFAULT_THRESHOLD, matchClkSets, readClkFile, revealPairs, type MatchRunStats, type RevealedPair } from '@ariadne/linkage';

export interface LinkageMatchRequest {
  /** the two CLK files (`ariadne-clk/1`) as text */
  readonly a: string;
  readonly b: string;
  readonly threshold?: number;
}

/** what a run answers and records: never a score */
export interface LinkageMatch {
  readonly schemaSha256: string;
  readonly threshold: number;
  readonly stats: MatchRunStats;
  readonly pairs: readonly RevealedPair[];
}

/** how a run is matched: in this thread, or in a worker (`LinkagePool.run`) */
export type LinkageMatcher = (request: LinkageMatchRequest) => Promise<LinkageMatch>;

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

/** @example const { pairs, stats } = await matchClkTexts({ a: clkFileA, b: clkFileB }) */
export async function matchClkTexts(request: LinkageMatchRequest): Promise<LinkageMatch> {
  const a = await readSide(request.a, 'a');
  const b = await readSide(request.b, 'b', a.schemaSha256);
  const threshold = request.threshold ?? DEFAULT_THRESHOLD;
  // blocking needs keys on both sides; files encoded without any are compared pair by pair
  const blocking = a.blocks.some((keys) => keys.length > 0) && b.blocks.some((keys) => keys.length > 0);
  const result = matchClkSets(a, b, { threshold, blocking });
  return { schemaSha256: a.schemaSha256, threshold, stats: result.stats, pairs: revealPairs(result, a, b) };
}
