/**
 * The monitoring services of a server: one per `AppContext`, made on first use with the server's
 * store, clock and `monitoring` options (the data service keeps the latest boundary index).
 */
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';
import { MonitoringAnalysisService, type AnalysisScope } from './analysis-service.ts';
import { MonitoringDataService } from './data-service.ts';
import { monitoringSettings, type MonitoringSettings } from './monitoring-settings.ts';

export interface MonitoringServices {
  readonly settings: MonitoringSettings;
  readonly data: MonitoringDataService;
  readonly analysis: MonitoringAnalysisService;
}

const services = new WeakMap<AppContext, MonitoringServices>();

export function monitoringOf(ctx: AppContext): MonitoringServices {
  let found = services.get(ctx);
  if (!found) {
    const settings = monitoringSettings(ctx.config.monitoring);
    found = {
      settings,
      data: new MonitoringDataService({ store: ctx.store, settings, now: ctx.clock }),
      analysis: new MonitoringAnalysisService({ store: ctx.store, settings }),
    };
    services.set(ctx, found);
  }
  return found;
}

/**
 * The cases whose incidents an analysis may read for this caller: those it is a MEMBER of. Not
 * `canSeeCase`: an admin sees every case's metadata, never every case's incidents.
 */
export async function analysisScope(principal: Principal): Promise<AnalysisScope> {
  return { memberCaseIds: [...(await principal.cases()).memberCaseIds], actor: principal.actor };
}
