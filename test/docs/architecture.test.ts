/**
 * The folder graph of src/ only points down, and lint keeps it so: the rule
 * fires on an upward import, the graph has no cycles, the leaves are leaves, and
 * docs/architecture.md shows the reactions exactly as the composition root
 * registers them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, LEAVES, ROOT_FILES, layerOf } from '../../architecture.config.mjs';
import { buildOrderReactions } from '../../src/app/order-reactions.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every relative import (static, type-only, re-export or dynamic) of each file under src/, as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => path.relative(src, path.resolve(path.dirname(file), s)).split(path.sep).join('/')).filter((p) => !p.startsWith('..'));
}

const folderOf = (rel: string): string => (rel.includes('/') ? (rel.split('/')[0] ?? '') : (ROOT_FILES[rel] ?? rel));

const files = sourceFiles(src).map((f) => ({ rel: path.relative(src, f).split(path.sep).join('/'), imports: importsOf(f) }));

/** Folder → folders it imports, leaving out imports of leaves (anyone may import a leaf). */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const f of files) {
    const from = folderOf(f.rel);
    for (const target of f.imports) {
      const to = folderOf(target);
      if (to === from || LEAVES.includes(target)) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), `${f.rel} → ${target}`]);
      graph.set(from, edges);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Map<string, string[]>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n)?.keys() ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

describe('the folder graph of src/', () => {
  const graph = folderGraph();

  it('has no cycles', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const looped = new Map(graph);
    looped.set('shared', new Map([['orders', ['made up']]]));
    expect(findCycle(looped)).toBeDefined();
  });

  it('only points down the layers of architecture.config.mjs, type-only and dynamic imports included', () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      expect(layerOf(from), `src/${from} is on no layer`).toBeGreaterThanOrEqual(0);
      for (const [to, via] of edges) if (layerOf(to) >= layerOf(from)) upward.push(...via);
    }
    expect(upward).toEqual([]);
  });

  it('names every folder of src/ on a layer', () => {
    const folders = new Set(files.map((f) => folderOf(f.rel)));
    expect([...folders].filter((f) => layerOf(f) < 0)).toEqual([]);
    expect(LAYERS.flat().filter((f) => !folders.has(f))).toEqual([]);
  });

  it('has leaves that import nothing but other leaves', () => {
    for (const leaf of LEAVES) {
      const file = files.find((f) => f.rel === leaf);
      expect(file, leaf).toBeDefined();
      expect(file?.imports.filter((i) => !LEAVES.includes(i)), leaf).toEqual([]);
    }
  });

  it('orders/ knows nothing of what reacts to an order: no payments, notifications, access or storefront code', () => {
    const orders = files.filter((f) => f.rel.startsWith('orders/'));
    const reach = orders.flatMap((f) => f.imports.filter((i) => /^(payments|notifications|access|storefront|app)\//.test(i) && !LEAVES.includes(i)).map((i) => `${f.rel} → ${i}`));
    expect(reach).toEqual([]);
  });

  it('has one place that registers routes: no routes file imports another', () => {
    const routes = files.filter((f) => f.rel.endsWith('.routes.ts'));
    expect(routes.flatMap((f) => f.imports.filter((i) => i.endsWith('.routes.ts')).map((i) => `${f.rel} → ${i}`))).toEqual([]);
    const http = files.filter((f) => f.rel.startsWith('http/'));
    expect(http.flatMap((f) => f.imports.filter((i) => !i.startsWith('http/') && !i.startsWith('shared/') && i !== 'config.ts'))).toEqual([]);
  });
});

describe('lint keeps the graph', () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('fails an upward import: orders reaching into payments', async () => {
    const messages = await lint('src/orders/upward-probe.ts', "import { paymentHoldGuard } from '../payments/payment-hold.ts';\nexport const g = paymentHoldGuard;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('src/orders/ is on a lower layer than payments');
  });

  it('fails a type-only upward import too: shared reaching into orders', async () => {
    expect(await lint('src/shared/upward-probe.ts', "import type { OrderView } from '../orders/order-view.ts';\nexport type V = OrderView;\n")).toHaveLength(1);
  });

  it('fails a sideways import between folders on one layer: notifications and storefront', async () => {
    expect(await lint('src/storefront/sideways-probe.ts', "import { queueMail } from '../notifications/mail.ts';\nexport const q = queueMail;\n")).toHaveLength(1);
  });

  it('lets any folder import a leaf, and a folder import one below it', async () => {
    expect(await lint('src/settings/leaf-probe.ts', "import { CHANNELS } from '../orders/order-vocabulary.ts';\nimport { AppError } from '../shared/errors.ts';\nexport const c = [CHANNELS, AppError];\n")).toEqual([]);
    expect(await lint('src/payments/down-probe.ts', "import { getOrder } from '../orders/order-facts.ts';\nexport const g = getOrder;\n")).toEqual([]);
  });

  it('fails a routes file importing another routes file', async () => {
    const messages = await lint('src/storefront/probe.routes.ts', "import { orderRoutes } from '../orders/orders.routes.ts';\nexport const r = orderRoutes;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('never imports another routes file');
  });
});

describe('docs/architecture.md', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

  it('shows every reaction and guard the composition root registers', () => {
    const { reactions, guards, concerns } = buildOrderReactions().describe();
    for (const [event, names] of Object.entries(reactions)) for (const name of names) expect(doc, `${event}: ${name}`).toContain(`| \`${event}\` | ${name} |`);
    for (const g of guards) expect(doc, g).toContain(g);
    for (const c of concerns) expect(doc.replace(/\s+/g, ' '), c).toContain(c);
  });

  it('draws every layer of the folder graph', () => {
    for (const layer of LAYERS) expect(doc).toContain(layer.map((f) => (f === 'config' ? 'config.ts' : `${f}/`)).join(' '));
  });
});
