/**
 * The JSON lines of `ariadne screen`, one per query row. Shared by the single-thread path and
 * the worker threads, so both write the same bytes for the same query.
 */
import { screenQuery, type ScreeningIndex, type ScreeningQuery } from '@ariadne/sanctions';

/** what of a query's candidates is written */
export interface OutputLimits {
  /** candidates below this score are not written, unless they match */
  readonly minScore: number;
  /** most candidates written per query */
  readonly limit: number;
}

/** the index with `threshold` deciding `match` instead of the algorithm's own */
export function withThreshold(index: ScreeningIndex, threshold: number | undefined): ScreeningIndex {
  return threshold === undefined ? index : { ...index, algorithm: { ...index.algorithm, threshold } };
}

/**
 * Screens one query and renders its line (newline included).
 * @example resultLine(index, { id: 'q1', name: 'Testperson Alpha' }, { minScore: 0.5, limit: 10 }).line
 */
export function resultLine(index: ScreeningIndex, query: ScreeningQuery, limits: OutputLimits): { line: string; matched: boolean } {
  const result = screenQuery(index, query);
  const matches = result.matches.filter((m) => m.match || m.score >= limits.minScore).slice(0, limits.limit);
  return { line: `${JSON.stringify({ id: result.id, matches })}\n`, matched: matches.some((m) => m.match) };
}

/**
 * The line of a bad row that still has an id, so a consumer sees every id it sent.
 * @example badRowLine('q5', 'the name "12345" has no letters')
 */
export function badRowLine(id: string, message: string): string {
  return `${JSON.stringify({ id, matches: [], error: message })}\n`;
}
