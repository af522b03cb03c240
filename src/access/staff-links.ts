/** Staff make and withdraw a customer's link by hand: one transaction each, with its timeline entry. */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder, recordOrderEvent } from '../orders/order-facts.ts';
import { DAY_MS, MAX_LINK_DAYS, type AccessPurpose, type LinkLifetimes } from './access-link.ts';
import { issueAccessLink, revokeAccessLink, type IssuedLink } from './access-links.ts';
import type { AccessLinkRow } from './access-links.repository.ts';

export async function issueLinkByStaff(db: Db, orderRef: string, a: { purpose: AccessPurpose; expiresAt: Date | undefined; lifetimes: LinkLifetimes }, actor: Actor): Promise<IssuedLink> {
  if (a.expiresAt && a.expiresAt.getTime() > Date.now() + MAX_LINK_DAYS * DAY_MS) {
    throw new AppError('validation_failed', `A link lives at most ${MAX_LINK_DAYS} days`, [{ pointer: '/expiresAt', code: 'too_late', message: `At most ${MAX_LINK_DAYS} days from now` }]);
  }
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderRef);
    const l = await issueAccessLink(tx, { orderId: order.id, purpose: a.purpose, expiresAt: a.expiresAt, lifetimes: a.lifetimes });
    await recordOrderEvent(tx, order.id, 'access_link_issued', actor, { linkId: l.id, purpose: l.purpose });
    return l;
  });
}

export async function revokeLinkByStaff(db: Db, linkId: string, actor: Actor): Promise<AccessLinkRow> {
  return db.transaction(async (tx) => {
    const row = await revokeAccessLink(tx, linkId);
    if (row.orderId) await recordOrderEvent(tx, row.orderId, 'access_link_revoked', actor, { linkId: row.id, purpose: row.purpose });
    return row;
  });
}
