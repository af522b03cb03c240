/**
 * Moving an order through its lifecycle. The decision is the pure `decide`; it is
 * persisted as a conditional update on (status, version), so a concurrent move
 * gets a 409 instead of a silent overwrite. Side effects on stock happen in the
 * same transaction: cancel releases reservations, ship consumes them.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { consumeStock, releaseStock } from '../inventory/stock.ts';
import { getSettings } from '../settings/settings.service.ts';
import { paymentHolds } from '../payments/payment-terms.ts';
import { onOrderConfirmed } from '../notifications/order-confirmed.ts';
import { allowedCommands, decide, HOLDS_RESERVATION, RELEASES_TO_FULFILMENT, type Command, type Guards } from './lifecycle.ts';
import { verificationRequired } from './verification.ts';
import { appendEvent, findLines, findOrder, updateOrderIf, type OrderRow } from './orders.repository.ts';
import { toOrderView, type OrderView } from './order-view.ts';

export type TransitionRequest = { command: Command; reason?: string | undefined; note?: string | undefined; expectedVersion?: number | undefined; data?: Record<string, unknown> | undefined };

/** The facts beyond the order's state that `decide` needs for this command. */
async function guardsFor(tx: Conn, order: OrderRow, command: Command): Promise<Guards> {
  if (command === 'confirm' && order.status === 'placed') return { verificationRequired: verificationRequired((await getSettings(tx)).verification, order) };
  if (RELEASES_TO_FULFILMENT.has(command) && order.status === 'confirmed') return { paymentOutstanding: await paymentHolds(tx, order, await getSettings(tx)) };
  return {};
}

export async function transitionOrder(db: Db, orderId: string, req: TransitionRequest, actor: Actor, channel: string | null = null): Promise<OrderView> {
  return db.transaction(async (tx) => transitionOrderIn(tx, orderId, req, actor, channel));
}

/** The same move inside the caller's transaction (the reservation sweeper cancels an order it has locked). */
export async function transitionOrderIn(tx: Conn, orderId: string, req: TransitionRequest, actor: Actor, channel: string | null = null): Promise<OrderView> {
  const order = await findOrder(tx, orderId);
  if (!order) throw new AppError('not_found', 'The order was not found');
  if (req.expectedVersion !== undefined && req.expectedVersion !== order.version) {
    throw new AppError('version_mismatch', `The order changed since version ${req.expectedVersion}; reload it and try again`, [], { currentVersion: order.version });
  }
  const d = decide({ status: order.status, heldFrom: order.heldFrom }, req.command, req.reason, await guardsFor(tx, order, req.command));
  if (!d.ok) {
    if (d.reason === 'reason_required') throw new AppError('validation_failed', d.message, [{ pointer: '/reason', code: 'required', message: d.message }]);
    if (d.reason === 'verification_required' || d.reason === 'payment_outstanding') throw new AppError(d.reason, d.message, [], { status: order.status });
    throw new AppError('invalid_transition', d.message, [], { status: order.status, allowedCommands: allowedCommands(order.status) });
  }
  const lines = await findLines(tx, order.id);
  const backordered = lines.filter((l) => l.backorderedQty > 0);
  if (req.command === 'ship' && backordered.length) {
    throw new AppError('invalid_transition', `Cannot ship yet: ${backordered.map((l) => `${l.backorderedQty} × ${l.name}`).join(', ')} still back-ordered`);
  }
  const moved = await updateOrderIf(tx, order.id, { status: order.status, version: order.version }, { status: d.to, heldFrom: d.heldFrom });
  if (!moved) {
    // Someone moved it between our read and our write.
    if (req.expectedVersion !== undefined) throw new AppError('version_mismatch', `The order changed since version ${req.expectedVersion}; reload it and try again`);
    throw new AppError('conflict', 'Someone else changed this order at the same moment; reload it and try again');
  }
  const held = lines.filter((l) => l.reservedQty > 0).map((l) => ({ productId: l.productId, quantity: l.reservedQty }));
  if (req.command === 'cancel' && HOLDS_RESERVATION.has(order.status)) {
    await releaseStock(tx, held, order.id, actor, `order ${order.number ?? order.id} cancelled`);
  }
  if (req.command === 'ship') await consumeStock(tx, held, order.id, actor);
  await appendEvent(tx, {
    orderId: order.id,
    type: d.event,
    actor,
    channel,
    fromStatus: d.from,
    toStatus: d.to,
    data: { ...req.data, ...(req.reason ? { reason: req.reason } : {}), ...(req.note ? { note: req.note } : {}) },
  });
  if (req.command === 'confirm') await onOrderConfirmed(tx, moved, lines, actor);
  return toOrderView(moved, lines);
}
