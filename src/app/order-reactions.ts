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
import { confirmationWorkflow } from './confirmation-workflow.ts';
import { handOutWork, withdrawWork } from './fulfilment-handoff.ts';

export function buildOrderReactions(): OrderReactionRegistry {
  return (
    createOrderReactions()
      // placed → notifications: an order the verification policy holds back mails its customer a verify link (web orders: limited per recipient, audited),
      // with the settings the placement used (it seeds its transaction with them).
      .on('placed', 'notifications: ask the customer to verify', async (e, tx) => askToVerifyPlacedOrder(tx, e.order, await cachedSettings(tx), e.actor))
      // confirmed → payments fix the terms, then notifications queue the confirmation mail.
      .on('confirmed', 'payments + notifications: confirmation workflow', confirmationWorkflow)
      // released_to_fulfilment → fulfilment makes a work item per party that must act; notifications tell each party (outbox).
      .on('released_to_fulfilment', 'fulfilment + notifications: work items and hand-off', handOutWork)
      // cancelled → fulfilment cancels the open work items; notifications tell their parties (outbox).
      .on('cancelled', 'fulfilment + notifications: cancel work items', withdrawWork)
      // start_fulfilment / ship from confirmed ← payments: held until paid.
      .guard(paymentHoldGuard)
  );
}
