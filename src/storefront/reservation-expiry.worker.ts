/**
 * Runs the reservation sweep every `intervalMs` in this process. Safe with
 * several processes on one database: each order is claimed with SKIP LOCKED.
 */
import type { Db } from '../shared/db.ts';
import { expireReservations } from './reservation-expiry.ts';
import type { OrderReactions } from '../orders/order-events.ts';

type Log = { error(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };

export type ReservationSweeper = { runNow(): Promise<void>; stop(): Promise<void> };

export function startReservationSweeper(db: Db, reactions: OrderReactions, intervalMs: number, log?: Log): ReservationSweeper {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runNow = () => {
    running ??= expireReservations(db, reactions)
      .then((r) => {
        if (r.expired.length) log?.info({ orders: r.expired.map((o) => o.number ?? o.id) }, `released ${r.expired.length} expired storefront reservation(s)`);
        if (r.failed.length) log?.error({ failed: r.failed }, `could not release ${r.failed.length} expired storefront reservation(s)`);
      })
      .catch((e: unknown) => log?.error({ err: e }, 'the reservation sweep failed; it runs again later'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runNow();
  }, intervalMs);
  timer.unref();
  return {
    runNow,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
