/**
 * The release bench's load generator, run as a child process (its own event
 * loop and CPU time, as bench/load-client.ts is for placing): it receives the
 * ids of confirmed orders prepared before the cell and POSTs
 * /api/v1/orders/{id}/start-fulfilment with `concurrency` workers, each taking
 * the next id. It warms up, measures for a fixed time, and stops early if the
 * prepared orders run out (then `exhausted` is true and the rate is over the
 * time actually measured).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { summarize, type LatencySummary } from './stats.ts';

export type ReleaseCellRequest = {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  url: string;
  headers: Record<string, string>;
  orderIds: string[];
};

export type ReleaseCellResult = {
  concurrency: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  errorSamples: string[];
  elapsedMs: number;
  releasesPerSecond: number;
  latencyMs: LatencySummary;
  warmupRequests: number;
  /** Every order the cell sent a release for, in order taken (warm-up included): the first `used` of the request's ids. */
  used: number;
  /** The orders answered 200 (warm-up included): what the verification checks. */
  releasedIds: string[];
  exhausted: boolean;
  clientCpuMs: number;
};

export async function runReleaseCell(req: ReleaseCellRequest): Promise<ReleaseCellResult> {
  const cpuStart = process.cpuUsage();
  const pool = new Pool(req.url, { connections: req.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const errorSamples: string[] = [];
  const releasedIds: string[] = [];
  let ok = 0;
  let errors = 0;
  let warmupRequests = 0;
  let next = 0;
  let exhausted = false;
  const t0 = performance.now();
  const measureStart = t0 + req.warmupMs;
  const measureEnd = measureStart + req.durationMs;
  let lastDone = measureStart;

  const worker = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= measureEnd) return;
      const id = req.orderIds[next++];
      if (id === undefined) {
        exhausted = true;
        return;
      }
      const measured = start >= measureStart;
      let outcome: { ok: true } | { ok: false; kind: string; sample: string };
      try {
        const res = await pool.request({ path: `/api/v1/orders/${id}/start-fulfilment`, method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: '{}' });
        const text = await res.body.text();
        outcome = res.statusCode === 200 ? { ok: true } : { ok: false, kind: `http_${res.statusCode}`, sample: `${id}: ${text.slice(0, 400)}` };
      } catch (e) {
        outcome = { ok: false, kind: `client_${String((e as { code?: unknown }).code ?? 'error')}`, sample: String(e).slice(0, 400) };
      }
      const done = performance.now();
      if (outcome.ok) releasedIds.push(id);
      if (!measured) {
        warmupRequests++;
        if (!outcome.ok) {
          errors++;
          errorKinds[`warmup_${outcome.kind}`] = (errorKinds[`warmup_${outcome.kind}`] ?? 0) + 1;
          if (errorSamples.length < 3) errorSamples.push(outcome.sample);
        }
        continue;
      }
      lastDone = Math.max(lastDone, done);
      if (outcome.ok) {
        ok++;
        latencies.push(done - start);
      } else {
        errors++;
        errorKinds[outcome.kind] = (errorKinds[outcome.kind] ?? 0) + 1;
        if (errorSamples.length < 3) errorSamples.push(outcome.sample);
      }
    }
  };
  await Promise.all(Array.from({ length: req.concurrency }, worker));
  await pool.close();
  const elapsedMs = lastDone - measureStart;
  const cpu = process.cpuUsage(cpuStart);
  return {
    concurrency: req.concurrency,
    ok,
    errors,
    errorKinds,
    errorSamples,
    elapsedMs: Math.round(elapsedMs),
    releasesPerSecond: elapsedMs > 0 ? Math.round((ok / elapsedMs) * 1000 * 10) / 10 : 0,
    latencyMs: summarize(latencies),
    warmupRequests,
    used: Math.min(next, req.orderIds.length),
    releasedIds,
    exhausted,
    clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

if (process.send) {
  process.once('message', (msg: ReleaseCellRequest) => {
    runReleaseCell(msg).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (e: unknown) => process.send?.({ error: String(e instanceof Error ? (e.stack ?? e.message) : e) }, () => process.exit(1)),
    );
  });
}
