/**
 * The one spelling of a path Orderly answers to. Anything else is a 404 problem,
 * whatever the router would have made of it, so that no second spelling of a URL
 * exists for a rule, a log line or a proxy to miss:
 * - origin-form only (`/…`): an absolute-form target (`http://host/api/…`) or `*` is refused;
 * - case-sensitive (the router is; `/API/…` is not `/api/…`, and is not the web app either);
 * - no empty segment (`//`), no `.` or `..` segment, no trailing slash (but `/` itself),
 *   no `;` parameters, no backslash, no control characters;
 * - no percent-encoding of a character that has a plain spelling (letters, digits, `-._~`),
 *   nor of `/`, `\`, `%`, `;` or `.` — so `%61pi`, `%2561pi`, `%2e%2e` and `%2f` are refused.
 *   Other encodings (a space, UTF-8 bytes) stay allowed.
 * The query string is not judged here; each route's schema validates it.
 */

const PLAIN = /^[A-Za-z0-9\-._~]$/;
const NEVER_ENCODED = new Set(['/', '\\', '%', ';', '.']);

export type PathVerdict = { ok: true } | { ok: false; reason: string };

export function judgePath(rawUrl: string): PathVerdict {
  if (!rawUrl.startsWith('/')) return { ok: false, reason: 'not an origin-form request target' };
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (path === '/') return { ok: true };
  if (path.endsWith('/')) return { ok: false, reason: 'trailing slash' };
  // eslint-disable-next-line no-control-regex
  if (/[\\;\u0000-\u001f\u007f#]/.test(path)) return { ok: false, reason: 'a character that has no place in a path' };
  const segments = path.slice(1).split('/');
  for (const seg of segments) {
    if (seg === '') return { ok: false, reason: 'an empty path segment' };
    if (seg === '.' || seg === '..') return { ok: false, reason: 'a dot segment' };
  }
  for (let i = path.indexOf('%'); i !== -1; i = path.indexOf('%', i + 1)) {
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, reason: 'a malformed percent-encoding' };
    const ch = String.fromCharCode(parseInt(hex, 16));
    if (PLAIN.test(ch) || NEVER_ENCODED.has(ch)) return { ok: false, reason: 'a percent-encoded character that has a plain spelling' };
  }
  return { ok: true };
}

/** True for the paths that belong to the API or its documentation, in any letter case: the web app never answers those. */
export function isApiLike(path: string): boolean {
  const p = path.toLowerCase();
  return p === '/api' || p.startsWith('/api/') || p === '/docs' || p.startsWith('/docs/');
}
