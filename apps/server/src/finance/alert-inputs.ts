/**
 * A typology hit (from the batch scan or the streaming scorer) as the store's alert input: the
 * typology, its detectors strongest first, the evidence transactions and accounts, the
 * explanation and each finding's reason. The store refuses an alert with more than 10,000
 * evidence transactions, 1,000 accounts or 100 findings; a hit past those keeps its latest
 * transactions (the pattern's completion is at its end) and its strongest findings, and says so.
 */
import { explainHit, type TransactionGraph, type TypologyHit } from '@ariadne/finance';
import type { FinanceAlertInput } from '@ariadne/store';

export const MAX_ALERT_TRANSACTIONS = 10_000;
export const MAX_ALERT_ACCOUNTS = 1000;
export const MAX_ALERT_FINDINGS = 100;

export function alertInputOf(graph: TransactionGraph, hit: TypologyHit): FinanceAlertInput {
  const cut = hit.transactions.length > MAX_ALERT_TRANSACTIONS;
  const txs = cut ? hit.transactions.slice(-MAX_ALERT_TRANSACTIONS) : hit.transactions;
  const findings = hit.findings.slice(0, MAX_ALERT_FINDINGS);
  const detectors = [...new Set(findings.map((f) => f.detector))];
  let explanation = explainHit(hit);
  if (cut) explanation += ` The evidence keeps the latest ${MAX_ALERT_TRANSACTIONS.toLocaleString('en')} of ${hit.transactions.length.toLocaleString('en')} transactions.`;
  return {
    typology: hit.typology.id,
    detectors,
    score: hit.score,
    accounts: graph.accountsOf(txs).slice(0, MAX_ALERT_ACCOUNTS),
    transactions: txs.map((t) => graph.txId(t)),
    explanation,
    findings: findings.map((f) => ({ detector: f.detector, score: f.score, reason: f.reason })),
  };
}
