/**
 * The store's financial-intelligence part (`FinanceStore`): transaction data sets with their
 * accounts' KYC, alerts with their triage, and FIU cases. Each concern lives in its own module;
 * this binds them to one context.
 *
 * @example
 * ```ts
 * const { dataset, duplicates } = await store.importFinanceData(actor, { caseId, source: 'statement.csv', format: 'csv', sha256, accounts, transactions, errors });
 * for await (const batch of store.readTransactions({ caseId })) graph.add(batch);
 * await store.recordFinanceAlerts(actor, { caseId, datasetId: dataset.id, algorithm: 'ariadne-typologies@1', alerts });
 * ```
 */
import type { StoreContext } from './context.ts';
import type { FinanceStore } from './finance-types.ts';
import { financeDataStore } from './finance-data.ts';
import { financeAlertStore } from './finance-alerts.ts';
import { fiuCaseStore } from './fiu-cases.ts';

export function financeStore(ctx: StoreContext): FinanceStore {
  return {
    ...financeDataStore(ctx),
    ...financeAlertStore(ctx),
    ...fiuCaseStore(ctx),
  };
}
