/**
 * The composition root of the HTTP API: `createServer(deps)` builds a fastify instance (without
 * listening) from a store, a model and a config; `startServer` also listens.
 *
 * @example
 * ```ts
 * const app = await createServer({ store, model, config: { version: '0.1.0', secureCookies: false } });
 * const res = await app.inject({ method: 'GET', url: '/api/health' });
 * ```
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { PrincipalCache } from './principal-cache.ts';
import { PublicThrottle } from './public-throttle.ts';
import { UploadService } from './uploads/upload-service.ts';
import { BundleService } from './bundles/bundle-service.ts';
import { ledgerAccessFrom } from '@ariadne/evidence';
import { signNote } from '@ariadne/ledger';
import { LoginThrottle } from '@ariadne/access';
import { Checkpointer } from '@ariadne/store';
import { isAriadneError } from '@ariadne/schema';
import { DEFAULT_CONFIG, type ServerConfig, type ServerDeps } from './config.ts';
import type { AppContext } from './context.ts';
import { loggerOptions } from './logging.ts';
import { PROBLEM_CONTENT_TYPE, makeProblem, toProblemInput, type ProblemInput } from './problem.ts';
import { registerRoutes } from './register-routes.ts';
import { financeOf } from './finance/finance-context.ts';
import { ROUTES } from './routes/index.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { serveWebApp } from './web.ts';
import { ScreeningService } from './screening/screening-service.ts';
import { NetworkService } from './network/network-service.ts';
import { linkagePoolOf } from './sharing/linkage-pool.ts';
import { SharingService } from './sharing/sharing-service.ts';
import { openSharing } from './sharing/sharing-setup.ts';

function pathOf(request: FastifyRequest): string {
  const cut = request.url.indexOf('?');
  return cut < 0 ? request.url : request.url.slice(0, cut);
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, input: ProblemInput): FastifyReply {
  const problem = makeProblem(input, pathOf(request));
  if (problem.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="ariadne"');
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const clock = deps.clock ?? (() => new Date());
  const checkpointer = checkpointerOf(deps, config, clock, (error) => app.log.error(checkpointFailure(error), 'ledger checkpoint not signed'));
  const checkpoints = checkpointer && deps.ledgerSigning
    ? { origin: deps.ledgerSigning.origin, verifierKey: deps.ledgerSigning.verifierKey, signNow: () => checkpointer.signNow() }
    : null;
  // bundles and receipts prove their events against checkpoints: stored ones, or one signed now;
  // bundles also carry the log key's signature over their manifest
  const signing = deps.ledgerSigning;
  const ledger = ledgerAccessFrom(deps.store, checkpoints && signing ? { ...checkpoints, signNote: (text) => signNote(text, [signing.signer]) } : null);
  const sharingSetup = await openSharing(deps.sharing, config.instanceName);
  const bundles = new BundleService({
    store: deps.store, vault: deps.evidence.vault, ledger, dir: deps.evidence.bundleDir, clock, onFailure: (error) => app.log.error({ err: error }, 'bundle not built'),
  });
  const ctx: AppContext = {
    store: deps.store,
    model: deps.model,
    config,
    clock,
    throttle: new LoginThrottle({ now: () => clock().getTime() }),
    principals: new PrincipalCache(config.principalCacheMs),
    publicThrottle: new PublicThrottle({ now: () => clock().getTime() }),
    vault: deps.evidence.vault,
    uploads: new UploadService(deps.store, deps.evidence.vault, { maxBytes: config.maxUploadBytes, ttlMs: config.uploadTtlHours * 3_600_000, now: clock }),
    bundles,
    checkpoints,
    ledger,
    screening: new ScreeningService({
      store: deps.store, jobs: deps.jobs, sweepMs: config.rescreenSweepSeconds * 1000,
      onError: (error) => app.log.error(isAriadneError(error) ? { code: error.code } : { err: error }, 'screening failed'),
    }),
    network: new NetworkService({ store: deps.store, now: clock }),
    sharing: new SharingService({
      store: deps.store, setup: sharingSetup, bundles, clock,
      log: {
        info: (fields, message) => app.log.info(fields, message),
        warn: (fields, message) => app.log.warn(fields, message),
        error: (fields, message) => app.log.error(fields, message),
      },
      maxPackageBytes: config.maxSharePackageBytes, packageTtlDays: config.sharePackageTtlDays, retentionSweepMs: config.shareRetentionSweepSeconds * 1000,
    }),
  };
  const app: FastifyInstance = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  });
  await app.register(fastifyCookie);
  addSecurityHeaders(app, { hsts: config.secureCookies });

  app.setErrorHandler((error, request, reply) => {
    const input = toProblemInput(error);
    // request bodies are never logged; the error serializer drops messages (see logging.ts)
    if (input.internal) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, input);
  });

  if (checkpointer) {
    // signs what grew while the server was down, then keeps checkpoints coming until close
    app.addHook('onReady', async () => checkpointer.start().catch((error: unknown) => app.log.error(checkpointFailure(error), 'ledger checkpointer did not start')));
    app.addHook('onClose', async () => checkpointer.stop());
  }

  // subjects are screened as they are written and whenever a list gets a new version
  app.addHook('onReady', async () => ctx.screening.start());
  app.addHook('onClose', async () => ctx.screening.stop());
  app.addHook('onClose', async () => ctx.network.close());
  app.addHook('onClose', async () => linkagePoolOf(ctx).close());
  // the finance settings are checked at start-up, not at the first import; open alert streams
  // are ended before close waits for responses (an SSE response would hold it for 30 minutes)
  app.addHook('onReady', async () => void financeOf(ctx));
  app.addHook('preClose', async () => financeOf(ctx).close());

  // sharing: what partners sent is purged when its retention runs out (also on every exchange)
  if (sharingSetup.ephemeral) {
    app.log.warn({ name: config.instanceName }, 'sharing: no identity configured; using an ephemeral one for this run (packages sent now cannot be answered after a restart)');
  }
  app.addHook('onReady', async () => ctx.sharing.start());
  app.addHook('onClose', async () => ctx.sharing.stop());

  // housekeeping: expired unfinished uploads are destroyed, stale temporary files removed, and
  // blobs no record references are counted (never deleted: disposing of evidence is a decision)
  const housekeeping = setInterval(() => void keepVaultTidy(ctx, app), HOUSEKEEPING_MS);
  housekeeping.unref();
  app.addHook('onReady', async () => void keepVaultTidy(ctx, app));
  app.addHook('onClose', async () => clearInterval(housekeeping));

  registerRoutes(app, ctx, ROUTES);
  const hasWeb = await serveWebApp(app, config.webRoot);

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    const isApi = path === '/api' || path.startsWith('/api/');
    if (hasWeb && !isApi && request.method === 'GET') return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendProblem(request, reply, { code: 'NOT_FOUND', detail: 'No such route.' });
  });
  return app;
}

const HOUSEKEEPING_MS = 60 * 60_000;

async function keepVaultTidy(ctx: AppContext, app: FastifyInstance): Promise<void> {
  try {
    const dropped = await ctx.uploads.sweepExpired();
    const report = await ctx.vault.sweep({ isReferenced: (name) => ctx.store.isBlobReferenced(name), olderThanMs: 24 * 60 * 60_000 });
    app.log.info({ expiredUploads: dropped, ...summary({ ...report }) }, 'vault housekeeping');
  } catch (error) {
    app.log.error({ err: error }, 'vault housekeeping failed');
  }
}

/** counts only: blob names are keyed hashes, but logs need no more than numbers */
function summary(report: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Array.isArray(v) ? v.length : Number(v) || 0]));
}

function checkpointerOf(deps: ServerDeps, config: ServerConfig, clock: () => Date, onError: (error: unknown) => void): Checkpointer | null {
  if (!deps.ledgerSigning) return null;
  const { signer, origin } = deps.ledgerSigning;
  return new Checkpointer({
    store: deps.store, signer, origin, now: clock, onError,
    everyEntries: config.checkpointEntries, everySeconds: config.checkpointSeconds,
  });
}

/** what a failed signing logs: our refusals carry sizes and hashes only; anything else its code */
function checkpointFailure(error: unknown): Record<string, unknown> {
  return isAriadneError(error) ? { code: error.code, reason: error.message } : { err: error };
}

/** Builds the server and listens on `config.host:config.port`; returns the instance. */
export async function startServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = await createServer(deps);
  const config = { ...DEFAULT_CONFIG, ...deps.config };
  await app.listen({ port: config.port, host: config.host });
  return app;
}
