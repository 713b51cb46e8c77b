/**
 * Turns the route table into fastify routes. Enforcement order, per request:
 * authentication (401) → permission (403) → CSRF on cookie writes (403) — all in `onRequest`,
 * before the body is even read — then zod validation of params, query and body (400), then the
 * handler, which decides case membership through `@ariadne/access`.
 */
import { AriadneError } from '@ariadne/schema';
import { isPermission, verifyCsrfToken } from '@ariadne/access';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from './context.ts';
import { authenticate, type Principal } from './principal.ts';
import { authenticateReceipt, type ReceiptHolder } from './receipt-auth.ts';
import { zodErrors } from './problem.ts';
import { successStatus, type AnyRoute } from './route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    receipt: ReceiptHolder | null;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses, at startup, a table with an unguarded or duplicated route. */
export function checkRouteTable(routes: readonly AnyRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.url}`;
    const { permission } = route as { permission?: unknown };
    if (permission !== 'public' && permission !== 'authenticated' && permission !== 'receipt' && !isPermission(permission)) {
      throw new Error(`Route ${key} declares no valid permission (deny by default).`);
    }
    if (!route.url.startsWith('/api/')) throw new Error(`Route ${key} lies outside /api.`);
    if (seen.has(key)) throw new Error(`Route ${key} is declared twice.`);
    const readsNothing = route.method === 'GET' || route.method === 'DELETE' || route.method === 'HEAD' || route.method === 'OPTIONS';
    if (!readsNothing && route.body === undefined && route.rawBody === undefined && route.permission === 'public') {
      // public writes without a body schema would accept anything
      throw new Error(`Public route ${key} must declare a body schema.`);
    }
    seen.add(key);
  }
}

async function guard(ctx: AppContext, route: AnyRoute, request: FastifyRequest): Promise<void> {
  if (route.permission === 'public') return;
  if (route.permission === 'receipt') {
    // a header credential, never a cookie: cross-site requests cannot forge it, so no CSRF token
    request.receipt = await authenticateReceipt(ctx, request);
    return;
  }
  const principal = await authenticate(ctx, request);
  if (route.permission !== 'authenticated') {
    if (!principal.permissions.has(route.permission)) {
      throw new AriadneError('FORBIDDEN', 'You lack the permission this needs.');
    }
    if (principal.mustChangePassword) {
      throw new AriadneError('FORBIDDEN', 'Change your one-time password first.');
    }
  }
  if (principal.session && STATE_CHANGING.has(route.method)) {
    const header = request.headers['x-csrf-token'];
    if (!verifyCsrfToken(principal.session.csrfToken, typeof header === 'string' ? header : null)) {
      throw new AriadneError('CSRF_FAILED', 'The request lacks a valid X-CSRF-Token header.');
    }
  }
  request.principal = principal;
}

function validate(route: AnyRoute, request: FastifyRequest): { params: unknown; query: unknown; body: unknown } {
  const errors: Record<string, string> = {};
  const parse = (schema: z.ZodType | undefined, value: unknown, prefix: string): unknown => {
    if (!schema) return undefined;
    const result = schema.safeParse(value ?? (prefix === 'body' ? undefined : {}));
    if (result.success) return result.data;
    Object.assign(errors, zodErrors(result.error, prefix === 'body' ? '' : prefix));
    if (prefix === 'body' && Object.keys(errors).length === 0) errors.body = result.error.issues[0]?.message ?? 'invalid';
    return undefined;
  };
  const params = parse(route.params, request.params, 'params');
  const query = parse(route.query, request.query, 'query');
  const body = route.rawBody ? undefined : parse(route.body, request.body, 'body');
  if (Object.keys(errors).length > 0) {
    if (errors[''] !== undefined) {
      errors.body = errors[''];
      delete errors[''];
    }
    throw new AriadneError('VALIDATION_FAILED', 'The request does not satisfy the API schema.', { details: errors });
  }
  return { params, query, body };
}

export function registerRoutes(app: FastifyInstance, ctx: AppContext, routes: readonly AnyRoute[]): void {
  checkRouteTable(routes);
  app.decorateRequest('principal', null);
  app.decorateRequest('receipt', null);
  // bodies of these types stay unread: the route streams them itself (uploads, bundles to verify)
  const rawTypes = [...new Set(routes.flatMap((r) => r.rawBody ?? []))];
  // a raw content type holds for the whole server: JSON must stay parsed for every other route
  if (rawTypes.includes('application/json')) throw new Error('application/json cannot be a raw body type.');
  if (rawTypes.length > 0) app.addContentTypeParser(rawTypes, (_request, _payload, done) => done(null, undefined));
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit(ctx.config) } : {}),
      onRequest: async (request) => guard(ctx, route, request),
      handler: async (request, reply) => {
        const input = validate(route, request);
        let result: unknown;
        try {
          result = await route.handler({ ...input, principal: request.principal as Principal, receipt: request.receipt, ctx, request, reply });
        } finally {
          // a write may have revoked a token, disabled a user or changed a membership
          if (STATE_CHANGING.has(route.method)) ctx.principals.clear();
        }
        if (route.produces === 'binary') {
          // the handler chose its status (tus answers 201, 204 or 409) and content type
          if (reply.statusCode === 200) reply.code(successStatus(route));
          return result === undefined ? reply.send() : reply.send(result);
        }
        const status = route.accepted && reply.statusCode === 202 ? 202 : successStatus(route);
        reply.code(status);
        if (status === 204) return reply.send();
        if (route.produces === 'text/html') return reply.type('text/html; charset=utf-8').send(result);
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result));
      },
    });
  }
}
