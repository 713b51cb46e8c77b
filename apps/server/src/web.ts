/**
 * Serves the built web app (`config.webRoot`) at `/`, with the SPA fallback: a GET outside
 * `/api` that matches no file answers `index.html`, so client-side routes survive a reload.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** true when a web root with an index.html exists and was registered */
export async function serveWebApp(app: FastifyInstance, webRoot: string | null): Promise<boolean> {
  if (!webRoot) return false;
  const root = resolve(webRoot);
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: true, dotfiles: 'deny', index: ['index.html'] });
  return true;
}
