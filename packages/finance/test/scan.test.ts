/**
 * The scoring engine on two small test detectors: typology configuration checks, findings
 * combined per anchor and time cluster, thresholds, alert lines, and the streaming scorer raising
 * an alert when the completing transaction arrives and updating it as the pattern grows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyDetector, Detector, Finding } from '../src/detector.ts';
import { inTimeOrder, strength } from '../src/detector.ts';
import { scanGraph, toAlertLine } from '../src/scan.ts';
import { StreamScorer } from '../src/stream-scorer.ts';
import { parseScoringConfig, type ScoringConfig } from '../src/typology.ts';
import { DAY, EPOCH, HOUR, TEST_CURRENCY, graphOf, tx, type TxLine } from './graph-fixtures.ts';

/** test detector: three or more senders into the anchor within `windowHours` (anchor: the receiver) */
const manySenders: Detector<{ windowHours: number; minSenders: number }> = {
  id: 'test-many-senders', title: 'Many senders', description: 'test', sources: ['test'], requires: ['TX'],
  defaults: { windowHours: 48, minSenders: 3 },
  detect(graph, node, params, scope) {
    const incoming = graph.incoming(node);
    const out: Finding[] = [];
    const start = graph.firstAtOrAfter(incoming, scope.since);
    const end = graph.lastAtOrBefore(incoming, scope.until);
    for (let k = start; k < end; k++) {
      const last = incoming[k]!;
      const from = graph.firstAtOrAfter(incoming, graph.time(last) - params.windowHours * HOUR);
      const window = incoming.slice(from, k + 1);
      const senders = new Set(window.map((t) => graph.from(t)));
      if (senders.size < params.minSenders) continue;
      // the pattern's latest transaction: report only when the next one in scope falls outside the window
      if (k + 1 < end) {
        const next = incoming[k + 1]!;
        if (graph.time(next) - graph.time(incoming[from]!) <= params.windowHours * HOUR) continue;
      }
      out.push({
        detector: 'test-many-senders', node, score: strength(senders.size, params.minSenders, params.minSenders * 2),
        transactions: inTimeOrder(graph, window), reason: `${senders.size} senders within ${params.windowHours} hours`,
      });
    }
    return out;
  },
};

/** test detector: any single transaction of 5,000 or more (anchor: the receiver) */
const bigAmount: Detector<{ min: number }> = {
  id: 'test-big-amount', title: 'Big amount', description: 'test', sources: ['test'], requires: ['TX'],
  defaults: { min: 5000 },
  detect(graph, node, params, scope) {
    const incoming = graph.incoming(node);
    const out: Finding[] = [];
    for (let k = graph.firstAtOrAfter(incoming, scope.since); k < graph.lastAtOrBefore(incoming, scope.until); k++) {
      const t = incoming[k]!;
      if (graph.amount(t) >= params.min) out.push({ detector: 'test-big-amount', node, score: 1, transactions: [t], reason: `one credit of ${graph.amount(t)} USD` });
    }
    return out;
  },
};

const DETECTORS = new Map<string, AnyDetector>([[manySenders.id, manySenders as unknown as AnyDetector], [bigAmount.id, bigAmount as unknown as AnyDetector]]);

const CONFIG: ScoringConfig = parseScoringConfig({
  algorithm: 'test-typologies@1',
  typologies: [
    { id: 'pooling', title: 'Pooling', description: 'many senders, stronger with a big credit', threshold: 0.5, rules: [
      { detector: 'test-many-senders', weight: 0.8 },
      { detector: 'test-big-amount', weight: 0.4 },
    ] },
    { id: 'big-only', title: 'Big credit', description: 'a big credit alone', threshold: 0.9, rules: [{ detector: 'test-big-amount', weight: 1 }] },
  ],
}, DETECTORS);

const POOL: TxLine[] = [
  ['P1', 'ACC-S1', 'ACC-POOL', 900, 0],
  ['P2', 'ACC-S2', 'ACC-POOL', 950, 5],
  ['P3', 'ACC-S3', 'ACC-POOL', 980, 10],
  ['P4', 'ACC-S4', 'ACC-POOL', 6000, 20],
  ['N1', 'ACC-X', 'ACC-Y', 100, 30],
];

describe('parseScoringConfig', () => {
  test('refuses unknown detectors, unknown or mistyped parameters and duplicate ids, naming each', () => {
    assert.throws(() => parseScoringConfig({
      algorithm: 'bad@1',
      typologies: [
        { id: 'a', title: 'A', description: '', threshold: 0.5, rules: [{ detector: 'nope', weight: 1 }] },
        { id: 'a', title: 'A again', description: '', threshold: 0.5, rules: [{ detector: 'test-big-amount', weight: 1, params: { min: 'many', max: 3 } }] },
      ],
    }, DETECTORS), (error: Error & { details?: Record<string, string> }) => {
      assert.equal(error.details?.['typologies.0.rules.0.detector'], 'no detector "nope"');
      assert.equal(error.details?.['typologies.1.id'], '"a" appears twice');
      assert.equal(error.details?.['typologies.1.rules.0.params.min'], 'expected a number');
      assert.match(error.details?.['typologies.1.rules.0.params.max'] ?? '', /no parameter "max"/);
      return true;
    });
  });

  test('refuses a malformed document with the path of the problem', () => {
    assert.throws(() => parseScoringConfig({ algorithm: 'no version', typologies: [] }, DETECTORS), (error: Error & { details?: Record<string, string> }) => {
      assert.ok(error.details?.algorithm);
      assert.ok(error.details?.typologies);
      return true;
    });
  });
});

