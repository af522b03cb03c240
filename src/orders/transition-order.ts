/**
 * Moving an order through its lifecycle. The decision is the pure `decide`, with
 * what the guards say (orders' verification policy; guards other capabilities
 * add, such as a payment hold); it is persisted as a conditional update on
 * (status, version), so a concurrent move gets a 409 instead of a silent
 * overwrite. Stock moves in the same transaction (cancel releases reservations;
 * shipments in src/fulfilment consume them), and so do the reactions to the events the move announces.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { releaseStock } from '../inventory/stock.ts';
import { allowedCommands, decide, HOLDS_RESERVATION, type Command } from './lifecycle.ts';
import type { OrderEvent, OrderReactions } from './order-events.ts';
import { appendEvent, findLines, findOrder, updateOrderIf, type OrderLineRow, type OrderRow } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';

export type TransitionRequest = { command: Command; reason?: string | undefined; note?: string | undefined; expectedVersion?: number | undefined; data?: Record<string, unknown> | undefined };

export async function transitionOrder(db: Db, reactions: OrderReactions, orderId: string, req: TransitionRequest, actor: Actor, channel: string | null = null): Promise<OrderView> {
  return db.transaction(async (tx) => transitionOrderIn(tx, reactions, orderId, req, actor, channel));
}

/** What a move announces (nothing for hold, release and notes). */
function eventsOf(req: TransitionRequest, from: OrderRow['status'], order: OrderRow, lines: OrderLineRow[], actor: Actor): OrderEvent[] {
  const about = { order, actor };
  switch (req.command) {
    case 'verify':
      return [{ ...about, type: 'verified', data: req.data ?? {} }];
    case 'confirm':
      return [{ ...about, type: 'confirmed', lines }];
    case 'start_fulfilment':
      return [{ ...about, type: 'released_to_fulfilment', command: 'start_fulfilment' }];
    case 'ship':
      return [...(from === 'confirmed' ? [{ ...about, type: 'released_to_fulfilment', command: 'ship' } as const] : []), { ...about, type: 'shipped' }];
    case 'deliver':
      return [{ ...about, type: 'delivered' }];
    case 'complete':
      return [{ ...about, type: 'completed' }];
    case 'cancel':
      return [{ ...about, type: 'cancelled', from, reason: req.reason ?? '' }];
    default:
      return [];
  }
}

/** The same move inside the caller's transaction (the reservation sweeper cancels an order it has locked). */
export async function transitionOrderIn(tx: Conn, reactions: OrderReactions, orderId: string, req: TransitionRequest, actor: Actor, channel: string | null = null): Promise<OrderView> {
  const order = await findOrder(tx, orderId);
  if (!order) throw notFound('The order');
  if (req.expectedVersion !== undefined && req.expectedVersion !== order.version) {
    throw new AppError('version_mismatch', `The order changed since version ${req.expectedVersion}; reload it and try again`, [], { currentVersion: order.version });
  }
  const refusal = (await reactions.refusals(tx, order, [req.command], true)).get(req.command);
  const d = decide({ status: order.status, heldFrom: order.heldFrom }, req.command, req.reason, refusal);
  if (!d.ok) {
    if (d.reason === 'reason_required') throw new AppError('validation_failed', d.message, [{ pointer: '/reason', code: 'required', message: d.message }]);
    if (d.reason === 'refused') throw new AppError(d.refusal.code, d.message, [], { status: order.status });
    throw new AppError('invalid_transition', d.message, [], { status: order.status, allowedCommands: allowedCommands(order.status) });
  }
  const lines = await findLines(tx, order.id);
  // The goods leave through shipments (src/fulfilment): the last one moves the order to shipped, when
  // nothing is reserved or back-ordered any more. A move to shipped with goods still here is refused.
  const waiting = lines.filter((l) => l.backorderedQty > 0 || l.reservedQty > 0);
  if (req.command === 'ship' && waiting.length) {
    throw new AppError('invalid_transition', `Cannot ship yet: ${waiting.map((l) => `${l.backorderedQty + l.reservedQty} × ${l.name}`).join(', ')} not shipped`);
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
  await appendEvent(tx, {
    orderId: order.id,
    type: d.event,
    actor,
    channel,
    fromStatus: d.from,
    toStatus: d.to,
    data: { ...req.data, ...(req.reason ? { reason: req.reason } : {}), ...(req.note ? { note: req.note } : {}) },
  });
  for (const event of eventsOf(req, order.status, moved, lines, actor)) await reactions.emit(event, tx);
  return presentOrder(tx, reactions, moved, lines);
}
