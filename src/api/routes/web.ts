// Serves the built web pages (Vite output in dist/web, see web/ and scripts/build-web.mjs):
//   GET /                    → redirect to /console
//   GET /console             → the operator console (signs in with an operator API key)
//   GET /track/{orderId}?t=  → the customer tracking page (reads GET /v1/track/{orderId})
//   GET /web/*               → the pages' assets (hashed names under /web/assets are immutable)
// Files are read per request, so a rebuild is picked up without a restart.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// Leaflet positions tiles and markers with inline styles; images may come from a configured
// tile server or a proof-of-delivery photo URL; everything else is same-origin.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'img-src * data: blob:',
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** dist/web, found from this module whether it runs built (dist/src/api/routes) or from source (src/api/routes). */
export function resolveWebDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RELAIS_WEB_DIR) return resolve(env.RELAIS_WEB_DIR);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [resolve(here, '../../../web'), resolve(here, '../../../dist/web')];
  // The source folder web/ also holds console.html, but only the build has assets/.
  return candidates.find((d) => existsSync(join(d, 'assets'))) ?? candidates[candidates.length - 1]!;
}

export function registerWebRoutes(app: FastifyInstance, _deps: ApiDeps, webDir: string = resolveWebDir()): void {
  const notBuilt = (reply: FastifyReply) =>
    reply
      .status(503)
      .send(errorBody('web_not_built', 'the web console is not built on this server: run `npm run build` (needs the dev dependencies)', { dir: webDir }));

  const page = async (reply: FastifyReply, file: string) => {
    let html: Buffer;
    try {
      html = await readFile(join(webDir, file));
    } catch {
      return notBuilt(reply);
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  };

  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_req, reply) => reply.redirect('/console'));
  app.get('/console', hide, async (_req, reply) => page(reply, 'console.html'));
  app.get('/console/', hide, async (_req, reply) => reply.redirect('/console'));
  app.get<{ Params: { orderId: string } }>('/track/:orderId', hide, async (_req, reply) => page(reply, 'track.html'));

  app.get<{ Params: { '*': string } }>('/web/*', hide, async (req, reply) => {
    const rel = req.params['*'];
    const file = resolve(webDir, rel);
    // Only files inside the web folder, never a path that climbs out of it.
    if (!rel || rel.includes('\0') || !file.startsWith(webDir + sep)) {
      return reply.status(404).send(errorBody('not_found', `no web asset ${rel}`, {}));
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return reply.status(404).send(errorBody('not_found', `no web asset ${rel}`, {}));
    }
    const immutable = rel.startsWith('assets/');
    return reply
      .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
}
