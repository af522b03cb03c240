/**
 * Access link use cases: issue, resolve, revoke. Other capabilities call these.
 * Resolving answers not_found for every kind of bad link (unknown, other purpose,
 * expired, revoked) so a guess learns nothing.
 */
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { getOrder } from '../orders/order-facts.ts';
import { defaultExpiry, hashToken, isUsable, newToken, pathFor, TOKEN_PATTERN, type AccessPurpose, type LinkLifetimes } from './access-link.ts';
import { findByHash, insertLink, linksOfOrder, revokeById, revokeForOrder, revokeForQuote, touch, type AccessLinkRow } from './access-links.repository.ts';

export type IssuedLink = { id: string; token: string; path: string; purpose: AccessPurpose; expiresAt: Date };

/** Creates a link; the token is returned once and never stored. Every link expires: by default after its purpose's lifetime. */
export async function issueAccessLink(tx: Conn, a: { orderId: string; purpose: AccessPurpose; expiresAt?: Date | undefined; lifetimes?: LinkLifetimes | undefined }): Promise<IssuedLink> {
  const token = newToken();
  const expiresAt = a.expiresAt ?? defaultExpiry(a.purpose, new Date(), a.lifetimes);
  const row = await insertLink(tx, { tokenHash: hashToken(token), orderId: a.orderId, purpose: a.purpose, expiresAt });
  return { id: row.id, token, path: pathFor(a.purpose, token), purpose: a.purpose, expiresAt };
}

const invalid = () =>
  new AppError('not_found', 'This link is not valid: it may have expired or been withdrawn. Ask for a new one with your order number and e-mail address.');

export async function resolveAccessLink(conn: Conn, token: string, purpose: AccessPurpose): Promise<{ orderId: string; linkId: string }> {
  if (!TOKEN_PATTERN.test(token)) throw invalid();
  const row = await findByHash(conn, hashToken(token));
  if (!row || row.purpose !== purpose || !row.orderId || !isUsable(row, new Date())) throw invalid();
  await touch(conn, row.id);
  return { orderId: row.orderId, linkId: row.id };
}

/** A link to a quote's page (purpose 'quote'): it lives until `expiresAt` (the quote's last valid day). */
export async function issueQuoteLink(tx: Conn, a: { quoteId: string; expiresAt: Date }): Promise<IssuedLink> {
  const token = newToken();
  const row = await insertLink(tx, { tokenHash: hashToken(token), orderId: null, quoteId: a.quoteId, purpose: 'quote', expiresAt: a.expiresAt });
  return { id: row.id, token, path: pathFor('quote', token), purpose: 'quote', expiresAt: a.expiresAt };
}

/** The quote a 'quote' link serves; not_found for every kind of bad link, as for orders. */
export async function resolveQuoteLink(conn: Conn, token: string): Promise<{ quoteId: string; linkId: string }> {
  if (!TOKEN_PATTERN.test(token)) throw invalid();
  const row = await findByHash(conn, hashToken(token));
  if (!row || row.purpose !== 'quote' || !row.quoteId || !isUsable(row, new Date())) throw new AppError('not_found', 'This link is not valid: it may have expired or been withdrawn. Ask us for the quote again.');
  await touch(conn, row.id);
  return { quoteId: row.quoteId, linkId: row.id };
}

/** Withdraws every link to a quote (when the quote is withdrawn). */
export async function revokeQuoteLinks(conn: Conn, quoteId: string): Promise<number> {
  return revokeForQuote(conn, quoteId);
}

export async function revokeAccessLink(conn: Conn, linkId: string): Promise<AccessLinkRow> {
  const row = await revokeById(conn, linkId);
  if (!row) throw new AppError('not_found', 'There is no such access link');
  return row;
}

export async function revokeAccessLinks(conn: Conn, orderId: string, purpose?: AccessPurpose): Promise<number> {
  return revokeForOrder(conn, orderId, purpose);
}

export type AccessLinkView = { id: string; orderId: string; purpose: AccessPurpose; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null; createdAt: Date; usable: boolean };

/** The links of an order (by id or number), usable or not. */
export async function listAccessLinks(conn: Conn, orderRef: string): Promise<AccessLinkView[]> {
  const order = await getOrder(conn, orderRef);
  const now = new Date();
  return (await linksOfOrder(conn, order.id)).map((l) => ({
    id: l.id,
    orderId: order.id,
    purpose: l.purpose,
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt,
    lastUsedAt: l.lastUsedAt,
    createdAt: l.createdAt,
    usable: isUsable(l, now),
  }));
}
