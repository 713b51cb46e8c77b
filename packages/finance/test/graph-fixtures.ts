/**
 * Small hand-built transaction graphs for detector tests: a transaction is one short line, times
 * are hours after a fixed synthetic epoch, amounts are in USD, and every account id is invented.
 *
 * @example
 * ```ts
 * const graph = graphOf([
 *   ['T1', 'ACC-A', 'ACC-HUB', 900, 0],
 *   ['T2', 'ACC-B', 'ACC-HUB', 950, 2, { kind: 'cash_deposit' }],
 * ], [{ id: 'ACC-HUB', kind: 'personal' }]);
 * const findings = runDetector(fanIn, graph);
 * ```
 */
import assert from 'node:assert/strict';
import type { AnyDetector, DetectContext, Detector, DetectorParams, Finding } from '../src/detector.ts';
import { TransactionGraph } from '../src/tx-graph.ts';
import type { AccountRecord, TransactionRecord } from '../src/types.ts';

/** 2026-01-05T00:00:00Z, a Monday */
export const EPOCH = Date.UTC(2026, 0, 5);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const TEST_CURRENCY = { base: 'USD', rates: { USD: 1, EUR: 1.1, IQD: 0.00076, SYP: 0.00008 } } as const;

export type TxLine = readonly [id: string, from: string, to: string, amount: number, hours: number, extra?: Partial<TransactionRecord>];

export function tx(line: TxLine): TransactionRecord {
  const [id, from, to, amount, hours, extra] = line;
  return {
    id, from, to, amount, amountText: amount.toFixed(2), currency: 'USD', timestamp: EPOCH + hours * HOUR, kind: 'transfer',
    ...extra,
  };
}

export function graphOf(lines: readonly TxLine[], accounts: readonly AccountRecord[] = []): TransactionGraph {
  const graph = new TransactionGraph({ currency: TEST_CURRENCY });
  graph.addAccounts(accounts);
  for (const line of lines) graph.add(tx(line));
  return graph;
}

/** the batch scan's way of calling a detector: every non-pseudo node, the whole time span */
export function runDetector<P extends DetectorParams>(
  detector: Detector<P>, graph: TransactionGraph, params: Partial<P> = {}, context: DetectContext = {},
): Finding[] {
  const merged = { ...detector.defaults, ...params } as P;
  const scope = { since: -Infinity, until: Infinity, context };
  const out: Finding[] = [];
  for (let n = 0; n < graph.nodeCount; n++) {
    if (graph.isPseudo(n)) continue;
    out.push(...detector.detect(graph, n, merged, scope));
  }
  return out;
}

/** the streaming scorer's way: after each transaction, its two endpoints with the scope pinned to its time */
export function runDetectorStreaming<P extends DetectorParams>(
  detector: Detector<P>, lines: readonly TxLine[], accounts: readonly AccountRecord[] = [], params: Partial<P> = {}, context: DetectContext = {},
): Finding[] {
  const graph = new TransactionGraph({ currency: TEST_CURRENCY });
  graph.addAccounts(accounts);
  const merged = { ...detector.defaults, ...params } as P;
  const out: Finding[] = [];
  for (const line of lines) {
    const i = graph.add(tx(line));
    if (i < 0) continue;
    const scope = { since: graph.time(i), until: graph.time(i), context };
    const payer = graph.from(i);
    const payee = graph.to(i);
    for (const n of new Set([payer, payee])) {
      // as the scorer does: a detector that declares its anchor side is called on that side only
      const side = payer === payee ? 'both' : n === payer ? 'payer' : 'payee';
      if (detector.anchorSide !== undefined && side !== 'both' && side !== detector.anchorSide) continue;
      if (!graph.isPseudo(n)) out.push(...detector.detect(graph, n, merged, scope));
    }
  }
  return out;
}

/** transaction ids of a finding, for assertions */
export function idsOf(graph: TransactionGraph, finding: Finding): string[] {
  return finding.transactions.map((t) => graph.txId(t));
}

export interface CompletingCase {
  readonly lines: readonly TxLine[];
  readonly accounts?: readonly AccountRecord[];
  readonly context?: DetectContext;
  /** the transaction that completes the pattern */
  readonly completing: string;
}

export interface OnceFound {
  readonly finding: Finding;
  readonly ids: string[];
  readonly anchor: string;
}

/**
 * The red flags' common check: one batch finding; streaming finds the same one, and nothing
 * before `completing` has arrived; the completing transaction is the latest evidence; the reason
 * holds none of the case's references or names (`forbidden`).
 */
export function findOnceWhenComplete<P extends DetectorParams>(
  detector: Detector<P>, c: CompletingCase, reason: { readonly forbidden: RegExp; readonly message: string },
): OnceFound {
  const accounts = c.accounts ?? [];
  const context = c.context ?? {};
  const graph = graphOf(c.lines, accounts);
  const batch = runDetector(detector, graph, {}, context);
  assert.equal(batch.length, 1, `batch findings: ${batch.map((f) => f.reason).join(' | ')}`);
  const finding = batch[0]!;
  assert.deepEqual(runDetectorStreaming(detector, c.lines, accounts, {}, context), [finding]);
  const cut = c.lines.findIndex((l) => l[0] === c.completing);
  assert.ok(cut > 0);
  assert.deepEqual(runDetectorStreaming(detector, c.lines.slice(0, cut), accounts, {}, context), []);
  const ids = idsOf(graph, finding);
  assert.equal(ids[ids.length - 1], c.completing, 'the completing transaction is the latest evidence');
  assert.ok(finding.score > 0 && finding.score <= 1);
  assert.doesNotMatch(finding.reason, reason.forbidden, reason.message);
  return { finding, ids, anchor: graph.node(finding.node).key };
}

export type { AnyDetector };
