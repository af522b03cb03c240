import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The web interface. `npm run dev:web` proxies /api and /docs to the server on ORDERLY_API (default :3000).
 * `@server/…` is the server's src/ folder: the web imports its pure modules (the order-form
 * rules, money and totals) instead of keeping copies. Only pure files may be imported that way.
 */
const api = process.env.ORDERLY_API ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@server': fileURLToPath(new URL('../src', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { '/api': api, '/docs': api, '/health': api } },
});
