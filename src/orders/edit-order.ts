/**
 * Drafts and edits. A draft keeps whatever was entered and lists what is still
 * missing; a placed order may change its notes and delivery, and — before it is
 * confirmed — its lines (stock is re-reserved and totals recomputed). Every edit
 * is a timeline event holding what changed, guarded by the order's version.
 */
import { foldForSearch } from '../shared/search-text.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound, zodProblems } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { releaseStock } from '../inventory/stock.ts';
import { decide, LINES_EDITABLE } from './lifecycle.ts';
import { deliveryInputSchema, draftInputSchema, orderLineInputSchema, type DraftInput } from './order.ts';
import { appendEvent, deleteLines, findLines, findOrder, insertOrder, updateOrderIf, type OrderRow } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';
import { draftProblems } from './order-problems.ts';
import { rebuildLines } from './reprice-lines.ts';

export const orderEditSchema = z.strictObject({
  notes: z.string().max(5000).optional(),
  delivery: deliveryInputSchema.optional(),
  lines: z.array(orderLineInputSchema).min(1).max(200).optional(),
});
export const orderPatchSchema = draftInputSchema.partial();
export type OrderPatch = z.output<typeof orderPatchSchema>;

const draftName = (d: DraftInput) => d.customer?.name ?? null;

export async function viewOrder(conn: Conn, reactions: OrderReactions, order: OrderRow): Promise<OrderView> {
  const lines = await findLines(conn, order.id);
  if (order.status !== 'draft') return presentOrder(conn, reactions, order, lines);
  const settings = await getSettings(conn);
  const { problems } = await draftProblems(conn, order.draftInput ?? {}, settings);
  return presentOrder(conn, reactions, order, lines, problems);
}

export async function createDraft(db: Db, reactions: OrderReactions, input: DraftInput, actor: Actor): Promise<OrderView> {
  return db.transaction(async (tx) => createDraftIn(tx, reactions, input, actor));
}

/** Saves a draft in the caller's transaction (mail in makes one beside the message it came in). */
export async function createDraftIn(tx: Conn, reactions: OrderReactions, input: DraftInput, actor: Actor): Promise<OrderView> {
  const settings = await getSettings(tx);
  const now = new Date();
  const row = await insertOrder(tx, {
    id: randomUUID(),
    status: 'draft',
    channel: input.channel,
    currency: settings.currency,
    draftInput: input,
    customerName: draftName(input),
    customerEmail: input.customer?.email ?? null,
    notes: input.notes ?? '',
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    searchText: foldForSearch([input.customer?.name, input.customer?.email, input.customer?.phone].filter(Boolean).join(' ')),
  });
  await appendEvent(tx, { orderId: row.id, type: 'draft_created', actor, channel: input.channel, toStatus: 'draft' });
  return viewOrder(tx, reactions, row);
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export async function editOrder(db: Db, reactions: OrderReactions, orderId: string, patch: OrderPatch, actor: Actor, expectedVersion: number): Promise<OrderView> {
  return db.transaction(async (tx) => {
    const order = await findOrder(tx, orderId, true);
    if (!order) throw notFound('The order');
    if (order.version !== expectedVersion) {
      throw new AppError('version_mismatch', `The order changed since version ${expectedVersion} (now ${order.version}); reload it and try again`, [], { currentVersion: order.version });
    }
    const d = decide({ status: order.status, heldFrom: order.heldFrom }, 'edit');
    if (!d.ok) throw new AppError('invalid_transition', d.message);

    if (order.status === 'draft') {
      const before = (order.draftInput ?? {}) as DraftInput;
      const next: DraftInput = { ...before, ...patch, channel: patch.channel ?? before.channel };
      const changed = changedKeys(before as Record<string, unknown>, next as Record<string, unknown>);
      const row = await updateOrderIf(tx, order.id, order, {
        draftInput: next,
        channel: next.channel,
        customerName: draftName(next),
        customerEmail: next.customer?.email ?? null,
        notes: next.notes ?? '',
      });
      if (!row) throw new AppError('conflict', 'The draft was changed at the same moment; reload it');
      const data = { changed, before: pick(before, changed), after: pick(next, changed) };
      await appendEvent(tx, { orderId: order.id, type: 'edited', actor, channel: order.channel, data });
      await reactions.emit({ type: 'changed', order: row, actor, changes: data }, tx);
      return viewOrder(tx, reactions, row);
    }

    const parsed = orderEditSchema.safeParse(patch);
    if (!parsed.success) throw new AppError('validation_failed', 'Only notes, delivery and lines can change on a placed order', zodProblems(parsed.error.issues));
    const edit = parsed.data;
    if (edit.lines && !LINES_EDITABLE.has(order.status)) {
      throw new AppError('invalid_transition', `The lines of a ${order.status.replace('_', ' ')} order can no longer change`, [{ pointer: '/lines', code: 'locked', message: 'Lines are fixed once the order is confirmed' }]);
    }
    const settings = await getSettings(tx);
    const oldLines = await findLines(tx, order.id);
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    let set: Partial<OrderRow> = {};
    if (edit.notes !== undefined && edit.notes !== order.notes) {
      changes.notes = { before: order.notes, after: edit.notes };
      set.notes = edit.notes;
    }
    if (edit.lines || (edit.delivery && JSON.stringify(edit.delivery) !== JSON.stringify(order.delivery))) {
      const delivery = edit.delivery ?? (order.delivery as z.output<typeof deliveryInputSchema>);
      if (edit.delivery) changes.delivery = { before: order.delivery, after: edit.delivery };
      if (edit.lines) {
        await releaseStock(tx, oldLines.map((l) => ({ productId: l.productId, quantity: l.reservedQty })), order.id, actor, 'order lines changed');
        await deleteLines(tx, order.id);
        changes.lines = { before: summary(oldLines), after: edit.lines };
      }
      const rebuilt = await rebuildLines(tx, {
        orderId: order.id,
        lines: edit.lines ?? null,
        delivery,
        settings,
        actor,
        placedAt: order.placedAt ?? new Date(),
      });
      set = { ...set, ...rebuilt };
    }
    if (Object.keys(changes).length === 0) return presentOrder(tx, reactions, order, oldLines);
    const row = await updateOrderIf(tx, order.id, order, set);
    if (!row) throw new AppError('conflict', 'The order was changed at the same moment; reload it');
    await appendEvent(tx, { orderId: order.id, type: 'edited', actor, channel: order.channel, data: { changes } });
    if (set.expectedCompletionDate !== undefined && set.expectedCompletionDate !== order.expectedCompletionDate) {
      // The date the customer and every party work to moved: say so, and why.
      const reason = changes.lines ? 'The order lines changed' : 'The requested delivery date changed';
      await appendEvent(tx, { orderId: order.id, type: 'expected_date_changed', actor, channel: order.channel, data: { before: order.expectedCompletionDate, after: set.expectedCompletionDate, reason } });
    }
    await reactions.emit({ type: 'changed', order: row, actor, changes }, tx);
    return presentOrder(tx, reactions, row, await findLines(tx, order.id));
  });
}

const summary = (lines: { sku: string; quantity: number; answers: unknown }[]) => lines.map((l) => ({ sku: l.sku, quantity: l.quantity, answers: l.answers }));

function pick(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}
