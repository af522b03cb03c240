/**
 * The scheduled at-risk scan as a durable job in the database: one outbox row per
 * time slot (`at-risk-scan:<slot>`, unique), claimed with FOR UPDATE SKIP LOCKED and
 * a lease like every outbox row. Several app processes seed the same slot (one row),
 * only one claims it; when it is settled the next slot's row is written (again once,
 * by key). A crash mid-scan lets the lease run out and another process runs it again,
 * which records nothing twice (order_risk_flags). Works the same on PGlite.
 */
import type { Db } from '../shared/db.ts';
import { enqueue, startOutboxWorker, type OutboxHandler, type OutboxWorker } from '../shared/outbox.ts';
import { recordNewlyAtRisk } from './at-risk.ts';
import type { OrderReactions } from './order-events.ts';

type Log = { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };

export const AT_RISK_TOPIC = 'orders.at_risk_scan';
const keyOf = (slot: number) => `at-risk-scan:${slot}`;

export function atRiskHandler(db: Db, reactions: Pick<OrderReactions, 'concerns'>, intervalMs: number, log?: Log, today: () => string = () => new Date().toISOString().slice(0, 10)): OutboxHandler {
  return {
    async deliver() {
      try {
        const r = await recordNewlyAtRisk(db, reactions, today());
        if (r.recorded.length) log?.info({ orders: r.recorded }, `${r.recorded.length} order(s) newly at risk of being late`);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e), permanent: false };
      }
    },
    async settle(tx, row, { outcome, final }) {
      if (!outcome.ok && !final) return;
      const slot = Number(row.payload.slot);
      const next = Number.isFinite(slot) ? slot + 1 : Math.floor(Date.now() / intervalMs) + 1;
      await enqueue(tx, { topic: AT_RISK_TOPIC, key: keyOf(next), payload: { slot: next }, delayMs: Math.max(1, next * intervalMs - Date.now()) });
    },
  };
}

export async function startAtRiskScanner(db: Db, reactions: Pick<OrderReactions, 'concerns'>, o: { intervalMs: number; pollMs: number; leaseMs: number; retryBaseMs: number; retryMaxMs: number; log?: Log; onDatabaseUnavailable?: (e: unknown) => void }): Promise<OutboxWorker> {
  const slot = Math.floor(Date.now() / o.intervalMs);
  await enqueue(db, { topic: AT_RISK_TOPIC, key: keyOf(slot), payload: { slot } });
  return startOutboxWorker(db, {
    handlers: { [AT_RISK_TOPIC]: atRiskHandler(db, reactions, o.intervalMs, o.log) },
    pollMs: o.pollMs,
    leaseMs: o.leaseMs,
    batchSize: 1,
    maxAttempts: 3,
    retryBaseMs: o.retryBaseMs,
    retryMaxMs: o.retryMaxMs,
    ...(o.log ? { log: o.log } : {}),
    ...(o.onDatabaseUnavailable ? { onDatabaseUnavailable: o.onDatabaseUnavailable } : {}),
  });
}
