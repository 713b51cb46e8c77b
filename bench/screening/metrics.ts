/**
 * Accuracy figures from scored cases. A positive is found at threshold t when an expected entry
 * scores ≥ t; a negative is a false alert when anything scores ≥ t. Precision is per query:
 * found positives / all queries that raised an alert (a positive raising only wrong entries
 * counts against it).
 */
import { NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, type BenchCase, type Category } from './cases.ts';

export interface Hit { readonly list: string; readonly entry: string; readonly score: number }

export interface Scored {
  readonly case: BenchCase;
  /** Best score of an expected entry (0 if not returned). */
  readonly expected: number;
  /** Best score of anything returned. */
  readonly top: number;
}

export function scoreCase(c: BenchCase, hits: readonly Hit[]): Scored {
  let expected = 0;
  let top = 0;
  for (const h of hits) {
    if (h.score > top) top = h.score;
    if (c.expected && h.list === c.expected.list && c.expected.entries.includes(h.entry) && h.score > expected) expected = h.score;
  }
  return { case: c, expected, top };
}

export interface Figures {
  readonly threshold: number;
  readonly recall: number;
  readonly fpr: number;
  readonly precision: number;
  readonly positives: number;
  readonly negatives: number;
  /** Recall per positive category, false-alert rate per negative category. */
  readonly byCategory: Partial<Record<Category, { n: number; rate: number }>>;
}

const isPositive = (s: Scored) => s.case.expected !== undefined;

export function figuresAt(scored: readonly Scored[], threshold: number): Figures {
  const pos = scored.filter(isPositive);
  const neg = scored.filter((s) => !isPositive(s));
  const found = pos.filter((s) => s.expected >= threshold).length;
  const falseAlerts = neg.filter((s) => s.top >= threshold).length;
  const alerts = pos.filter((s) => s.top >= threshold).length + falseAlerts;
  const byCategory: Figures['byCategory'] = {};
  for (const c of [...POSITIVE_CATEGORIES, ...NEGATIVE_CATEGORIES]) {
    const of = scored.filter((s) => s.case.category === c);
    if (of.length === 0) continue;
    const hits = POSITIVE_CATEGORIES.includes(c) ? of.filter((s) => s.expected >= threshold) : of.filter((s) => s.top >= threshold);
    byCategory[c] = { n: of.length, rate: hits.length / of.length };
  }
  return {
    threshold, recall: found / Math.max(1, pos.length), fpr: falseAlerts / Math.max(1, neg.length),
    precision: alerts === 0 ? 1 : found / alerts, positives: pos.length, negatives: neg.length, byCategory,
  };
}

/** The lowest threshold at which at most `fpr` of the negatives raise an alert. */
export function thresholdForFpr(scored: readonly Scored[], fpr: number): number {
  const tops = scored.filter((s) => !isPositive(s)).map((s) => s.top).sort((a, b) => b - a);
  const allowed = Math.floor(fpr * tops.length);
  const bar = tops[allowed];
  if (bar === undefined) return 0;
  // just above the first negative that must not alert
  return bar + 1e-9;
}
