/**
 * Builds the web interface (web/dist) when it is missing or older than its sources:
 * `npm start` (prestart) and the browser tests both use it, so a start with nothing
 * changed does not rebuild. Run directly: `tsx scripts/build-web.ts [--force]`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../web', import.meta.url));
/** The server's pure modules the web imports through its @server alias live here. */
const SERVER_SRC = fileURLToPath(new URL('../src', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function ensureWebBuilt(force = false): Promise<boolean> {
  const index = join(WEB, 'dist', 'index.html');
  const sources = Math.max(newest(join(WEB, 'src')), newest(SERVER_SRC), statSync(join(WEB, 'index.html')).mtimeMs, statSync(join(WEB, 'vite.config.ts')).mtimeMs);
  if (!force && existsSync(index) && statSync(index).mtimeMs >= sources) return false;
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await ensureWebBuilt(process.argv.includes('--force'));
  console.log(built ? 'Built the web interface (web/dist).' : 'The web interface is up to date (web/dist).');
}
