/**
 * The one-line summaries `ariadne link …` prints on stderr: counts, ratios and seconds only,
 * never a record, an id or a score.
 */
import type { MatchStats } from '@ariadne/linkage';

const count = (n: number): string => n.toLocaleString('en');

export interface MatchSummary {
  /** "Linked", "Matched" */
  readonly verb: string;
  /** "records", "CLKs" */
  readonly things: string;
  readonly stats: MatchStats;
  readonly threshold: number;
  readonly seconds: number;
}

/**
 * @example matchSummary({ verb: 'Linked', things: 'records', stats, threshold: 0.8, seconds: 0.62 })
 * // 'Linked 5,000 × 5,000 records: 297,046 candidate pairs (reduction ratio 0.9881), 4,964 matches at threshold 0.8, in 0.62 s.'
 */
export function matchSummary({ verb, things, stats, threshold, seconds }: MatchSummary): string {
  return `${verb} ${count(stats.recordsA)} × ${count(stats.recordsB)} ${things}: ${count(stats.candidatePairs)} candidate pairs `
    + `(reduction ratio ${stats.reductionRatio.toFixed(4)}), ${count(stats.matches)} match${stats.matches === 1 ? '' : 'es'} `
    + `at threshold ${threshold}, in ${seconds.toFixed(2)} s.`;
}

export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
