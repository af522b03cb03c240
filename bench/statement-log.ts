/**
 * Sums the PostgreSQL server log of a run with BENCH_LOG_STATEMENTS=1 (every
 * statement logged with its duration): per statement shape, calls and total
 * time of parse, bind and execute, so the statements a placement sends can be
 * compared with the bare-SQL ceiling's (named `b_…`, parsed once per connection).
 *
 *   npx tsx bench/statement-log.ts <server log> [--from <byte offset>] [--top 25] [--per <orders>]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string', default: '0' }, top: { type: 'string', default: '25' }, database: { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: statement-log.ts <server log> [--from offset]');

type Agg = { calls: number; parse: number; bind: number; execute: number; simple: number };
const stats = new Map<string, Agg>();
const LINE = /^\S+ \S+ \S+ \[(\d+)\] \S+@(\S+) LOG: {2}duration: ([\d.]+) ms {2}(parse|bind|execute|statement)( [^:]*)?: ?(.*)$/;
const shape = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\$\d+(, \$\d+)+/g, '$n…')
    .trim()
    .slice(0, 140);

const rl = createInterface({ input: createReadStream(file, { start: Number(values.from) }) });
let current: { kind: string; name: string; ms: number; sql: string } | undefined;
const flush = () => {
  if (!current) return;
  const key = (current.name && current.name !== '<unnamed>' ? `[${current.name}] ` : '') + shape(current.sql);
  const a = stats.get(key) ?? { calls: 0, parse: 0, bind: 0, execute: 0, simple: 0 };
  if (current.kind === 'execute' || current.kind === 'statement') a.calls++;
  if (current.kind === 'statement') a.simple += current.ms;
  else a[current.kind as 'parse' | 'bind' | 'execute'] += current.ms;
  stats.set(key, a);
  current = undefined;
};
for await (const line of rl) {
  const m = LINE.exec(line);
  if (m) {
    flush();
    if (values.database && m[2] !== values.database) continue;
    if (!m[2]?.startsWith('orderly_bench_') && !values.database) continue;
    current = { kind: m[4] ?? '', name: (m[5] ?? '').trim(), ms: Number(m[3]), sql: m[6] ?? '' };
  } else if (current && /^\s/.test(line)) {
    current.sql += ' ' + line.trim();
  } else {
    flush();
  }
}
flush();
const rows = [...stats].map(([k, a]) => ({ k, ...a, total: a.parse + a.bind + a.execute + a.simple }));
const all = rows.reduce((s, r) => s + r.total, 0);
console.log(`| statement | calls | parse ms | bind ms | execute ms | total ms | share |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|`);
for (const r of rows.sort((a, b) => b.total - a.total).slice(0, Number(values.top))) {
  console.log(`| \`${r.k.replace(/\|/g, '\\|')}\` | ${r.calls} | ${r.parse.toFixed(0)} | ${r.bind.toFixed(0)} | ${r.execute.toFixed(0)} | ${(r.simple + r.parse + r.bind + r.execute).toFixed(0)} | ${((r.total / all) * 100).toFixed(1)} % |`);
}
