/**
 * Scores alerts against the generator's labels, the way the benchmark reports them:
 *
 * - **pattern recall per typology**: a planted pattern counts as found when the alerts, taken
 *   together, cover at least half of its transactions (`PATTERN_FOUND_COVERAGE`). Which alert or
 *   typology label covers them does not matter: an analyst opening any of those alerts sees the
 *   pattern. Half, not all, because a detector reporting a fan-in of 12 from its 8 most telling
 *   transactions has found it, while one brushing a single hop of a cycle has not.
 * - **alert precision**: alerts sharing at least one transaction with a planted pattern, over all
 *   alerts (also per detector).
 * - **transaction level** on the illicit class: a transaction is predicted illicit when it is in
 *   any alert; precision, recall and F1 against the labelled ids, as Altman et al. (NeurIPS 2023)
 *   and Blanuša et al. (ICAIF 2024) report minority-class F1 on IBM AMLworld.
 *
 * A ratio whose denominator is 0 (no alerts, nothing planted) is reported as 0 beside its counts.
 */
import { AriadneError } from '@ariadne/schema';
import type { AlertLine } from './types.ts';
import { PLANTED_TYPOLOGIES, type PlantedPattern } from './generator-config.ts';

/** share of a pattern's transactions the alerts must cover for the pattern to count as found */
export const PATTERN_FOUND_COVERAGE = 0.5;

export interface TypologyRecall {
  readonly typology: string;
  readonly planted: number;
  readonly found: number;
  readonly recall: number;
}

export interface DetectorPrecision {
  readonly detector: string;
  readonly alerts: number;
  readonly onPatterns: number;
  readonly precision: number;
}

export interface TransactionScores {
  readonly total: number;
  readonly illicit: number;
  /** transactions in at least one alert */
  readonly flagged: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Evaluation {
  readonly patterns: { readonly planted: number; readonly found: number; readonly recall: number };
  /** every typology with a planted pattern: the generator's order first, then any other label */
  readonly typologies: readonly TypologyRecall[];
  /** the lowest per-typology recall (0 when nothing was planted) */
  readonly minTypologyRecall: number;
  readonly alerts: { readonly total: number; readonly onPatterns: number; readonly precision: number };
  readonly detectors: readonly DetectorPrecision[];
  readonly transactions: TransactionScores;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** the ids of every labelled transaction */
export function illicitTransactionIds(patterns: readonly PlantedPattern[]): Set<string> {
  const ids = new Set<string>();
  for (const p of patterns) for (const id of p.transactions) ids.add(id);
  return ids;
}

export function evaluateAlerts(
  alerts: readonly AlertLine[], patterns: readonly PlantedPattern[], illicitTxIds: ReadonlySet<string>, totalTransactions: number,
): Evaluation {
  if (!Number.isSafeInteger(totalTransactions) || totalTransactions < illicitTxIds.size) {
    throw new AriadneError('VALIDATION_FAILED', 'totalTransactions must be an integer at least the number of illicit transactions.', {
      details: { totalTransactions: 'an integer >= the illicit transactions' },
    });
  }
  const flagged = new Set<string>();
  for (const alert of alerts) for (const id of alert.transactions) flagged.add(id);
  if (flagged.size > totalTransactions) {
    throw new AriadneError('VALIDATION_FAILED', 'The alerts name more distinct transactions than totalTransactions.', {
      details: { totalTransactions: 'fewer than the transactions the alerts name' },
    });
  }

  const labelled = new Set<string>();
  for (const p of patterns) for (const id of p.transactions) labelled.add(id);
  const byTypology = new Map<string, { planted: number; found: number }>();
  let found = 0;
  for (const p of patterns) {
    const unique = new Set(p.transactions);
    let covered = 0;
    for (const id of unique) if (flagged.has(id)) covered++;
    const isFound = unique.size > 0 && covered >= PATTERN_FOUND_COVERAGE * unique.size;
    const entry = byTypology.get(p.typology) ?? { planted: 0, found: 0 };
    entry.planted++;
    if (isFound) { entry.found++; found++; }
    byTypology.set(p.typology, entry);
  }
  const order = [...PLANTED_TYPOLOGIES.filter((t) => byTypology.has(t)), ...[...byTypology.keys()].filter((t) => !(PLANTED_TYPOLOGIES as readonly string[]).includes(t)).sort()];
  const typologies = order.map((typology) => {
    const e = byTypology.get(typology)!;
    return { typology, planted: e.planted, found: e.found, recall: ratio(e.found, e.planted) };
  });

  let onPatterns = 0;
  const detectors = new Map<string, { alerts: number; onPatterns: number }>();
  for (const alert of alerts) {
    const hit = alert.transactions.some((id) => labelled.has(id));
    if (hit) onPatterns++;
    const d = detectors.get(alert.detector) ?? { alerts: 0, onPatterns: 0 };
    d.alerts++;
    if (hit) d.onPatterns++;
    detectors.set(alert.detector, d);
  }

  let truePositives = 0;
  for (const id of flagged) if (illicitTxIds.has(id)) truePositives++;
  const falsePositives = flagged.size - truePositives;
  const falseNegatives = illicitTxIds.size - truePositives;
  const precision = ratio(truePositives, flagged.size);
  const recall = ratio(truePositives, illicitTxIds.size);
  return {
    patterns: { planted: patterns.length, found, recall: ratio(found, patterns.length) },
    typologies,
    minTypologyRecall: typologies.length === 0 ? 0 : Math.min(...typologies.map((t) => t.recall)),
    alerts: { total: alerts.length, onPatterns, precision: ratio(onPatterns, alerts.length) },
    detectors: [...detectors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([detector, d]) => ({ detector, ...d, precision: ratio(d.onPatterns, d.alerts) })),
    transactions: {
      total: totalTransactions, illicit: illicitTxIds.size, flagged: flagged.size, truePositives, falsePositives, falseNegatives,
      precision, recall, f1: ratio(2 * precision * recall, precision + recall),
    },
  };
}
