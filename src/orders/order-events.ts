/**
 * What happens to an order, as typed events, and the port through which other
 * capabilities react to them and guard its commands. Orders announce; the
 * composition root (src/app/order-reactions.ts) decides who reacts. This file
 * holds types only: it imports nothing but types from leaves.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import type { ErrorCode } from '../shared/errors.ts';
import type { orderLines, orders } from '../shared/schema.ts';
import type { ORDER_STATUSES } from './order-vocabulary.ts';
import type { ShipmentMethod } from '../fulfilment/fulfilment-vocabulary.ts';

type OrderRow = typeof orders.$inferSelect;
type OrderLineRow = typeof orderLines.$inferSelect;
type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who did it and to which order (the row as it is after the change). */
type About = { order: OrderRow; actor: Actor };

/** A shipment as reactions see it (mails, delivery notes): what went, how, and when. */
export type ShipmentFacts = {
  id: string;
  /** 1, 2, … per order. */
  number: number;
  method: ShipmentMethod;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedOn: string;
  expectedDeliveryOn: string | null;
  deliveredOn: string | null;
  /** Local delivery: the slot; pickup: the pickup time. */
  slot: string | null;
  lines: { orderLineId: string; sku: string; name: string; quantity: number }[];
  /** This shipment completes the order (shipped: nothing is left to ship; delivered: every shipment is delivered). */
  isLast: boolean;
};

export type OrderEvent =
  /**
   * A new order was placed (by staff, the API or the storefront), or a draft was submitted
   * (`from: 'draft'`). `lines`: its lines as just written, when the placement has them at hand
   * (a reaction need not read them back).
   */
  | (About & { type: 'placed'; from: 'new' | 'draft'; lines?: readonly OrderLineRow[] })
  | (About & { type: 'verified'; data: Record<string, unknown> })
  /** Staff accepted the order; `lines` are its lines as confirmed. */
  | (About & { type: 'confirmed'; lines: OrderLineRow[] })
  /** A confirmed order went to fulfilment (start_fulfilment, or ship straight from confirmed). */
  | (About & { type: 'released_to_fulfilment'; command: 'start_fulfilment' | 'ship' })
  | (About & { type: 'shipped' })
  /** A shipment left (the order may still have lines to ship: see `isLast`). */
  | (About & { type: 'shipment_shipped'; shipment: ShipmentFacts })
  /** A shipment was delivered. */
  | (About & { type: 'shipment_delivered'; shipment: ShipmentFacts })
  | (About & { type: 'delivered' })
  | (About & { type: 'completed' })
  | (About & { type: 'cancelled'; from: OrderStatus; reason: string })
  /** Its notes, delivery or lines changed (a placed order), or a draft was edited. */
  | (About & { type: 'changed'; changes: Record<string, unknown> })
  /** Staff recorded a delay: the expected completion date moved from `previousDate` to `newDate`, with a reason written for the customer. */
  | (About & { type: 'delayed'; previousDate: string | null; newDate: string; reason: string })
  /** Money came in (a payment captured: recorded, settled, by card or from a bank statement); `dueMinor` is what is left to pay after it. */
  | (About & { type: 'payment_received'; dueMinor: number });

export type OrderEventType = OrderEvent['type'];
export type OrderEventOf<T extends OrderEventType> = Extract<OrderEvent, { type: T }>;

/** Runs inside the transaction that made the change: if it throws, the change is undone. */
export type OrderReaction<T extends OrderEventType = OrderEventType> = (event: OrderEventOf<T>, tx: Conn) => Promise<void>;

/** Why a guard refuses a command (an ErrorCode the one problem mapping knows; 409 for both guards today). */
export type GuardRefusal = { code: ErrorCode; message: string };

/**
 * A rule another capability (or orders itself) adds to some commands in some
 * states: it may refuse a move the lifecycle table allows. The order page's
 * `allowedCommands` leaves out what a guard refuses.
 */
export type OrderGuard<C extends string = string> = {
  name: string;
  /** The states and commands it is about; any other move is not its business. */
  from: readonly OrderStatus[];
  commands: readonly C[];
  /**
   * `fresh`: deciding a move (read everything in the transaction); otherwise only
   * showing which commands are offered (cached settings are good enough).
   */
  refuse(conn: Conn, order: OrderRow, fresh: boolean): Promise<GuardRefusal | undefined>;
};

/**
 * What another capability says is wrong with some open orders right now (e.g. a work
 * item overdue or blocked): order id → a sentence for staff. The at-risk list asks.
 */
export type OrderConcerns = (conn: Conn, orderIds: readonly string[], today: string) => Promise<Map<string, string>>;

/** The port orders' use cases are given: announce an event, ask the guards, ask for concerns. */
export interface OrderReactions {
  emit(event: OrderEvent, tx: Conn): Promise<void>;
  /** For each of `commands` that a guard refuses for this order, the first refusal (`fresh`: see OrderGuard). */
  refusals(conn: Conn, order: OrderRow, commands: readonly string[], fresh?: boolean): Promise<Map<string, GuardRefusal>>;
  /** Every contributed concern about these orders (the first sentence per order wins). */
  concerns(conn: Conn, orderIds: readonly string[], today: string): Promise<Map<string, string>>;
}
