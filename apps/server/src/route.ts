/**
 * Routes as data. Each route names its method, path, required permission, documentation and
 * zod schemas; `registerRoutes` turns the table into fastify routes and enforces all of it, and
 * `buildOpenApi` documents the very same table. A route cannot exist undocumented or unguarded.
 *
 * @example
 * ```ts
 * export const health = defineRoute({
 *   method: 'GET', url: '/api/health', permission: 'public', tags: ['system'],
 *   summary: 'Liveness and database check', response: z.object({ status: z.literal('ok') }),
 *   handler: async () => ({ status: 'ok' }),
 * });
 * ```
 */
import type { Permission } from '@ariadne/access';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from './context.ts';
import type { ServerConfig } from './config.ts';
import type { Principal } from './principal.ts';
import type { ReceiptHolder } from './receipt-auth.ts';

/**
 * `receipt`: no account; the caller holds a submission's receipt code (survivors, tip-line
 * senders) and sees only that submission.
 */
export type Access = Permission | 'public' | 'authenticated' | 'receipt';
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteInput<A extends Access, P, Q, B> {
  readonly params: Out<P>;
  readonly query: Out<Q>;
  readonly body: Out<B>;
  /** null only on public and receipt routes */
  readonly principal: A extends 'public' | 'receipt' ? Principal | null : Principal;
  /** the submission whose receipt code came with the request, on receipt routes */
  readonly receipt: A extends 'receipt' ? ReceiptHolder : null;
  readonly ctx: AppContext;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteSpec<A extends Access, P, Q, B, R> {
  readonly method: HttpMethod;
  /** fastify path syntax (`/api/cases/:id`) */
  readonly url: string;
  readonly permission: A;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** the success answer; absent for 204 */
  readonly response?: R;
  /** success status; 200 by default, 204 when there is no response schema */
  readonly status?: 200 | 201 | 204;
  /**
   * the handler may answer 202 Accepted (same response schema) by calling `reply.code(202)`: work
   * that did not finish while the request waited goes on as a job the answer names
   */
  readonly accepted?: boolean;
  /**
   * the answer is not JSON: `text/html`, or `binary` (the handler sets its own content type and
   * returns a stream, a buffer, or nothing for header-only answers)
   */
  readonly produces?: 'text/html' | 'binary';
  /**
   * content types whose body reaches the handler unread, as the request stream
   * (`request.raw`), with no size limit of its own: the handler enforces one while streaming
   */
  readonly rawBody?: readonly string[];
  /** the largest JSON body this route reads, when it is not the server's `bodyLimitBytes` */
  readonly bodyLimit?: (config: ServerConfig) => number;
  /** JSON routes answer their response schema; binary routes may answer a stream or bytes */
  handler(input: RouteInput<A, P, Q, B>): Promise<R extends Schema ? z.input<R> : void | Readable | Buffer>;
}

/** A route with its generic types erased, as stored in the table. */
export interface AnyRoute {
  readonly method: HttpMethod;
  readonly url: string;
  readonly permission: Access;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  readonly response?: Schema;
  readonly status?: 200 | 201 | 204;
  readonly accepted?: boolean;
  readonly produces?: 'text/html' | 'binary';
  readonly rawBody?: readonly string[];
  readonly bodyLimit?: (config: ServerConfig) => number;
  handler(input: RouteInput<Access, Schema, Schema, Schema>): Promise<unknown>;
}

/** Declares one route with its types inferred from its schemas. */
export function defineRoute<
  const A extends Access,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(spec: RouteSpec<A, P, Q, B, R>): AnyRoute {
  return spec as unknown as AnyRoute;
}

export function successStatus(route: AnyRoute): number {
  return route.status ?? (route.response || route.produces ? 200 : 204);
}
