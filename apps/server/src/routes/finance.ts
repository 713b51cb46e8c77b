/**
 * Financial intelligence (issue 10): a case's transaction data and its alerts as they arrive
 * (finance-data.ts), the alert queue and triage (finance-alerts.ts), and FIU cases with their
 * goAML reports (finance-cases.ts, finance-reports.ts). Every route needs a finance permission and
 * membership of the case concerned; anything of another case answers 404.
 */
import type { AnyRoute } from '../route.ts';
import { financeAlertRoutes } from './finance-alerts.ts';
import { fiuCaseRoutes } from './finance-cases.ts';
import { financeDataRoutes } from './finance-data.ts';
import { financeReportRoutes } from './finance-reports.ts';

export const financeRoutes: readonly AnyRoute[] = [...financeDataRoutes, ...financeAlertRoutes, ...fiuCaseRoutes, ...financeReportRoutes];
