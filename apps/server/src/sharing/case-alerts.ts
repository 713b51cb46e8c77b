/**
 * The alerts a data package may carry (issue 8): the case's finance alerts, but not those closed
 * as not suspicious, each with the entities it is about (the holders of its accounts), and the
 * case's screening alerts that are not judged false positives; of both only those about an entity
 * of the selection. The reduction (`reduceAlerts` of `@ariadne/sharing`) then decides what of
 * them travels and how.
 */
import type { SharedFinanceSource, SharedScreeningSource } from '@ariadne/sharing';
import type { FinanceAlert, ScreeningAlert, Store } from '@ariadne/store';

const PAGE = 200;
/** accounts looked up per store call */
const ACCOUNT_BATCH = 5_000;

export interface CaseAlerts {
  readonly finance: { readonly alert: SharedFinanceSource; readonly subjects: readonly string[] }[];
  readonly screening: SharedScreeningSource[];
}

/** a finance alert a partner may learn of: an alert closed as not suspicious was a false lead */
export function financeAlertShareable(alert: FinanceAlert): boolean {
  return !(alert.status === 'closed' && alert.disposition === 'not_suspicious');
}

/** a screening alert a partner may learn of: open, waiting for review or confirmed, not a false positive */
export function screeningAlertShareable(alert: ScreeningAlert): boolean {
  return alert.status !== 'false_positive';
}

async function allFinanceAlerts(store: Store, caseId: string): Promise<FinanceAlert[]> {
  const out: FinanceAlert[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store['listFinanceAlerts']>> = await store.listFinanceAlerts({ caseIds: [caseId] }, { limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

async function allScreeningAlerts(store: Store, caseId: string): Promise<ScreeningAlert[]> {
  const out: ScreeningAlert[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store['listAlerts']>> = await store.listAlerts({ caseIds: [caseId] }, { limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** account id → the entity holding it, for the accounts the alerts name */
async function holders(store: Store, caseId: string, alerts: readonly FinanceAlert[]): Promise<Map<string, string>> {
  const ids = [...new Set(alerts.flatMap((a) => a.accounts))];
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += ACCOUNT_BATCH) {
    for (const account of await store.getAccounts(caseId, ids.slice(i, i + ACCOUNT_BATCH))) {
      if (account.holderId !== undefined) out.set(account.id, account.holderId);
    }
  }
  return out;
}

/**
 * The case's shareable alerts about the selected entities (`selected`: original ids).
 *
 * @example const { finance, screening } = await caseAlertsFor(store, agreement.caseId, new Set(selected.entities.map((e) => e.id)));
 */
export async function caseAlertsFor(store: Store, caseId: string, selected: ReadonlySet<string>): Promise<CaseAlerts> {
  const financeAlerts = (await allFinanceAlerts(store, caseId)).filter(financeAlertShareable);
  const holderOf = await holders(store, caseId, financeAlerts);
  const finance: CaseAlerts['finance'] = [];
  for (const alert of financeAlerts) {
    const subjects = [...new Set(alert.accounts.flatMap((account) => holderOf.get(account) ?? []))].filter((id) => selected.has(id));
    if (subjects.length > 0) finance.push({ alert, subjects });
  }
  const screening = (await allScreeningAlerts(store, caseId)).filter((a) => screeningAlertShareable(a) && selected.has(a.subjectId));
  return { finance, screening };
}
