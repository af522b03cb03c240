/**
 * Work items: which party must do what for an order, planned from its lines'
 * fulfilment modes, with due dates from its expected completion date. Pure.
 *
 * Plan (one item per party and kind):
 * - the warehouse picks and packs the stocked lines (all their units);
 * - accounts receivable invoices and collects every line (one per order);
 * - a made-to-order line is a production order to its product's party, a
 *   third-party line a purchase order to it (lines of one party and kind share an item);
 * - a made-to-order or third-party line whose product names no party is an item of
 *   its own, blocked: "No supplier named for <product>".
 *
 * Due dates: the warehouse and accounts are due on the expected completion date;
 * a supplier or manufacturer the dispatch time (working days) before it, so the
 * goods can still leave on time — never before the day the order is released.
 */
import { subtractWorkingDays, type WorkingCalendar } from '../settings/working-calendar.ts';
import type { PartyKind } from '../parties/party-vocabulary.ts';
import type { WorkItemCommand, WorkItemKind, WorkItemState } from './work-vocabulary.ts';
import { WORK_ITEM_MOVES } from './work-vocabulary.ts';

export type PlanLine = { id: string; name: string; quantity: number; mode: 'stock' | 'made_to_order' | 'third_party'; partyId: string | null };

export type PlannedItem = {
  kind: WorkItemKind;
  partyId: string | null;
  blockedReason: string | null;
  lines: { orderLineId: string; quantity: number }[];
};

export function planWorkItems(lines: readonly PlanLine[], built: { warehouseId: string; accountsId: string }): PlannedItem[] {
  const items: PlannedItem[] = [];
  const stock = lines.filter((l) => l.mode === 'stock');
  if (stock.length) items.push({ kind: 'pick_pack', partyId: built.warehouseId, blockedReason: null, lines: stock.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) });
  if (lines.length) items.push({ kind: 'invoice_collect', partyId: built.accountsId, blockedReason: null, lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) });
  const grouped = new Map<string, PlannedItem>();
  for (const l of lines) {
    if (l.mode === 'stock') continue;
    const kind: WorkItemKind = l.mode === 'made_to_order' ? 'production_order' : 'purchase_order';
    if (!l.partyId) {
      items.push({ kind, partyId: null, blockedReason: `No supplier named for ${l.name}`, lines: [{ orderLineId: l.id, quantity: l.quantity }] });
      continue;
    }
    const key = `${l.partyId}:${kind}`;
    const item = grouped.get(key) ?? { kind, partyId: l.partyId, blockedReason: null, lines: [] };
    item.lines.push({ orderLineId: l.id, quantity: l.quantity });
    if (!grouped.has(key)) {
      grouped.set(key, item);
      items.push(item);
    }
  }
  return items;
}

/** When an item is due (see the rule above); null when the order has no expected date. */
export function dueDateFor(kind: WorkItemKind, expected: string | null, cal: WorkingCalendar, today: string): string | null {
  if (!expected) return null;
  if (kind === 'pick_pack' || kind === 'invoice_collect') return expected;
  return subtractWorkingDays(cal, expected, cal.dispatchDays, today);
}

/** The permission a role needs to act on a party's items (owner and sales act on all). */
export function workPermissionFor(kind: PartyKind | null): 'work.warehouse' | 'work.accounts' | 'work.suppliers' {
  return kind === 'warehouse' ? 'work.warehouse' : kind === 'accounts' ? 'work.accounts' : 'work.suppliers';
}

export type WorkDecision = { ok: true; to: WorkItemState } | { ok: false; message: string };

/** Where a command takes an item in this state, or why it cannot. */
export function decideWork(state: WorkItemState, command: WorkItemCommand): WorkDecision {
  const to = WORK_ITEM_MOVES[state][command];
  if (!to) return { ok: false, message: `A ${state.replace('_', ' ')} work item cannot be ${command === 'done' ? 'marked done' : `${command}ed`}` };
  return { ok: true, to };
}

export const allowedWorkCommands = (state: WorkItemState): WorkItemCommand[] => Object.keys(WORK_ITEM_MOVES[state]) as WorkItemCommand[];

/**
 * Goods received against a purchase or production order, per line: each product's
 * received units fill its lines in line order, each up to its quantity (more than
 * ordered is stock, not a line's). Pure.
 */
export function receivedByLine(lines: readonly { orderLineId: string; productId: string; quantity: number; position: number }[], receivedByProduct: ReadonlyMap<string, number>): Map<string, number> {
  const left = new Map(receivedByProduct);
  const out = new Map<string, number>();
  for (const l of [...lines].sort((a, b) => a.position - b.position)) {
    const take = Math.min(l.quantity, left.get(l.productId) ?? 0);
    out.set(l.orderLineId, take);
    left.set(l.productId, (left.get(l.productId) ?? 0) - take);
  }
  return out;
}

/** Items that close themselves: the warehouse's, a supplier's or a manufacturer's when every line is shipped; a supplier's or manufacturer's also when every line is received. */
export const RECEIVES_GOODS: readonly WorkItemKind[] = ['purchase_order', 'production_order'];
