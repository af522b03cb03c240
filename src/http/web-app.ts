/**
 * Serves the built web interface (web/dist): hashed assets with long caching,
 * and index.html for every other GET that is not the API or the docs (the
 * single-page app routes itself). /api and /docs keep their problem+json 404.
 */
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { App } from './types.ts';
import { isApiLike } from './canonical-path.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Orderly</title>
<p>The web interface has not been built yet. Run <code>npm run build:web</code> and reload. The API is at <a href="/docs">/docs</a>.</p>`;

export async function registerWebApp(app: App, root = WEB_DIST): Promise<void> {
  const built = existsSync(`${root}/index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.get('/*', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (isApiLike(path)) return reply.callNotFound();
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
