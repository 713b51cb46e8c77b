/**
 * tus endpoints, twice: `/api/uploads` for signed-in staff (owner `user:<id>`) and
 * `/api/public/uploads` for survivors and tip-line senders holding a receipt code (owner
 * `submission:<id>`). Same protocol, same vault staging; only who may continue differs.
 */
import { z } from 'zod';
import type { Access } from '../route.ts';
import { defineRoute, type AnyRoute, type RouteInput } from '../route.ts';
import type { Principal } from '../principal.ts';
import type { ReceiptHolder } from '../receipt-auth.ts';
import { OFFSET_CONTENT_TYPE, TUS_EXTENSIONS, TUS_VERSION, checkTusResumable, integerHeader, tusHeaders } from '../uploads/tus-protocol.ts';
import { AriadneError } from '@ariadne/schema';
import type { AppContext } from '../context.ts';

const idParams = z.object({ id: z.string().uuid() });

type Owner = (input: { principal: Principal | null; receipt: ReceiptHolder | null }) => string;

const staffOwner: Owner = ({ principal }) => `user:${principal!.user.id}`;
const receiptOwner: Owner = ({ receipt }) => `submission:${receipt!.submission.id}`;

function maxBytesFor(ctx: AppContext, permission: Access): number {
  return permission === 'receipt' ? ctx.config.maxPublicUploadBytes : ctx.config.maxUploadBytes;
}

function tusRoutes(base: string, permission: Access, owner: Owner, tag: string): AnyRoute[] {
  type In = RouteInput<Access, unknown, unknown, unknown>;
  return [
    defineRoute({
      method: 'OPTIONS', url: base, permission: 'public', tags: [tag], produces: 'binary', status: 204,
      summary: 'tus discovery: protocol version, extensions and size limit',
      handler: async ({ ctx, reply }) => {
        reply.headers({ ...tusHeaders(), 'Tus-Version': TUS_VERSION, 'Tus-Extension': TUS_EXTENSIONS, 'Tus-Max-Size': String(maxBytesFor(ctx, permission)) });
      },
    }),
    defineRoute({
      method: 'POST', url: base, permission, tags: [tag], produces: 'binary', status: 201, rawBody: [OFFSET_CONTENT_TYPE],
      summary: 'Start a resumable upload (tus creation): Upload-Length and Upload-Metadata headers',
      handler: async ({ ctx, request, reply, principal, receipt }: In) => {
        checkTusResumable(request.headers['tus-resumable']);
        if (request.headers['upload-defer-length'] !== undefined) throw new AriadneError('VALIDATION_FAILED', 'Send Upload-Length; deferred lengths are not supported.');
        const length = integerHeader(request.headers['upload-length'], 'Upload-Length');
        const upload = await ctx.uploads.create(owner({ principal, receipt }), length, request.headers['upload-metadata'], maxBytesFor(ctx, permission));
        reply.code(201).headers({ ...tusHeaders({ 'Upload-Expires': upload.expiresAt.toUTCString() }), Location: `${base}/${upload.id}` });
      },
    }),
    defineRoute({
      method: 'HEAD', url: `${base}/:id`, permission, tags: [tag], produces: 'binary', params: idParams, status: 200,
      summary: 'How much of the upload the server holds (tus offset)',
      handler: async ({ ctx, params, reply, principal, receipt }: In) => {
        const { id } = params as unknown as z.infer<typeof idParams>;
        const status = await ctx.uploads.status(id, owner({ principal, receipt }));
        reply.code(200).headers(tusHeaders({ 'Upload-Offset': status.offset, 'Upload-Length': status.length, 'Upload-Expires': status.expiresAt.toUTCString() }));
      },
    }),
    defineRoute({
      method: 'PATCH', url: `${base}/:id`, permission, tags: [tag], produces: 'binary', params: idParams, status: 204, rawBody: [OFFSET_CONTENT_TYPE],
      summary: 'Append bytes at Upload-Offset (Content-Type application/offset+octet-stream)',
      handler: async ({ ctx, params, request, reply, principal, receipt }: In) => {
        const { id } = params as unknown as z.infer<typeof idParams>;
        checkTusResumable(request.headers['tus-resumable']);
        if (request.headers['content-type'] !== OFFSET_CONTENT_TYPE) {
          throw new AriadneError('UNSUPPORTED_MEDIA_TYPE', `Send the bytes as ${OFFSET_CONTENT_TYPE}.`);
        }
        const offset = integerHeader(request.headers['upload-offset'], 'Upload-Offset');
        const result = await ctx.uploads.patch(id, owner({ principal, receipt }), offset, request.raw);
        reply.code(204).headers(tusHeaders({ 'Upload-Offset': result.offset }));
      },
    }),
    defineRoute({
      method: 'DELETE', url: `${base}/:id`, permission, tags: [tag], produces: 'binary', params: idParams, status: 204,
      summary: 'Abandon an upload (tus termination); its staged bytes are destroyed',
      handler: async ({ ctx, params, reply, principal, receipt }: In) => {
        const { id } = params as unknown as z.infer<typeof idParams>;
        await ctx.uploads.remove(id, owner({ principal, receipt }));
        reply.code(204).headers(tusHeaders());
      },
    }),
  ];
}

export const uploadRoutes: AnyRoute[] = [
  ...tusRoutes('/api/uploads', 'evidence:write', staffOwner, 'evidence'),
  ...tusRoutes('/api/public/uploads', 'receipt', receiptOwner, 'public'),
];
