/**
 * The webhook dispatcher: claims webhook.send outbox rows, signs and POSTs each
 * delivery, and records the attempt (status, error, time taken) on the delivery log in
 * the same transaction that settles the outbox row. A failure is retried with
 * exponential back-off up to ORDERLY_WEBHOOK_MAX_ATTEMPTS, then the delivery is failed
 * (staff can replay it). A disabled or deleted endpoint, or a party switched off or
 * without an address, is not sent to.
 */
import type { Config } from '../config.ts';
import type { Db, Tx } from '../shared/db.ts';
import { startOutboxWorker, type OutboxHandler, type OutboxWorker, type OutboxRow } from '../shared/outbox.ts';
import { sendSignedWebhook, type SendResult } from './send-webhook.ts';
import { targetOf, WEBHOOK_TOPIC } from './queue-webhooks.ts';
import { findDelivery, insertAttempt, updateDelivery } from './webhooks.repository.ts';

type Log = { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

export function webhookHandler(db: Db, config: Pick<Config, 'webhooks'>): OutboxHandler {
  // What the last send of each row answered, for settle (deliver and settle run in turn for one row).
  const results = new Map<number, SendResult | 'skipped'>();
  return {
    async deliver(row: OutboxRow) {
      const delivery = await findDelivery(db, String(row.payload.deliveryId));
      if (!delivery || delivery.status !== 'pending') {
        results.set(row.id, 'skipped');
        return { ok: true };
      }
      const target = await targetOf(db, delivery);
      if ('refused' in target) {
        results.set(row.id, 'skipped');
        return { ok: false, error: target.refused, permanent: true };
      }
      const result = await sendSignedWebhook(target, { id: delivery.id, body: delivery.body }, { timeoutMs: config.webhooks.timeoutMs, allowPrivate: config.webhooks.allowPrivateTargets });
      results.set(row.id, result);
      return result.ok ? { ok: true } : { ok: false, error: result.error ?? 'failed', permanent: result.permanent };
    },
    async settle(tx: Tx, row: OutboxRow, { outcome, final }) {
      const deliveryId = String(row.payload.deliveryId);
      const result = results.get(row.id);
      results.delete(row.id);
      if (result === 'skipped') {
        // Not sent: already settled, or the endpoint is disabled (then the delivery fails without an attempt).
        if (!outcome.ok) await updateDelivery(tx, deliveryId, { status: 'failed', lastError: outcome.error });
        return;
      }
      if (result === undefined) {
        // deliver threw before sending (the database, most likely): tried again like any failure.
        if (!outcome.ok) await updateDelivery(tx, deliveryId, { attempts: row.attempts, lastError: outcome.error, ...(final ? { status: 'failed' as const } : {}) });
        return;
      }
      await insertAttempt(tx, { deliveryId, attempt: row.attempts, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs });
      const common = { attempts: row.attempts, lastStatusCode: result.statusCode, lastError: result.error };
      if (outcome.ok) await updateDelivery(tx, deliveryId, { ...common, status: 'delivered', deliveredAt: new Date() });
      else await updateDelivery(tx, deliveryId, { ...common, status: final ? 'failed' : 'pending' });
    },
  };
}

export function startWebhookDispatcher(db: Db, config: Pick<Config, 'outbox' | 'webhooks'>, log?: Log, onDatabaseUnavailable?: (e: unknown) => void): OutboxWorker {
  return startOutboxWorker(db, {
    handlers: { [WEBHOOK_TOPIC]: webhookHandler(db, config) },
    pollMs: config.outbox.pollMs,
    leaseMs: config.outbox.leaseMs,
    batchSize: config.outbox.batchSize,
    maxAttempts: config.webhooks.maxAttempts,
    retryBaseMs: config.outbox.retryBaseMs,
    retryMaxMs: config.outbox.retryMaxMs,
    ...(log ? { log } : {}),
    ...(onDatabaseUnavailable ? { onDatabaseUnavailable } : {}),
  });
}
