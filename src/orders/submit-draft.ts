/** Submitting a draft: one transaction, the same write path as placing (placement.ts). */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { getSettings, seedSettings } from '../settings/settings.use-cases.ts';
import type { Settings } from '../settings/settings.ts';
import { formatOrderNumber } from '../settings/settings.ts';
import { resolveOrderCustomer } from '../customers/customers.use-cases.ts';
import { placeOrderInputSchema } from './order.ts';
import { appendEvent, findLines, findOrder, insertLines, nextOrderSequence, updateOrderIf } from './orders.repository.ts';
import { presentOrder, type OrderView } from './order-view.ts';
import type { OrderReactions } from './order-events.ts';
import { lineRows, orderColumns, prepare, reserve, searchText } from './placement.ts';
import { draftProblems } from './order-problems.ts';

/**
 * Submits a draft: the stored draft goes through the full placement checks; if
 * anything is missing the draft stays as it is and every problem is reported.
 */
export async function submitDraft(db: Db, reactions: OrderReactions, orderId: string, actor: Actor, expectedVersion?: number): Promise<OrderView> {
  return db.transaction((tx) => submitDraftIn(tx, reactions, orderId, actor, expectedVersion));
}

/** Submits a draft in the caller's transaction (a customer completing a returned draft answers and submits in one). */
export async function submitDraftIn(tx: Conn, reactions: OrderReactions, orderId: string, actor: Actor, expectedVersion?: number): Promise<OrderView> {
  const draft = await findOrder(tx, orderId, true);
  if (!draft) throw notFound('The order');
  if (draft.status !== 'draft') throw new AppError('invalid_transition', `The order is already ${draft.status}; only a draft can be submitted`);
  if (expectedVersion !== undefined && expectedVersion !== draft.version) throw new AppError('version_mismatch', `The draft changed since version ${expectedVersion}`);
  const settings = await getSettings(tx);
  seedSettings(tx, settings);
  const parsed = placeOrderInputSchema.safeParse(draft.draftInput ?? {});
  if (!parsed.success) {
    const { problems } = await draftProblems(tx, draft.draftInput ?? {}, settings);
    throw new AppError('validation_failed', 'The draft is incomplete', problems);
  }
  const prepared = await prepare(tx, parsed.data, settings);
  const allocation = await reserve(tx, prepared.lines, orderId, actor);
  const c = parsed.data.customer;
  const { snapshot, problems } = await resolveOrderCustomer(tx, c.id ? { id: c.id } : { name: c.name ?? '', email: c.email, phone: c.phone, company: c.company }, settings.defaultCountry, '/customer');
  if (!snapshot) throw new AppError('validation_failed', 'The customer details are invalid', problems);
  const now = new Date();
  const { totals, columns } = await orderColumns(tx, prepared, allocation, snapshot, settings, now);
  const number = await nextNumber(tx, settings, now);
  const row = await updateOrderIf(tx, orderId, { status: 'draft', version: draft.version }, {
    ...columns,
    number,
    status: 'placed',
    placedAt: now,
    draftInput: null,
    searchText: searchText(number, snapshot),
  });
  if (!row) throw new AppError('conflict', 'The draft was changed by someone else; reload it');
  await insertLines(tx, lineRows(orderId, prepared.lines, allocation, totals));
  await appendEvent(tx, { orderId, type: 'placed', actor, channel: draft.channel, fromStatus: 'draft', toStatus: 'placed', data: { number, grandTotalMinor: totals.grandTotalMinor } });
  await reactions.emit({ type: 'placed', from: 'draft', order: row, actor }, tx);
  return presentOrder(tx, reactions, row, await findLines(tx, orderId));
}

async function nextNumber(tx: Conn, settings: Settings, now: Date): Promise<string> {
  return formatOrderNumber(settings, await nextOrderSequence(tx), now);
}
