/**
 * The finance service of a server. One per `AppContext`, made on first use with the server's
 * store, clock and `finance` options, so its streaming scorers and alert streams live as long as
 * the server does.
 */
import type { AppContext } from '../context.ts';
import type { Principal } from '../principal.ts';
import { financeSettings } from './finance-settings.ts';
import { FinanceService, type FinanceReader } from './finance-service.ts';

const services = new WeakMap<AppContext, FinanceService>();

export function financeOf(ctx: AppContext): FinanceService {
  let service = services.get(ctx);
  if (!service) {
    service = new FinanceService({ store: ctx.store, settings: financeSettings(ctx.config.finance), now: ctx.clock });
    services.set(ctx, service);
  }
  return service;
}

/** who reads alerts, and whether they may see victims' identities */
export function financeReader(principal: Principal): FinanceReader {
  return { actor: principal.actor, cleared: principal.permissions.has('sealed:read') };
}
