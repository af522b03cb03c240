/** Reading work items: a party's queue (open items by due date) and an order's items. */
import type { Conn } from '../shared/db.ts';
import type { Role } from '../auth/permissions.ts';
import { getOrder } from '../orders/order-facts.ts';
import type { PartyKind } from '../parties/party-vocabulary.ts';
import { OPEN_WORK_ITEM_STATES, type WorkItemState } from './work-vocabulary.ts';
import { listWorkItems, openOrdersToSuppliers } from './work-items.repository.ts';
import { presentWorkItems, type WorkItemView } from './work-item-view.ts';

export type QueueFilter = { partyId?: string | undefined; partyKind?: PartyKind | undefined; states?: readonly WorkItemState[] | undefined; limit: number };

export async function workQueue(conn: Conn, f: QueueFilter, role: Role): Promise<WorkItemView[]> {
  const partyKinds: readonly PartyKind[] | undefined = f.partyKind ? [f.partyKind] : undefined;
  const rows = await listWorkItems(conn, { partyId: f.partyId, partyKinds, states: f.states ?? OPEN_WORK_ITEM_STATES, limit: f.limit });
  return presentWorkItems(conn, rows, role);
}

export async function orderWorkItems(conn: Conn, orderRef: string, role: Role): Promise<WorkItemView[]> {
  const order = await getOrder(conn, orderRef);
  return presentWorkItems(conn, await listWorkItems(conn, { orderId: order.id, limit: 200 }), role);
}

/** Open purchase and production orders (optionally of one party, or with one product on a line): what goods in can be received against. */
export async function openPurchaseOrders(conn: Conn, f: { productId?: string | undefined; partyId?: string | undefined; limit: number }, role: Role | null): Promise<WorkItemView[]> {
  return presentWorkItems(conn, await openOrdersToSuppliers(conn, f), role);
}
