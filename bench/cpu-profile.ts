/**
 * Sums a `node --cpu-prof` profile: self time by function and by package (or
 * our own folder), as per cent of the profile and of the busy (non-idle) time.
 *
 *   npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top 25] [--from 12 --to 22]
 *
 * `--from`/`--to` (seconds from the profile's start) keep only the samples of that
 * window, e.g. one HTTP cell, so start-up and the ceiling cell do not count. The
 * last table is inclusive time (self + callees) of our own functions (src/).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, from: { type: 'string', default: '0' }, to: { type: 'string', default: '1e9' } } });
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile>');
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
const fromUs = Number(values.from) * 1e6;
const toUs = Number(values.to) * 1e6;
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
let clock = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  clock += dt;
  if (clock < fromUs || clock > toUs) return;
  self.set(id, (self.get(id) ?? 0) + dt);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (!n || !n.callFrame.url.includes('/src/')) continue;
    const label = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.slice(n.callFrame.url.indexOf('/src/') + 1)}:${n.callFrame.lineNumber + 1}`;
    if (seen.has(label)) continue;
    seen.add(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + dt);
  }
});

const total = [...self.values()].reduce((a, b) => a + b, 0);
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);
let idle = 0;
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
const where = (url: string): string => {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  if (src >= 0) return 'src/' + url.slice(src + 5).split('/')[0];
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return 'bench';
  return url;
};
for (const [id, us] of self) {
  const n = byId.get(id);
  if (!n) continue;
  const name = n.callFrame.functionName || '(anonymous)';
  if (name === '(idle)') idle += us;
  const label = IDLE.has(name) ? name : `${name} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fn.set(label, (fn.get(label) ?? 0) + us);
  const group = IDLE.has(name) ? name : where(n.callFrame.url);
  pkg.set(group, (pkg.get(group) ?? 0) + us);
}
const busy = total - idle;
const top = Number(values.top);
const pct = (us: number, of: number) => ((us / of) * 100).toFixed(1).padStart(5) + ' %';
console.log(`profile ${(total / 1e6).toFixed(1)} s, idle ${pct(idle, total)}; shares below are of the busy time (${(busy / 1e6).toFixed(1)} s)\n`);
console.log('## By package / folder (self time)');
for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, top)) if (k !== '(idle)') console.log(`${pct(v, busy)}  ${k}`);
console.log('\n## By function (self time)');
for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) if (k !== '(idle)') console.log(`${pct(v, busy)}  ${k}`);
console.log('\n## Our functions, inclusive time (self + callees)');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v, busy)}  ${k}`);
