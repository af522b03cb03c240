/** A work item as the API and the hand-off show it: its order, party, lines (with their form answers), state and what the reader may do. */
import type { Conn } from '../shared/db.ts';
import { can, type Role } from '../auth/permissions.ts';
import { isoDay } from '../settings/working-calendar.ts';
import type { PartyKind } from '../parties/party-vocabulary.ts';
import { allowedWorkCommands, receivedByLine, RECEIVES_GOODS, workPermissionFor } from './work-item.ts';
import { OPEN_WORK_ITEM_STATES, type WorkItemCommand, type WorkItemKind, type WorkItemState } from './work-vocabulary.ts';
import { findItemLines, receivedForItems, type ListedWorkItem } from './work-items.repository.ts';

export type WorkItemView = {
  id: string;
  order: { id: string; number: string | null; customerName: string | null; status: string; expectedCompletionDate: string | null };
  party: { id: string; kind: PartyKind; name: string; email: string | null } | null;
  kind: WorkItemKind;
  state: WorkItemState;
  blockedReason: string | null;
  assignee: { id: string; name: string } | null;
  dueDate: string | null;
  /** Open and due before today. */
  overdue: boolean;
  /** `received`: a purchase or production order's units received against it (goods in); null for other items. */
  lines: { orderLineId: string; position: number; sku: string; name: string; quantity: number; received: number | null; answers: { label: string; value: string }[] }[];
  /** The commands the reader may use now (state and role); `assign` when they may act on it at all. */
  allowedCommands: (WorkItemCommand | 'assign')[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export async function presentWorkItems(conn: Conn, listed: readonly ListedWorkItem[], role: Role | null, now = new Date()): Promise<WorkItemView[]> {
  const lines = await findItemLines(
    conn,
    listed.map((l) => l.item.id),
  );
  const receiving = listed.filter((l) => RECEIVES_GOODS.includes(l.item.kind)).map((l) => l.item.id);
  const received = await receivedForItems(conn, receiving);
  const receivedOf = new Map(
    receiving.map((id) => [
      id,
      receivedByLine(
        lines.filter((x) => x.workItemId === id),
        new Map(received.filter((r) => r.workItemId === id).map((r) => [r.productId, r.quantity])),
      ),
    ]),
  );
  const today = isoDay(now);
  return listed.map((l) => {
    const it = l.item;
    const open = (OPEN_WORK_ITEM_STATES as readonly string[]).includes(it.state);
    const mayAct = role !== null && can(role, 'work.act') && can(role, workPermissionFor(l.party?.kind ?? null));
    return {
      id: it.id,
      order: { id: it.orderId, number: l.orderNumber, customerName: l.customerName, status: l.orderStatus, expectedCompletionDate: l.expectedCompletionDate },
      party: l.party,
      kind: it.kind,
      state: it.state,
      blockedReason: it.blockedReason,
      assignee: it.assigneeUserId ? { id: it.assigneeUserId, name: l.assigneeName ?? '' } : null,
      dueDate: it.dueDate,
      overdue: open && it.dueDate !== null && it.dueDate < today,
      lines: lines
        .filter((x) => x.workItemId === it.id)
        .map((x) => ({ orderLineId: x.orderLineId, position: x.position, sku: x.sku, name: x.name, quantity: x.quantity, received: receivedOf.get(it.id)?.get(x.orderLineId) ?? null, answers: Object.values(x.answers).map((a) => ({ label: a.label, value: a.display })) })),
      allowedCommands: mayAct ? [...allowedWorkCommands(it.state), ...(open ? (['assign'] as const) : [])] : [],
      version: it.version,
      createdAt: it.createdAt,
      updatedAt: it.updatedAt,
    };
  });
}
