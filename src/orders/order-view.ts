/** What the API shows of an order: the row, its lines, totals and the commands its state allows. */
import type { Actor } from '../shared/actor.ts';
import { allowedCommands, LINES_EDITABLE, type Command } from './lifecycle.ts';
import { commandInfo, type CommandInfo } from './command-permissions.ts';
import type { OrderEventRow, OrderLineRow, OrderRow } from './orders.repository.ts';
import type { FieldProblem } from '../shared/errors.ts';
import type { FrozenAnswer } from '../catalog/form-definition.ts';
import type { Conn } from '../shared/db.ts';
import type { OrderReactions } from './order-events.ts';
import type { OrderCustomerView, OrderDeliveryView } from './orders.schemas.ts';
import type { Language } from '../notifications/i18n.ts';

export type OrderView = {
  id: string;
  number: string | null;
  status: OrderRow['status'];
  heldFrom: OrderRow['heldFrom'];
  version: number;
  channel: OrderRow['channel'];
  customer: OrderCustomerView | null;
  suggestedCustomerId: string | null;
  delivery: OrderDeliveryView | null;
  notes: string;
  currency: string;
  lines: {
    id: string;
    position: number;
    productId: string;
    sku: string;
    name: string;
    fulfilmentMode: OrderLineRow['fulfilmentMode'];
    quantity: number;
    unitPriceMinor: number;
    optionsPriceMinor: number;
    taxRateBp: number;
    subtotalMinor: number;
    taxMinor: number;
    totalMinor: number;
    answers: Record<string, FrozenAnswer>;
    reservedQty: number;
    backorderedQty: number;
  }[];
  totals: { linesTotalMinor: number; optionsTotalMinor: number; taxTotalMinor: number; deliveryFeeMinor: number; grandTotalMinor: number };
  expectedCompletionDate: string | null;
  language: Language | null;
  draft: Record<string, unknown> | null;
  missing: FieldProblem[] | null;
  allowedCommands: Command[];
  /** The same commands with the permission each needs and whether it needs a reason. */
  commands: CommandInfo[];
  /** What PATCH /orders/{id} may change now (nothing once the order is past confirmation). */
  editable: { lines: boolean; delivery: boolean; notes: boolean };
  createdBy: Actor;
  placedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** `refused`: commands the table allows but a guard refuses now (they are left out of allowedCommands). */
export function toOrderView(o: OrderRow, lines: OrderLineRow[], missing: FieldProblem[] | null = null, refused: ReadonlyMap<string, unknown> = new Map()): OrderView {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    heldFrom: o.heldFrom,
    version: o.version,
    channel: o.channel,
    // The columns hold what placing wrote: a CustomerSnapshot and the validated delivery input.
    customer: (o.customer as OrderCustomerView | null) ?? null,
    suggestedCustomerId: o.suggestedCustomerId,
    delivery: (o.delivery as OrderDeliveryView | null) ?? null,
    notes: o.notes,
    currency: o.currency,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      fulfilmentMode: l.fulfilmentMode,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      optionsPriceMinor: l.optionsPriceMinor,
      taxRateBp: l.taxRateBp,
      subtotalMinor: l.subtotalMinor,
      taxMinor: l.taxMinor,
      totalMinor: l.totalMinor,
      answers: l.answers,
      reservedQty: l.reservedQty,
      backorderedQty: l.backorderedQty,
    })),
    totals: {
      linesTotalMinor: o.linesTotalMinor,
      optionsTotalMinor: o.optionsTotalMinor,
      taxTotalMinor: o.taxTotalMinor,
      deliveryFeeMinor: o.deliveryFeeMinor,
      grandTotalMinor: o.grandTotalMinor,
    },
    expectedCompletionDate: o.expectedCompletionDate,
    language: o.language,
    draft: o.status === 'draft' ? (o.draftInput ?? {}) : null,
    missing,
    allowedCommands: allowedCommands(o.status).filter((c) => !refused.has(c)),
    commands: allowedCommands(o.status).filter((c) => !refused.has(c)).map(commandInfo),
    editable: ((edit: boolean) => ({ lines: edit && LINES_EDITABLE.has(o.status), delivery: edit, notes: edit }))(allowedCommands(o.status).includes('edit')),
    createdBy: o.createdBy,
    placedAt: o.placedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** The view with the guards asked: the order page never offers a command that would be refused. */
export async function presentOrder(conn: Conn, reactions: OrderReactions, o: OrderRow, lines: OrderLineRow[], missing: FieldProblem[] | null = null): Promise<OrderView> {
  return toOrderView(o, lines, missing, await reactions.refusals(conn, o, allowedCommands(o.status)));
}

export type TimelineEntry = Omit<OrderEventRow, 'orderId'>;
export const toTimeline = (events: OrderEventRow[]): TimelineEntry[] => events.map(({ orderId: _o, ...e }) => e);
