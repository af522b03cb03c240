/**
 * The feedback-request jobs as durable rows in the outbox (topic `feedback.request`, one row per
 * order by its unique key, due `delayDays` after delivery). Claimed with FOR UPDATE SKIP LOCKED
 * and a lease like every outbox row, so with several app processes one runs it; the work is done
 * in `settle`, the transaction that marks the row done, so a crash before it commits leaves the
 * row to be claimed again and nothing half done (and the request row is one per order besides).
 */
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { startOutboxWorker, type OutboxHandler, type OutboxWorker } from '../shared/outbox.ts';
import { FEEDBACK_TOPIC, sendFeedbackRequest } from './feedback-request.ts';

type Log = { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

export const feedbackHandler = (): OutboxHandler => ({
  // Nothing leaves the building here: the e-mail is queued in settle and sent by the mail worker.
  deliver: async () => ({ ok: true }),
  async settle(tx, row, { outcome }) {
    if (!outcome.ok) return;
    const orderId = typeof row.payload.orderId === 'string' ? row.payload.orderId : undefined;
    if (!orderId) return;
    try {
      await sendFeedbackRequest(tx, orderId);
    } catch (e) {
      // An order deleted meanwhile (demo data removed): nothing to ask about.
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    }
  },
});

export function startFeedbackWorker(db: Db, o: { pollMs: number; leaseMs: number; retryBaseMs: number; retryMaxMs: number; log?: Log; onDatabaseUnavailable?: (e: unknown) => void }): OutboxWorker {
  return startOutboxWorker(db, {
    handlers: { [FEEDBACK_TOPIC]: feedbackHandler() },
    pollMs: o.pollMs,
    leaseMs: o.leaseMs,
    batchSize: 10,
    maxAttempts: 5,
    retryBaseMs: o.retryBaseMs,
    retryMaxMs: o.retryMaxMs,
    ...(o.log ? { log: o.log } : {}),
    ...(o.onDatabaseUnavailable ? { onDatabaseUnavailable: o.onDatabaseUnavailable } : {}),
  });
}
