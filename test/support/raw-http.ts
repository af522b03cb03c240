/**
 * HTTP/1.1 over a bare TCP socket: the request line and headers go out exactly as
 * written (no client that normalises paths, resolves dots or fixes the Host header),
 * the way an attacker's tool sends them.
 */
import { connect } from 'node:net';

export type RawResponse = { status: number; headers: Record<string, string>; body: string; raw: string };

export function rawRequest(port: number, method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const hasHost = Object.keys(headers).some((h) => h.toLowerCase() === 'host');
    const lines = [`${method} ${target} HTTP/1.1`, ...(hasHost ? [] : [`Host: 127.0.0.1:${port}`]), 'Connection: close'];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const raw = all.toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const head = (split === -1 ? all : all.subarray(0, split)).toString('latin1');
      const restBytes = split === -1 ? Buffer.alloc(0) : all.subarray(split + 4);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const parsed: Record<string, string> = {};
      for (const l of headerLines) {
        const i = l.indexOf(':');
        if (i > 0) parsed[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const body = (parsed['transfer-encoding'] === 'chunked' ? dechunk(restBytes) : restBytes).toString('utf8');
      resolve({ status, headers: parsed, body, raw });
    });
    socket.write(lines.join('\r\n') + '\r\n\r\n' + (body ?? ''));
  });
}

function dechunk(b: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', i);
    if (eol === -1) break;
    const size = parseInt(b.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
