import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import { evaluateAlerts, illicitTransactionIds, PATTERN_FOUND_COVERAGE } from '../src/evaluate.ts';
import type { PlantedPattern } from '../src/generator.ts';
import type { AlertLine } from '../src/types.ts';

/** a fan-in of four transactions and a cycle of three, hidden among 100 transactions */
const PATTERNS: PlantedPattern[] = [
  { id: 'PAT-0001', typology: 'fan_in', transactions: ['F1', 'F2', 'F3', 'F4'], accounts: ['ACC-A', 'ACC-B', 'ACC-C', 'ACC-D', 'ACC-HUB'] },
  { id: 'PAT-0002', typology: 'cycle', transactions: ['C1', 'C2', 'C3'], accounts: ['ACC-X', 'ACC-Y', 'ACC-Z'] },
];
const ILLICIT = illicitTransactionIds(PATTERNS);

function alert(detector: string, transactions: string[]): AlertLine {
  return { detector, typology: 'test', score: 0.7, accounts: ['ACC-A'], transactions, explanation: 'test alert' };
}

describe('evaluateAlerts', () => {
  test('a hand-built case: recall per typology, alert precision and transaction-level F1', () => {
    const alerts = [
      alert('fan-in', ['F1', 'F2']), // covers exactly half of the fan-in: found
      alert('cycle', ['C1', 'N1']), // one of three cycle hops: not found, but it touches a pattern
      alert('fan-in', ['N2']), // nothing planted
    ];
    const e = evaluateAlerts(alerts, PATTERNS, ILLICIT, 100);
    assert.deepEqual(e.patterns, { planted: 2, found: 1, recall: 0.5 });
    assert.deepEqual(e.typologies, [
      { typology: 'fan_in', planted: 1, found: 1, recall: 1 },
      { typology: 'cycle', planted: 1, found: 0, recall: 0 },
    ]);
    assert.equal(e.minTypologyRecall, 0);
    assert.deepEqual(e.alerts, { total: 3, onPatterns: 2, precision: 2 / 3 });
    assert.deepEqual(e.detectors, [
      { detector: 'cycle', alerts: 1, onPatterns: 1, precision: 1 },
      { detector: 'fan-in', alerts: 2, onPatterns: 1, precision: 0.5 },
    ]);
    // flagged F1 F2 C1 N1 N2: three of seven illicit found, two false alarms
    const t = e.transactions;
    assert.deepEqual({ ...t, f1: 0 }, { total: 100, illicit: 7, flagged: 5, truePositives: 3, falsePositives: 2, falseNegatives: 4, precision: 0.6, recall: 3 / 7, f1: 0 });
    assert.ok(Math.abs(t.f1 - (2 * 0.6 * (3 / 7)) / (0.6 + 3 / 7)) < 1e-12);
  });

  test('coverage adds up across alerts, and a transaction in two alerts counts once', () => {
    assert.equal(PATTERN_FOUND_COVERAGE, 0.5);
    const e = evaluateAlerts([alert('a', ['C1']), alert('b', ['C2', 'C1'])], PATTERNS, ILLICIT, 100);
    assert.equal(e.typologies.find((t) => t.typology === 'cycle')!.found, 1);
    assert.equal(e.transactions.flagged, 2);
    assert.equal(e.transactions.precision, 1);
  });

  test('just under half is not found', () => {
    const e = evaluateAlerts([alert('a', ['F1'])], PATTERNS, ILLICIT, 100);
    assert.equal(e.typologies[0]!.found, 0);
  });

  test('no alerts: every ratio 0, counts intact', () => {
    const e = evaluateAlerts([], PATTERNS, ILLICIT, 100);
    assert.deepEqual(e.alerts, { total: 0, onPatterns: 0, precision: 0 });
    assert.equal(e.transactions.f1, 0);
    assert.equal(e.transactions.falseNegatives, 7);
    assert.equal(e.patterns.recall, 0);
  });

  test('nothing planted: no typology rows, recall 0', () => {
    const e = evaluateAlerts([alert('a', ['N1'])], [], new Set(), 10);
    assert.deepEqual(e.typologies, []);
    assert.equal(e.minTypologyRecall, 0);
    assert.equal(e.alerts.precision, 0);
    assert.equal(e.transactions.falsePositives, 1);
  });

  test('perfect alerts score 1 everywhere', () => {
    const e = evaluateAlerts([alert('fan-in', ['F1', 'F2', 'F3', 'F4']), alert('cycle', ['C1', 'C2', 'C3'])], PATTERNS, ILLICIT, 1_000);
    assert.equal(e.minTypologyRecall, 1);
    assert.equal(e.alerts.precision, 1);
    assert.equal(e.transactions.f1, 1);
  });

  test('a total smaller than the illicit or flagged transactions is refused', () => {
    const refused = (error: unknown) => isAriadneError(error) && error.code === 'VALIDATION_FAILED';
    assert.throws(() => evaluateAlerts([], PATTERNS, ILLICIT, 3), refused);
    assert.throws(() => evaluateAlerts([], PATTERNS, ILLICIT, 7.5), refused);
    assert.throws(() => evaluateAlerts([alert('a', ['N1', 'N2', 'N3'])], [], new Set(), 2), refused);
  });
});
