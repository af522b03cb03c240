/**
 * PGlite's counterpart of the PostgreSQL statement log (statement-log.ts): with
 * BENCH_PGLITE_STATEMENTS=1 the placement bench times every message PGlite executes
 * (parse, bind, execute, or a simple query; a named statement's run is counted at its
 * bind) and, after each PGlite HTTP cell, prints
 * per statement shape its calls and milliseconds. PGlite runs one message at a time
 * on the server's thread, so these times are that thread's time in the database.
 */
import type { PGlite } from '@electric-sql/pglite';

type Agg = { calls: number; ms: number };
const shape = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .trim()
    .slice(0, 120);

/** Reads a C string at `at`; returns it and the offset after its NUL. */
function cString(bytes: Uint8Array, at: number): [string, number] {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return [new TextDecoder().decode(bytes.subarray(at, end)), end + 1];
}

export function watchPgliteStatements(db: PGlite): { report(top?: number): string; reset(): void } {
  const stats = new Map<string, Agg>();
  const named = new Map<string, string>();
  let current = '(unknown)';
  type Exec = (message: Uint8Array, options?: unknown) => Promise<unknown>;
  const timed =
    (original: Exec): Exec =>
    async (message, options) => {
      const kind = message[0];
      let call = false;
      if (kind === 0x50) {
        // 'P' (parse): int32 length, statement name, query text. A named statement (pglite-named-statements.ts)
        // is parsed once and run later by a Bind naming it: that Bind is the call.
        const [name, textAt] = cString(message, 5);
        current = shape(cString(message, textAt)[0]);
        if (name) named.set(name, current);
        else call = true;
      } else if (kind === 0x51) {
        // 'Q' (simple query): int32 length, text.
        current = shape(cString(message, 5)[0]);
        call = true;
      } else if (kind === 0x42) {
        // 'B' (bind): int32 length, portal name, statement name. Unnamed: the statement just parsed.
        const statement = cString(message, cString(message, 5)[1])[0];
        if (statement) {
          current = named.get(statement) ?? `(named ${statement})`;
          call = true;
        }
      }
      const started = performance.now();
      try {
        return await original(message, options);
      } finally {
        const a = stats.get(current) ?? { calls: 0, ms: 0 };
        if (call) a.calls++;
        a.ms += performance.now() - started;
        stats.set(current, a);
      }
    };
  // PGlite's API runs every query through execProtocolStream; a named statement's run (bind, describe,
  // execute and sync in one call, its answer read by our own reader) goes through execProtocolRawStream.
  const target = db as unknown as { execProtocolStream: Exec; execProtocolRawStream: Exec };
  target.execProtocolStream = timed(target.execProtocolStream.bind(db));
  target.execProtocolRawStream = timed(target.execProtocolRawStream.bind(db));
  return {
    reset: () => stats.clear(),
    report(top = 25) {
      const total = [...stats.values()].reduce((s, a) => s + a.ms, 0);
      const lines = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
      return [
        `| statement | calls | ms | share |`,
        `|---|---:|---:|---:|`,
        ...lines.map(([k, a]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${a.calls} | ${Math.round(a.ms)} | ${((a.ms / total) * 100).toFixed(1)} % |`),
        `| all | ${[...stats.values()].reduce((s, a) => s + a.calls, 0)} | ${Math.round(total)} | |`,
      ].join('\n');
    },
  };
}
