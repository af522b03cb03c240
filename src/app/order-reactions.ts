/**
 * Who reacts to what happens to an order, and who guards which command: the one
 * place that wires capabilities to the order lifecycle. Every reaction runs in
 * the transaction that made the change; anything slow or external (mail) is only
 * queued here and delivered through the outbox. docs/architecture.md has the table.
 */
import { cachedSettings } from '../settings/settings.use-cases.ts';
import { createOrderReactions, type OrderReactionRegistry } from '../orders/order-reactions.ts';
import { paymentHoldGuard } from '../payments/payment-hold.ts';
import { askToVerifyPlacedOrder } from '../notifications/verification-request.ts';
import { acknowledgePlacedOrder } from '../notifications/order-received.ts';
import { queueDelayNotice } from '../notifications/order-delayed.ts';
import { queueDeliveredNotice, queueShipmentNotice } from '../notifications/shipment-notices.ts';
import { confirmationWorkflow } from './confirmation-workflow.ts';
import { queueOrderWebhooks } from '../webhooks/queue-webhooks.ts';
import { closeShippedWork, handOutWork, rescheduleWork, withdrawWork } from './fulfilment-handoff.ts';
import { workItemConcerns } from '../fulfilment/work-concerns.ts';
import { scheduleFeedbackRequest } from '../feedback/feedback-request.ts';
import { closeAccountsWorkIfSettled } from '../documents/accounts-work.ts';

/** `feedbackDayMs`: how long a day of the feedback delay is (config; tests shorten it). */
export function buildOrderReactions(o: { feedbackDayMs?: number } = {}): OrderReactionRegistry {
  return (
    createOrderReactions()
      // placed → notifications: an order the verification policy holds back mails its customer a verify link (web orders: limited per recipient, audited),
      // with the settings the placement used (it seeds its transaction with them).
      .on('placed', 'notifications: ask the customer to verify', async (e, tx) => askToVerifyPlacedOrder(tx, e.order, await cachedSettings(tx), e.actor))
      // placed → notifications: acknowledge it at once (channels per settings; not when the verify mail goes instead).
      .on('placed', 'notifications: acknowledge the order', async (e, tx) => acknowledgePlacedOrder(tx, e.order, await cachedSettings(tx), e.actor, { from: e.from, ...(e.lines ? { lines: e.lines } : {}) }))
      // confirmed → payments fix the terms, then notifications queue the confirmation mail.
      .on('confirmed', 'payments + notifications: confirmation workflow', confirmationWorkflow)
      // delayed → notifications: tell the customer the new date and the reason at once.
      .on('delayed', 'notifications: delay notice', queueDelayNotice)
      // delayed → fulfilment: every open work item's due date follows the new date.
      .on('delayed', 'fulfilment: work items follow the new date', rescheduleWork)
      // shipment_shipped → notifications: carrier, tracking number and link, what is in the package, expected delivery.
      .on('shipment_shipped', 'notifications: shipment notice', queueShipmentNotice)
      // shipment_delivered (the last one) → notifications: delivered.
      .on('shipment_delivered', 'notifications: delivered notice', queueDeliveredNotice)
      // delivered → feedback: the feedback-request job, settings.feedback.delayDays later (outbox, one per order).
      .on('delivered', 'feedback: schedule the feedback request', scheduleFeedbackRequest(o.feedbackDayMs))
      // placed, confirmed, shipped, delivered, cancelled → webhooks: one signed delivery per subscribed endpoint, queued in the outbox.
      .on('placed', 'webhooks: order.placed', queueOrderWebhooks('order.placed'))
      .on('confirmed', 'webhooks: order.confirmed', queueOrderWebhooks('order.confirmed'))
      .on('shipped', 'webhooks: order.shipped', queueOrderWebhooks('order.shipped'))
      .on('delivered', 'webhooks: order.delivered', queueOrderWebhooks('order.delivered'))
      .on('cancelled', 'webhooks: order.cancelled', queueOrderWebhooks('order.cancelled'))
      .on('delayed', 'webhooks: order.delayed', queueOrderWebhooks('order.delayed'))
      .on('shipment_shipped', 'webhooks: shipment.shipped', queueOrderWebhooks('shipment.shipped'))
      .on('shipment_delivered', 'webhooks: shipment.delivered', queueOrderWebhooks('shipment.delivered'))
      // released_to_fulfilment → fulfilment makes a work item per party that must act; notifications tell each party (outbox).
      .on('released_to_fulfilment', 'fulfilment + notifications: work items and hand-off', handOutWork)
      // cancelled → fulfilment cancels the open work items; notifications tell their parties (outbox).
      .on('cancelled', 'fulfilment + notifications: cancel work items', withdrawWork)
      // shipment_shipped → fulfilment: work items whose lines have all shipped close themselves.
      .on('shipment_shipped', 'fulfilment: close shipped work items', closeShippedWork)
      // payment_received → documents + fulfilment: an invoiced order with nothing left to pay closes accounts' item.
      .on('payment_received', 'documents + fulfilment: close settled accounts work', (e, tx) => closeAccountsWorkIfSettled(tx, e.order.id, e.dueMinor, e.actor))
      // start_fulfilment / ship from confirmed ← payments: held until paid.
      .guard(paymentHoldGuard)
      // the at-risk list ← fulfilment: a work item blocked or overdue on an order due soon.
      .concern('fulfilment: work items blocked or overdue', workItemConcerns)
  );
}
