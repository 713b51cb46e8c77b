/**
 * @module @ariadne/server
 * Ariadne's HTTP API (`docs/api-contract.md`): `createServer` builds it, `startServer` listens.
 */
export { createServer, startServer } from './server.ts';
export { DEFAULT_CONFIG, type ServerConfig, type ServerDeps, type SharingDeps } from './config.ts';
export type { ServerModel } from './model.ts';
export { ROUTES } from './routes/index.ts';
export { buildOpenApi } from './openapi.ts';
export { STATUS_BY_CODE } from './problem.ts';
export type { AnyRoute, Access } from './route.ts';
export { FinanceService } from './finance/finance-service.ts';
export { financeSettings } from './finance/finance-settings.ts';
export { ReportRefused } from './finance/goaml-reports.ts';
export { SharingService, type Selection, type SharingLog, type SharingServiceOptions } from './sharing/sharing-service.ts';
export { openSharing, type SharingSetup } from './sharing/sharing-setup.ts';
