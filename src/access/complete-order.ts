/**
 * The customer's side of a draft sent back to them (issue 14): the `complete` link opens a page
 * with only the answers we asked for; their answers go through the one validator and the draft is
 * submitted — number, stock, the `placed` reactions — in the same transaction, which also
 * withdraws every `complete` link of the order (used: it stops working) and makes an order-page
 * link for the thank-you page. A used, expired, withdrawn or unknown link gets the same 404.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact, type BusinessContact } from '../settings/business-contact.ts';
import { getOrder } from '../orders/order-facts.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { completeReturnedDraftIn, linkNoLongerWorks, questionsOf, type CustomerAnswers, type LineQuestions } from '../orders/draft-return.ts';
import { findReturn } from '../orders/draft-returns.repository.ts';
import type { LinkLifetimes } from './access-link.ts';
import { issueAccessLink, resolveAccessLink, revokeAccessLinks } from './access-links.ts';

export type CompletePage = { customerName: string; currency: string; business: BusinessContact; lines: LineQuestions[] };

async function resolve(db: Db, token: string): Promise<{ orderId: string; linkId: string }> {
  try {
    return await resolveAccessLink(db, token, 'complete');
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw linkNoLongerWorks();
    throw e;
  }
}

/** What the link's page shows: the lines with something to answer, each with only those fields marked. */
export async function completePageByToken(db: Db, token: string): Promise<CompletePage> {
  const { orderId } = await resolve(db, token);
  const order = await getOrder(db, orderId);
  const ret = await findReturn(db, orderId);
  if (order.status !== 'draft' || !ret || ret.completedAt) throw linkNoLongerWorks();
  const draft = order.draftInput ?? {};
  return { customerName: order.customerName ?? '', currency: order.currency, business: businessContact(await getSettings(db)), lines: await questionsOf(db, draft, ret.missing) };
}

/** The customer's answers: checked, merged, submitted; answers the new order's number and an order-page link. */
export async function completeByToken(db: Db, reactions: OrderReactions, token: string, answers: CustomerAnswers, lifetimes: LinkLifetimes): Promise<{ orderNumber: string; orderPagePath: string }> {
  return db.transaction(async (tx) => {
    const { orderId, linkId } = await resolveAccessLink(tx, token, 'complete').catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'not_found' ? linkNoLongerWorks() : e;
    });
    const before = await getOrder(tx, orderId);
    const actor: Actor = { kind: 'customer', id: before.customerId ?? linkId, name: before.customerName ?? 'customer' };
    const placed = await completeReturnedDraftIn(tx, reactions, orderId, answers, actor);
    await revokeAccessLinks(tx, orderId, 'complete');
    const link = await issueAccessLink(tx, { orderId, purpose: 'order_status', lifetimes });
    return { orderNumber: placed.number ?? '', orderPagePath: link.path };
  });
}