describe('scanGraph', () => {
  test('combines the rules of a typology at one anchor into one weighted, capped score', () => {
    const graph = graphOf(POOL);
    const { alerts, stats } = scanGraph(graph, { config: CONFIG, detectors: DETECTORS });
    const pooling = alerts.filter((a) => a.typology.id === 'pooling');
    assert.equal(pooling.length, 1);
    // 4 senders: strength(4, 3, 6) = 0.5 + 0.5/3 = 0.667; 0.8 × 0.667 + 0.4 × 1 = 0.933
    assert.equal(pooling[0]!.score, 0.933);
    assert.deepEqual(toAlertLine(graph, pooling[0]!), {
      detector: 'test-many-senders', typology: 'pooling', score: 0.933,
      accounts: ['ACC-POOL', 'ACC-S1', 'ACC-S2', 'ACC-S3', 'ACC-S4'],
      transactions: ['P1', 'P2', 'P3', 'P4'],
      explanation: 'Pooling (score 0.93): 4 senders within 48 hours; one credit of 6000 USD.',
    });
    assert.equal(alerts.filter((a) => a.typology.id === 'big-only').length, 1);
    assert.equal(stats.findings['test-many-senders'], 1);
  });

  test('a typology below its threshold raises nothing', () => {
    const graph = graphOf(POOL.slice(0, 3));
    const strict = parseScoringConfig({ algorithm: 't@1', typologies: [{ id: 'pooling', title: 'P', description: '', threshold: 0.5, rules: [{ detector: 'test-many-senders', weight: 0.5 }] }] }, DETECTORS);
    assert.equal(scanGraph(graph, { config: strict, detectors: DETECTORS }).alerts.length, 0);
  });

  test('findings far apart in time at one anchor are separate cases', () => {
    const later = POOL.slice(0, 4).map(([id, from, to, amount, hours]) => [`L${id}`, from, to, amount, hours + 30 * 24] as TxLine);
    const graph = graphOf([...POOL.slice(0, 4), ...later]);
    const { alerts } = scanGraph(graph, { config: CONFIG, detectors: DETECTORS });
    assert.equal(alerts.filter((a) => a.typology.id === 'pooling').length, 2);
  });

  test('rule parameters from the configuration override the detector defaults', () => {
    const graph = graphOf(POOL);
    const config = parseScoringConfig({ algorithm: 't@1', typologies: [{ id: 'big', title: 'Big', description: '', threshold: 0.5, rules: [{ detector: 'test-big-amount', weight: 1, params: { min: 10_000 } }] }] }, DETECTORS);
    assert.equal(scanGraph(graph, { config, detectors: DETECTORS }).alerts.length, 0);
  });
});

describe('StreamScorer', () => {
  test('raises the alert when the completing transaction arrives, then updates it as the pattern grows', () => {
    const scorer = new StreamScorer({ currency: TEST_CURRENCY, config: CONFIG, detectors: DETECTORS });
    const kinds: string[][] = [];
    const grown: TxLine[] = [...POOL, ['P5', 'ACC-S5', 'ACC-POOL', 700, 31]];
    for (const line of grown) kinds.push(scorer.push(tx(line)).events.map((e) => `${e.kind}:${e.hit.typology.id}`));
    // three senders alone score 0.8 × 0.5 = 0.4, under the threshold; the big fourth credit completes it
    assert.deepEqual(kinds, [[], [], [], ['new:pooling', 'new:big-only'], [], ['updated:pooling']]);
  });

  test('a transaction id seen before is refused and scores nothing', () => {
    const scorer = new StreamScorer({ currency: TEST_CURRENCY, config: CONFIG, detectors: DETECTORS });
    scorer.push(tx(POOL[3]!));
    assert.deepEqual(scorer.push(tx(POOL[3]!)), { index: -1, events: [] });
  });

  test('late transactions join in time order and the graph stays sorted', () => {
    const scorer = new StreamScorer({ currency: TEST_CURRENCY, config: CONFIG, detectors: DETECTORS });
    for (const line of [POOL[2]!, POOL[0]!, POOL[1]!]) scorer.push(tx(line));
    const node = scorer.graph.nodeOf('ACC-POOL');
    assert.deepEqual(scorer.graph.incoming(node).map((t) => scorer.graph.txId(t)), ['P1', 'P2', 'P3']);
    assert.equal(scorer.graph.timeSpan.min, EPOCH);
    assert.equal(scorer.graph.timeSpan.max, EPOCH + 10 * HOUR);
    assert.ok(DAY > 0);
  });
});
